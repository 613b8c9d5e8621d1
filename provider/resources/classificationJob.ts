/**
 * macie.ClassificationJob: a sensitive data discovery job over S3 buckets.
 *
 * Macie jobs cannot be edited or deleted: the definition replaces the job (the new job is created
 * first, then the old one is cancelled), and delete cancels. Two things change in place: `tags`
 * (TagResource / UntagResource) and `jobStatus`, the desired state RUNNING | USER_PAUSED
 * (UpdateClassificationJob).
 *
 * The job's real status is the output `status` and is never compared with the inputs, so a job
 * that completes, goes IDLE between runs, or is paused by Macie at a quota shows no diff. Read
 * maps the real status onto the desired one only where a person decided it: a job user-paused
 * outside Pulumi reads as `jobStatus: USER_PAUSED` (drift), one running while USER_PAUSED is
 * wanted reads as RUNNING (drift). A job cancelled outside Pulumi can never run again, so read
 * reports it gone: refresh drops it and the next `up` creates a new job.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CreateClassificationJobRequest, CreateClassificationJobResponse, DescribeClassificationJobResponse, ListClassificationJobsResponse } from "@aws-sdk/client-macie2";
import { macie2 } from "../core/sdk";
import type { CallContext, ConnectionArgs } from "../core/definition";
import { defineResource, PartialCreateError, unlessGone } from "../core/definition";
import { MacieResource, registration, type GetLocation } from "../core/provider";
import { type Failures, type ObjectRule, atLeastOne, exactlyOne, fail, isSet, join, s, UNKNOWN } from "../core/schema";
import { applyTags, reportedTags } from "../core/tags";
import { allPages } from "../core/claim";
import { s3BucketName } from "../core/bucketName";
import { OWNER_TAG } from "../core/ownership";

export const JOB_TYPES = ["ONE_TIME", "SCHEDULED"] as const;
export const DESIRED_JOB_STATUSES = ["RUNNING", "USER_PAUSED"] as const;
export const MANAGED_DATA_IDENTIFIER_SELECTORS = ["ALL", "EXCLUDE", "INCLUDE", "NONE", "RECOMMENDED"] as const;
export const DAYS_OF_WEEK = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"] as const;
export const SIMPLE_CRITERION_KEYS = ["ACCOUNT_ID", "S3_BUCKET_EFFECTIVE_PERMISSION", "S3_BUCKET_NAME", "S3_BUCKET_SHARED_ACCESS"] as const;
export const SCOPE_FILTER_KEYS = ["OBJECT_EXTENSION", "OBJECT_KEY", "OBJECT_LAST_MODIFIED_DATE", "OBJECT_SIZE"] as const;
const EQ_NE = ["EQ", "NE"] as const;
const ALL_COMPARATORS = ["EQ", "GT", "GTE", "LT", "LTE", "NE", "CONTAINS", "STARTS_WITH"] as const;
/** The comparators each object property accepts in a scope term (API reference, SimpleScopeTerm). */
const SCOPE_COMPARATORS: Record<string, readonly string[]> = {
  OBJECT_EXTENSION: EQ_NE,
  OBJECT_KEY: ["STARTS_WITH"],
  OBJECT_LAST_MODIFIED_DATE: ["EQ", "GT", "GTE", "LT", "LTE", "NE"],
  OBJECT_SIZE: ["EQ", "GT", "GTE", "LT", "LTE", "NE"],
};
/** Job statuses from which a job can still be cancelled (and so still counts as a job). */
const CANCELLABLE = ["IDLE", "PAUSED", "RUNNING", "USER_PAUSED"];
/** Macie's limits per job. */
const MAX_BUCKETS = 1000;

// ---------------------------------------------------------------------------------------------
// Arguments

/** A tag key, a tag value, or both, in a bucket criterion. */
export interface TagCriterionPair {
  /** The tag key. */
  key?: pulumi.Input<string>;
  /** The tag value. */
  value?: pulumi.Input<string>;
}

/** One condition on buckets: exactly one of `simpleCriterion` or `tagCriterion`. */
export interface BucketCriterion {
  /** A condition on a bucket property. */
  simpleCriterion?: pulumi.Input<{
    /** EQ (default) or NE. */
    comparator?: pulumi.Input<"EQ" | "NE">;
    /** ACCOUNT_ID, S3_BUCKET_EFFECTIVE_PERMISSION, S3_BUCKET_NAME or S3_BUCKET_SHARED_ACCESS. */
    key: pulumi.Input<(typeof SIMPLE_CRITERION_KEYS)[number]>;
    /** One or more values, joined with OR (case sensitive, no wildcards). */
    values: pulumi.Input<pulumi.Input<string>[]>;
  }>;
  /** A condition on bucket tags. */
  tagCriterion?: pulumi.Input<{
    /** EQ (default) or NE. */
    comparator?: pulumi.Input<"EQ" | "NE">;
    /** Tag keys, values or key-value pairs. */
    tagValues: pulumi.Input<pulumi.Input<TagCriterionPair>[]>;
  }>;
}

/** Conditions joined with AND. */
export interface BucketCriteriaBlock {
  /** The conditions, all of which must hold. */
  and?: pulumi.Input<pulumi.Input<BucketCriterion>[]>;
}

/** One condition on objects: exactly one of `simpleScopeTerm` or `tagScopeTerm`. */
export interface JobScopeTerm {
  /** A condition on an object property. */
  simpleScopeTerm?: pulumi.Input<{
    /**
     * OBJECT_EXTENSION: EQ or NE; OBJECT_KEY: STARTS_WITH; OBJECT_LAST_MODIFIED_DATE and
     * OBJECT_SIZE: EQ, GT, GTE, LT, LTE or NE.
     */
    comparator?: pulumi.Input<(typeof ALL_COMPARATORS)[number]>;
    /** OBJECT_EXTENSION, OBJECT_KEY, OBJECT_LAST_MODIFIED_DATE or OBJECT_SIZE. */
    key: pulumi.Input<(typeof SCOPE_FILTER_KEYS)[number]>;
    /**
     * The values: several (OR) for OBJECT_EXTENSION and OBJECT_KEY; exactly one for
     * OBJECT_LAST_MODIFIED_DATE (an ISO 8601 date-time) and OBJECT_SIZE (bytes, an integer).
     */
    values: pulumi.Input<pulumi.Input<string>[]>;
  }>;
  /** A condition on object tags. */
  tagScopeTerm?: pulumi.Input<{
    /** EQ (default) or NE. */
    comparator?: pulumi.Input<"EQ" | "NE">;
    /** The object property: only TAG. */
    key?: pulumi.Input<"TAG">;
    /** Tag keys (with an empty value) or key-value pairs. */
    tagValues: pulumi.Input<pulumi.Input<{ key: pulumi.Input<string>; value?: pulumi.Input<string> }>[]>;
    /** The kind of object: only S3_OBJECT. */
    target?: pulumi.Input<"S3_OBJECT">;
  }>;
}

/** Object conditions joined with AND. */
export interface JobScopingBlock {
  /** The conditions, all of which must hold. */
  and?: pulumi.Input<pulumi.Input<JobScopeTerm>[]>;
}

/** Which buckets and objects the job analyzes. */
export interface S3JobDefinition {
  /** Fixed buckets, per owning account. Exactly one of `bucketDefinitions` and `bucketCriteria`. */
  bucketDefinitions?: pulumi.Input<
    pulumi.Input<{
      /** The 12-digit account that owns the buckets. */
      accountId: pulumi.Input<string>;
      /** Bucket names (at most 1,000 buckets per job). */
      buckets: pulumi.Input<pulumi.Input<string>[]>;
    }>[]
  >;
  /** Buckets chosen by conditions each time the job runs. Exactly one of `bucketDefinitions` and `bucketCriteria`. */
  bucketCriteria?: pulumi.Input<{
    /** Buckets to exclude (exclusions win). */
    excludes?: pulumi.Input<BucketCriteriaBlock>;
    /** Buckets to include. */
    includes?: pulumi.Input<BucketCriteriaBlock>;
  }>;
  /** Which objects in those buckets to analyze. */
  scoping?: pulumi.Input<{
    /** Objects to exclude (exclusions win). */
    excludes?: pulumi.Input<JobScopingBlock>;
    /** Objects to include. */
    includes?: pulumi.Input<JobScopingBlock>;
  }>;
}

/** When a scheduled job runs: exactly one of the three. */
export interface JobScheduleFrequency {
  /** Every day: `{}`. */
  dailySchedule?: pulumi.Input<Record<string, never>>;
  /** Every week on this day. */
  weeklySchedule?: pulumi.Input<{ /** SUNDAY to SATURDAY. */ dayOfWeek: pulumi.Input<(typeof DAYS_OF_WEEK)[number]> }>;
  /** Every month on this day (1-31; months without that day are skipped). */
  monthlySchedule?: pulumi.Input<{ /** 1-31. */ dayOfMonth: pulumi.Input<number> }>;
}

export interface ClassificationJobArgs extends ConnectionArgs {
  /** The job's name (at most 500 characters). Default: the resource name with a random suffix. Replaces the job. */
  name?: pulumi.Input<string>;
  /** A description (at most 200 characters). Replaces the job. */
  description?: pulumi.Input<string>;
  /** ONE_TIME (runs once) or SCHEDULED (runs on `scheduleFrequency`). Replaces the job. */
  jobType: pulumi.Input<"ONE_TIME" | "SCHEDULED">;
  /** The buckets (fixed, or by criteria) and the object scope to analyze. Replaces the job. */
  s3JobDefinition: pulumi.Input<S3JobDefinition>;
  /** Required for SCHEDULED jobs, not allowed for ONE_TIME ones. Replaces the job. */
  scheduleFrequency?: pulumi.Input<JobScheduleFrequency>;
  /**
   * SCHEDULED jobs only: whether to analyze all existing objects right after creation (true), or
   * only objects created or changed before the first scheduled run. Replaces the job.
   */
  initialRun?: pulumi.Input<boolean>;
  /** The percentage (1-100) of eligible objects to analyze, chosen at random. Replaces the job. */
  samplingPercentage?: pulumi.Input<number>;
  /** Custom data identifiers to use (at most 30). Replaces the job. */
  customDataIdentifierIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Which managed data identifiers to use: ALL, EXCLUDE (all but `managedDataIdentifierIds`),
   * INCLUDE (only `managedDataIdentifierIds`), NONE (custom identifiers only) or RECOMMENDED.
   * Default: RECOMMENDED (Macie's default). Replaces the job.
   */
  managedDataIdentifierSelector?: pulumi.Input<"ALL" | "EXCLUDE" | "INCLUDE" | "NONE" | "RECOMMENDED">;
  /** The managed data identifiers to include or exclude: required with INCLUDE and EXCLUDE, not allowed otherwise. Replaces the job. */
  managedDataIdentifierIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Allow lists to apply (at most 10). Replaces the job. */
  allowListIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Tags (at most 50). Updated in place. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * The desired state: RUNNING (active: running, or idle between scheduled runs) or USER_PAUSED.
   * Updated in place with UpdateClassificationJob. A job that is COMPLETE or CANCELLED cannot
   * change state. Macie cancels a job that stays USER_PAUSED for 30 days. Default: RUNNING.
   */
  jobStatus?: pulumi.Input<"RUNNING" | "USER_PAUSED">;
}

type DesiredStatus = (typeof DESIRED_JOB_STATUSES)[number];

/** A job's real status, as Macie reports it (the output `status`). */
export type JobStatus = "RUNNING" | "PAUSED" | "CANCELLED" | "COMPLETE" | "IDLE" | "USER_PAUSED";
/** Which managed data identifiers a job uses. */
export type ManagedDataIdentifierSelector = (typeof MANAGED_DATA_IDENTIFIER_SELECTORS)[number];

interface Inputs {
  name: string;
  description?: string;
  jobType: "ONE_TIME" | "SCHEDULED";
  s3JobDefinition: Record<string, any>;
  scheduleFrequency?: Record<string, any>;
  initialRun?: boolean;
  samplingPercentage?: number;
  customDataIdentifierIds?: string[];
  managedDataIdentifierSelector: string;
  managedDataIdentifierIds?: string[];
  allowListIds?: string[];
  tags?: Record<string, string>;
  jobStatus: DesiredStatus;
}

/** The job as Macie reports it (plain JSON; dates are RFC 3339 strings). */
interface ClassificationJobOutputs {
  jobId?: string;
  jobArn?: string;
  status?: string;
  createdAt?: string;
  lastRunErrorStatus?: { code?: string };
  statistics?: { approximateNumberOfObjectsToProcess?: number; numberOfRuns?: number };
  userPausedDetails?: { jobExpiresAt?: string; jobImminentExpirationHealthEventArn?: string; jobPausedAt?: string };
}

/** The job definition: what Macie fixes at creation. Any change replaces the job. */
const DEFINITION = [
  "name",
  "description",
  "jobType",
  "s3JobDefinition",
  "scheduleFrequency",
  "initialRun",
  "samplingPercentage",
  "customDataIdentifierIds",
  "managedDataIdentifierSelector",
  "managedDataIdentifierIds",
  "allowListIds",
] as const;

/** The computed outputs (the core adds every input as an Output too). */
const OUTPUTS = ["jobId", "jobArn", "status", "createdAt", "lastRunErrorStatus", "statistics", "userPausedDetails"] as const;

// ---------------------------------------------------------------------------------------------
// Schema

const known = (v: unknown) => isSet(v) && v !== UNKNOWN;

const strings = (opts: { min?: number; max?: number } = {}) => s.list(s.string({ min: 1 }).required(), { min: 1, ...opts });

const TAG_CRITERION_PAIR = s.object({ key: s.string(), value: s.string() }, atLeastOne("key", "value"));

const BUCKET_CRITERION = s.object(
  {
    simpleCriterion: s.object({
      comparator: s.enum(EQ_NE),
      key: s.enum(SIMPLE_CRITERION_KEYS).required(),
      values: strings().required(),
    }),
    tagCriterion: s.object({
      comparator: s.enum(EQ_NE),
      tagValues: s.list(TAG_CRITERION_PAIR.required(), { min: 1 }).required(),
    }),
  },
  exactlyOne("simpleCriterion", "tagCriterion"),
);
const BUCKET_CRITERIA_BLOCK = s.object({ and: s.list(BUCKET_CRITERION.required(), { min: 1 }) });

/** A simple scope term's rules that depend on its key: comparators, number and form of values. */
const scopeTermRule: ObjectRule = (term, path, f) => {
  const key = term.key;
  if (!known(key) || !SCOPE_COMPARATORS[key]) return;
  if (known(term.comparator) && ALL_COMPARATORS.includes(term.comparator) && !SCOPE_COMPARATORS[key].includes(term.comparator)) {
    fail(f, join(path, "comparator"), `must be one of ${SCOPE_COMPARATORS[key].join(", ")} for key ${key}`);
  }
  const values = term.values;
  if (!Array.isArray(values) || (key !== "OBJECT_LAST_MODIFIED_DATE" && key !== "OBJECT_SIZE")) return;
  if (values.length > 1) fail(f, join(path, "values"), `must have exactly one value for key ${key} (got ${values.length})`);
  values.forEach((v, i) => {
    if (typeof v !== "string" || v === UNKNOWN) return;
    if (key === "OBJECT_SIZE" && !/^\d+$/.test(v)) fail(f, `${path}.values[${i}]`, `must be an object size in bytes, a non-negative integer`);
    if (key === "OBJECT_LAST_MODIFIED_DATE" && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
      fail(f, `${path}.values[${i}]`, `must be a date-time in UTC, ISO 8601 extended format such as 2024-01-31T14:31:13Z`);
    }
  });
};

const JOB_SCOPE_TERM = s.object(
  {
    simpleScopeTerm: s.object(
      {
        comparator: s.enum(ALL_COMPARATORS),
        key: s.enum(SCOPE_FILTER_KEYS).required(),
        values: strings().required(),
      },
      scopeTermRule,
    ),
    tagScopeTerm: s.object({
      comparator: s.enum(EQ_NE),
      key: s.enum(["TAG"]),
      tagValues: s.list(s.object({ key: s.string({ min: 1 }).required(), value: s.string() }).required(), { min: 1 }).required(),
      target: s.enum(["S3_OBJECT"]),
    }),
  },
  exactlyOne("simpleScopeTerm", "tagScopeTerm"),
);
const JOB_SCOPING_BLOCK = s.object({ and: s.list(JOB_SCOPE_TERM.required(), { min: 1 }) });

const maxBuckets: ObjectRule = (def, path, f) => {
  if (!Array.isArray(def.bucketDefinitions)) return;
  const total = def.bucketDefinitions.reduce((n: number, d: any) => n + (Array.isArray(d?.buckets) ? d.buckets.length : 0), 0);
  if (total > MAX_BUCKETS) fail(f, join(path, "bucketDefinitions"), `must list at most ${MAX_BUCKETS} buckets in all (got ${total})`);
};

const S3_JOB_DEFINITION = s.object(
  {
    bucketDefinitions: s.list(
      s
        .object({
          accountId: s.accountId().required(),
          buckets: s.list(s3BucketName().required(), { min: 1, unique: true }).required(),
        })
        .required(),
      { min: 1 },
    ),
    bucketCriteria: s.object({ excludes: BUCKET_CRITERIA_BLOCK, includes: BUCKET_CRITERIA_BLOCK }, atLeastOne("excludes", "includes")),
    scoping: s.object({ excludes: JOB_SCOPING_BLOCK, includes: JOB_SCOPING_BLOCK }),
  },
  exactlyOne("bucketDefinitions", "bucketCriteria"),
  maxBuckets,
);

const SCHEDULE_FREQUENCY = s.object(
  {
    dailySchedule: s.object({}),
    weeklySchedule: s.object({ dayOfWeek: s.enum(DAYS_OF_WEEK).required() }),
    monthlySchedule: s.object({ dayOfMonth: s.integer({ min: 1, max: 31 }).required() }),
  },
  exactlyOne("dailySchedule", "weeklySchedule", "monthlySchedule"),
);

const schema = s.object({
  name: s.string({ min: 1, max: 500 }).required(),
  description: s.string({ max: 200 }),
  jobType: s.enum(JOB_TYPES).required(),
  s3JobDefinition: S3_JOB_DEFINITION.required(),
  scheduleFrequency: SCHEDULE_FREQUENCY,
  initialRun: s.boolean(),
  samplingPercentage: s.integer({ min: 1, max: 100 }),
  customDataIdentifierIds: s.list(s.string({ min: 1 }).required(), { max: 30, unique: true }),
  managedDataIdentifierSelector: s.enum(MANAGED_DATA_IDENTIFIER_SELECTORS),
  managedDataIdentifierIds: s.list(s.string({ min: 1 }).required(), { unique: true }),
  allowListIds: s.list(s.string({ min: 1 }).required(), { max: 10, unique: true }),
  tags: s.tags({ marked: true }),
  jobStatus: s.enum(DESIRED_JOB_STATUSES),
});

/** Rules across inputs. Unknown values (preview) are skipped: they are checked again at `up`. */
function validate(inputs: Inputs, f: Failures): void {
  const nonEmpty = (v: unknown) => isSet(v) && (!Array.isArray(v) || v.length > 0);
  if (inputs.jobType === "SCHEDULED" && !isSet(inputs.scheduleFrequency)) {
    fail(f, "scheduleFrequency", "is required when jobType is SCHEDULED (dailySchedule, weeklySchedule or monthlySchedule)");
  }
  if (inputs.jobType === "ONE_TIME") {
    if (isSet(inputs.scheduleFrequency)) fail(f, "scheduleFrequency", "must not be set when jobType is ONE_TIME (a one-time job runs once, at creation)");
    // false is what Macie itself reports for a one-time job, so only true is a mistake.
    if (inputs.initialRun === true) fail(f, "initialRun", "must not be true when jobType is ONE_TIME (it applies only to SCHEDULED jobs)");
  }
  const selector = inputs.managedDataIdentifierSelector;
  if (known(selector)) {
    const withIds = selector === "INCLUDE" || selector === "EXCLUDE";
    if (withIds && !nonEmpty(inputs.managedDataIdentifierIds)) {
      fail(f, "managedDataIdentifierIds", `is required (at least one) when managedDataIdentifierSelector is ${selector}`);
    }
    if (!withIds && nonEmpty(inputs.managedDataIdentifierIds)) {
      fail(f, "managedDataIdentifierIds", `must not be set when managedDataIdentifierSelector is ${selector} (only with INCLUDE or EXCLUDE)`);
    }
    if (selector === "NONE" && !nonEmpty(inputs.customDataIdentifierIds)) {
      fail(f, "customDataIdentifierIds", "must list at least one custom data identifier when managedDataIdentifierSelector is NONE");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Macie calls

/** Reads the job; undefined when Macie does not know it. */
const describe = (ctx: CallContext, jobId: string) => unlessGone(ctx.send<DescribeClassificationJobResponse>(new macie2.DescribeClassificationJobCommand({ jobId })));

const iso = (d: Date | undefined) => d?.toISOString();

/** The computed outputs, as plain JSON. */
function outputsOf(job: DescribeClassificationJobResponse): ClassificationJobOutputs {
  const paused = job.userPausedDetails;
  return {
    jobId: job.jobId,
    jobArn: job.jobArn,
    status: job.jobStatus,
    createdAt: iso(job.createdAt),
    lastRunErrorStatus: job.lastRunErrorStatus ? { code: job.lastRunErrorStatus.code } : undefined,
    statistics: job.statistics
      ? { approximateNumberOfObjectsToProcess: job.statistics.approximateNumberOfObjectsToProcess, numberOfRuns: job.statistics.numberOfRuns }
      : undefined,
    userPausedDetails:
      paused && (paused.jobPausedAt || paused.jobExpiresAt)
        ? { jobPausedAt: iso(paused.jobPausedAt), jobExpiresAt: iso(paused.jobExpiresAt), jobImminentExpirationHealthEventArn: paused.jobImminentExpirationHealthEventArn }
        : undefined,
  };
}

/**
 * The desired state that the real status stands for. USER_PAUSED and RUNNING/IDLE (active) are
 * decisions of a person, so they show as drift when they differ from the program. COMPLETE and
 * PAUSED (at a quota) are Macie's doing: the desired state in the state is kept, so no diff.
 */
function desiredFromReal(real: string | undefined, desired: DesiredStatus | undefined): DesiredStatus {
  if (real === "USER_PAUSED") return "USER_PAUSED";
  if (real === "RUNNING" || real === "IDLE") return "RUNNING";
  return desired ?? "RUNNING";
}

/** Which UpdateClassificationJob a desired state needs from a real status: a status to send, none, or an error. */
function transition(jobId: string, real: string | undefined, desired: DesiredStatus): { send?: DesiredStatus } {
  if (real === "COMPLETE" || real === "CANCELLED") {
    throw new Error(
      `cannot set classification job ${jobId} to ${desired}: the job is ${real}, and Macie never runs a ${real.toLowerCase()} job again. ` +
        `To run the analysis again, replace the job (for example, change its name), or remove jobStatus from the program.`,
    );
  }
  if (desired === "USER_PAUSED") return real === "USER_PAUSED" ? {} : { send: "USER_PAUSED" };
  // RUNNING is reached only from USER_PAUSED; RUNNING and IDLE already are active, and a job
  // Macie PAUSED at a quota resumes when the quota allows, not on request.
  return real === "USER_PAUSED" ? { send: "RUNNING" } : {};
}

/** The CreateClassificationJob request: the definition, tags, and the idempotency token. */
function createRequest(inputs: Inputs, clientToken: string): CreateClassificationJobRequest {
  const request: Record<string, unknown> = { clientToken, tags: inputs.tags };
  for (const k of DEFINITION) request[k] = inputs[k];
  return request as unknown as CreateClassificationJobRequest;
}

export const definition = defineResource<Inputs, ClassificationJobOutputs>({
  type: "ClassificationJob",
  schema,
  replaceOnChanges: DEFINITION,
  stableOutputs: ["jobId", "jobArn", "createdAt"],
  defaults: { managedDataIdentifierSelector: "RECOMMENDED", jobStatus: "RUNNING" },
  autoName: { property: "name", maxLength: 500 },
  claim: {
    noun: "classification job",
    // Cancelled jobs never run again: they are nobody's earlier attempt.
    list: (ctx) =>
      allPages((nextToken) =>
        ctx.send<ListClassificationJobsResponse>(
          new macie2.ListClassificationJobsCommand({ filterCriteria: { excludes: [{ key: "jobStatus", comparator: "EQ", values: ["CANCELLED"] }] }, nextToken }),
        ),
      ).then((items) => items.map((j) => ({ id: j.jobId!, name: j.name }))),
    tagsOf: async (ctx, id) => (await describe(ctx, id))?.tags ?? undefined,
    // A job's definition is immutable: one made with another definition is cancelled, then the create goes on.
    changedInputs: "discard",
  },
  validate,

  async create(ctx, inputs) {
    // The token makes the provider's retries of a throttled create (0.1 per second) safe: Macie
    // returns the first job for a repeated token instead of creating a second one.
    const created = await ctx.send<CreateClassificationJobResponse>(new macie2.CreateClassificationJobCommand(createRequest(inputs, ctx.clientToken)));
    const jobId = created.jobId;
    if (!jobId) throw new Error("CreateClassificationJob returned no jobId");
    const partial: ClassificationJobOutputs = { jobId, jobArn: created.jobArn };
    try {
      if (inputs.jobStatus === "USER_PAUSED") {
        await ctx.send(new macie2.UpdateClassificationJobCommand({ jobId, jobStatus: "USER_PAUSED" }));
      }
      // A fresh job may read as not found for a moment (eventual consistency).
      const job = await ctx.waitFor(`classification job ${jobId} to become readable`, () => describe(ctx, jobId));
      return { id: jobId, outs: outputsOf(job) };
    } catch (e) {
      throw new PartialCreateError(`classification job ${jobId} was created, but: ${(e as Error).message}`, jobId, { ...partial });
    }
  },

  async read(ctx, id, state) {
    const job = await describe(ctx, id);
    // A cancelled job can never run again: report it gone, so that refresh drops it and the
    // next `up` creates a new job.
    if (!job || job.jobStatus === "CANCELLED") return undefined;
    const current: Partial<Inputs & ClassificationJobOutputs> = {
      ...outputsOf(job),
      tags: reportedTags(job.tags),
      jobStatus: desiredFromReal(job.jobStatus, state.jobStatus),
    };
    // The definition is immutable in Macie: the state's values stay (reading them back could
    // only add Macie's defaults and formatting, which would look like a change and replace the
    // job). On import (no definition in the state), Macie's values are taken.
    if (state.jobType === undefined) {
      for (const k of DEFINITION) {
        const v = (job as Record<string, unknown>)[k];
        if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) (current as Record<string, unknown>)[k] = v;
      }
    }
    return current;
  },

  async update(ctx, id, olds, news, changed) {
    if (changed.includes("tags")) await applyTags(ctx, olds.jobArn!, olds.tags, news.tags);
    if (!changed.includes("jobStatus")) return {};
    const job = await describe(ctx, id);
    if (!job) throw new Error(`classification job ${id} no longer exists in account ${ctx.accountId}, ${ctx.region}; run pulumi refresh`);
    const { send } = transition(id, job.jobStatus, news.jobStatus);
    if (!send) return outputsOf(job);
    await ctx.send(new macie2.UpdateClassificationJobCommand({ jobId: id, jobStatus: send }));
    const after = await describe(ctx, id);
    return after ? outputsOf(after) : { status: send };
  },

  async delete(ctx, id) {
    // Jobs cannot be deleted: cancel it, unless it already finished or was cancelled.
    const job = await describe(ctx, id);
    if (!job || job.jobStatus === "CANCELLED") return;
    if (CANCELLABLE.includes(job.jobStatus ?? "")) {
      try {
        await ctx.send(new macie2.UpdateClassificationJobCommand({ jobId: id, jobStatus: "CANCELLED" }));
        return;
      } catch (e) {
        // The job may have completed between the two calls.
        const now = await describe(ctx, id);
        if (!now) return;
        if (CANCELLABLE.includes(now.jobStatus ?? "")) throw e;
      }
    }
    // A COMPLETE job stays in Macie: release it from this resource, so that a later create of the
    // same resource never adopts it as its own interrupted attempt (that create means a new scan).
    if (job.tags?.[OWNER_TAG]) await unlessGone(ctx.send(new macie2.UntagResourceCommand({ resourceArn: job.jobArn!, tagKeys: [OWNER_TAG] })));
  },
});

/**
 * A Macie classification (sensitive data discovery) job.
 *
 * The definition replaces the job: the new job is created first, then the old one is cancelled.
 * `tags` and the desired `jobStatus` (RUNNING | USER_PAUSED) change in place. Delete cancels the
 * job (nothing to do when it is already COMPLETE or CANCELLED). The real status is the output
 * `status`, which never causes a diff.
 */
export class ClassificationJob extends MacieResource {
  /** The job's name. */
  declare readonly name: pulumi.Output<string>;
  /** The description. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** ONE_TIME or SCHEDULED. */
  declare readonly jobType: pulumi.Output<"ONE_TIME" | "SCHEDULED">;
  /** The buckets and object scope. */
  declare readonly s3JobDefinition: pulumi.Output<pulumi.Unwrap<S3JobDefinition>>;
  /** The schedule of a SCHEDULED job. */
  declare readonly scheduleFrequency: pulumi.Output<pulumi.Unwrap<JobScheduleFrequency> | undefined>;
  /** Whether a scheduled job analyzed existing objects at creation. */
  declare readonly initialRun: pulumi.Output<boolean | undefined>;
  /** The sampling percentage. */
  declare readonly samplingPercentage: pulumi.Output<number | undefined>;
  /** The custom data identifiers used. */
  declare readonly customDataIdentifierIds: pulumi.Output<string[] | undefined>;
  /** The managed data identifier selection. */
  declare readonly managedDataIdentifierSelector: pulumi.Output<ManagedDataIdentifierSelector>;
  /** The managed data identifiers included or excluded. */
  declare readonly managedDataIdentifierIds: pulumi.Output<string[] | undefined>;
  /** The allow lists used. */
  declare readonly allowListIds: pulumi.Output<string[] | undefined>;
  /** The job's tags. */
  declare readonly tags: pulumi.Output<Record<string, string> | undefined>;
  /** The desired state: RUNNING or USER_PAUSED. */
  declare readonly jobStatus: pulumi.Output<"RUNNING" | "USER_PAUSED">;
  /** The job's id. */
  declare readonly jobId: pulumi.Output<string>;
  /** The job's ARN. */
  declare readonly jobArn: pulumi.Output<string>;
  /**
   * Macie's real status: RUNNING, IDLE (scheduled, between runs), PAUSED (by Macie, at a quota),
   * USER_PAUSED, COMPLETE (one-time, finished) or CANCELLED. Never causes a diff.
   */
  declare readonly status: pulumi.Output<JobStatus>;
  /** When the job was created (RFC 3339). */
  declare readonly createdAt: pulumi.Output<string>;
  /** Whether the last run had errors: `{code: "NONE" | "ERROR"}`. */
  declare readonly lastRunErrorStatus: pulumi.Output<{ code?: string } | undefined>;
  /** Runs so far and objects left to process in the current run. */
  declare readonly statistics: pulumi.Output<{ approximateNumberOfObjectsToProcess?: number; numberOfRuns?: number } | undefined>;
  /** When a USER_PAUSED job was paused and when Macie will cancel it (RFC 3339). */
  declare readonly userPausedDetails: pulumi.Output<{ jobExpiresAt?: string; jobImminentExpirationHealthEventArn?: string; jobPausedAt?: string } | undefined>;

  constructor(name: string, args: ClassificationJobArgs, opts?: pulumi.CustomResourceOptions) {
    // Straight to pulumi.CustomResource, so that Pulumi records the program's line; done/failed close
    // registration()'s window of uncaptured stacks (quietStacks, provider.ts).
    const registered = registration(definition, name, args, OUTPUTS, opts);
    try {
      super(registered.type, name, registered.props, opts);
    } catch (e) {
      throw registered.failed(e);
    }
    registered.done(this);
  }

  /**
   * Reads an existing classification job by its job id, as a resource this program does not manage (Pulumi's
   * `get`): its outputs are Macie's values at each run, and `pulumi destroy` leaves it alone. An id
   * that does not exist fails the run. Needs @pulumi/pulumi 3.268 or later.
   */
  static get(name: string, id: pulumi.Input<string>, location?: GetLocation, opts?: pulumi.CustomResourceOptions): ClassificationJob {
    return new ClassificationJob(name, { ...location } as ClassificationJobArgs, { ...opts, id });
  }
}
