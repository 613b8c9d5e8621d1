/**
 * Creates that survive an interrupted `pulumi up` (provider/core/ownership.ts), through the real
 * provider runtime against macie-local.
 *
 * "Interrupted" is modelled as the engine sees it after a killed CLI: Macie made the object, the
 * state never recorded it, and the next run's create runs in a new plugin process with the same
 * resource identity (`__owner`) and inputs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  CreateFindingsFilterCommand,
  DescribeClassificationJobCommand,
  GetCustomDataIdentifierCommand,
  GetFindingsFilterCommand,
  ListAllowListsCommand,
  ListClassificationJobsCommand,
  ListCustomDataIdentifiersCommand,
  ListFindingsFiltersCommand,
  TagResourceCommand,
  type Macie2Client,
} from "@aws-sdk/client-macie2";
import { ACCOUNT, startProviderHarness, type ProviderHarness, marked } from "../helpers/provider";

let h: ProviderHarness;
let macie: Macie2Client;

beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(() => h?.stop());
beforeEach(async () => {
  await h.reset();
  await h.enableMacie();
  await h.newPluginProcess();
  macie = h.client();
});

const JOB = {
  jobType: "ONE_TIME",
  s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ["customer-data"] }] },
  tags: { team: "privacy" },
};
const FILTER = { action: "ARCHIVE", findingCriteria: { criterion: { "severity.description": { eq: ["Low"] } } } };

const identifiers = async () => (await macie.send(new ListCustomDataIdentifiersCommand({}))).items ?? [];
const filters = async () => (await macie.send(new ListFindingsFiltersCommand({}))).findingsFilterListItems ?? [];
const allowLists = async () => (await macie.send(new ListAllowListsCommand({}))).allowLists ?? [];
const jobs = async () => (await macie.send(new ListClassificationJobsCommand({}))).items ?? [];
const jobStatus = async (jobId: string) => (await macie.send(new DescribeClassificationJobCommand({ jobId }))).jobStatus;

/** A create whose result was lost, then the next run's create of the same resource, in a new plugin process. */
async function createTwice(type: string, name: string, args: Record<string, any>, nextArgs = args) {
  const owner = `org/project/stack|macie:${type}::${name}`;
  const first = await h.up(type, name, { ...args, __owner: owner });
  await h.newPluginProcess(); // the killed run's plugin is gone, and with it what it knew
  const counted = await h.countCalls(() => h.up(type, name, { ...nextArgs, __owner: owner }));
  return { first, second: counted.result, operations: counted.operations };
}

describe("the next run adopts what an interrupted create made", () => {
  test("custom data identifier: same id, no second create, auto-name reproduced", async () => {
    const { first, second, operations } = await createTwice("CustomDataIdentifier", "employee-id", { regex: "EMP-[0-9]{6}", tags: { a: "1" } });
    expect(second.id).toBe(first.id);
    expect(second.inputs.name).toBe(first.inputs.name);
    expect(operations.CreateCustomDataIdentifier).toBeUndefined();
    expect(await identifiers()).toHaveLength(1);
    expect(second.outs).toMatchObject({ arn: first.outs.arn, tags: { a: "1" } });
  });

  test("findings filter with an explicit name: adopted instead of a ConflictException", async () => {
    const { first, second, operations } = await createTwice("FindingsFilter", "archive-low", { ...FILTER, name: "archive-low" });
    expect(second.id).toBe(first.id);
    expect(operations).toEqual({ ListFindingsFilters: 1, GetFindingsFilter: 1 }); // one list, one read back, no create
    expect(await filters()).toHaveLength(1);
  });

  test("allow list and one-time classification job: adopted, one object each", async () => {
    const list = await createTwice("AllowList", "cards", { criteria: { regex: "test-[0-9]+" } });
    expect(list.second.id).toBe(list.first.id);
    expect(await allowLists()).toHaveLength(1);
    const job = await createTwice("ClassificationJob", "audit", JOB);
    expect(job.second.id).toBe(job.first.id);
    expect(job.operations.CreateClassificationJob).toBeUndefined();
    expect(await jobs()).toHaveLength(1);
  });

  test("tags changed between the runs are applied to the adopted object", async () => {
    const { first, second, operations } = await createTwice("CustomDataIdentifier", "tagged", { regex: "X-[0-9]+", tags: { a: "1" } }, { regex: "X-[0-9]+", tags: { a: "2" } });
    expect(second.id).toBe(first.id);
    expect(operations).toMatchObject({ TagResource: 1 });
    expect((await macie.send(new GetCustomDataIdentifierCommand({ id: first.id }))).tags).toEqual(marked({ a: "2" }));
  });
});

describe("the program changed between the interrupted run and the next", () => {
  test("an identifier (immutable) made with other settings is deleted, and one with the new settings created", async () => {
    const { first, second } = await createTwice("CustomDataIdentifier", "changed", { regex: "OLD-[0-9]+" }, { regex: "NEW-[0-9]+" });
    expect(second.id).not.toBe(first.id);
    expect((await identifiers()).map((c) => c.id)).toEqual([second.id]);
    expect((await macie.send(new GetCustomDataIdentifierCommand({ id: first.id }))).deleted).toBe(true);
  });

  test("a job made with another definition is cancelled, and the new one created", async () => {
    const other = { ...JOB, s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ["other-bucket"] }] } };
    const { first, second } = await createTwice("ClassificationJob", "audit", JOB, other);
    expect(second.id).not.toBe(first.id);
    expect(await jobStatus(first.id)).toBe("CANCELLED");
    expect((await jobs()).filter((j) => j.jobStatus !== "CANCELLED").map((j) => j.jobId)).toEqual([second.id]);
  });

  test("a filter (updatable) is adopted and updated in place, renamed to the new auto-name", async () => {
    const { first, second } = await createTwice("FindingsFilter", "suppress", FILTER, { ...FILTER, action: "NOOP" });
    expect(second.id).toBe(first.id);
    expect(second.inputs.name).not.toBe(first.inputs.name); // the auto-name follows the inputs
    expect(await macie.send(new GetFindingsFilterCommand({ id: first.id }))).toMatchObject({ name: second.inputs.name, action: "NOOP" });
    expect(await filters()).toHaveLength(1);
  });
});

describe("never adopted", () => {
  test("another's filter with the wanted name stops the create at once, with its id and the ways out; the suggested tag lets it be adopted", async () => {
    const theirs = await macie.send(new CreateFindingsFilterCommand({ name: "shared-name", action: "NOOP", findingCriteria: FILTER.findingCriteria }));
    const args = { ...FILTER, name: "shared-name", __owner: "org/project/stack|macie:FindingsFilter::mine" };
    const error = await h.up("FindingsFilter", "mine", args).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toContain(`a findings filter named "shared-name" already exists in account ${ACCOUNT}, us-east-1 (id ${theirs.id})`);
    expect(error?.message).toContain("give this resource another name");
    const tag = /tag it (pulumi-macie:owner)=(\S+) and run pulumi up again/.exec(error!.message);
    expect(tag).not.toBeNull();
    expect(await filters()).toHaveLength(1); // nothing created, nothing changed

    // The third way out: tag it as the message says, and the next `pulumi up` adopts it.
    await macie.send(new TagResourceCommand({ resourceArn: theirs.arn, tags: { [tag![1]]: tag![2] } }));
    await h.newPluginProcess();
    const adopted = await h.up("FindingsFilter", "mine", args);
    expect(adopted.id).toBe(theirs.id);
    expect(await macie.send(new GetFindingsFilterCommand({ id: theirs.id }))).toMatchObject({ action: "ARCHIVE" });
  });

  test("another resource's identifier with the same settings is left alone", async () => {
    const a = await h.up("CustomDataIdentifier", "a", { name: "same", regex: "S-[0-9]+", __owner: "o|a" });
    await h.newPluginProcess();
    const b = await h.up("CustomDataIdentifier", "b", { name: "same", regex: "S-[0-9]+", __owner: "o|b" });
    expect(b.id).not.toBe(a.id);
    expect(await identifiers()).toHaveLength(2);
  });

  test("the object a replacement replaces (diffed by the engine first) is not claimed, even with the same inputs", async () => {
    const owner = "org/project/stack|macie:ClassificationJob::weekly";
    const old = await h.up("ClassificationJob", "weekly", { ...JOB, __owner: owner });
    await h.newPluginProcess();
    // `pulumi up --replace`: the engine diffs the old job, then creates its replacement, then deletes the old.
    await h.diff("ClassificationJob", old.id, old.outs, old.inputs);
    const replacement = await h.up("ClassificationJob", "weekly", { ...JOB, __owner: owner });
    expect(replacement.id).not.toBe(old.id);
    expect(await jobStatus(old.id)).not.toBe("CANCELLED");
  });
});

describe("the ownership mark is pulumi-macie's own", () => {
  test("it is on the object, but never in the resource's tags, so it never shows as drift", async () => {
    const cdi = await h.up("CustomDataIdentifier", "quiet", { regex: "Q-[0-9]+", tags: { a: "1" } });
    expect((await macie.send(new GetCustomDataIdentifierCommand({ id: cdi.id }))).tags).toEqual(marked({ a: "1" }));
    const read = await h.refresh(cdi);
    expect(read!.outs.tags).toEqual({ a: "1" });
    expect((await h.diff("CustomDataIdentifier", cdi.id, read!.outs, cdi.inputs)).changes).toBe(false);
    // Removing every tag of the program leaves the mark in place.
    await h.upAgain(cdi, { regex: "Q-[0-9]+" });
    expect((await macie.send(new GetCustomDataIdentifierCommand({ id: cdi.id }))).tags).toEqual(marked());
  });

  test("programs cannot set tags under pulumi-macie:, and keep one of Macie's 50 tags free for the mark", async () => {
    const { failures } = await h.check("FindingsFilter", { ...FILTER, __name: "f", tags: { "pulumi-macie:owner": "x" } });
    expect(failures).toEqual([{ property: "", reason: `tags["pulumi-macie:owner"]: tag keys must not start with pulumi-macie: (reserved for pulumi-macie's ownership mark)` }]);
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
    const tooMany = await h.check("ClassificationJob", { ...JOB, __name: "j", tags: fifty });
    expect(tooMany.failures).toEqual([
      { property: "tags", reason: "must have at most 49 entries (got 50): Macie allows 50 tags, and pulumi-macie keeps one for its ownership mark (pulumi-macie:owner)" },
    ]);
  });
});

describe("a finished job is released, never adopted again", () => {
  test("a one-time job that completed and was replaced is not taken back when the program returns to its definition", async () => {
    // Runs last a minute of emulator time; the test moves the clock rather than waiting.
    const em = await startProviderHarness({ config: { jobs: { oneTimeRunMs: 60_000, scheduledRunMs: 60_000 } } });
    try {
      await em.enableMacie();
      const client = em.client();
      const status = async (jobId: string) => (await client.send(new DescribeClassificationJobCommand({ jobId }))).jobStatus;
      const owner = "org/project/stack|macie:ClassificationJob::audit";
      const first = await em.up("ClassificationJob", "audit", { ...JOB, __owner: owner });
      await em.em.admin.advanceClock(120_000);
      expect(await status(first.id)).toBe("COMPLETE");
      // Another definition replaces it: a new job, and the completed one is released (untagged).
      const other = { ...JOB, s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ["other-bucket"] }] } };
      const second = (await em.upAgain(first, other)).deployed;
      expect(second.id).not.toBe(first.id);
      expect((await client.send(new DescribeClassificationJobCommand({ jobId: first.id }))).tags).toEqual({ team: "privacy" });
      // Back to the first definition, in a later run: a new scan, not the old completed job.
      await em.newPluginProcess();
      const third = (await em.upAgain(second, JOB)).deployed;
      expect([first.id, second.id]).not.toContain(third.id);
      expect(await status(third.id)).toBe("RUNNING");
    } finally {
      await em.stop();
    }
  });
});
