/**
 * macie.AutomatedDiscoveryConfiguration through the real provider runtime against macie-local.
 * The organization settings run as the delegated administrator, whom the management account
 * designates in the tests that need it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  EnableOrganizationAdminAccountCommand,
  GetAutomatedDiscoveryConfigurationCommand,
  UpdateAutomatedDiscoveryConfigurationCommand,
} from "@aws-sdk/client-macie2";
import { ACCOUNT, startProviderHarness, type ProviderHarness } from "../helpers/provider";

const TYPE = "AutomatedDiscoveryConfiguration";
const MANAGEMENT = "100000000000";
const ADMIN = "200000000000";
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness({ config: { organization: { managementAccountId: MANAGEMENT, memberAccountIds: [ADMIN] } } });
});
afterAll(async () => h?.stop());
beforeEach(async () => {
  await h.reset();
  await h.enableMacie();
});

const discovery = (account = ACCOUNT) => h.client(account).send(new GetAutomatedDiscoveryConfigurationCommand({}));
/** The management account designates ADMIN as the organization's Macie administrator (which enables Macie there). */
const designateAdmin = () => h.client(MANAGEMENT).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));

describe("AutomatedDiscoveryConfiguration", () => {
  it("enables discovery, reads with one call, and a no-op diff makes no call", async () => {
    const created = await h.countCalls(() => h.up(TYPE, "discovery", { status: "ENABLED" }));
    const ad = created.result;
    expect(created.operations).toEqual({ UpdateAutomatedDiscoveryConfiguration: 1, GetAutomatedDiscoveryConfiguration: 1 });
    expect(ad.id).toBe(`${ACCOUNT}:us-east-1`);
    expect(ad.outs).toMatchObject({ status: "ENABLED", accountId: ACCOUNT, region: "us-east-1" });
    expect(ad.outs.classificationScopeId).toMatch(/^[0-9a-f]{32}$/);
    expect(ad.outs.sensitivityInspectionTemplateId).toMatch(/^[0-9a-f]{32}$/);
    expect(ad.outs.firstEnabledAt).toMatch(RFC3339);
    expect(ad.outs.lastUpdatedAt).toMatch(RFC3339);
    expect(ad.outs).not.toHaveProperty("disabledAt");
    expect(ad.outs).not.toHaveProperty("autoEnableOrganizationMembers");
    expect((await discovery()).status).toBe("ENABLED");

    const read = await h.countCalls(() => h.refresh(ad));
    expect(read.operations).toEqual({ GetAutomatedDiscoveryConfiguration: 1 });
    expect(read.result!.outs).toEqual(ad.outs);

    const { inputs } = await h.check(TYPE, { status: "ENABLED", __name: "discovery" }, ad.inputs);
    const d = await h.countCalls(() => h.diff(TYPE, ad.id, read.result!.outs, inputs));
    expect(d.result).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(d.operations).toEqual({});
  });

  it("goes through a whole life with the harness's lifecycle helper", async () => {
    const { created, read, noopDiff } = await h.lifecycle(TYPE, "discovery", { status: "ENABLED" });
    expect(created.outs.status).toBe("ENABLED");
    expect(read!.outs).toEqual(created.outs);
    expect(noopDiff.changes).toBe(false);
    expect((await discovery()).status).toBe("DISABLED"); // deleted: Macie's default again
  });

  it("updates the status in place, and the dates follow", async () => {
    const ad = await h.up(TYPE, "discovery", { status: "ENABLED" });
    await h.em.admin.advanceClock(60_000);
    const off = await h.countCalls(() => h.upAgain(ad, { status: "DISABLED" }));
    expect(off.result.action).toBe("update");
    expect(off.result.diff.replaces).toEqual([]);
    expect(off.operations).toEqual({ UpdateAutomatedDiscoveryConfiguration: 1, GetAutomatedDiscoveryConfiguration: 1 });
    const disabled = off.result.deployed.outs;
    expect(disabled.status).toBe("DISABLED");
    expect(disabled.disabledAt).toMatch(RFC3339);
    expect(disabled.firstEnabledAt).toBe(ad.outs.firstEnabledAt);
    expect(Date.parse(disabled.lastUpdatedAt)).toBeGreaterThan(Date.parse(ad.outs.lastUpdatedAt));
    expect((await discovery()).status).toBe("DISABLED");

    // Enabled again: disabledAt goes away from the state as it went from Macie.
    const on = await h.upAgain(off.result.deployed, { status: "ENABLED" });
    expect(on.action).toBe("update");
    expect(on.deployed.outs.status).toBe("ENABLED");
    expect(on.deployed.outs).not.toHaveProperty("disabledAt");
    expect(on.deployed.outs.firstEnabledAt).toBe(ad.outs.firstEnabledAt);
  });

  it("delete restores Macie's default, DISABLED, with one call", async () => {
    const ad = await h.up(TYPE, "discovery", { status: "ENABLED" });
    const del = await h.countCalls(() => h.destroy(ad));
    expect(del.operations).toEqual({ UpdateAutomatedDiscoveryConfiguration: 1 });
    expect((await discovery()).status).toBe("DISABLED");
  });

  it("refresh reports discovery disabled outside Pulumi, and the next up enables it again", async () => {
    const ad = await h.up(TYPE, "discovery", { status: "ENABLED" });
    await h.client().send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: "DISABLED" }));
    const refreshed = (await h.refresh(ad))!;
    expect(refreshed.outs.status).toBe("DISABLED");
    expect(refreshed.outs.disabledAt).toMatch(RFC3339);
    const { inputs } = await h.check(TYPE, { status: "ENABLED", __name: "discovery" }, refreshed.inputs);
    expect(await h.diff(TYPE, ad.id, refreshed.outs, inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const again = await h.upAgain(refreshed, { status: "ENABLED" });
    expect(again.action).toBe("update");
    expect((await discovery()).status).toBe("ENABLED");
  });

  it("adopts what exists: creating it over an enabled configuration keeps its history", async () => {
    await h.client().send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: "ENABLED" }));
    const before = await discovery();
    await h.em.admin.advanceClock(60_000);
    const ad = await h.up(TYPE, "discovery", { status: "ENABLED" });
    expect(ad.outs.firstEnabledAt).toBe(before.firstEnabledAt!.toISOString());
    expect(ad.outs.classificationScopeId).toBe(before.classificationScopeId);

    // And a DISABLED program stops what was running.
    await h.client().send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: "ENABLED" }));
    await h.up(TYPE, "discovery2", { status: "DISABLED" });
    expect((await discovery()).status).toBe("DISABLED");
  });

  it("a new Region is a replacement, deleting first", async () => {
    const ad = await h.up(TYPE, "discovery", { status: "ENABLED" });
    const { inputs } = await h.check(TYPE, { status: "ENABLED", region: "eu-west-1", __name: "discovery" }, ad.inputs);
    expect(await h.diff(TYPE, ad.id, ad.outs, inputs)).toEqual({ changes: true, replaces: ["region"], deleteBeforeReplace: true });
  });

  it("the organization's administrator sets autoEnableOrganizationMembers in place; a program without it ignores Macie's value", async () => {
    await designateAdmin();
    await h.asAccount(ADMIN, async () => {
      // Not set: the administrator's ALL (Macie's default) is neither reported nor a diff.
      const plain = await h.up(TYPE, "discovery", { status: "ENABLED" });
      const read = (await h.refresh(plain))!;
      expect(read.outs).not.toHaveProperty("autoEnableOrganizationMembers");
      const { inputs } = await h.check(TYPE, { status: "ENABLED", __name: "discovery" }, read.inputs);
      expect((await h.diff(TYPE, plain.id, read.outs, inputs)).changes).toBe(false);

      const set = await h.countCalls(() => h.upAgain(read, { status: "ENABLED", autoEnableOrganizationMembers: "NEW" }));
      expect(set.result.action).toBe("update");
      expect(set.operations).toEqual({ UpdateAutomatedDiscoveryConfiguration: 1, GetAutomatedDiscoveryConfiguration: 1 });
      expect((await discovery(ADMIN)).autoEnableOrganizationMembers).toBe("NEW");

      // Changed outside Pulumi: drift on refresh, put back by the next up.
      await h.client(ADMIN).send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: "ENABLED", autoEnableOrganizationMembers: "NONE" }));
      const drifted = (await h.refresh(set.result.deployed))!;
      expect(drifted.outs.autoEnableOrganizationMembers).toBe("NONE");
      const back = await h.upAgain(drifted, { status: "ENABLED", autoEnableOrganizationMembers: "NEW" });
      expect(back.action).toBe("update");
      expect((await discovery(ADMIN)).autoEnableOrganizationMembers).toBe("NEW");

      // Delete disables discovery and leaves the organization setting alone.
      await h.destroy(back.deployed);
      const after = await discovery(ADMIN);
      expect(after.status).toBe("DISABLED");
      expect(after.autoEnableOrganizationMembers).toBe("NEW");
    });
  });

  it("autoEnableOrganizationMembers from an account that is not the administrator fails with Macie's reason", async () => {
    await expect(h.up(TYPE, "discovery", { status: "ENABLED", autoEnableOrganizationMembers: "ALL" })).rejects.toThrow(
      /UpdateAutomatedDiscoveryConfiguration failed in account 111111111111, us-east-1: ValidationException: .*not the delegated administrator/,
    );
    expect((await discovery()).status).toBe("DISABLED"); // nothing applied
  });

  it("with Macie disabled, refresh drops it and delete succeeds", async () => {
    const ad = await h.up(TYPE, "discovery", { status: "ENABLED" });
    await h.reset(); // Macie gone
    expect(await h.refresh(ad)).toBeUndefined();
    await h.destroy(ad);
  });
});
