/**
 * macie.Account through the real provider runtime against macie-local: the whole life, drift,
 * adoption of an already-enabled Macie, and API call counts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GetMacieSessionCommand, UpdateMacieSessionCommand, DisableMacieCommand } from "@aws-sdk/client-macie2";
import { ACCOUNT, startProviderHarness, type ProviderHarness } from "../helpers/provider";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(async () => h?.stop());
beforeEach(async () => h.reset());

describe("Account", () => {
  it("enables Macie with Macie's defaults, and reads it back with one call", async () => {
    const created = await h.countCalls(() => h.up("Account", "macie", {}));
    const acct = created.result;
    expect(acct.id).toBe(`${ACCOUNT}:us-east-1`);
    expect(acct.inputs).toMatchObject({ status: "ENABLED", findingPublishingFrequency: "FIFTEEN_MINUTES" });
    expect(acct.outs).toMatchObject({
      status: "ENABLED",
      findingPublishingFrequency: "FIFTEEN_MINUTES",
      accountId: ACCOUNT,
      region: "us-east-1",
      serviceRole: expect.stringContaining(`arn:aws:iam::${ACCOUNT}:role/`),
    });
    expect(Date.parse(acct.outs.createdAt)).not.toBeNaN();
    expect(created.operations).toEqual({ EnableMacie: 1, GetMacieSession: 1 });

    const read = await h.countCalls(() => h.refresh(acct));
    expect(read.calls).toBe(1); // GetMacieSession
    expect(read.operations).toEqual({ GetMacieSession: 1 });
    expect(read.result!.outs).toEqual(acct.outs);
    expect(read.result!.id).toBe(acct.id);

    const session = await h.client().send(new GetMacieSessionCommand({}));
    expect(session.status).toBe("ENABLED");
  });

  it("a no-op diff makes zero calls and reports no change", async () => {
    const acct = await h.up("Account", "macie", { findingPublishingFrequency: "ONE_HOUR" });
    const { inputs } = await h.check("Account", { findingPublishingFrequency: "ONE_HOUR", __name: "macie" }, acct.inputs);
    const d = await h.countCalls(() => h.diff("Account", acct.id, acct.outs, inputs));
    expect(d.result).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(d.operations).toEqual({});
  });

  it("updates status and findingPublishingFrequency in place", async () => {
    const acct = await h.up("Account", "macie", {});
    const paused = await h.countCalls(() => h.upAgain(acct, { status: "PAUSED" }));
    expect(paused.result.action).toBe("update");
    expect(paused.result.diff.replaces).toEqual([]);
    expect(paused.result.deployed.outs.status).toBe("PAUSED");
    expect(paused.operations).toEqual({ UpdateMacieSession: 1, GetMacieSession: 1 });
    expect((await h.client().send(new GetMacieSessionCommand({}))).status).toBe("PAUSED");

    const hourly = await h.upAgain(paused.result.deployed, { status: "PAUSED", findingPublishingFrequency: "SIX_HOURS" });
    expect(hourly.action).toBe("update");
    expect(hourly.deployed.id).toBe(acct.id);
    expect((await h.client().send(new GetMacieSessionCommand({}))).findingPublishingFrequency).toBe("SIX_HOURS");
    // Computed outputs survive an update.
    expect(hourly.deployed.outs.serviceRole).toBe(acct.outs.serviceRole);
    expect(hourly.deployed.outs.createdAt).toBe(acct.outs.createdAt);
  });

  it("another Region is another session: diff reports a delete-before-replace", async () => {
    const acct = await h.up("Account", "macie", {});
    const { inputs } = await h.check("Account", { region: "eu-west-1", __name: "macie" }, acct.inputs);
    const d = await h.countCalls(() => h.diff("Account", acct.id, acct.outs, inputs));
    expect(d.result).toEqual({ changes: true, replaces: ["region"], deleteBeforeReplace: true });
    expect(d.calls).toBe(0);
  });

  it("delete disables Macie, and deleting twice is harmless", async () => {
    const acct = await h.up("Account", "macie", {});
    const del = await h.countCalls(() => h.destroy(acct));
    expect(del.operations).toEqual({ DisableMacie: 1 });
    await expect(h.client().send(new GetMacieSessionCommand({}))).rejects.toMatchObject({ name: "AccessDeniedException" });
    await h.destroy(acct);
  });

  it("refresh reports an out-of-band change, and the next up converges", async () => {
    const acct = await h.up("Account", "macie", {});
    await h.client().send(new UpdateMacieSessionCommand({ findingPublishingFrequency: "SIX_HOURS" }));
    const refreshed = (await h.refresh(acct))!;
    expect(refreshed.outs.findingPublishingFrequency).toBe("SIX_HOURS");
    expect(refreshed.inputs.findingPublishingFrequency).toBe("SIX_HOURS");
    const again = await h.upAgain(refreshed, {});
    expect(again.action).toBe("update");
    expect((await h.client().send(new GetMacieSessionCommand({}))).findingPublishingFrequency).toBe("FIFTEEN_MINUTES");
  });

  it("refresh drops a session disabled outside Pulumi", async () => {
    const acct = await h.up("Account", "macie", {});
    await h.client().send(new DisableMacieCommand({}));
    expect(await h.refresh(acct)).toBeUndefined();
  });

  it("adopts a Macie that is already enabled, applying the program's settings", async () => {
    await h.enableMacie();
    await h.client().send(new UpdateMacieSessionCommand({ findingPublishingFrequency: "SIX_HOURS" }));
    const created = await h.countCalls(() => h.up("Account", "macie", { findingPublishingFrequency: "ONE_HOUR" }));
    expect(created.result.outs.findingPublishingFrequency).toBe("ONE_HOUR");
    expect(created.failed).toEqual({ EnableMacie: { ConflictException: 1 } });
    expect(created.operations).toMatchObject({ EnableMacie: 1, UpdateMacieSession: 1, GetMacieSession: 1 });
    expect((await h.client().send(new GetMacieSessionCommand({}))).findingPublishingFrequency).toBe("ONE_HOUR");
  });
});
