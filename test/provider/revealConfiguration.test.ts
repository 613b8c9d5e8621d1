/**
 * macie.RevealConfiguration through the real provider runtime against macie-local.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GetRevealConfigurationCommand, UpdateRevealConfigurationCommand } from "@aws-sdk/client-macie2";
import { ACCOUNT, startProviderHarness, type ProviderHarness } from "../helpers/provider";

const TYPE = "RevealConfiguration";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ALIAS = "alias/macie-reveal";
const ENABLED = { configuration: { status: "ENABLED", kmsKeyId: KEY } };
const ASSUME = (roleName: string) => ({ retrievalMode: "ASSUME_ROLE", roleName });

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(async () => h?.stop());
beforeEach(async () => {
  await h.reset();
  await h.enableMacie();
});

const reveal = () => h.client().send(new GetRevealConfigurationCommand({}));

describe("RevealConfiguration", () => {
  it("defaults retrievalConfiguration to Macie's CALLER_CREDENTIALS", async () => {
    const { inputs, failures } = await h.check(TYPE, { ...ENABLED, __name: "reveal" });
    expect(failures).toEqual([]);
    expect(inputs.retrievalConfiguration).toEqual({ retrievalMode: "CALLER_CREDENTIALS" });
  });

  it("enables reveal with one call, reads with one call, and a no-op diff makes no call", async () => {
    const created = await h.countCalls(() => h.up(TYPE, "reveal", ENABLED));
    const rc = created.result;
    expect(created.operations).toEqual({ UpdateRevealConfiguration: 1 });
    expect(rc.id).toBe(`${ACCOUNT}:us-east-1`);
    expect(rc.outs).toEqual({
      configuration: { status: "ENABLED", kmsKeyId: KEY },
      retrievalConfiguration: { retrievalMode: "CALLER_CREDENTIALS" },
      accountId: ACCOUNT,
      region: "us-east-1",
    });
    expect((await reveal()).configuration).toEqual({ status: "ENABLED", kmsKeyId: KEY });

    const read = await h.countCalls(() => h.refresh(rc));
    expect(read.operations).toEqual({ GetRevealConfiguration: 1 });
    expect(read.result!.outs).toEqual(rc.outs);

    const { inputs } = await h.check(TYPE, { ...ENABLED, __name: "reveal" }, rc.inputs);
    const d = await h.countCalls(() => h.diff(TYPE, rc.id, read.result!.outs, inputs));
    expect(d.result).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(d.operations).toEqual({});
  });

  it("goes through a whole life with the harness's lifecycle helper, ASSUME_ROLE included", async () => {
    const { created, read, noopDiff } = await h.lifecycle(TYPE, "reveal", { ...ENABLED, retrievalConfiguration: ASSUME("MacieReveal") });
    expect(created.outs.externalId).toMatch(/\S/);
    expect(created.outs.retrievalConfiguration).toEqual(ASSUME("MacieReveal")); // no externalId inside the input
    expect(read!.outs).toEqual(created.outs);
    expect(noopDiff.changes).toBe(false);
    expect(await reveal()).toMatchObject({ configuration: { status: "DISABLED" }, retrievalConfiguration: { retrievalMode: "CALLER_CREDENTIALS" } });
  });

  it("updates each setting in place: key, access method, role, status", async () => {
    const rc = await h.up(TYPE, "reveal", ENABLED);

    const key = await h.countCalls(() => h.upAgain(rc, { configuration: { status: "ENABLED", kmsKeyId: ALIAS } }));
    expect(key.result.action).toBe("update");
    expect(key.result.diff.replaces).toEqual([]);
    expect(key.operations).toEqual({ UpdateRevealConfiguration: 1 });
    expect((await reveal()).configuration?.kmsKeyId).toBe(ALIAS);

    const role = await h.upAgain(key.result.deployed, { configuration: { status: "ENABLED", kmsKeyId: ALIAS }, retrievalConfiguration: ASSUME("MacieReveal") });
    expect(role.action).toBe("update");
    const externalId = role.deployed.outs.externalId;
    expect(externalId).toMatch(/\S/);
    expect((await reveal()).retrievalConfiguration).toEqual({ ...ASSUME("MacieReveal"), externalId });

    // Another role keeps the external ID Macie generated.
    const other = await h.upAgain(role.deployed, { configuration: { status: "ENABLED", kmsKeyId: ALIAS }, retrievalConfiguration: ASSUME("OtherRole") });
    expect(other.action).toBe("update");
    expect(other.deployed.outs.externalId).toBe(externalId);
    expect((await reveal()).retrievalConfiguration?.roleName).toBe("OtherRole");

    // Back to CALLER_CREDENTIALS: Macie drops role and external ID, and so does the state.
    const caller = await h.upAgain(other.deployed, { configuration: { status: "ENABLED", kmsKeyId: ALIAS } });
    expect(caller.action).toBe("update");
    expect(caller.deployed.outs).not.toHaveProperty("externalId");
    expect((await reveal()).retrievalConfiguration).toEqual({ retrievalMode: "CALLER_CREDENTIALS" });

    const off = await h.upAgain(caller.deployed, { configuration: { status: "DISABLED" } });
    expect(off.action).toBe("update");
    expect((await reveal()).configuration?.status).toBe("DISABLED");
    const read = (await h.refresh(off.deployed))!;
    expect(read.outs.configuration).toEqual({ status: "DISABLED" });
    const { inputs } = await h.check(TYPE, { configuration: { status: "DISABLED" }, __name: "reveal" }, read.inputs);
    expect((await h.diff(TYPE, rc.id, read.outs, inputs)).changes).toBe(false);
  });

  it("delete restores Macie's defaults (DISABLED, CALLER_CREDENTIALS) with one call", async () => {
    const rc = await h.up(TYPE, "reveal", { ...ENABLED, retrievalConfiguration: ASSUME("MacieReveal") });
    const del = await h.countCalls(() => h.destroy(rc));
    expect(del.operations).toEqual({ UpdateRevealConfiguration: 1 });
    const after = await reveal();
    expect(after.configuration?.status).toBe("DISABLED");
    expect(after.retrievalConfiguration).toEqual({ retrievalMode: "CALLER_CREDENTIALS" });
  });

  it("refresh reports a configuration changed outside Pulumi, and the next up puts it back", async () => {
    const rc = await h.up(TYPE, "reveal", { ...ENABLED, retrievalConfiguration: ASSUME("MacieReveal") });
    await h.client().send(
      new UpdateRevealConfigurationCommand({ configuration: { status: "ENABLED", kmsKeyId: ALIAS }, retrievalConfiguration: { retrievalMode: "ASSUME_ROLE", roleName: "Intruder" } }),
    );
    const refreshed = (await h.refresh(rc))!;
    expect(refreshed.outs.configuration).toEqual({ status: "ENABLED", kmsKeyId: ALIAS });
    expect(refreshed.outs.retrievalConfiguration).toEqual(ASSUME("Intruder"));
    const args = { ...ENABLED, retrievalConfiguration: ASSUME("MacieReveal") };
    const { inputs } = await h.check(TYPE, { ...args, __name: "reveal" }, refreshed.inputs);
    expect(await h.diff(TYPE, rc.id, refreshed.outs, inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const again = await h.upAgain(refreshed, args);
    expect(again.action).toBe("update");
    expect((await reveal()).configuration?.kmsKeyId).toBe(KEY);
    expect((await reveal()).retrievalConfiguration?.roleName).toBe("MacieReveal");

    // Disabled outside Pulumi: the status, the key and the role are all gone.
    await h.client().send(new UpdateRevealConfigurationCommand({ configuration: { status: "DISABLED" } }));
    const disabled = (await h.refresh(again.deployed))!;
    expect(disabled.outs.configuration).toEqual({ status: "DISABLED" });
    expect(disabled.outs.retrievalConfiguration).toEqual({ retrievalMode: "CALLER_CREDENTIALS" });
    expect(disabled.outs).not.toHaveProperty("externalId");
    expect((await h.upAgain(disabled, args)).action).toBe("update");
    expect((await reveal()).configuration?.status).toBe("ENABLED");
  });

  it("adopts what exists: create overwrites the current configuration", async () => {
    await h.client().send(
      new UpdateRevealConfigurationCommand({ configuration: { status: "ENABLED", kmsKeyId: ALIAS }, retrievalConfiguration: { retrievalMode: "ASSUME_ROLE", roleName: "Existing" } }),
    );
    const existing = (await reveal()).retrievalConfiguration?.externalId;
    const rc = await h.up(TYPE, "reveal", { ...ENABLED, retrievalConfiguration: ASSUME("MacieReveal") });
    // Still ASSUME_ROLE: Macie keeps its external ID, and the resource reports it.
    expect(rc.outs.externalId).toBe(existing);
    expect(await reveal()).toEqual(
      expect.objectContaining({ configuration: { status: "ENABLED", kmsKeyId: KEY }, retrievalConfiguration: { ...ASSUME("MacieReveal"), externalId: existing } }),
    );
  });

  it("a new Region is a replacement, deleting first", async () => {
    const rc = await h.up(TYPE, "reveal", ENABLED);
    const { inputs } = await h.check(TYPE, { ...ENABLED, region: "eu-west-1", __name: "reveal" }, rc.inputs);
    expect(await h.diff(TYPE, rc.id, rc.outs, inputs)).toEqual({ changes: true, replaces: ["region"], deleteBeforeReplace: true });
  });

  it("with Macie disabled, refresh drops it and delete succeeds", async () => {
    const rc = await h.up(TYPE, "reveal", ENABLED);
    await h.reset(); // Macie gone
    expect(await h.refresh(rc)).toBeUndefined();
    await h.destroy(rc);
  });
});
