/**
 * macie.ClassificationJob through the real provider runtime against macie-local: the whole life,
 * the desired jobStatus, replacement (create new, cancel old), drift of every kind, call counts,
 * safe retries of a create, and Macie's 0.1 requests/s create quota.
 *
 * Calls per operation: diff 0; read 1 (DescribeClassificationJob); a tag-only update only
 * TagResource / UntagResource; a jobStatus change Describe + Update + Describe; delete Describe +
 * Update(CANCELLED), or Describe alone for a job already COMPLETE or CANCELLED.
 *
 * Simulated progress is slowed to an hour per run, far longer than this file takes, and moved on
 * with the emulator's clock, so that a job is RUNNING until a test says otherwise, however slow
 * the machine. The clock starts just after 00:00 UTC, so the weekly job's next run is a day away
 * or more.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { DescribeClassificationJobCommand, TagResourceCommand, UpdateClassificationJobCommand, type Macie2Client } from "@aws-sdk/client-macie2";
import { ACCOUNT, REGION, startProviderHarness, type Deployed, type ProviderHarness, marked } from "../helpers/provider";
import { startOfDay, untilFailed } from "../helpers/macie";

const TYPE = "ClassificationJob";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const RUN_MS = 60 * 60_000;
const BUCKETS = { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ["data-bucket"] }] };
const ONE_TIME = { jobType: "ONE_TIME", s3JobDefinition: BUCKETS };
const SCHEDULED = {
  jobType: "SCHEDULED",
  description: "weekly scan of the data bucket",
  s3JobDefinition: {
    ...BUCKETS,
    scoping: { excludes: { and: [{ simpleScopeTerm: { key: "OBJECT_EXTENSION", comparator: "EQ", values: ["log"] } }] } },
  },
  scheduleFrequency: { weeklySchedule: { dayOfWeek: "MONDAY" } },
  initialRun: true,
  samplingPercentage: 50,
  tags: { team: "privacy", env: "test" },
};

let h: ProviderHarness;
let macie: Macie2Client;

beforeAll(async () => {
  h = await startProviderHarness({ config: { jobs: { oneTimeRunMs: RUN_MS, scheduledRunMs: RUN_MS } } });
  await startOfDay(h.em.admin);
  await h.enableMacie();
  macie = h.client();
});
afterAll(() => h?.stop());

const describeJob = (jobId: string) => macie.send(new DescribeClassificationJobCommand({ jobId }));
const setStatus = (jobId: string, jobStatus: "RUNNING" | "USER_PAUSED" | "CANCELLED") => macie.send(new UpdateClassificationJobCommand({ jobId, jobStatus }));

/** Jobs of the default account with this name, from the emulator's state. */
async function jobsNamed(name: string): Promise<Record<string, any>[]> {
  const world = await h.em.admin.state();
  return Object.values(world.accounts[ACCOUNT]?.[REGION]?.jobs ?? {}).filter((j) => j.name === name);
}

describe("life of a classification job", () => {
  let job: Deployed;
  let args: Record<string, any> = SCHEDULED;

  test("create: auto-named, defaults recorded, Macie's view in the outputs", async () => {
    job = await h.up(TYPE, "weekly", SCHEDULED);
    expect(job.inputs.name).toMatch(/^weekly-[0-9a-f]{7}$/);
    expect(job.outs).toMatchObject({
      ...SCHEDULED,
      name: job.inputs.name,
      managedDataIdentifierSelector: "RECOMMENDED",
      jobStatus: "RUNNING",
      jobId: job.id,
      jobArn: `arn:aws:macie2:us-east-1:111111111111:classification-job/${job.id}`,
      status: "RUNNING",
      lastRunErrorStatus: { code: "NONE" },
      statistics: { numberOfRuns: 1 },
    });
    expect(Date.parse(job.outs.createdAt)).not.toBeNaN();
    const real = await describeJob(job.id);
    expect(real).toMatchObject({ name: job.inputs.name, jobType: "SCHEDULED", samplingPercentage: 50, scheduleFrequency: SCHEDULED.scheduleFrequency, tags: SCHEDULED.tags });
  });

  test("read after create: one DescribeClassificationJob call, and no drift", async () => {
    const { result: read, calls, operations } = await h.countCalls(() => h.refresh(job));
    expect(calls).toBe(1);
    expect(operations).toMatchObject({ DescribeClassificationJob: 1 });
    expect(read!.outs).toMatchObject({ status: "RUNNING", jobStatus: "RUNNING", tags: SCHEDULED.tags, jobArn: job.outs.jobArn });
    expect(await h.diff(TYPE, job.id, read!.outs, job.inputs)).toMatchObject({ changes: false });
  });

  test("the same program again: no diff, and diff makes zero calls", async () => {
    const { inputs } = await h.check(TYPE, { ...SCHEDULED, __name: "weekly" }, job.inputs);
    expect(inputs.name).toBe(job.inputs.name);
    const { result: d, calls } = await h.countCalls(() => h.diff(TYPE, job.id, job.outs, inputs));
    expect(calls).toBe(0);
    expect(d).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("a tag-only change makes only TagResource and UntagResource calls", async () => {
    args = { ...args, tags: { team: "security", owner: "alice" } };
    const { result, operations } = await h.countCalls(() => h.upAgain(job, args));
    expect(result.action).toBe("update");
    expect(operations).toEqual({ TagResource: 1, UntagResource: 1 });
    expect((await describeJob(job.id)).tags).toEqual(marked(args.tags));
    expect(result.deployed.outs).toMatchObject({ jobId: job.id, jobArn: job.outs.jobArn, status: "RUNNING", tags: args.tags });
    job = result.deployed;
  });

  test("jobStatus USER_PAUSED pauses the job in place", async () => {
    args = { ...args, jobStatus: "USER_PAUSED" };
    const { result, operations } = await h.countCalls(() => h.upAgain(job, args));
    expect(result.action).toBe("update");
    expect(operations).toEqual({ DescribeClassificationJob: 2, UpdateClassificationJob: 1 });
    expect((await describeJob(job.id)).jobStatus).toBe("USER_PAUSED");
    expect(result.deployed.outs).toMatchObject({ status: "USER_PAUSED", jobStatus: "USER_PAUSED" });
    expect(Date.parse(result.deployed.outs.userPausedDetails.jobPausedAt)).not.toBeNaN();
    job = result.deployed;
    expect((await h.diff(TYPE, job.id, (await h.refresh(job))!.outs, job.inputs)).changes).toBe(false);
  });

  test("jobStatus RUNNING resumes it", async () => {
    args = { ...args, jobStatus: "RUNNING" };
    const { result } = await h.countCalls(() => h.upAgain(job, args));
    expect(result.action).toBe("update");
    expect((await describeJob(job.id)).jobStatus).toBe("RUNNING");
    expect(result.deployed.outs).toMatchObject({ status: "RUNNING", jobStatus: "RUNNING" });
    expect(result.deployed.outs.userPausedDetails).toBeUndefined();
    job = result.deployed;
  });

  test.each([
    ["name", { name: "renamed" }],
    ["description", { description: "changed" }],
    ["jobType", { jobType: "ONE_TIME", scheduleFrequency: undefined, initialRun: undefined }],
    ["s3JobDefinition", { s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ["other-bucket"] }] } }],
    ["s3JobDefinition", { s3JobDefinition: UNKNOWN }],
    ["scheduleFrequency", { scheduleFrequency: { monthlySchedule: { dayOfMonth: 1 } } }],
    ["initialRun", { initialRun: false }],
    ["samplingPercentage", { samplingPercentage: 100 }],
    ["customDataIdentifierIds", { customDataIdentifierIds: ["cdi-1"] }],
    ["managedDataIdentifierSelector", { managedDataIdentifierSelector: "ALL" }],
    ["allowListIds", { allowListIds: ["list-1"] }],
  ])("diff reports a change of %s as a replacement, with zero calls", async (field, change) => {
    const { inputs, failures } = await h.check(TYPE, { ...args, ...change, __name: "weekly" }, job.inputs);
    expect(failures).toEqual([]);
    const { result: d, calls } = await h.countCalls(() => h.diff(TYPE, job.id, job.outs, inputs));
    expect(calls).toBe(0);
    expect(d.changes).toBe(true);
    expect(d.deleteBeforeReplace).toBe(false);
    expect(d.replaces).toContain(field);
  });

  test("the managed identifier list (with INCLUDE) is part of the definition", async () => {
    const withIds = { ...args, managedDataIdentifierSelector: "INCLUDE", managedDataIdentifierIds: ["CREDIT_CARD_NUMBER"] };
    const { inputs } = await h.check(TYPE, { ...withIds, __name: "weekly" }, job.inputs);
    expect((await h.diff(TYPE, job.id, job.outs, inputs)).replaces.sort()).toEqual(["managedDataIdentifierIds", "managedDataIdentifierSelector"]);
  });

  test("replacement creates the new job first, then cancels the old one", async () => {
    args = { ...args, scheduleFrequency: { dailySchedule: {} } };
    const { result, operations } = await h.countCalls(() => h.upAgain(job, args));
    expect(result.action).toBe("replace");
    expect(result.diff.replaces).toEqual(["scheduleFrequency"]);
    expect(result.deployed.id).not.toBe(job.id);
    expect(operations).toMatchObject({ CreateClassificationJob: 1, UpdateClassificationJob: 1 });
    // The emulator's request log: the create came before the cancel.
    const log = (await h.em.admin.requests()).filter((r) => r.operation === "CreateClassificationJob" || r.operation === "UpdateClassificationJob");
    const [create, cancel] = log.slice(-2);
    expect(create.operation).toBe("CreateClassificationJob");
    expect(cancel).toMatchObject({ operation: "UpdateClassificationJob", labels: { jobId: job.id }, body: { jobStatus: "CANCELLED" } });
    expect((await describeJob(job.id)).jobStatus).toBe("CANCELLED");
    expect(await describeJob(result.deployed.id)).toMatchObject({ jobStatus: "RUNNING", scheduleFrequency: { dailySchedule: {} }, name: job.inputs.name });
    job = result.deployed;
  });

  test("delete cancels the job; deleting a cancelled job makes no change", async () => {
    const first = await h.countCalls(() => h.destroy(job));
    expect(first.operations).toEqual({ DescribeClassificationJob: 1, UpdateClassificationJob: 1 });
    expect((await describeJob(job.id)).jobStatus).toBe("CANCELLED");
    const again = await h.countCalls(() => h.destroy(job));
    expect(again.operations).toEqual({ DescribeClassificationJob: 1 });
    expect(again.mutating).toBe(0);
  });
});

describe("bucket names as Macie's API model has them", () => {
  test("a job over legacy buckets (capitals, underscores, up to 255 characters) is created with them", async () => {
    const buckets = ["Legacy_Data.2017", "b".repeat(255)];
    const job = await h.up(TYPE, "legacy", { ...ONE_TIME, s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets }] } });
    expect((await describeJob(job.outs.jobId)).s3JobDefinition?.bucketDefinitions).toEqual([{ accountId: ACCOUNT, buckets }]);
    await h.destroy(job);
  });
});

describe("created with jobStatus USER_PAUSED", () => {
  test("the job is created and paused at once", async () => {
    const job = await h.up(TYPE, "paused", { ...ONE_TIME, jobStatus: "USER_PAUSED" });
    expect((await describeJob(job.id)).jobStatus).toBe("USER_PAUSED");
    expect(job.outs).toMatchObject({ status: "USER_PAUSED", jobStatus: "USER_PAUSED" });
  });
});

describe("drift", () => {
  test("a job cancelled outside Pulumi reads as gone; the next up creates a new job", async () => {
    const job = await h.up(TYPE, "cancelled", ONE_TIME);
    await setStatus(job.id, "CANCELLED");
    expect(await h.refresh(job)).toBeUndefined();
    const again = await h.up(TYPE, "cancelled", { ...ONE_TIME, name: job.inputs.name });
    expect(again.id).not.toBe(job.id);
    expect((await describeJob(again.id)).jobStatus).toBe("RUNNING");
  });

  test("a job user-paused outside Pulumi shows as drift of jobStatus; the next up resumes it", async () => {
    const job = await h.up(TYPE, "hand-paused", ONE_TIME);
    await setStatus(job.id, "USER_PAUSED");
    const refreshed = (await h.refresh(job))!;
    expect(refreshed.outs).toMatchObject({ status: "USER_PAUSED", jobStatus: "USER_PAUSED" });
    const { result } = await h.countCalls(() => h.upAgain(refreshed, ONE_TIME));
    expect(result.action).toBe("update");
    expect(result.diff.replaces).toEqual([]);
    expect((await describeJob(job.id)).jobStatus).toBe("RUNNING");
  });

  test("a job resumed outside Pulumi while USER_PAUSED is wanted shows as drift; the next up pauses it", async () => {
    const args = { ...ONE_TIME, jobStatus: "USER_PAUSED" };
    const job = await h.up(TYPE, "hand-resumed", args);
    await setStatus(job.id, "RUNNING");
    const refreshed = (await h.refresh(job))!;
    expect(refreshed.outs).toMatchObject({ status: "RUNNING", jobStatus: "RUNNING" });
    const { result } = await h.countCalls(() => h.upAgain(refreshed, args));
    expect(result.action).toBe("update");
    expect((await describeJob(job.id)).jobStatus).toBe("USER_PAUSED");
  });

  test("tags changed outside Pulumi show as drift, fixed in place", async () => {
    const args = { ...ONE_TIME, tags: { a: "1" } };
    const job = await h.up(TYPE, "retagged", args);
    await macie.send(new TagResourceCommand({ resourceArn: job.outs.jobArn, tags: { b: "2" } }));
    const refreshed = (await h.refresh(job))!;
    expect(refreshed.outs.tags).toEqual({ a: "1", b: "2" });
    const { result, operations } = await h.countCalls(() => h.upAgain(refreshed, args));
    expect(result.action).toBe("update");
    expect(operations).toEqual({ UntagResource: 1 });
  });

  test("a job paused by Macie at a quota produces no diff", async () => {
    const job = await h.up(TYPE, "quota", ONE_TIME);
    await h.em.admin.pauseJobAtQuota(ACCOUNT, REGION, job.id);
    const refreshed = (await h.refresh(job))!;
    expect(refreshed.outs).toMatchObject({ status: "PAUSED", jobStatus: "RUNNING" });
    expect((await h.diff(TYPE, job.id, refreshed.outs, job.inputs)).changes).toBe(false);
  });

  test("read without a recorded definition (import) takes Macie's values", async () => {
    const job = await h.up(TYPE, "imported", { ...SCHEDULED, scheduleFrequency: { monthlySchedule: { dayOfMonth: 15 } } });
    const r = await h.read(TYPE, job.id, {});
    expect(r.inputs).toMatchObject({
      name: job.inputs.name,
      jobType: "SCHEDULED",
      s3JobDefinition: SCHEDULED.s3JobDefinition,
      scheduleFrequency: { monthlySchedule: { dayOfMonth: 15 } },
      samplingPercentage: 50,
      managedDataIdentifierSelector: "RECOMMENDED",
      jobStatus: "RUNNING",
    });
  });

  // Moves the emulator's clock past every run in progress: keep these last.
  describe("after the runs end", () => {
    let oneTime: Deployed;
    let scheduled: Deployed;

    beforeAll(async () => {
      oneTime = await h.up(TYPE, "completes", ONE_TIME);
      scheduled = await h.up(TYPE, "goes-idle", SCHEDULED);
      await h.em.admin.advanceClock(RUN_MS + 1000);
    });

    test("a completed one-time job produces no diff", async () => {
      const refreshed = (await h.refresh(oneTime))!;
      expect(refreshed.outs).toMatchObject({ status: "COMPLETE", jobStatus: "RUNNING" });
      expect((await h.diff(TYPE, oneTime.id, refreshed.outs, oneTime.inputs)).changes).toBe(false);
    });

    test("a scheduled job idle between runs produces no diff", async () => {
      const refreshed = (await h.refresh(scheduled))!;
      expect(refreshed.outs).toMatchObject({ status: "IDLE", jobStatus: "RUNNING" });
      expect((await h.diff(TYPE, scheduled.id, refreshed.outs, scheduled.inputs)).changes).toBe(false);
    });

    test("tags still change on a completed job", async () => {
      const { result } = await h.countCalls(() => h.upAgain(oneTime, { ...ONE_TIME, tags: { done: "yes" } }));
      expect(result.action).toBe("update");
      expect((await describeJob(oneTime.id)).tags).toEqual(marked({ done: "yes" }));
      oneTime = result.deployed;
    });

    test("pausing a completed job fails with a message that says why and what to do", async () => {
      const failed = await h.upAgain(oneTime, { ...ONE_TIME, tags: { done: "yes" }, jobStatus: "USER_PAUSED" }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(failed?.message).toMatch(new RegExp(`cannot set classification job ${oneTime.id} to USER_PAUSED: the job is COMPLETE`));
      expect(failed?.message).toMatch(/replace the job/);
    });

    test("deleting a completed job leaves it COMPLETE, and only releases it (its ownership mark is removed)", async () => {
      const { operations } = await h.countCalls(() => h.destroy(oneTime));
      expect(operations).toEqual({ DescribeClassificationJob: 1, UntagResource: 1 });
      const job = await describeJob(oneTime.id);
      expect(job.jobStatus).toBe("COMPLETE");
      expect(job.tags?.["pulumi-macie:owner"]).toBeUndefined();
    });

    test("pausing and resuming an idle scheduled job", async () => {
      const paused = await h.upAgain(scheduled, { ...SCHEDULED, jobStatus: "USER_PAUSED" });
      expect((await describeJob(scheduled.id)).jobStatus).toBe("USER_PAUSED");
      const resumed = await h.upAgain(paused.deployed, SCHEDULED);
      expect(resumed.action).toBe("update");
      expect((await describeJob(scheduled.id)).jobStatus).toBe("IDLE");
    });
  });
});

describe("creates are safe to retry, and ride out Macie's quota", () => {
  test("a create whose response is lost is retried with the same clientToken: one job", async () => {
    await h.em.admin.setFaults({ realRateLimits: false, rules: { CreateClassificationJob: { dropAfterCommit: { count: 1 } } } });
    try {
      const { result: job, failed } = await h.countCalls(() => h.up(TYPE, "dropped", ONE_TIME));
      expect(failed.CreateClassificationJob).toBeDefined(); // the lost response
      const jobs = await jobsNamed(job.inputs.name);
      expect(jobs.map((j) => j.jobId)).toEqual([job.id]);
    } finally {
      await h.em.admin.setFaults({ realRateLimits: false });
    }
  });

  test("a job that reads as not found for a moment after create is waited for", async () => {
    // Not found for ten minutes of the emulator's clock, which moves on only once the provider has
    // met the 404: the provider's first read falls inside the window however slow the machine.
    const windowMs = 10 * 60_000;
    await h.em.admin.setFaults({ realRateLimits: false, rules: { DescribeClassificationJob: { eventualConsistencyMs: windowMs } } });
    try {
      const notFoundBefore = (await h.em.admin.calls()).operations.DescribeClassificationJob?.failed.ResourceNotFoundException ?? 0;
      const up = h.countCalls(() => h.up(TYPE, "eventual", ONE_TIME));
      await untilFailed(h.em.admin, "DescribeClassificationJob", "ResourceNotFoundException", notFoundBefore);
      await h.em.admin.advanceClock(windowMs);
      const { result: job, failed } = await up;
      expect(failed.DescribeClassificationJob?.ResourceNotFoundException).toBeGreaterThan(0);
      expect(job.outs).toMatchObject({ jobId: job.id, status: "RUNNING" });
    } finally {
      await h.em.admin.setFaults({ realRateLimits: false });
    }
  });

  test("with Macie's real 0.1 requests/s create quota on, two jobs back to back both get created", async () => {
    await h.em.admin.setFaults({ realRateLimits: true });
    // The quota refills with the emulator's clock, which follows the real one: freeze it (Date, in
    // this process: emulator and provider), so that the second create is throttled however long
    // the first took, and is let through when the test moves the clock on by the quota's 10 s.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const throttledBefore = (await h.em.admin.calls()).operations.CreateClassificationJob?.failed.ThrottlingException ?? 0;
      const { result, failed } = await h.countCalls(async () => {
        const first = await h.up(TYPE, "quota-a", ONE_TIME);
        const second = h.up(TYPE, "quota-b", ONE_TIME);
        await untilFailed(h.em.admin, "CreateClassificationJob", "ThrottlingException", throttledBefore);
        await h.em.admin.advanceClock(10_000);
        return [first, await second];
      });
      expect(failed.CreateClassificationJob?.ThrottlingException).toBeGreaterThan(0); // the quota was met, and ridden out
      for (const job of result) expect((await jobsNamed(job.inputs.name)).map((j) => j.jobId)).toEqual([job.id]);
    } finally {
      vi.useRealTimers();
      await h.em.admin.setFaults({ realRateLimits: false });
    }
  });
});
