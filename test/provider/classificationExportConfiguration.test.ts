/**
 * macie.ClassificationExportConfiguration through the real provider runtime against macie-local.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GetClassificationExportConfigurationCommand, PutClassificationExportConfigurationCommand } from "@aws-sdk/client-macie2";
import { ACCOUNT, startProviderHarness, type ProviderHarness } from "../helpers/provider";

const TYPE = "ClassificationExportConfiguration";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/abcd1234-12ab-34cd-56ef-1234567890ab`;
const dest = { bucketName: "discovery-results", kmsKeyArn: KEY };

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(async () => h?.stop());
beforeEach(async () => {
  await h.reset();
  await h.enableMacie();
});

const current = async () => (await h.client().send(new GetClassificationExportConfigurationCommand({}))).configuration;

describe("ClassificationExportConfiguration", () => {
  it("creates, reads with one call, and a no-op diff makes no call", async () => {
    const created = await h.countCalls(() => h.up(TYPE, "export", { s3Destination: { ...dest, keyPrefix: "macie/" } }));
    const exp = created.result;
    expect(created.operations).toEqual({ PutClassificationExportConfiguration: 1 });
    expect(exp.id).toBe(`${ACCOUNT}:us-east-1`);
    expect(exp.outs).toMatchObject({ s3Destination: { ...dest, keyPrefix: "macie/" }, accountId: ACCOUNT, region: "us-east-1" });
    expect(await current()).toEqual({ s3Destination: { ...dest, keyPrefix: "macie/" } });

    const read = await h.countCalls(() => h.refresh(exp));
    expect(read.operations).toEqual({ GetClassificationExportConfiguration: 1 });
    expect(read.result!.outs).toEqual(exp.outs);

    const { inputs } = await h.check(TYPE, { s3Destination: { ...dest, keyPrefix: "macie/" }, __name: "export" }, exp.inputs);
    const d = await h.countCalls(() => h.diff(TYPE, exp.id, read.result!.outs, inputs));
    expect(d.result).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(d.operations).toEqual({});
  });

  it("updates each member of s3Destination in place", async () => {
    let exp = await h.up(TYPE, "export", { s3Destination: dest });
    const steps = [
      { ...dest, bucketName: "other-results" },
      { ...dest, bucketName: "other-results", kmsKeyArn: OTHER_KEY },
      { ...dest, bucketName: "other-results", kmsKeyArn: OTHER_KEY, keyPrefix: "p/" },
      { ...dest, bucketName: "other-results", kmsKeyArn: OTHER_KEY, keyPrefix: "p/", expectedBucketOwner: ACCOUNT },
      dest,
    ];
    for (const s3Destination of steps) {
      const r = await h.countCalls(() => h.upAgain(exp, { s3Destination }));
      expect(r.result.action).toBe("update");
      expect(r.result.diff.replaces).toEqual([]);
      expect(r.operations).toEqual({ PutClassificationExportConfiguration: 1 });
      expect(await current()).toEqual({ s3Destination });
      exp = r.result.deployed;
    }
  });

  it("takes a legacy bucket name (capitals, underscores, up to 255 characters), as Macie's API model does", async () => {
    for (const bucketName of ["Macie_Results.2017", "r".repeat(255)]) {
      const exp = await h.up(TYPE, "export", { s3Destination: { ...dest, bucketName } });
      expect(await current()).toEqual({ s3Destination: { ...dest, bucketName } });
      expect((await h.refresh(exp))!.outs.s3Destination).toEqual({ ...dest, bucketName });
    }
  });

  it("adopts an existing configuration by overwriting it", async () => {
    await h.client().send(new PutClassificationExportConfigurationCommand({ configuration: { s3Destination: { ...dest, bucketName: "older-bucket" } } }));
    const exp = await h.up(TYPE, "export", { s3Destination: dest });
    expect(exp.outs.s3Destination).toEqual(dest);
    expect(await current()).toEqual({ s3Destination: dest });
  });

  it("delete clears the configuration", async () => {
    const exp = await h.up(TYPE, "export", { s3Destination: dest });
    const del = await h.countCalls(() => h.destroy(exp));
    expect(del.operations).toEqual({ PutClassificationExportConfiguration: 1 });
    expect(await current()).toEqual({});
  });

  it("a configuration removed outside Pulumi is drift: refresh drops it, and up creates it again", async () => {
    const exp = await h.up(TYPE, "export", { s3Destination: dest });
    await h.client().send(new PutClassificationExportConfigurationCommand({ configuration: {} }));
    expect(await h.refresh(exp)).toBeUndefined();
    await h.up(TYPE, "export", { s3Destination: dest });
    expect(await current()).toEqual({ s3Destination: dest });
  });

  it("a configuration changed outside Pulumi shows as a diff", async () => {
    const exp = await h.up(TYPE, "export", { s3Destination: dest });
    await h.client().send(new PutClassificationExportConfigurationCommand({ configuration: { s3Destination: { ...dest, keyPrefix: "elsewhere/" } } }));
    const refreshed = (await h.refresh(exp))!;
    expect(refreshed.outs.s3Destination.keyPrefix).toBe("elsewhere/");
    const { inputs } = await h.check(TYPE, { s3Destination: dest, __name: "export" }, refreshed.inputs);
    expect(await h.diff(TYPE, exp.id, refreshed.outs, inputs)).toMatchObject({ changes: true, replaces: [] });
  });

  it("another Region replaces it, deleting first (one per account and Region)", async () => {
    const exp = await h.up(TYPE, "export", { s3Destination: dest });
    const { inputs } = await h.check(TYPE, { s3Destination: dest, region: "eu-west-1", __name: "export" }, exp.inputs);
    expect(await h.diff(TYPE, exp.id, exp.outs, inputs)).toEqual({ changes: true, replaces: ["region"], deleteBeforeReplace: true });
  });

  it("an unknown destination during preview is a change, not a failure", async () => {
    const exp = await h.up(TYPE, "export", { s3Destination: dest });
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const news = { s3Destination: { ...dest, bucketName: UNKNOWN }, __name: "export" };
    const { inputs, failures } = await h.check(TYPE, news, exp.inputs);
    expect(failures).toEqual([]);
    expect(await h.diff(TYPE, exp.id, exp.outs, inputs)).toMatchObject({ changes: true, replaces: [] });
  });
});
