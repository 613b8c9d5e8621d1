/**
 * macie.AutomatedDiscoveryAccount through the real provider runtime against macie-local, as the
 * delegated Macie administrator of an organization with two member accounts: a member's status
 * taken over at create, updated, read with drift, restored to the organization's default at
 * delete; BatchUpdateAutomatedDiscoveryAccounts' per-account errors raised as errors; one
 * declaration per member account.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  BatchUpdateAutomatedDiscoveryAccountsCommand,
  CreateMemberCommand,
  DisassociateMemberCommand,
  EnableOrganizationAdminAccountCommand,
  ListAutomatedDiscoveryAccountsCommand,
  UpdateAutomatedDiscoveryConfigurationCommand,
  UpdateMemberSessionCommand,
} from "@aws-sdk/client-macie2";
import { startProviderHarness, type ProviderHarness } from "../helpers/provider";

const TYPE = "AutomatedDiscoveryAccount";
const MANAGEMENT = "100000000000";
const ADMIN = "200000000000";
const M1 = "200000000001";
const M2 = "200000000002";
const OUTSIDER = "299999999999";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness({ accountId: ADMIN, config: { organization: { managementAccountId: MANAGEMENT, memberAccountIds: [ADMIN, M1, M2] } } });
});
afterAll(async () => h?.stop());
beforeEach(async () => {
  await h.reset();
  await h.newPluginProcess();
  await h.client(MANAGEMENT).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
  for (const accountId of [M1, M2]) await h.client(ADMIN).send(new CreateMemberCommand({ account: { accountId } }));
  // Enabled for every member (ALL), then members one by one: NEW keeps their statuses (under ALL,
  // Macie enables every member again at each configuration change).
  await configure("ENABLED", "ALL");
  await configure("ENABLED", "NEW");
});

const configure = (status: "ENABLED" | "DISABLED", autoEnableOrganizationMembers?: "ALL" | "NEW" | "NONE") =>
  h.client(ADMIN).send(new UpdateAutomatedDiscoveryConfigurationCommand({ status, autoEnableOrganizationMembers }));
const statuses = async () =>
  Object.fromEntries(((await h.client(ADMIN).send(new ListAutomatedDiscoveryAccountsCommand({}))).items ?? []).map((i) => [i.accountId, i.status]));
const batch = (accountId: string, status: "ENABLED" | "DISABLED") =>
  h.client(ADMIN).send(new BatchUpdateAutomatedDiscoveryAccountsCommand({ accounts: [{ accountId, status }] }));

describe("AutomatedDiscoveryAccount", () => {
  it("create takes the member's status over with one call; read is one call; a no-op diff makes no call", async () => {
    expect(await statuses()).toEqual({ [M1]: "ENABLED", [M2]: "ENABLED" });
    const created = await h.countCalls(() => h.up(TYPE, "m1", { accountId: M1, status: "DISABLED" }));
    const m1 = created.result;
    expect(created.operations).toEqual({ BatchUpdateAutomatedDiscoveryAccounts: 1 });
    expect(m1.id).toBe(M1);
    expect(m1.outs).toEqual({ accountId: M1, status: "DISABLED", administratorAccountId: ADMIN, region: "us-east-1" });
    expect(await statuses()).toEqual({ [M1]: "DISABLED", [M2]: "ENABLED" });

    const read = await h.countCalls(() => h.refresh(m1));
    expect(read.operations).toEqual({ ListAutomatedDiscoveryAccounts: 1 });
    expect(read.result!.outs).toEqual(m1.outs);
    const { inputs } = await h.check(TYPE, { accountId: M1, status: "DISABLED", __name: "m1" }, m1.inputs);
    const d = await h.countCalls(() => h.diff(TYPE, m1.id, read.result!.outs, inputs));
    expect(d.result).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(d.calls).toBe(0);
  });

  it("updates the status in place with one call; another member account is a replacement", async () => {
    const m1 = await h.up(TYPE, "m1", { accountId: M1, status: "DISABLED" });
    const on = await h.countCalls(() => h.upAgain(m1, { accountId: M1, status: "ENABLED" }));
    expect(on.result.action).toBe("update");
    expect(on.operations).toEqual({ BatchUpdateAutomatedDiscoveryAccounts: 1 });
    expect((await statuses())[M1]).toBe("ENABLED");

    const { inputs } = await h.check(TYPE, { accountId: M2, status: "ENABLED", __name: "m1" }, on.result.deployed.inputs);
    expect(await h.diff(TYPE, m1.id, on.result.deployed.outs, inputs)).toEqual({ changes: true, replaces: ["accountId"], deleteBeforeReplace: false });
  });

  it("refresh reports a status changed outside Pulumi, and the next up puts it back; a member that left is dropped", async () => {
    const m1 = await h.up(TYPE, "m1", { accountId: M1, status: "DISABLED" });
    await batch(M1, "ENABLED");
    const drifted = (await h.refresh(m1))!;
    expect(drifted.outs.status).toBe("ENABLED");
    const back = await h.upAgain(drifted, { accountId: M1, status: "DISABLED" });
    expect(back.action).toBe("update");
    expect((await statuses())[M1]).toBe("DISABLED");

    await h.client(ADMIN).send(new DisassociateMemberCommand({ id: M1 }));
    expect(await h.refresh(back.deployed)).toBeUndefined();
  });

  it("Macie's per-account errors are errors: not a member, and a member whose Macie is suspended", async () => {
    await expect(h.up(TYPE, "outsider", { accountId: OUTSIDER, status: "ENABLED" })).rejects.toThrow(
      `Macie did not set automated discovery to ENABLED for member account ${OUTSIDER} of administrator account ${ADMIN}, us-east-1: ACCOUNT_NOT_FOUND: the account is not an associated member of this administrator account (or does not exist)`,
    );
    await h.client(ADMIN).send(new UpdateMemberSessionCommand({ id: M2, status: "PAUSED" }));
    await expect(h.up(TYPE, "m2", { accountId: M2, status: "DISABLED" })).rejects.toThrow(/ACCOUNT_PAUSED: Macie is suspended in the member account/);
  });

  it("enabling a member while the administrator's own discovery is disabled fails with Macie's reason", async () => {
    await configure("DISABLED");
    await expect(h.up(TYPE, "m1", { accountId: M1, status: "ENABLED" })).rejects.toThrow(
      /BatchUpdateAutomatedDiscoveryAccounts failed in account 200000000000, us-east-1: ConflictException: .*enable it \(UpdateAutomatedDiscoveryConfiguration\) before/,
    );
  });

  it("delete restores the status the organization's setting gives a member: ENABLED under NEW, DISABLED under NONE", async () => {
    const m1 = await h.up(TYPE, "m1", { accountId: M1, status: "DISABLED" });
    const m2 = await h.up(TYPE, "m2", { accountId: M2, status: "ENABLED" });
    await h.newPluginProcess(); // `pulumi destroy` is a deployment of its own
    const del = await h.countCalls(() => h.destroy(m1));
    expect(del.operations).toEqual({ GetAutomatedDiscoveryConfiguration: 1, BatchUpdateAutomatedDiscoveryAccounts: 1 });
    expect((await statuses())[M1]).toBe("ENABLED");

    await configure("ENABLED", "NONE");
    await h.destroy(m2);
    expect((await statuses())[M2]).toBe("DISABLED");
  });

  it("delete changes nothing while the administrator's discovery is disabled, or once the account left", async () => {
    const m1 = await h.up(TYPE, "m1", { accountId: M1, status: "ENABLED" });
    const m2 = await h.up(TYPE, "m2", { accountId: M2, status: "DISABLED" });
    await h.newPluginProcess();
    await configure("DISABLED");
    const del = await h.countCalls(() => h.destroy(m1));
    expect(del.operations).toEqual({ GetAutomatedDiscoveryConfiguration: 1 });

    await configure("ENABLED", "NEW");
    await h.client(ADMIN).send(new DisassociateMemberCommand({ id: M2 }));
    await h.destroy(m2); // ACCOUNT_NOT_FOUND: nothing to restore
  });

  it("a second declaration of the same member's status fails check; another member's does not", async () => {
    expect((await h.check(TYPE, { accountId: M1, status: "ENABLED", __name: "m1" })).failures).toEqual([]);
    expect((await h.check(TYPE, { accountId: M2, status: "ENABLED", __name: "m2" })).failures).toEqual([]);
    const second = await h.check(TYPE, { accountId: M1, status: "DISABLED", __name: "m1-again" });
    expect(second.failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(
          /^AutomatedDiscoveryAccount "m1-again" declares the automated discovery status of member account 200000000001 of the account of the stack's credentials, us-east-1, which AutomatedDiscoveryAccount "m1" of this deployment already declares/,
        ),
      },
    ]);
  });
});
