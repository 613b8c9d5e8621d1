/**
 * Classification jobs over HTTP with the real SDK: creation and its validation, the full status
 * machine, simulated progress (moved on with the emulator's clock, not with sleeps), scheduled
 * runs, USER_PAUSED expiry, PAUSED at a quota, listing, idempotency and a restart.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CreateClassificationJobCommand,
  CreateCustomDataIdentifierCommand,
  DeleteCustomDataIdentifierCommand,
  DescribeClassificationJobCommand,
  EnableMacieCommand,
  ListClassificationJobsCommand,
  ListTagsForResourceCommand,
  Macie2Client,
  UpdateClassificationJobCommand,
  type CreateClassificationJobRequest,
  type JobStatus,
} from "@aws-sdk/client-macie2";
import { startMacieLocal, type EmulatorConfig, type MacieLocal } from "../../emulator";
import { pauseJobAtQuota } from "../../emulator/operations/jobs";
import { expectMacieError } from "../helpers/errors";
import { startOfDay } from "../helpers/macie";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/**
 * A run lasts an hour of emulator time: far longer than this file takes, so a run ends only when a
 * test moves the emulator's clock past it, never because the machine is slow; and shorter than a
 * day, so that daily runs do not overlap.
 */
const RUN = HOUR;
const CONFIG: EmulatorConfig = { jobs: { oneTimeRunMs: RUN, scheduledRunMs: RUN }, faults: { realRateLimits: false } };

let em: MacieLocal;
let nextAccount = 600000000001;

const clientFor = (local: MacieLocal, accountId: string, region = "us-east-1") =>
  new Macie2Client({ endpoint: local.url, region, credentials: { accessKeyId: accountId, secretAccessKey: "test" } });

beforeAll(async () => {
  em = await startMacieLocal({ config: CONFIG });
});
afterAll(async () => {
  await em.stop();
});

async function account(): Promise<{ c: Macie2Client; id: string }> {
  const id = String(nextAccount++);
  const c = clientFor(em, id);
  await c.send(new EnableMacieCommand({}));
  return { c, id };
}

const advance = (ms: number) => em.admin.advanceClock(ms);
const emulatorNow = async () => new Date((await em.admin.advanceClock(0)).now).getTime();

/** The first 00:00 UTC strictly after `after` on a day that satisfies `day`. */
function nextMidnight(after: number, day: (d: Date) => boolean = () => true): number {
  for (let t = Math.floor(after / DAY) * DAY + DAY; ; t += DAY) if (day(new Date(t))) return t;
}

/** Moves the emulator's clock to `at` (it only moves forward). */
async function advanceTo(at: number): Promise<void> {
  await advance(at - (await emulatorNow()));
}

const BUCKETS = { bucketDefinitions: [{ accountId: "111111111111", buckets: ["bucket-a"] }] };
const ONE_TIME: CreateClassificationJobRequest = { name: "one-time", jobType: "ONE_TIME", s3JobDefinition: BUCKETS };
const DAILY: CreateClassificationJobRequest = { name: "daily", jobType: "SCHEDULED", scheduleFrequency: { dailySchedule: {} }, s3JobDefinition: BUCKETS };

async function create(c: Macie2Client, request: CreateClassificationJobRequest = ONE_TIME): Promise<string> {
  return (await c.send(new CreateClassificationJobCommand(request))).jobId!;
}
const describeJob = (c: Macie2Client, jobId: string) => c.send(new DescribeClassificationJobCommand({ jobId }));
const status = async (c: Macie2Client, jobId: string) => (await describeJob(c, jobId)).jobStatus;
const update = (c: Macie2Client, jobId: string, jobStatus: JobStatus | string) =>
  c.send(new UpdateClassificationJobCommand({ jobId, jobStatus: jobStatus as JobStatus }));

describe("CreateClassificationJob and DescribeClassificationJob", () => {
  it("creates a one-time job and describes every setting, with Macie's defaults", async () => {
    const { c, id } = await account();
    const { jobId, jobArn } = await c.send(new CreateClassificationJobCommand({ ...ONE_TIME, description: "first", tags: { team: "privacy" }, clientToken: "tok-a" }));
    expect(jobArn).toBe(`arn:aws:macie2:us-east-1:${id}:classification-job/${jobId}`);
    const job = await describeJob(c, jobId!);
    expect(job).toMatchObject({
      clientToken: "tok-a",
      description: "first",
      initialRun: false, // the reference: "also false for a one-time job"
      jobArn,
      jobId,
      jobStatus: "RUNNING",
      jobType: "ONE_TIME",
      lastRunErrorStatus: { code: "NONE" },
      managedDataIdentifierSelector: "RECOMMENDED",
      name: "one-time",
      s3JobDefinition: BUCKETS,
      samplingPercentage: 100,
      statistics: { numberOfRuns: 1 },
      tags: { team: "privacy" },
    });
    expect(job.createdAt).toBeInstanceOf(Date);
    expect(job.lastRunTime).toEqual(job.createdAt);
    expect(job.scheduleFrequency).toBeUndefined();
    expect(job.userPausedDetails).toBeUndefined();
    expect((job as any)._sim).toBeUndefined();
    expect(job.statistics!.approximateNumberOfObjectsToProcess).toBeGreaterThan(0);
    // Tags live where TagResource/ListTagsForResource find them.
    expect((await c.send(new ListTagsForResourceCommand({ resourceArn: jobArn }))).tags).toEqual({ team: "privacy" });
  });

  it("runs a one-time job to COMPLETE after the configured run time, counting down the objects", async () => {
    const { c } = await account();
    const jobId = await create(c);
    const start = (await describeJob(c, jobId)).statistics!.approximateNumberOfObjectsToProcess!;
    await advance(RUN / 2);
    const half = await describeJob(c, jobId);
    expect(half.jobStatus).toBe("RUNNING");
    expect(half.statistics!.approximateNumberOfObjectsToProcess).toBeLessThan(start);
    await advance(RUN / 2);
    const done = await describeJob(c, jobId);
    expect(done.jobStatus).toBe("COMPLETE");
    expect(done.statistics).toEqual({ approximateNumberOfObjectsToProcess: 0, numberOfRuns: 1 });
  });

  it("keeps every setting of a scheduled job with bucket criteria, scoping and identifiers", async () => {
    await startOfDay(em.admin); // IDLE until its first scheduled run
    const { c } = await account();
    const { customDataIdentifierId: cdi } = await c.send(new CreateCustomDataIdentifierCommand({ name: "emp", regex: "EMP-\\d{6}" }));
    const request: CreateClassificationJobRequest = {
      name: "weekly",
      jobType: "SCHEDULED",
      scheduleFrequency: { weeklySchedule: { dayOfWeek: "MONDAY" } },
      initialRun: false,
      samplingPercentage: 50,
      customDataIdentifierIds: [cdi!],
      managedDataIdentifierSelector: "INCLUDE",
      managedDataIdentifierIds: ["CREDIT_CARD_NUMBER", "AWS_CREDENTIALS"],
      s3JobDefinition: {
        bucketCriteria: {
          includes: { and: [{ simpleCriterion: { comparator: "EQ", key: "ACCOUNT_ID", values: ["111111111111"] } }] },
          excludes: { and: [{ tagCriterion: { comparator: "EQ", tagValues: [{ key: "macie", value: "skip" }, { key: "legacy" }] } }] },
        },
        scoping: {
          includes: {
            and: [
              { simpleScopeTerm: { comparator: "EQ", key: "OBJECT_EXTENSION", values: ["csv", "json"] } },
              { simpleScopeTerm: { comparator: "LT", key: "OBJECT_SIZE", values: ["1048576"] } },
              { simpleScopeTerm: { comparator: "STARTS_WITH", key: "OBJECT_KEY", values: ["exports/"] } },
              { simpleScopeTerm: { comparator: "GTE", key: "OBJECT_LAST_MODIFIED_DATE", values: ["2024-01-01T00:00:00Z"] } },
            ],
          },
          excludes: { and: [{ tagScopeTerm: { comparator: "EQ", key: "TAG", tagValues: [{ key: "public", value: "" }], target: "S3_OBJECT" } }] },
        },
      },
    };
    const jobId = await create(c, request);
    const job = await describeJob(c, jobId);
    expect(job).toMatchObject({ ...request, jobStatus: "IDLE", statistics: { numberOfRuns: 0, approximateNumberOfObjectsToProcess: 0 } });
    expect(job.lastRunTime).toBeUndefined();
  });

  it("answers 404 naming an unknown job", async () => {
    const { c } = await account();
    await expectMacieError(describeJob(c, "nojob"), "ResourceNotFoundException", "nojob");
    await expectMacieError(update(c, "nojob", "CANCELLED"), "ResourceNotFoundException", "nojob");
  });

  it("returns the first job for a repeated clientToken and creates no duplicate", async () => {
    const { c } = await account();
    const first = await c.send(new CreateClassificationJobCommand({ ...ONE_TIME, clientToken: "same" }));
    const again = await c.send(new CreateClassificationJobCommand({ ...ONE_TIME, clientToken: "same" }));
    expect(again).toMatchObject({ jobId: first.jobId, jobArn: first.jobArn });
    expect((await c.send(new ListClassificationJobsCommand({}))).items).toHaveLength(1);
  });
});

describe("validation of CreateClassificationJob", () => {
  const cases: [string, Partial<CreateClassificationJobRequest> | Record<string, unknown>, string][] = [
    ["a missing name", { name: undefined }, "name is required"],
    ["a name of 501 characters", { name: "n".repeat(501) }, "name must be at most 500"],
    ["a description of 201 characters", { description: "d".repeat(201) }, "description must be at most 200"],
    ["a missing jobType", { jobType: undefined }, "jobType is required"],
    ["an unknown jobType", { jobType: "DAILY" }, "jobType must be one of ONE_TIME, SCHEDULED"],
    ["a schedule on a ONE_TIME job", { scheduleFrequency: { dailySchedule: {} } }, "scheduleFrequency must not be specified when jobType is ONE_TIME"],
    ["initialRun on a ONE_TIME job", { initialRun: true }, "initialRun applies only to SCHEDULED jobs"],
    ["a SCHEDULED job without schedule", { jobType: "SCHEDULED" }, "scheduleFrequency is required"],
    ["an empty schedule", { jobType: "SCHEDULED", scheduleFrequency: {} }, "scheduleFrequency must specify exactly one of dailySchedule, weeklySchedule, monthlySchedule"],
    [
      "two schedules",
      { jobType: "SCHEDULED", scheduleFrequency: { dailySchedule: {}, monthlySchedule: { dayOfMonth: 1 } } },
      "scheduleFrequency must specify exactly one of dailySchedule, weeklySchedule, monthlySchedule (got dailySchedule, monthlySchedule)",
    ],
    ["a weekly schedule without day", { jobType: "SCHEDULED", scheduleFrequency: { weeklySchedule: {} } }, "scheduleFrequency.weeklySchedule.dayOfWeek is required"],
    ["an unknown weekday", { jobType: "SCHEDULED", scheduleFrequency: { weeklySchedule: { dayOfWeek: "FUNDAY" } } }, "scheduleFrequency.weeklySchedule.dayOfWeek must be one of"],
    ["day of month 0", { jobType: "SCHEDULED", scheduleFrequency: { monthlySchedule: { dayOfMonth: 0 } } }, "scheduleFrequency.monthlySchedule.dayOfMonth must be at least 1"],
    ["day of month 32", { jobType: "SCHEDULED", scheduleFrequency: { monthlySchedule: { dayOfMonth: 32 } } }, "scheduleFrequency.monthlySchedule.dayOfMonth must be at most 31"],
    ["a missing s3JobDefinition", { s3JobDefinition: undefined }, "s3JobDefinition is required"],
    ["no buckets at all", { s3JobDefinition: {} }, "s3JobDefinition must specify exactly one of bucketDefinitions, bucketCriteria"],
    [
      "bucketDefinitions and bucketCriteria",
      { s3JobDefinition: { ...BUCKETS, bucketCriteria: { includes: { and: [] } } } },
      "s3JobDefinition must specify exactly one of bucketDefinitions, bucketCriteria (got bucketDefinitions, bucketCriteria)",
    ],
    ["an empty bucketDefinitions", { s3JobDefinition: { bucketDefinitions: [] } }, "s3JobDefinition.bucketDefinitions must have at least 1 items"],
    ["a bad account id", { s3JobDefinition: { bucketDefinitions: [{ accountId: "1234", buckets: ["b-1"] }] } }, "s3JobDefinition.bucketDefinitions[0].accountId must be a 12-digit"],
    ["a definition without buckets", { s3JobDefinition: { bucketDefinitions: [{ accountId: "111111111111" }] } }, "s3JobDefinition.bucketDefinitions[0].buckets is required"],
    [
      "an invalid bucket name",
      { s3JobDefinition: { bucketDefinitions: [{ accountId: "111111111111", buckets: ["ok-bucket", "bad/bucket"] }] } },
      "s3JobDefinition.bucketDefinitions[0].buckets[1]",
    ],
    [
      "1,001 buckets",
      {
        s3JobDefinition: {
          bucketDefinitions: [
            { accountId: "111111111111", buckets: Array.from({ length: 600 }, (_, i) => `bucket-${i}`) },
            { accountId: "222222222222", buckets: Array.from({ length: 401 }, (_, i) => `bucket-${i}`) },
          ],
        },
      },
      "s3JobDefinition.bucketDefinitions must list at most 1000 buckets in all, got 1001",
    ],
    ["bucket criteria without includes or excludes", { s3JobDefinition: { bucketCriteria: {} } }, "s3JobDefinition.bucketCriteria must specify includes, excludes or both"],
    [
      "a bucket criterion with both kinds",
      {
        s3JobDefinition: {
          bucketCriteria: {
            includes: { and: [{ simpleCriterion: { comparator: "EQ", key: "S3_BUCKET_NAME", values: ["a"] }, tagCriterion: { comparator: "EQ", tagValues: [{ key: "k" }] } }] },
          },
        },
      },
      "s3JobDefinition.bucketCriteria.includes.and[0] must specify exactly one of simpleCriterion, tagCriterion",
    ],
    [
      "an unknown bucket criterion key",
      { s3JobDefinition: { bucketCriteria: { includes: { and: [{ simpleCriterion: { comparator: "EQ", key: "OBJECT_SIZE", values: ["1"] } }] } } } },
      "s3JobDefinition.bucketCriteria.includes.and[0].simpleCriterion.key must be one of",
    ],
    [
      "GT in a bucket criterion",
      { s3JobDefinition: { bucketCriteria: { excludes: { and: [{ simpleCriterion: { comparator: "GT", key: "ACCOUNT_ID", values: ["1"] } }] } } } },
      "s3JobDefinition.bucketCriteria.excludes.and[0].simpleCriterion.comparator must be one of EQ, NE",
    ],
    [
      "an empty tag pair",
      { s3JobDefinition: { bucketCriteria: { includes: { and: [{ tagCriterion: { comparator: "NE", tagValues: [{}] } }] } } } },
      "s3JobDefinition.bucketCriteria.includes.and[0].tagCriterion.tagValues[0] must specify a key, a value or both",
    ],
    [
      "EQ on OBJECT_KEY",
      { s3JobDefinition: { ...BUCKETS, scoping: { includes: { and: [{ simpleScopeTerm: { comparator: "EQ", key: "OBJECT_KEY", values: ["logs/"] } }] } } } },
      "s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.comparator EQ is not valid for OBJECT_KEY; use STARTS_WITH",
    ],
    [
      "two values for OBJECT_SIZE",
      { s3JobDefinition: { ...BUCKETS, scoping: { excludes: { and: [{ simpleScopeTerm: { comparator: "GT", key: "OBJECT_SIZE", values: ["1", "2"] } }] } } } },
      "s3JobDefinition.scoping.excludes.and[0].simpleScopeTerm.values must have at most 1 items",
    ],
    [
      "a size that is not a number",
      { s3JobDefinition: { ...BUCKETS, scoping: { excludes: { and: [{ simpleScopeTerm: { comparator: "GT", key: "OBJECT_SIZE", values: ["1MB"] } }] } } } },
      "s3JobDefinition.scoping.excludes.and[0].simpleScopeTerm.values[0] must be an integer number of bytes",
    ],
    [
      "a date that is not ISO 8601",
      { s3JobDefinition: { ...BUCKETS, scoping: { includes: { and: [{ simpleScopeTerm: { comparator: "LT", key: "OBJECT_LAST_MODIFIED_DATE", values: ["yesterday"] } }] } } } },
      "must be an ISO 8601 date and time",
    ],
    [
      "a tag scope term whose key is not TAG",
      { s3JobDefinition: { ...BUCKETS, scoping: { includes: { and: [{ tagScopeTerm: { comparator: "EQ", key: "env", tagValues: [{ key: "env", value: "prod" }], target: "S3_OBJECT" } }] } } } },
      "s3JobDefinition.scoping.includes.and[0].tagScopeTerm.key must be one of TAG",
    ],
    [
      "a tag scope term with an unknown target",
      { s3JobDefinition: { ...BUCKETS, scoping: { includes: { and: [{ tagScopeTerm: { comparator: "EQ", key: "TAG", tagValues: [{ key: "env", value: "prod" }], target: "S3_BUCKET" } }] } } } },
      "s3JobDefinition.scoping.includes.and[0].tagScopeTerm.target must be one of S3_OBJECT",
    ],
    ["an empty scope term", { s3JobDefinition: { ...BUCKETS, scoping: { includes: { and: [{}] } } } }, "s3JobDefinition.scoping.includes.and[0] must specify exactly one of simpleScopeTerm, tagScopeTerm"],
    ["samplingPercentage 0", { samplingPercentage: 0 }, "samplingPercentage must be at least 1"],
    ["samplingPercentage 101", { samplingPercentage: 101 }, "samplingPercentage must be at most 100"],
    ["31 custom data identifiers", { customDataIdentifierIds: Array.from({ length: 31 }, (_, i) => `id${i}`) }, "customDataIdentifierIds must have at most 30"],
    ["11 allow lists", { allowListIds: Array.from({ length: 11 }, (_, i) => `id${i}`) }, "allowListIds must have at most 10"],
    ["an unknown selector", { managedDataIdentifierSelector: "SOME" }, "managedDataIdentifierSelector must be one of ALL, EXCLUDE, INCLUDE, NONE, RECOMMENDED"],
    ["INCLUDE without managed identifiers", { managedDataIdentifierSelector: "INCLUDE" }, "managedDataIdentifierIds is required when managedDataIdentifierSelector is INCLUDE"],
    ["EXCLUDE with an empty list", { managedDataIdentifierSelector: "EXCLUDE", managedDataIdentifierIds: [] }, "managedDataIdentifierIds is required when managedDataIdentifierSelector is EXCLUDE"],
    ["managed identifiers with ALL", { managedDataIdentifierSelector: "ALL", managedDataIdentifierIds: ["SSN"] }, "managedDataIdentifierIds must not be specified when managedDataIdentifierSelector is ALL"],
    ["managed identifiers with the default selector", { managedDataIdentifierIds: ["SSN"] }, "managedDataIdentifierIds must not be specified when managedDataIdentifierSelector is RECOMMENDED"],
    [
      "a managed identifier id that is not one",
      { managedDataIdentifierSelector: "EXCLUDE", managedDataIdentifierIds: ["credit card"] },
      'managedDataIdentifierIds[0] must be a managed data identifier id such as CREDIT_CARD_NUMBER, got "credit card"',
    ],
    ["NONE without custom identifiers", { managedDataIdentifierSelector: "NONE" }, "customDataIdentifierIds must list at least one custom data identifier when managedDataIdentifierSelector is NONE"],
    ["51 tags", { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) }, "tags must have at most 50"],
  ];
  for (const [what, change, message] of cases) {
    it(`refuses ${what}`, async () => {
      const c = clientFor(em, "600000000000");
      await c.send(new EnableMacieCommand({})).catch(() => undefined);
      await expectMacieError(c.send(new CreateClassificationJobCommand({ ...ONE_TIME, ...change } as CreateClassificationJobRequest)), "ValidationException", message);
    });
  }

  it("fills comparator, key and target, which the reference does not require, with their defaults", async () => {
    const c = clientFor(em, "600000000001");
    await c.send(new EnableMacieCommand({})).catch(() => undefined);
    const { jobId } = await c.send(
      new CreateClassificationJobCommand({
        ...ONE_TIME,
        s3JobDefinition: {
          ...BUCKETS,
          scoping: {
            includes: { and: [{ tagScopeTerm: { tagValues: [{ key: "env", value: "prod" }] } as any }, { simpleScopeTerm: { key: "OBJECT_KEY", values: ["logs/"] } as any }] },
          },
        },
      } as CreateClassificationJobRequest),
    );
    const job = await c.send(new DescribeClassificationJobCommand({ jobId }));
    expect(job.s3JobDefinition?.scoping?.includes?.and).toEqual([
      { tagScopeTerm: { comparator: "EQ", key: "TAG", tagValues: [{ key: "env", value: "prod" }], target: "S3_OBJECT" } },
      { simpleScopeTerm: { comparator: "STARTS_WITH", key: "OBJECT_KEY", values: ["logs/"] } },
    ]);
  });

  it("created no job for the refused requests", async () => {
    const c = clientFor(em, "600000000000");
    expect((await c.send(new ListClassificationJobsCommand({}))).items).toEqual([]);
  });

  it("requires clientToken (the SDK always sends one, so this goes over raw HTTP)", async () => {
    const res = await fetch(em.url + "/jobs", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `AWS4-HMAC-SHA256 Credential=600000000000/20260101/us-east-1/macie2/aws4_request, SignedHeaders=host, Signature=${"0".repeat(64)}`,
      },
      body: JSON.stringify({ ...ONE_TIME }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("ValidationException");
    expect((await res.json()).message).toContain("clientToken is required");
  });

  it("refuses custom data identifiers and allow lists that do not exist, and deleted identifiers (404)", async () => {
    const { c } = await account();
    await expectMacieError(create(c, { ...ONE_TIME, customDataIdentifierIds: ["missing-id"] }), "ResourceNotFoundException", "customDataIdentifierIds[0]", "missing-id");
    await expectMacieError(create(c, { ...ONE_TIME, allowListIds: ["missing-list"] }), "ResourceNotFoundException", "allowListIds[0]", "missing-list");
    const { customDataIdentifierId: cdi } = await c.send(new CreateCustomDataIdentifierCommand({ name: "emp", regex: "EMP-\\d{6}" }));
    const jobId = await create(c, { ...ONE_TIME, managedDataIdentifierSelector: "NONE", customDataIdentifierIds: [cdi!] });
    await c.send(new DeleteCustomDataIdentifierCommand({ id: cdi }));
    await expectMacieError(create(c, { ...ONE_TIME, customDataIdentifierIds: [cdi!] }), "ResourceNotFoundException", `custom data identifier ${cdi} was deleted`);
    // A job that already uses it keeps working.
    expect((await describeJob(c, jobId)).customDataIdentifierIds).toEqual([cdi]);
  });
});

describe("the status machine", () => {
  it("pauses and resumes a one-time job; paused time does not count toward the run", async () => {
    const { c } = await account();
    const jobId = await create(c);
    await advance(RUN / 2);
    const before = await emulatorNow();
    await update(c, jobId, "USER_PAUSED");
    const paused = await describeJob(c, jobId);
    expect(paused.jobStatus).toBe("USER_PAUSED");
    const pausedAt = paused.userPausedDetails!.jobPausedAt!.getTime();
    expect(pausedAt).toBeGreaterThanOrEqual(before);
    expect(paused.userPausedDetails!.jobExpiresAt!.getTime() - pausedAt).toBe(30 * DAY);
    expect(paused.userPausedDetails!.jobImminentExpirationHealthEventArn).toBeUndefined();

    await advance(RUN); // paused for longer than a whole run
    expect(await status(c, jobId)).toBe("USER_PAUSED");
    await update(c, jobId, "RUNNING");
    const resumed = await describeJob(c, jobId);
    expect(resumed.jobStatus).toBe("RUNNING");
    expect(resumed.userPausedDetails).toBeUndefined();
    await advance(RUN / 2 - 10 * MINUTE);
    expect(await status(c, jobId)).toBe("RUNNING");
    await advance(10 * MINUTE);
    expect(await status(c, jobId)).toBe("COMPLETE");
  });

  it("refuses every change of a COMPLETE job", async () => {
    const { c } = await account();
    const jobId = await create(c);
    await advance(RUN);
    for (const to of ["CANCELLED", "RUNNING", "USER_PAUSED"]) {
      await expectMacieError(update(c, jobId, to), "ValidationException", `cannot update completed job for job ${jobId}`);
    }
  });

  it("cancels a RUNNING job, after which every change is refused with the service's message", async () => {
    const { c } = await account();
    const jobId = await create(c);
    await update(c, jobId, "CANCELLED");
    expect(await status(c, jobId)).toBe("CANCELLED");
    await advance(2 * RUN);
    expect(await status(c, jobId)).toBe("CANCELLED");
    for (const to of ["CANCELLED", "RUNNING", "USER_PAUSED"]) {
      await expectMacieError(update(c, jobId, to), "ValidationException", `cannot update cancelled job for job ${jobId}`);
    }
  });

  it("cancels a USER_PAUSED job", async () => {
    const { c } = await account();
    const jobId = await create(c);
    await update(c, jobId, "USER_PAUSED");
    await update(c, jobId, "CANCELLED");
    const job = await describeJob(c, jobId);
    expect(job.jobStatus).toBe("CANCELLED");
    expect(job.userPausedDetails).toBeUndefined();
  });

  it("refuses RUNNING unless the job is USER_PAUSED, and USER_PAUSED twice", async () => {
    const { c } = await account();
    const jobId = await create(c);
    await expectMacieError(update(c, jobId, "RUNNING"), "ValidationException", `cannot update job ${jobId} from RUNNING to RUNNING`, "only when the job is USER_PAUSED");
    await update(c, jobId, "USER_PAUSED");
    await expectMacieError(update(c, jobId, "USER_PAUSED"), "ValidationException", "from USER_PAUSED to USER_PAUSED", "IDLE, PAUSED, RUNNING");
  });

  it("refuses the statuses only Macie sets, and an unknown or missing status", async () => {
    const { c } = await account();
    const jobId = await create(c);
    for (const to of ["COMPLETE", "IDLE", "PAUSED"]) {
      await expectMacieError(update(c, jobId, to), "ValidationException", "jobStatus must be one of CANCELLED, RUNNING, USER_PAUSED", `${to} is set only by Macie`);
    }
    await expectMacieError(update(c, jobId, "STOPPED"), "ValidationException", "jobStatus must be one of");
    await expectMacieError(c.send(new UpdateClassificationJobCommand({ jobId } as any)), "ValidationException", "jobStatus is required");
    expect(await status(c, jobId)).toBe("RUNNING");
  });

  it("expires a one-time job paused for 30 days: warned from day 23, then CANCELLED", async () => {
    const { c } = await account();
    const jobId = await create(c);
    await update(c, jobId, "USER_PAUSED");
    await advance(23 * DAY + MINUTE);
    const warned = await describeJob(c, jobId);
    expect(warned.jobStatus).toBe("USER_PAUSED");
    expect(warned.userPausedDetails!.jobImminentExpirationHealthEventArn).toMatch(/^arn:aws:health:us-east-1::event\/MACIE\//);
    await advance(7 * DAY);
    const expired = await describeJob(c, jobId);
    expect(expired.jobStatus).toBe("CANCELLED");
    expect(expired.userPausedDetails).toBeUndefined();
    await expectMacieError(update(c, jobId, "RUNNING"), "ValidationException", `cannot update cancelled job for job ${jobId}`);
  });
});

describe("scheduled jobs", () => {
  // Every test starts just after 00:00 UTC of the emulator's clock: a day before the next run.
  beforeEach(() => startOfDay(em.admin));

  it("without initialRun, starts IDLE; runs at 00:00 UTC on schedule, then goes IDLE again", async () => {
    const { c } = await account();
    const jobId = await create(c, DAILY);
    expect(await describeJob(c, jobId)).toMatchObject({ jobStatus: "IDLE", initialRun: false, statistics: { numberOfRuns: 0 } });
    const midnight = nextMidnight(await emulatorNow());
    await advanceTo(midnight + RUN / 2);
    const running = await describeJob(c, jobId);
    expect(running).toMatchObject({ jobStatus: "RUNNING", statistics: { numberOfRuns: 1 } });
    expect(running.lastRunTime!.getTime()).toBe(midnight);
    await advance(RUN);
    expect(await describeJob(c, jobId)).toMatchObject({ jobStatus: "IDLE", statistics: { numberOfRuns: 1, approximateNumberOfObjectsToProcess: 0 } });
    await advance(2 * DAY);
    expect((await describeJob(c, jobId)).statistics!.numberOfRuns).toBe(3);
  });

  it("with initialRun, runs at once, then goes IDLE", async () => {
    const { c } = await account();
    const jobId = await create(c, { ...DAILY, initialRun: true });
    const job = await describeJob(c, jobId);
    expect(job).toMatchObject({ jobStatus: "RUNNING", initialRun: true, statistics: { numberOfRuns: 1 } });
    expect(job.lastRunTime).toEqual(job.createdAt);
    await advance(RUN);
    expect(await status(c, jobId)).toBe("IDLE");
  });

  it("runs weekly and monthly jobs on their day", async () => {
    const { c } = await account();
    const weekly = await create(c, { ...DAILY, scheduleFrequency: { weeklySchedule: { dayOfWeek: "WEDNESDAY" } } });
    const monthly = await create(c, { ...DAILY, scheduleFrequency: { monthlySchedule: { dayOfMonth: 15 } } });
    const now = await emulatorNow();
    const wednesday = nextMidnight(now, (d) => d.getUTCDay() === 3);
    const fifteenth = nextMidnight(now, (d) => d.getUTCDate() === 15);
    await advanceTo(Math.max(wednesday, fifteenth) + RUN + MINUTE);
    const w = await describeJob(c, weekly);
    const m = await describeJob(c, monthly);
    expect(w.jobStatus).toBe("IDLE");
    expect(w.lastRunTime!.getUTCDay()).toBe(3);
    expect(w.lastRunTime!.getTime() % DAY).toBe(0);
    expect(m.jobStatus).toBe("IDLE");
    expect(m.lastRunTime!.getTime()).toBe(fifteenth);
    expect(m.statistics!.numberOfRuns).toBe(1);
  });

  it("pauses an IDLE job without expiry, resumes it to IDLE, refuses RUNNING from IDLE, and cancels from IDLE", async () => {
    const { c } = await account();
    const jobId = await create(c, DAILY);
    await expectMacieError(update(c, jobId, "RUNNING"), "ValidationException", "from IDLE to RUNNING");
    await update(c, jobId, "USER_PAUSED");
    const paused = await describeJob(c, jobId);
    expect(paused.jobStatus).toBe("USER_PAUSED");
    expect(paused.userPausedDetails!.jobPausedAt).toBeInstanceOf(Date);
    expect(paused.userPausedDetails!.jobExpiresAt).toBeUndefined();
    // No scheduled runs while paused.
    await advance(3 * DAY);
    expect(await describeJob(c, jobId)).toMatchObject({ jobStatus: "USER_PAUSED", statistics: { numberOfRuns: 0 } });
    await update(c, jobId, "RUNNING");
    expect(await describeJob(c, jobId)).toMatchObject({ jobStatus: "IDLE", statistics: { numberOfRuns: 0 } });
    expect((await describeJob(c, jobId)).userPausedDetails).toBeUndefined();
    await update(c, jobId, "CANCELLED");
    expect(await status(c, jobId)).toBe("CANCELLED");
  });

  it("resumes a run paused for less than 30 days where it stopped", async () => {
    const { c } = await account();
    const jobId = await create(c, { ...DAILY, initialRun: true });
    await advance(RUN / 2);
    await update(c, jobId, "USER_PAUSED");
    expect((await describeJob(c, jobId)).userPausedDetails!.jobExpiresAt).toBeInstanceOf(Date);
    await advance(DAY / 2);
    await update(c, jobId, "RUNNING");
    expect(await status(c, jobId)).toBe("RUNNING");
    await advance(RUN / 2 + 1000);
    expect(await describeJob(c, jobId)).toMatchObject({ jobStatus: "IDLE", statistics: { numberOfRuns: 1 } });
  });

  it("drops a run paused for 30 days but keeps the scheduled job, which resumes by its schedule", async () => {
    const { c } = await account();
    const jobId = await create(c, { ...DAILY, initialRun: true });
    await update(c, jobId, "USER_PAUSED");
    await advance(30 * DAY + MINUTE);
    const expired = await describeJob(c, jobId);
    expect(expired.jobStatus).toBe("USER_PAUSED");
    expect(expired.userPausedDetails!.jobExpiresAt).toBeUndefined();
    await update(c, jobId, "RUNNING");
    expect(await describeJob(c, jobId)).toMatchObject({ jobStatus: "IDLE", statistics: { numberOfRuns: 1, approximateNumberOfObjectsToProcess: 0 } });
  });
});

describe("PAUSED (Macie paused the job at a quota)", () => {
  it("is reached only through pauseJobAtQuota; the job can then be USER_PAUSED or CANCELLED, not RUNNING", async () => {
    const { c, id } = await account();
    const jobId = await create(c);
    await advance(RUN / 2);
    pauseJobAtQuota(em.server.world, id, "us-east-1", jobId, em.server.now(), em.server.config);
    expect(await status(c, jobId)).toBe("PAUSED");
    await advance(RUN); // no progress while PAUSED
    expect(await status(c, jobId)).toBe("PAUSED");
    await expectMacieError(update(c, jobId, "RUNNING"), "ValidationException", "from PAUSED to RUNNING");

    await update(c, jobId, "USER_PAUSED");
    expect((await describeJob(c, jobId)).userPausedDetails!.jobExpiresAt).toBeInstanceOf(Date);
    await update(c, jobId, "RUNNING"); // back to where it was: PAUSED
    expect(await status(c, jobId)).toBe("PAUSED");
    await update(c, jobId, "CANCELLED");
    expect(await status(c, jobId)).toBe("CANCELLED");
  });

  it("refuses to pause a job that is not RUNNING, or that does not exist", async () => {
    await startOfDay(em.admin); // the daily job stays IDLE
    const { c, id } = await account();
    const jobId = await create(c, DAILY);
    expect(() => pauseJobAtQuota(em.server.world, id, "us-east-1", jobId, em.server.now(), em.server.config)).toThrow(/IDLE: only a RUNNING job/);
    expect(() => pauseJobAtQuota(em.server.world, id, "us-east-1", "nope")).toThrow(/nope was not found/);
  });
});

describe("ListClassificationJobs", () => {
  let c: Macie2Client;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    await startOfDay(em.admin); // beta-two stays IDLE, alpha-one RUNNING, for the whole describe
    ({ c } = await account());
    ids.alphaOne = await create(c, { ...ONE_TIME, name: "alpha-one" });
    await advance(1000);
    ids.betaTwo = await create(c, { ...DAILY, name: "beta-two" });
    await advance(1000);
    ids.alphaThree = await create(c, {
      ...ONE_TIME,
      name: "alpha-three",
      s3JobDefinition: { bucketCriteria: { includes: { and: [{ simpleCriterion: { comparator: "EQ", key: "S3_BUCKET_NAME", values: ["x-bucket"] } }] } } },
    });
    await update(c, ids.alphaThree, "CANCELLED");
  });
  const names = async (request: ConstructorParameters<typeof ListClassificationJobsCommand>[0]) =>
    (await c.send(new ListClassificationJobsCommand(request))).items!.map((j) => j.name);

  it("lists summaries by creation time, with bucket definitions or criteria", async () => {
    const { items, nextToken } = await c.send(new ListClassificationJobsCommand({}));
    expect(nextToken).toBeUndefined();
    expect(items!.map((j) => j.name)).toEqual(["alpha-one", "beta-two", "alpha-three"]);
    expect(items![0]).toMatchObject({ jobId: ids.alphaOne, jobType: "ONE_TIME", jobStatus: "RUNNING", lastRunErrorStatus: { code: "NONE" }, bucketDefinitions: BUCKETS.bucketDefinitions });
    expect(items![2]).toMatchObject({ jobStatus: "CANCELLED", bucketCriteria: { includes: { and: [{ simpleCriterion: { key: "S3_BUCKET_NAME" } }] } } });
    expect(items![2].bucketDefinitions).toBeUndefined();
    expect(items![0].createdAt).toBeInstanceOf(Date);
  });

  it("filters with includes (all must match) and excludes (none may match)", async () => {
    expect(await names({ filterCriteria: { includes: [{ key: "jobType", comparator: "EQ", values: ["ONE_TIME"] }] } })).toEqual(["alpha-one", "alpha-three"]);
    expect(
      await names({
        filterCriteria: {
          includes: [{ key: "name", comparator: "STARTS_WITH", values: ["alpha"] }],
          excludes: [{ key: "jobStatus", comparator: "EQ", values: ["CANCELLED"] }],
        },
      }),
    ).toEqual(["alpha-one"]);
    expect(await names({ filterCriteria: { includes: [{ key: "name", comparator: "CONTAINS", values: ["two", "zzz"] }] } })).toEqual(["beta-two"]);
    expect(await names({ filterCriteria: { includes: [{ key: "jobStatus", comparator: "NE", values: ["RUNNING", "CANCELLED"] }] } })).toEqual(["beta-two"]);
    const created = (await describeJob(c, ids.betaTwo)).createdAt!.toISOString();
    expect(await names({ filterCriteria: { includes: [{ key: "createdAt", comparator: "GTE", values: [created] }] } })).toEqual(["beta-two", "alpha-three"]);
    expect(await names({ filterCriteria: { excludes: [{ key: "createdAt", comparator: "LT", values: [created] }] } })).toEqual(["beta-two", "alpha-three"]);
  });

  it("sorts and paginates", async () => {
    expect(await names({ sortCriteria: { attributeName: "name", orderBy: "DESC" } })).toEqual(["beta-two", "alpha-three", "alpha-one"]);
    expect(await names({ sortCriteria: { attributeName: "jobStatus" } })).toEqual(["alpha-three", "beta-two", "alpha-one"]);
    const first = await c.send(new ListClassificationJobsCommand({ maxResults: 2, sortCriteria: { attributeName: "name" } }));
    const second = await c.send(new ListClassificationJobsCommand({ maxResults: 2, sortCriteria: { attributeName: "name" }, nextToken: first.nextToken }));
    expect([...first.items!, ...second.items!].map((j) => j.name)).toEqual(["alpha-one", "alpha-three", "beta-two"]);
    expect(second.nextToken).toBeUndefined();
  });

  it("shows the status brought up to date", async () => {
    const { c: other } = await account();
    const jobId = await create(other);
    await advance(RUN);
    const { items } = await other.send(new ListClassificationJobsCommand({}));
    expect(items!.find((j) => j.jobId === jobId)!.jobStatus).toBe("COMPLETE");
  });

  it("validates filter terms, sort criteria and maxResults", async () => {
    const bad: [any, string][] = [
      [{ filterCriteria: { includes: [{ key: "tags", comparator: "EQ", values: ["x"] }] } }, "filterCriteria.includes[0].key must be one of"],
      [{ filterCriteria: { includes: [{ key: "jobType", comparator: "GT", values: ["ONE_TIME"] }] } }, "filterCriteria.includes[0].comparator GT is not valid for jobType"],
      [{ filterCriteria: { excludes: [{ key: "jobStatus", comparator: "EQ", values: ["DONE"] }] } }, "filterCriteria.excludes[0].values[0] must be one of"],
      [{ filterCriteria: { includes: [{ key: "name", comparator: "EQ", values: [] }] } }, "filterCriteria.includes[0].values must have at least 1"],
      [{ filterCriteria: { includes: [{ key: "createdAt", comparator: "GT", values: ["soon"] }] } }, "filterCriteria.includes[0].values[0] must be a date"],
      [{ sortCriteria: { attributeName: "jobArn" } }, "sortCriteria.attributeName must be one of"],
      [{ sortCriteria: { orderBy: "UP" } }, "sortCriteria.orderBy must be one of ASC, DESC"],
      [{ maxResults: 0 }, "maxResults must be at least 1"],
      [{ maxResults: 101 }, "maxResults must be at most 100"],
    ];
    for (const [request, message] of bad) {
      await expectMacieError(c.send(new ListClassificationJobsCommand(request)), "ValidationException", message);
    }
  });
});

describe("durability", () => {
  it("keeps progressing a job after a restart from the state file, with no timers", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "macie-jobs-"));
    const statePath = path.join(dir, "state.json");
    let local = await startMacieLocal({ config: CONFIG, statePath });
    let c = clientFor(local, "610000000000");
    await c.send(new EnableMacieCommand({}));
    const jobId = await create(c);
    expect(await status(c, jobId)).toBe("RUNNING");
    await local.stop();

    // The new process has only the state file: the job's progress comes from the timestamps kept
    // there, measured on the new emulator's clock (moved on, rather than waited for).
    local = await startMacieLocal({ config: CONFIG, statePath });
    c = clientFor(local, "610000000000");
    try {
      expect(await status(c, jobId)).toBe("RUNNING");
      await local.admin.advanceClock(RUN);
      expect(await status(c, jobId)).toBe("COMPLETE");
    } finally {
      await local.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
