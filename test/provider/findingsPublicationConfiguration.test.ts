/**
 * macie.FindingsPublicationConfiguration through the real provider runtime against macie-local.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GetFindingsPublicationConfigurationCommand, PutFindingsPublicationConfigurationCommand } from "@aws-sdk/client-macie2";
import { ACCOUNT, startProviderHarness, type ProviderHarness } from "../helpers/provider";

const TYPE = "FindingsPublicationConfiguration";
let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(async () => h?.stop());
beforeEach(async () => {
  await h.reset();
  await h.enableMacie();
});

const hub = async () => (await h.client().send(new GetFindingsPublicationConfigurationCommand({}))).securityHubConfiguration;

describe("FindingsPublicationConfiguration", () => {
  it("defaults to Macie's own settings (false, true)", async () => {
    const { inputs, failures } = await h.check(TYPE, { __name: "pub" });
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({ publishClassificationFindings: false, publishPolicyFindings: true });
  });

  it("creates, reads with one call, no-op diff makes no call", async () => {
    const created = await h.countCalls(() => h.up(TYPE, "pub", { publishClassificationFindings: true }));
    const pub = created.result;
    expect(created.operations).toEqual({ PutFindingsPublicationConfiguration: 1 });
    expect(pub.id).toBe(`${ACCOUNT}:us-east-1`);
    expect(pub.outs).toMatchObject({ publishClassificationFindings: true, publishPolicyFindings: true, accountId: ACCOUNT, region: "us-east-1" });
    expect(await hub()).toEqual({ publishClassificationFindings: true, publishPolicyFindings: true });

    const read = await h.countCalls(() => h.refresh(pub));
    expect(read.operations).toEqual({ GetFindingsPublicationConfiguration: 1 });
    expect(read.result!.outs).toEqual(pub.outs);

    const { inputs } = await h.check(TYPE, { publishClassificationFindings: true, __name: "pub" }, pub.inputs);
    const d = await h.countCalls(() => h.diff(TYPE, pub.id, read.result!.outs, inputs));
    expect(d.result.changes).toBe(false);
    expect(d.operations).toEqual({});
  });

  it("goes through a whole life with the harness's lifecycle helper", async () => {
    const { created, read, noopDiff } = await h.lifecycle(TYPE, "pub", { publishPolicyFindings: false });
    expect(created.outs).toMatchObject({ publishClassificationFindings: false, publishPolicyFindings: false });
    expect(read!.outs).toEqual(created.outs);
    expect(noopDiff.changes).toBe(false);
    expect(await hub()).toEqual({ publishClassificationFindings: false, publishPolicyFindings: true }); // deleted: defaults again
  });

  it("updates each setting in place", async () => {
    const pub = await h.up(TYPE, "pub", {});
    const a = await h.countCalls(() => h.upAgain(pub, { publishClassificationFindings: true }));
    expect(a.result.action).toBe("update");
    expect(a.operations).toEqual({ PutFindingsPublicationConfiguration: 1 });
    expect(await hub()).toEqual({ publishClassificationFindings: true, publishPolicyFindings: true });
    const b = await h.upAgain(a.result.deployed, { publishClassificationFindings: true, publishPolicyFindings: false });
    expect(b.action).toBe("update");
    expect(b.diff.replaces).toEqual([]);
    expect(await hub()).toEqual({ publishClassificationFindings: true, publishPolicyFindings: false });
  });

  it("adopts what exists: create overwrites the current settings", async () => {
    await h.client().send(
      new PutFindingsPublicationConfigurationCommand({ securityHubConfiguration: { publishClassificationFindings: true, publishPolicyFindings: false } }),
    );
    await h.up(TYPE, "pub", {});
    expect(await hub()).toEqual({ publishClassificationFindings: false, publishPolicyFindings: true });
  });

  it("a new Region is a replacement, deleting first", async () => {
    const pub = await h.up(TYPE, "pub", {});
    const { inputs } = await h.check(TYPE, { region: "eu-west-1", __name: "pub" }, pub.inputs);
    expect(await h.diff(TYPE, pub.id, pub.outs, inputs)).toEqual({ changes: true, replaces: ["region"], deleteBeforeReplace: true });
  });

  it("delete restores Macie's defaults (false, true)", async () => {
    const pub = await h.up(TYPE, "pub", { publishClassificationFindings: true, publishPolicyFindings: false });
    const del = await h.countCalls(() => h.destroy(pub));
    expect(del.operations).toEqual({ PutFindingsPublicationConfiguration: 1 });
    expect(await hub()).toEqual({ publishClassificationFindings: false, publishPolicyFindings: true });
  });

  it("refresh reports a setting disabled outside Pulumi, and the next up restores it", async () => {
    const pub = await h.up(TYPE, "pub", { publishClassificationFindings: true });
    await h.client().send(
      new PutFindingsPublicationConfigurationCommand({ securityHubConfiguration: { publishClassificationFindings: false, publishPolicyFindings: true } }),
    );
    const refreshed = (await h.refresh(pub))!;
    expect(refreshed.outs.publishClassificationFindings).toBe(false);
    const { inputs } = await h.check(TYPE, { publishClassificationFindings: true, __name: "pub" }, refreshed.inputs);
    expect((await h.diff(TYPE, pub.id, refreshed.outs, inputs)).changes).toBe(true);
    const again = await h.upAgain(refreshed, { publishClassificationFindings: true });
    expect(again.action).toBe("update");
    expect((await hub())!.publishClassificationFindings).toBe(true);
  });

  it("with Macie disabled, refresh drops it and delete succeeds", async () => {
    const pub = await h.up(TYPE, "pub", {});
    await h.reset(); // Macie gone
    expect(await h.refresh(pub)).toBeUndefined();
    await h.destroy(pub);
  });
});
