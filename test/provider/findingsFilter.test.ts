/**
 * macie.FindingsFilter through the real provider runtime against macie-local: the whole life,
 * partial updates that send only what changed, call counts and drift.
 *
 * Calls per operation: diff 0; read 1 (GetFindingsFilter); an update 1 UpdateFindingsFilter
 * (plus tag calls when tags change); a tag-only update only TagResource / UntagResource.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  DeleteFindingsFilterCommand,
  GetFindingsFilterCommand,
  UpdateFindingsFilterCommand,
  type Macie2Client,
} from "@aws-sdk/client-macie2";
import { startProviderHarness, type Deployed, type ProviderHarness, marked } from "../helpers/provider";

const TYPE = "FindingsFilter";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const CRITERIA = {
  criterion: {
    "severity.description": { eq: ["Low"] },
    "resourcesAffected.s3Bucket.name": { eq: ["logs-bucket"] },
  },
};
const ARGS = { action: "ARCHIVE", description: "suppress low findings in the log bucket", findingCriteria: CRITERIA, tags: { team: "privacy" } };

let h: ProviderHarness;
let macie: Macie2Client;

beforeAll(async () => {
  h = await startProviderHarness();
  await h.enableMacie();
  macie = h.client();
});
afterAll(() => h?.stop());

const getFilter = (id: string) => macie.send(new GetFindingsFilterCommand({ id }));

/** The body of the last call of an operation, from the emulator's request log. */
async function lastBody(operation: string): Promise<Record<string, unknown>> {
  const requests = (await h.em.admin.requests()).filter((r) => r.operation === operation);
  return requests[requests.length - 1]?.body as Record<string, unknown>;
}

describe("life of a findings filter", () => {
  let filter: Deployed;
  let args: Record<string, any> = ARGS;

  /** `pulumi up` with changed args; expects an in-place update. */
  async function update(change: Record<string, unknown>) {
    args = { ...args, ...change };
    const counted = await h.countCalls(() => h.upAgain(filter, args));
    expect(counted.result.action).toBe("update");
    expect(counted.result.diff.replaces).toEqual([]);
    expect(counted.result.deployed.id).toBe(filter.id);
    expect(counted.result.deployed.outs.arn).toBe(filter.outs.arn); // computed outputs carry over
    filter = counted.result.deployed;
    return counted;
  }

  test("create: auto-named, outputs set, Macie has it", async () => {
    filter = await h.up(TYPE, "low-logs", ARGS);
    expect(filter.inputs.name).toMatch(/^low-logs-[0-9a-f]{7}$/);
    expect(filter.outs).toMatchObject({ ...ARGS, name: filter.inputs.name, arn: `arn:aws:macie2:us-east-1:111111111111:findings-filter/${filter.id}` });
    expect(filter.outs.position).toBeUndefined(); // not set by the program: not tracked
    expect(await getFilter(filter.id)).toMatchObject({ name: filter.inputs.name, action: "ARCHIVE", findingCriteria: CRITERIA, tags: ARGS.tags });
  });

  test("read after create: one GetFindingsFilter call, and no drift", async () => {
    const { result: read, calls, operations } = await h.countCalls(() => h.refresh(filter));
    expect(calls).toBe(1);
    expect(operations).toMatchObject({ GetFindingsFilter: 1 });
    expect(read!.outs).toMatchObject({ ...ARGS, name: filter.inputs.name, arn: filter.outs.arn });
    expect(read!.outs.position).toBeUndefined();
    expect((await h.diff(TYPE, filter.id, read!.outs, filter.inputs)).changes).toBe(false);
  });

  test("the same program again: no diff, and diff makes zero calls", async () => {
    const { inputs } = await h.check(TYPE, { ...ARGS, __name: "low-logs" }, filter.inputs);
    const { result: d, calls } = await h.countCalls(() => h.diff(TYPE, filter.id, filter.outs, inputs));
    expect(calls).toBe(0);
    expect(d).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("every setting is in place: diff never replaces, even with unknown values", async () => {
    for (const change of [{ name: "renamed" }, { action: "NOOP" }, { description: "x" }, { findingCriteria: { criterion: { type: { eq: ["Policy:IAMUser/S3BucketPublic"] } } } }, { position: 3 }, { findingCriteria: UNKNOWN }]) {
      const { inputs } = await h.check(TYPE, { ...ARGS, ...change, __name: "low-logs" }, filter.inputs);
      const d = await h.diff(TYPE, filter.id, filter.outs, inputs);
      expect(d, JSON.stringify(change)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    }
  });

  test.each([
    ["name", { name: "low-logs-renamed" }],
    ["action", { action: "NOOP" }],
    ["description", { description: "a better description" }],
    ["findingCriteria", { findingCriteria: { criterion: { "severity.description": { eq: ["Low", "Medium"] }, "count": { gte: 2 } } } }],
    ["position", { position: 2 }],
  ])("an edit of %s is one UpdateFindingsFilter that sends only %s", async (field, change) => {
    const { operations } = await update(change);
    expect(operations).toEqual({ UpdateFindingsFilter: 1 });
    const body = await lastBody("UpdateFindingsFilter");
    expect(Object.keys(body).filter((k) => k !== "clientToken")).toEqual([field]);
    expect(await getFilter(filter.id)).toMatchObject(change);
  });

  test("two edits at once send both, and nothing else", async () => {
    await update({ action: "ARCHIVE", description: "both" });
    expect(Object.keys(await lastBody("UpdateFindingsFilter")).filter((k) => k !== "clientToken").sort()).toEqual(["action", "description"]);
  });

  test("removing the description clears it", async () => {
    const { description: _gone, ...rest } = args;
    args = rest;
    const counted = await h.countCalls(() => h.upAgain(filter, args));
    expect(counted.result.action).toBe("update");
    expect(await lastBody("UpdateFindingsFilter")).toMatchObject({ description: "" });
    expect((await getFilter(filter.id)).description ?? "").toBe("");
    filter = counted.result.deployed;
    expect((await h.diff(TYPE, filter.id, (await h.refresh(filter))!.outs, filter.inputs)).changes).toBe(false);
  });

  test("a tag-only change makes only TagResource and UntagResource calls", async () => {
    const { operations } = await update({ tags: { owner: "bob" } });
    expect(operations).toEqual({ TagResource: 1, UntagResource: 1 });
    expect((await getFilter(filter.id)).tags).toEqual(marked({ owner: "bob" }));
  });

  test("read reflects edits made outside Pulumi, and the next up puts them back", async () => {
    await macie.send(new UpdateFindingsFilterCommand({ id: filter.id, action: "NOOP", description: "edited by hand", findingCriteria: { criterion: { type: { eq: ["x"] } } } }));
    const refreshed = (await h.refresh(filter))!;
    expect(refreshed.outs).toMatchObject({ action: "NOOP", description: "edited by hand", findingCriteria: { criterion: { type: { eq: ["x"] } } } });
    const d = await h.diff(TYPE, filter.id, refreshed.outs, filter.inputs);
    expect(d).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const again = await h.upAgain(refreshed, args);
    expect(again.action).toBe("update");
    expect(await getFilter(filter.id)).toMatchObject({ action: args.action, findingCriteria: args.findingCriteria });
    expect((await getFilter(filter.id)).description ?? "").toBe("");
    filter = again.deployed;
  });

  test("a position set by the program is tracked, and its change outside Pulumi is drift", async () => {
    await macie.send(new UpdateFindingsFilterCommand({ id: filter.id, position: 7 }));
    const refreshed = (await h.refresh(filter))!;
    expect(refreshed.outs.position).toBe(7);
    expect((await h.diff(TYPE, filter.id, refreshed.outs, filter.inputs)).changes).toBe(true);
  });

  test("delete removes it (one call); deleting again is a no-op", async () => {
    const { calls, operations } = await h.countCalls(() => h.destroy(filter));
    expect(calls).toBe(1);
    expect(operations).toEqual({ DeleteFindingsFilter: 1 });
    await expect(getFilter(filter.id)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(h.destroy(filter)).resolves.toBeUndefined();
  });
});

describe("drift", () => {
  test("a filter deleted outside Pulumi reads as gone, and the next up creates it again", async () => {
    const filter = await h.up(TYPE, "deleted", { action: "NOOP", findingCriteria: { criterion: { category: { eq: ["CLASSIFICATION"] } } } });
    await macie.send(new DeleteFindingsFilterCommand({ id: filter.id }));
    expect(await h.refresh(filter)).toBeUndefined();
    const again = await h.up(TYPE, "deleted", { name: filter.inputs.name, action: "NOOP", findingCriteria: { criterion: { category: { eq: ["CLASSIFICATION"] } } } });
    expect(await getFilter(again.id)).toMatchObject({ name: filter.inputs.name });
  });

  test("read without a recorded definition (import) takes Macie's values, position included", async () => {
    const filter = await h.up(TYPE, "imported", { action: "NOOP", position: 4, findingCriteria: { criterion: { "severity.score": { gte: 2 } } } });
    const r = await h.read(TYPE, filter.id, {});
    expect(r.inputs).toMatchObject({ name: filter.inputs.name, action: "NOOP", position: 4, findingCriteria: { criterion: { "severity.score": { gte: 2 } } } });
  });
});

describe("finding fields", () => {
  test("the provider and macie-local each hold the same list of finding fields", async () => {
    const provider = await import("../../provider/resources/findingFields");
    const emulator = await import("../../emulator/operations/findingFields");
    expect(Object.keys(provider.FINDING_FIELDS).sort()).toEqual([...emulator.FINDING_FIELDS].sort());
  });

  test("the enumerations copied from the SDK are the installed SDK's", async () => {
    const { FIELD_ENUMS } = await import("../../provider/resources/findingFields");
    const sdk: Record<string, Record<string, string>> = await import("@aws-sdk/client-macie2");
    for (const [name, values] of Object.entries(FIELD_ENUMS)) expect([...values].sort(), name).toEqual(Object.values(sdk[name]).sort());
  });

  test("a filter on fields of every part of a finding is checked and created", async () => {
    const criterion = {
      archived: { eq: ["false"] },
      "classificationDetails.originType": { eq: ["SENSITIVE_DATA_DISCOVERY_JOB"] },
      "sensitiveData.category": { eqExactMatch: ["CREDENTIALS"] },
      "resourcesAffected.s3Object.size": { gt: 1024 },
      "policyDetails.action.apiCallDetails.lastSeen": { gte: 1700000000000 },
    };
    const filter = await h.up(TYPE, "every-part", { action: "NOOP", findingCriteria: { criterion } });
    expect((await getFilter(filter.id)).findingCriteria).toEqual({ criterion });
  });

  test("a misspelt field fails check with a did-you-mean, and reaches no Macie call", async () => {
    const counted = await h.countCalls(async () => {
      await expect(h.up(TYPE, "misspelt", { action: "NOOP", findingCriteria: { criterion: { "resourcesAffected.s3Bucket.nmae": { eq: ["b"] } } } })).rejects.toThrow(
        'findingCriteria.criterion["resourcesAffected.s3Bucket.nmae"]: is not a finding field Macie can filter on; did you mean "resourcesAffected.s3Bucket.name"?',
      );
    });
    expect(counted.calls).toBe(0);
  });
});
