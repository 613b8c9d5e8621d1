/**
 * macie.ResourceProfile through the real provider runtime against macie-local, with automated
 * discovery enabled in the account: a bucket's overrides (the score set to 100, suppressed
 * detections) taken over at create, updated part by part, read with drift, removed at delete;
 * the error before discovery ever ran; one declaration per bucket.
 *
 * macie-local's simulation decides which data identifiers detect something in a bucket
 * (docs/emulator.md); the tests read that through the SDK rather than assume it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  GetResourceProfileCommand,
  ListResourceProfileDetectionsCommand,
  UpdateAutomatedDiscoveryConfigurationCommand,
  UpdateResourceProfileCommand,
  UpdateResourceProfileDetectionsCommand,
  type Detection,
} from "@aws-sdk/client-macie2";
import { ACCOUNT, startProviderHarness, type ProviderHarness } from "../helpers/provider";

const TYPE = "ResourceProfile";
const BUCKET = "arn:aws:s3:::customer-exports";
const OTHER = "arn:aws:s3:::Legacy_Logs";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(async () => h?.stop());
beforeEach(async () => {
  await h.reset();
  await h.enableMacie();
  await h.newPluginProcess();
  await h.client().send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: "ENABLED" }));
});

/** The bucket's detections, every page, and how many pages that took. */
async function detections(resourceArn = BUCKET): Promise<{ items: Detection[]; pages: number }> {
  const items: Detection[] = [];
  let pages = 0;
  let nextToken: string | undefined;
  do {
    const page = await h.client().send(new ListResourceProfileDetectionsCommand({ resourceArn, nextToken }));
    items.push(...(page.detections ?? []));
    pages++;
    nextToken = page.nextToken;
  } while (nextToken);
  return { items, pages };
}
const suppressedNow = async (resourceArn = BUCKET) => (await detections(resourceArn)).items.filter((d) => d.suppressed).map((d) => `${d.type}:${d.id}`);
const profile = (resourceArn = BUCKET) => h.client().send(new GetResourceProfileCommand({ resourceArn }));
/** Two managed data identifiers that detect something in the bucket, as macie-local simulates it. */
async function detected(): Promise<[string, string]> {
  const managed = (await detections()).items.filter((d) => d.type === "MANAGED").map((d) => d.id!);
  expect(managed.length, "the simulation detects at least two managed identifiers in the bucket").toBeGreaterThanOrEqual(2);
  return [managed[0], managed[1]];
}

describe("ResourceProfile", () => {
  it("create takes both overrides over; read is one GetResourceProfile and the detections' pages; a no-op diff makes no call", async () => {
    const [first, second] = await detected();
    await h.client().send(
      new UpdateResourceProfileDetectionsCommand({ resourceArn: BUCKET, suppressDataIdentifiers: [{ id: second, type: "MANAGED" }] }),
    );
    const args = { resourceArn: BUCKET, sensitivityScoreOverride: 100, suppressDataIdentifiers: [{ id: first, type: "MANAGED" }] };
    const created = await h.countCalls(() => h.up(TYPE, "exports", args));
    const p = created.result;
    expect(created.operations).toEqual({ UpdateResourceProfile: 1, UpdateResourceProfileDetections: 1, GetResourceProfile: 1 });
    expect(p.id).toBe(BUCKET);
    expect(p.outs).toMatchObject({ ...args, sensitivityScore: 100, accountId: ACCOUNT, region: "us-east-1" });
    expect(p.outs.profileUpdatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await profile()).sensitivityScoreOverridden).toBe(true);
    expect(await suppressedNow()).toEqual([`MANAGED:${first}`]); // the hand-made suppression is gone

    const pages = (await detections()).pages;
    const read = await h.countCalls(() => h.refresh(p));
    expect(read.operations).toEqual({ GetResourceProfile: 1, ListResourceProfileDetections: pages });
    expect(read.result!.outs).toEqual(p.outs);
    const { inputs } = await h.check(TYPE, { ...args, __name: "exports" }, p.inputs);
    const d = await h.countCalls(() => h.diff(TYPE, p.id, read.result!.outs, inputs));
    expect(d.result).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(d.calls).toBe(0);
  });

  it("an update calls only what changed, then reads the new score", async () => {
    const [first, second] = await detected();
    const p = await h.up(TYPE, "exports", { resourceArn: BUCKET, sensitivityScoreOverride: 100 });
    expect(p.outs.sensitivityScore).toBe(100);

    const noOverride = await h.countCalls(() => h.upAgain(p, { resourceArn: BUCKET }));
    expect(noOverride.result.action).toBe("update");
    expect(noOverride.operations).toEqual({ UpdateResourceProfile: 1, GetResourceProfile: 1 });
    const calculated = (await profile()).sensitivityScore!;
    expect((await profile()).sensitivityScoreOverridden).toBe(false);
    expect(noOverride.result.deployed.outs.sensitivityScore).toBe(calculated);

    const suppress = await h.countCalls(() =>
      h.upAgain(noOverride.result.deployed, { resourceArn: BUCKET, suppressDataIdentifiers: [{ id: first, type: "MANAGED" }, { id: second, type: "MANAGED" }] }),
    );
    expect(suppress.operations).toEqual({ UpdateResourceProfileDetections: 1, GetResourceProfile: 1 });
    expect((await suppressedNow()).sort()).toEqual([`MANAGED:${first}`, `MANAGED:${second}`].sort());
    // Suppressed detections no longer count: the score does not rise.
    expect(suppress.result.deployed.outs.sensitivityScore).toBeLessThanOrEqual(calculated);
  });

  it("refresh reports overrides changed outside Pulumi, and the next up puts the program's back", async () => {
    const [first, second] = await detected();
    const args = { resourceArn: BUCKET, suppressDataIdentifiers: [{ id: first, type: "MANAGED" }] };
    const p = await h.up(TYPE, "exports", args);
    await h.client().send(new UpdateResourceProfileCommand({ resourceArn: BUCKET, sensitivityScoreOverride: 100 }));
    await h.client().send(
      new UpdateResourceProfileDetectionsCommand({ resourceArn: BUCKET, suppressDataIdentifiers: [{ id: first, type: "MANAGED" }, { id: second, type: "MANAGED" }] }),
    );
    const drifted = (await h.refresh(p))!;
    expect(drifted.outs.sensitivityScoreOverride).toBe(100);
    expect(drifted.outs.suppressDataIdentifiers).toEqual([{ id: first, type: "MANAGED" }, { id: second, type: "MANAGED" }]);
    const back = await h.countCalls(() => h.upAgain(drifted, args));
    expect(back.result.action).toBe("update");
    expect(back.operations).toEqual({ UpdateResourceProfile: 1, UpdateResourceProfileDetections: 1, GetResourceProfile: 1 });
    expect((await profile()).sensitivityScoreOverridden).toBe(false);
    expect(await suppressedNow()).toEqual([`MANAGED:${first}`]);
  });

  it("a suppressed identifier that detected nothing cannot be read back: refresh keeps it as the state has it", async () => {
    const detectedIds = new Set((await detections()).items.map((d) => d.id));
    const quiet = ["CREDIT_CARD_NUMBER", "AWS_CREDENTIALS", "USA_PASSPORT_NUMBER", "EMAIL_ADDRESS", "NAME"].find((id) => !detectedIds.has(id));
    expect(quiet, "a managed identifier that detects nothing in the bucket").toBeDefined();
    const p = await h.up(TYPE, "exports", { resourceArn: BUCKET, suppressDataIdentifiers: [{ id: quiet!, type: "MANAGED" }] });
    const read = (await h.refresh(p))!;
    expect(read.outs.suppressDataIdentifiers).toEqual([{ id: quiet, type: "MANAGED" }]);
  });

  it("delete removes both overrides, with two calls", async () => {
    const [first] = await detected();
    const p = await h.up(TYPE, "exports", { resourceArn: BUCKET, sensitivityScoreOverride: 100, suppressDataIdentifiers: [{ id: first, type: "MANAGED" }] });
    await h.newPluginProcess(); // `pulumi destroy` is a deployment of its own
    const del = await h.countCalls(() => h.destroy(p));
    expect(del.operations).toEqual({ UpdateResourceProfile: 1, UpdateResourceProfileDetections: 1 });
    expect((await profile()).sensitivityScoreOverridden).toBe(false);
    expect(await suppressedNow()).toEqual([]);
  });

  it("with Macie disabled, refresh drops it and delete succeeds with one call", async () => {
    const p = await h.up(TYPE, "exports", { resourceArn: OTHER, sensitivityScoreOverride: 100 });
    await h.reset();
    expect(await h.refresh(p)).toBeUndefined();
    await h.newPluginProcess();
    const del = await h.countCalls(() => h.destroy(p));
    expect(del.operations).toEqual({ UpdateResourceProfile: 1 });
  });

  it("before automated discovery ever ran there is no profile: create says what to declare", async () => {
    await h.reset();
    await h.enableMacie();
    await expect(h.up(TYPE, "exports", { resourceArn: BUCKET, sensitivityScoreOverride: 100 })).rejects.toThrow(
      /^Macie has no profile for arn:aws:s3:::customer-exports in account 111111111111, us-east-1 yet: profiles exist once automated sensitive data discovery runs\. Declare an AutomatedDiscoveryConfiguration with status ENABLED and make this resource depend on it \(dependsOn\)\. \[/,
    );
  });

  it("a second declaration of one bucket's overrides fails check; another bucket's does not; another bucket replaces", async () => {
    expect((await h.check(TYPE, { resourceArn: BUCKET, __name: "exports" })).failures).toEqual([]);
    expect((await h.check(TYPE, { resourceArn: OTHER, __name: "logs" })).failures).toEqual([]);
    const second = await h.check(TYPE, { resourceArn: BUCKET, sensitivityScoreOverride: 100, __name: "exports-again" });
    expect(second.failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(
          /^ResourceProfile "exports-again" declares the profile overrides of S3 bucket customer-exports of the account of the stack's credentials, us-east-1, which ResourceProfile "exports" of this deployment already declares/,
        ),
      },
    ]);

    await h.newPluginProcess();
    const p = await h.up(TYPE, "exports", { resourceArn: BUCKET });
    const { inputs } = await h.check(TYPE, { resourceArn: OTHER, __name: "exports" }, p.inputs);
    expect(await h.diff(TYPE, p.id, p.outs, inputs)).toEqual({ changes: true, replaces: ["resourceArn"], deleteBeforeReplace: false });
  });
});
