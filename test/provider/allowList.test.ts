/**
 * macie.AllowList through the real provider runtime against macie-local: the whole life, in-place
 * updates versus replacement when the criteria switch kind, call counts, drift, and a delete that
 * Macie refuses while a running job uses the list.
 *
 * Calls per operation: diff 0; read 1 (GetAllowList); create 2 (CreateAllowList, GetAllowList);
 * a settings update 2 (UpdateAllowList, GetAllowList for updatedAt and status); a tag-only update
 * only TagResource / UntagResource; delete 1 (DeleteAllowList).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  CreateClassificationJobCommand,
  DeleteAllowListCommand,
  DescribeClassificationJobCommand,
  GetAllowListCommand,
  UpdateAllowListCommand,
  UpdateClassificationJobCommand,
  type Macie2Client,
} from "@aws-sdk/client-macie2";
import { ACCOUNT, startProviderHarness, type Deployed, type ProviderHarness, marked } from "../helpers/provider";

const TYPE = "AllowList";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const ARGS = { description: "test card numbers", criteria: { regex: "4111-1111-1111-\\d{4}" }, tags: { team: "privacy" } };
const WORDS = { s3WordsList: { bucketName: "allow-lists", objectKey: "words/names.txt" } };

let h: ProviderHarness;
let macie: Macie2Client;

beforeAll(async () => {
  // One-time jobs never finish, so a job stays RUNNING for the delete tests.
  h = await startProviderHarness({ config: { jobs: { oneTimeRunMs: -1 } } });
  await h.enableMacie();
  macie = h.client();
});
afterAll(() => h?.stop());

const getList = (id: string) => macie.send(new GetAllowListCommand({ id }));

/** The body of the last call of an operation, from the emulator's request log. */
async function lastBody(operation: string): Promise<Record<string, unknown>> {
  const requests = (await h.em.admin.requests()).filter((r) => r.operation === operation);
  return requests[requests.length - 1]?.body as Record<string, unknown>;
}

describe("life of an allow list", () => {
  let list: Deployed;
  let args: Record<string, any> = ARGS;

  /** `pulumi up` with changed args; expects an in-place update. */
  async function update(change: Record<string, unknown>) {
    args = { ...args, ...change };
    const counted = await h.countCalls(() => h.upAgain(list, args));
    expect(counted.result.action).toBe("update");
    expect(counted.result.diff.replaces).toEqual([]);
    expect(counted.result.deployed.id).toBe(list.id);
    list = counted.result.deployed;
    return counted;
  }

  test("create: auto-named, outputs set from Macie, a client token sent for idempotency", async () => {
    const { result, operations } = await h.countCalls(() => h.up(TYPE, "cards", ARGS));
    list = result;
    // ListAllowLists: the create first looks for an interrupted earlier attempt of this resource.
    expect(operations).toEqual({ ListAllowLists: 1, CreateAllowList: 1, GetAllowList: 1 });
    expect((await lastBody("CreateAllowList")).clientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(list.inputs.name).toMatch(/^cards-[0-9a-f]{7}$/);
    expect(list.outs).toMatchObject({
      ...ARGS,
      name: list.inputs.name,
      ignoreJobChecksOnDelete: false,
      arn: `arn:aws:macie2:us-east-1:${ACCOUNT}:allow-list/${list.id}`,
      status: { code: "OK" },
      accountId: ACCOUNT,
      region: "us-east-1",
    });
    expect(Date.parse(list.outs.createdAt)).not.toBeNaN();
    expect(list.outs.updatedAt).toBe(list.outs.createdAt);
    expect(await getList(list.id)).toMatchObject({ name: list.inputs.name, description: ARGS.description, criteria: ARGS.criteria, tags: ARGS.tags });
  });

  test("read after create: one GetAllowList call, and no drift", async () => {
    const { result: read, calls, operations } = await h.countCalls(() => h.refresh(list));
    expect(calls).toBe(1);
    expect(operations).toEqual({ GetAllowList: 1 });
    expect(read!.outs).toEqual(list.outs);
    expect((await h.diff(TYPE, list.id, read!.outs, list.inputs)).changes).toBe(false);
  });

  test("the same program again: no diff, and diff makes zero calls", async () => {
    const { inputs } = await h.check(TYPE, { ...ARGS, __name: "cards" }, list.inputs);
    expect(inputs.name).toBe(list.inputs.name);
    const { result: d, calls } = await h.countCalls(() => h.diff(TYPE, list.id, list.outs, inputs));
    expect(calls).toBe(0);
    expect(d).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("diff: a new value of the same kind is in place; a switch of kind, or an unknown kind, replaces", async () => {
    const diffOf = async (change: Record<string, unknown>) => {
      const { inputs } = await h.check(TYPE, { ...ARGS, ...change, __name: "cards" }, list.inputs);
      return h.diff(TYPE, list.id, list.outs, inputs);
    };
    const inPlace = { changes: true, replaces: [], deleteBeforeReplace: false };
    const replace = { changes: true, replaces: ["criteria"], deleteBeforeReplace: false };
    expect(await diffOf({ name: "renamed" })).toEqual(inPlace);
    expect(await diffOf({ description: "x" })).toEqual(inPlace);
    expect(await diffOf({ criteria: { regex: "\\d+" } })).toEqual(inPlace);
    expect(await diffOf({ criteria: { regex: UNKNOWN } })).toEqual(inPlace); // still a regex
    expect(await diffOf({ ignoreJobChecksOnDelete: true })).toEqual(inPlace);
    expect(await diffOf({ criteria: WORDS })).toEqual(replace);
    expect(await diffOf({ criteria: UNKNOWN })).toEqual(replace);
  });

  test.each([
    ["description", { description: "a better description" }],
    ["name", { name: "cards-renamed" }],
    ["regex", { criteria: { regex: "5500-0000-0000-\\d{4}" } }],
  ])("an edit of %s is one UpdateAllowList (with the whole settings) and one GetAllowList", async (_what, change) => {
    const before = list.outs.updatedAt;
    await h.em.admin.advanceClock(1000); // so that updatedAt moves, on the emulator's clock
    const { operations } = await update(change);
    expect(operations).toEqual({ UpdateAllowList: 1, GetAllowList: 1 });
    // UpdateAllowList is a PUT: it always carries name, description and criteria.
    expect(await lastBody("UpdateAllowList")).toEqual({ name: args.name ?? list.inputs.name, description: args.description, criteria: args.criteria });
    expect(await getList(list.id)).toMatchObject({ ...change });
    expect(list.outs.updatedAt > before).toBe(true);
    expect((await h.diff(TYPE, list.id, (await h.refresh(list))!.outs, list.inputs)).changes).toBe(false);
  });

  test("removing the description clears it", async () => {
    const { description: _gone, ...rest } = args;
    args = rest;
    const counted = await h.countCalls(() => h.upAgain(list, args));
    expect(counted.result.action).toBe("update");
    expect(await lastBody("UpdateAllowList")).not.toHaveProperty("description");
    expect((await getList(list.id)).description ?? "").toBe("");
    list = counted.result.deployed;
    expect((await h.diff(TYPE, list.id, (await h.refresh(list))!.outs, list.inputs)).changes).toBe(false);
  });

  test("a tag-only change makes only TagResource and UntagResource calls", async () => {
    const { operations } = await update({ tags: { owner: "bob" } });
    expect(operations).toEqual({ TagResource: 1, UntagResource: 1 });
    expect((await getList(list.id)).tags).toEqual(marked({ owner: "bob" }));
  });

  test("ignoreJobChecksOnDelete alone updates the state and makes no call", async () => {
    const { operations, calls } = await update({ ignoreJobChecksOnDelete: true });
    expect(calls).toBe(0);
    expect(operations).toEqual({});
    expect(list.outs.ignoreJobChecksOnDelete).toBe(true);
    await update({ ignoreJobChecksOnDelete: false });
  });

  test("read reflects edits made outside Pulumi, and the next up puts them back", async () => {
    await macie.send(new UpdateAllowListCommand({ id: list.id, name: "edited-by-hand", description: "by hand", criteria: { regex: "x+" } }));
    const refreshed = (await h.refresh(list))!;
    expect(refreshed.outs).toMatchObject({ name: "edited-by-hand", description: "by hand", criteria: { regex: "x+" } });
    expect(refreshed.inputs).toMatchObject({ name: "edited-by-hand", criteria: { regex: "x+" } });
    const again = await h.upAgain(refreshed, { ...args, name: list.inputs.name });
    expect(again.action).toBe("update");
    expect(await getList(list.id)).toMatchObject({ name: list.inputs.name, criteria: args.criteria });
    expect((await getList(list.id)).description ?? "").toBe("");
    list = again.deployed;
  });

  test("switching regex → s3WordsList replaces: a new list, then the old one deleted", async () => {
    const old = list;
    args = { ...args, criteria: WORDS };
    const { result, operations } = await h.countCalls(() => h.upAgain(list, args));
    expect(result.action).toBe("replace");
    expect(result.diff.replaces).toEqual(["criteria"]);
    // No ListAllowLists: this plugin process listed the lists at its first create, before the old
    // one existed (and the engine tracks that one: never claimed). One GetAllowList: the read back.
    expect(operations).toEqual({ CreateAllowList: 1, GetAllowList: 1, DeleteAllowList: 1 });
    list = result.deployed;
    expect(list.id).not.toBe(old.id);
    expect(list.inputs.name).toBe(old.inputs.name); // the auto-name stays
    expect(await getList(list.id)).toMatchObject({ name: old.inputs.name, criteria: WORDS, tags: { owner: "bob" } });
    await expect(getList(old.id)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  test("a new words-list location updates in place", async () => {
    const words = { s3WordsList: { bucketName: "allow-lists", objectKey: "words/v2.txt" } };
    const { operations } = await update({ criteria: words });
    expect(operations).toEqual({ UpdateAllowList: 1, GetAllowList: 1 });
    expect((await getList(list.id)).criteria).toEqual(words);
  });

  test("delete removes it (one call); deleting again is a no-op", async () => {
    const { calls, operations } = await h.countCalls(() => h.destroy(list));
    expect(calls).toBe(1);
    expect(operations).toEqual({ DeleteAllowList: 1 });
    await expect(getList(list.id)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(h.destroy(list)).resolves.toBeUndefined();
  });
});

describe("bucket names as Macie's API model has them", () => {
  test("a words list in a legacy bucket (capitals, underscores, over 63 characters) is created, read back without drift, and deleted", async () => {
    const legacy = { s3WordsList: { bucketName: `Legacy_Allow.Lists-${"x".repeat(60)}`, objectKey: "names.txt" } };
    const list = await h.up(TYPE, "legacy", { criteria: legacy });
    expect((await getList(list.id)).criteria).toEqual(legacy);
    const read = await h.refresh(list);
    expect(read!.outs.criteria).toEqual(legacy);
    const { inputs } = await h.check(TYPE, { criteria: legacy, __name: "legacy" }, list.inputs);
    expect((await h.diff(TYPE, list.id, read!.outs, inputs)).changes).toBe(false);
    await h.destroy(list);
  });
});

describe("drift", () => {
  test("a list deleted outside Pulumi reads as gone, and the next up creates it again", async () => {
    const list = await h.up(TYPE, "deleted", { criteria: { regex: "abc" } });
    await macie.send(new DeleteAllowListCommand({ id: list.id }));
    expect(await h.refresh(list)).toBeUndefined();
    const again = await h.up(TYPE, "deleted", { name: list.inputs.name, criteria: { regex: "abc" } });
    expect(await getList(again.id)).toMatchObject({ name: list.inputs.name });
  });

  test("read without a recorded state (import) takes Macie's values", async () => {
    const list = await h.up(TYPE, "imported", { description: "imported", criteria: WORDS, tags: { a: "b" } });
    const r = await h.read(TYPE, list.id, {});
    expect(r.inputs).toEqual({ name: list.inputs.name, description: "imported", criteria: WORDS, tags: { a: "b" }, ignoreJobChecksOnDelete: false });
    expect(r.props).toMatchObject({ arn: list.outs.arn, status: { code: "OK" } });
  });
});

describe("delete while a job uses the list", () => {
  test("refused while a RUNNING job uses it, with the job and the option named; with ignoreJobChecksOnDelete it deletes", async () => {
    let list = await h.up(TYPE, "in-use", { criteria: { regex: "ORDER-\\d+" } });
    const { jobId } = await macie.send(
      new CreateClassificationJobCommand({
        name: "uses-the-list",
        jobType: "ONE_TIME",
        s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ["orders"] }] },
        allowListIds: [list.id],
        clientToken: "allow-list-test-job",
      }),
    );

    const refused = await h.countCalls(() => h.destroy(list).then(() => undefined, (e: Error) => e));
    expect(refused.result).toBeInstanceOf(Error);
    const message = (refused.result as Error).message;
    expect(message).toContain(`allow list ${list.inputs.name} (${list.id}) was not deleted`);
    expect(message).toContain(`uses-the-list (${jobId}, RUNNING)`);
    expect(message).toContain("ignoreJobChecksOnDelete: true");
    expect(refused.operations).toMatchObject({ DeleteAllowList: 1, ListClassificationJobs: 1, DescribeClassificationJob: 1 });
    expect(await getList(list.id)).toMatchObject({ id: list.id });

    // The program sets the option, pulumi up records it (no call), then the delete goes through.
    list = (await h.upAgain(list, { criteria: { regex: "ORDER-\\d+" }, ignoreJobChecksOnDelete: true })).deployed;
    expect((await macie.send(new DescribeClassificationJobCommand({ jobId }))).jobStatus).toBe("RUNNING"); // still in use
    const { operations } = await h.countCalls(() => h.destroy(list));
    expect(operations).toEqual({ DeleteAllowList: 1 });
    await expect(getList(list.id)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await macie.send(new UpdateClassificationJobCommand({ jobId, jobStatus: "CANCELLED" }));
  });

  test("a stack's destroy needs no option: the job that uses the list is deleted (cancelled) first", async () => {
    const list = await h.up(TYPE, "stack-list", { criteria: { regex: "INV-\\d+" } });
    const job = await h.up("ClassificationJob", "stack-job", {
      jobType: "ONE_TIME",
      s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ["invoices"] }] },
      allowListIds: [list.id],
    });
    expect((await macie.send(new DescribeClassificationJobCommand({ jobId: job.id }))).jobStatus).toBe("RUNNING");
    await h.destroy(job); // dependents first, as the engine orders a destroy
    await expect(h.destroy(list)).resolves.toBeUndefined();
    await expect(getList(list.id)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  test("a cancelled job no longer holds the list", async () => {
    const list = await h.up(TYPE, "was-in-use", { criteria: { regex: "REF-\\d+" } });
    const { jobId } = await macie.send(
      new CreateClassificationJobCommand({
        name: "cancelled",
        jobType: "ONE_TIME",
        s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ["orders"] }] },
        allowListIds: [list.id],
        clientToken: "allow-list-test-job-2",
      }),
    );
    await macie.send(new UpdateClassificationJobCommand({ jobId, jobStatus: "CANCELLED" }));
    await expect(h.destroy(list)).resolves.toBeUndefined();
  });
});
