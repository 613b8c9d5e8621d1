/**
 * macie.OrganizationConfiguration through the real provider runtime against macie-local. It runs
 * with the delegated administrator's credentials.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DescribeOrganizationConfigurationCommand,
  DisableOrganizationAdminAccountCommand,
  EnableOrganizationAdminAccountCommand,
  UpdateOrganizationConfigurationCommand,
} from "@aws-sdk/client-macie2";
import { startProviderHarness, type ProviderHarness } from "../helpers/provider";

const TYPE = "OrganizationConfiguration";
const MANAGEMENT = "100000000000";
const ADMIN = "200000000000";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness({
    accountId: ADMIN,
    config: { organization: { managementAccountId: MANAGEMENT, memberAccountIds: [ADMIN, "300000000000"] } },
  });
});
afterAll(async () => h?.stop());
beforeEach(async () => {
  await h.reset();
  // The management account designates ADMIN, which enables Macie there.
  await h.client(MANAGEMENT).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
});

const autoEnable = async () => (await h.client(ADMIN).send(new DescribeOrganizationConfigurationCommand({}))).autoEnable;

describe("OrganizationConfiguration", () => {
  it("sets autoEnable, reads with one call, and a no-op diff makes no call", async () => {
    const created = await h.countCalls(() => h.up(TYPE, "org", { autoEnable: true }));
    const org = created.result;
    expect(org.id).toBe(`${ADMIN}:us-east-1`);
    expect(org.outs).toMatchObject({ autoEnable: true, maxAccountLimitReached: false, accountId: ADMIN, region: "us-east-1" });
    expect(created.operations).toEqual({ UpdateOrganizationConfiguration: 1, DescribeOrganizationConfiguration: 1 });
    expect(await autoEnable()).toBe(true);

    const read = await h.countCalls(() => h.refresh(org));
    expect(read.operations).toEqual({ DescribeOrganizationConfiguration: 1 });
    expect(read.result!.outs).toEqual(org.outs);

    const { inputs } = await h.check(TYPE, { autoEnable: true, __name: "org" }, org.inputs);
    const d = await h.countCalls(() => h.diff(TYPE, org.id, read.result!.outs, inputs));
    expect(d.result).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(d.operations).toEqual({});
  });

  it("updates autoEnable in place", async () => {
    const org = await h.up(TYPE, "org", { autoEnable: true });
    const { result: r, operations } = await h.countCalls(() => h.upAgain(org, { autoEnable: false }));
    expect(r.action).toBe("update");
    expect(r.diff.replaces).toEqual([]);
    expect(r.deployed.outs.autoEnable).toBe(false);
    // One call: maxAccountLimitReached does not depend on autoEnable, so it carries over unread.
    expect(operations).toEqual({ UpdateOrganizationConfiguration: 1 });
    expect(r.deployed.outs.maxAccountLimitReached).toBe(false);
    expect(await autoEnable()).toBe(false);
  });

  it("adopts the existing configuration", async () => {
    await h.client(ADMIN).send(new UpdateOrganizationConfigurationCommand({ autoEnable: true }));
    const org = await h.up(TYPE, "org", { autoEnable: false });
    expect(org.outs.autoEnable).toBe(false);
    expect(await autoEnable()).toBe(false);
  });

  it("delete restores autoEnable false", async () => {
    const org = await h.up(TYPE, "org", { autoEnable: true });
    const del = await h.countCalls(() => h.destroy(org));
    expect(del.operations).toEqual({ UpdateOrganizationConfiguration: 1 });
    expect(await autoEnable()).toBe(false);
  });

  it("delete succeeds after the account stopped being the administrator", async () => {
    const org = await h.up(TYPE, "org", { autoEnable: true });
    await h.client(MANAGEMENT).send(new DisableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
    await h.destroy(org);
  });

  it("refresh reports an out-of-band change, and the next up converges", async () => {
    const org = await h.up(TYPE, "org", { autoEnable: true });
    await h.client(ADMIN).send(new UpdateOrganizationConfigurationCommand({ autoEnable: false }));
    const refreshed = (await h.refresh(org))!;
    expect(refreshed.outs.autoEnable).toBe(false);
    const again = await h.upAgain(refreshed, { autoEnable: true });
    expect(again.action).toBe("update");
    expect(await autoEnable()).toBe(true);
  });

  it("autoEnable is required", async () => {
    const { failures } = await h.check(TYPE, { __name: "org" });
    expect(failures).toEqual([{ property: "", reason: "autoEnable: is required" }]); // no value for the engine to print
  });
});
