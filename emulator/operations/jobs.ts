/**
 * Classification jobs: Create/Describe/Update/ListClassificationJobs, with simulated progress.
 *
 * Rules from the API reference (the Classification Job Creation, Description and List resources)
 * and the SDK documentation:
 * - a job's settings never change after creation, and a job is never deleted;
 * - ONE_TIME jobs take no scheduleFrequency (and initialRun: true is refused; a one-time job
 *   describes initialRun: false);
 *   SCHEDULED jobs take exactly one of
 *   dailySchedule, weeklySchedule{dayOfWeek}, monthlySchedule{dayOfMonth 1-31};
 * - name <= 500 (required), description <= 200, clientToken required, samplingPercentage 1-100;
 * - s3JobDefinition holds bucketDefinitions XOR bucketCriteria, and optional scoping;
 * - managedDataIdentifierSelector ALL|EXCLUDE|INCLUDE|NONE|RECOMMENDED (the default);
 *   managedDataIdentifierIds only with INCLUDE or EXCLUDE (and then required); NONE needs at least
 *   one custom data identifier;
 * - UpdateClassificationJob changes only jobStatus: CANCELLED from IDLE, PAUSED, RUNNING or
 *   USER_PAUSED; RUNNING (resume) only from USER_PAUSED; USER_PAUSED from IDLE, PAUSED or RUNNING.
 *   A one-time job paused for 30 days is cancelled; a scheduled job paused during a run loses that
 *   run after 30 days (`userPausedDetails.jobExpiresAt`), and resumes by its schedule.
 *
 * Simulated progress. Nothing runs in the background: every read, list or update first brings
 * each job up to date from the timestamps kept in its `_sim` field, so progress survives a
 * restart from the state file. Each transition happens at its exact instant (a run ends at
 * start + run length), so bringing a job up to date in one step or in many gives the same state.
 * - A one-time job is RUNNING from creation, then COMPLETE after `config.jobs.oneTimeRunMs`
 *   (default 2000 ms; 0 = at once; -1 = never).
 * - A scheduled job with initialRun starts RUNNING; without it, IDLE. Its runs start at 00:00 UTC
 *   on the scheduled days (every day, the given weekday, or the given day of the month, skipping
 *   months that lack it) and last `config.jobs.scheduledRunMs` (default 2000 ms; -1 = never end).
 * - Time spent USER_PAUSED or PAUSED does not count toward a run; resuming continues the run.
 * - PAUSED (Macie paused the job at a quota) is reached only through `pauseJobAtQuota`.
 *
 * Choices where the reference is silent (also in docs/emulator.md):
 * - a customDataIdentifierIds or allowListIds entry that does not exist (or a deleted custom data
 *   identifier) is a ResourceNotFoundException (404) naming the entry;
 * - managedDataIdentifierIds are checked for their shape (upper-case id such as CREDIT_CARD_NUMBER)
 *   only: macie-local knows a subset of Macie's managed data identifiers, and a real id it lacks
 *   must not be refused;
 * - per-job counts (30 custom data identifiers, 10 allow lists, 1,000 buckets) are
 *   ValidationExceptions, like every other count limit of a request;
 * - refused status changes use the service's wording "cannot update cancelled job for job <id>"
 *   for cancelled jobs, and the same style for the others;
 * - ListClassificationJobs takes maxResults 1-100 (default 100); it lists a job when every
 *   `includes` term matches and no `excludes` term matches; it sorts by createdAt ascending unless
 *   sortCriteria says otherwise.
 */
import {
  type EmulatorConfig,
  type Operation,
  type OperationContext,
  type RegionState,
  type World,
  conflict,
  notFound,
  validation,
} from "../core/types";
import {
  accountId as validAccountId,
  exactlyOne,
  maxResults,
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalList,
  optionalObject,
  optionalString,
  optionalTags,
  paginate,
  required,
  requiredEnum,
  requiredInteger,
  requiredList,
  requiredObject,
  requiredString,
} from "../core/validate";
import { findRecord, own } from "../core/records";
import { bucketName } from "./configurations";

const JOB_STATUSES = ["CANCELLED", "COMPLETE", "IDLE", "PAUSED", "RUNNING", "USER_PAUSED"] as const;
type JobStatus = (typeof JOB_STATUSES)[number];
const JOB_TYPES = ["ONE_TIME", "SCHEDULED"] as const;
const DAYS_OF_WEEK = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"] as const;
const SELECTORS = ["ALL", "EXCLUDE", "INCLUDE", "NONE", "RECOMMENDED"] as const;
const COMPARATORS = ["CONTAINS", "EQ", "GT", "GTE", "LT", "LTE", "NE", "STARTS_WITH"] as const;
const DAY_MS = 24 * 60 * 60 * 1000;
/** A USER_PAUSED run expires after 30 days; Macie warns through AWS Health from day 23. */
const PAUSE_EXPIRY_MS = 30 * DAY_MS;
const PAUSE_WARNING_MS = 23 * DAY_MS;

/**
 * The status changes UpdateClassificationJob accepts: the requested status and the statuses it
 * may be requested from (the reference, UpdateClassificationJobRequest.jobStatus).
 */
const ALLOWED_TRANSITIONS: Record<"CANCELLED" | "RUNNING" | "USER_PAUSED", readonly JobStatus[]> = {
  CANCELLED: ["IDLE", "PAUSED", "RUNNING", "USER_PAUSED"],
  RUNNING: ["USER_PAUSED"],
  USER_PAUSED: ["IDLE", "PAUSED", "RUNNING"],
};

/** Emulator bookkeeping of a job, stored under `_sim` and never returned. */
interface Sim {
  /** RUNNING time of the current run accumulated before `segmentStart` (ms). */
  runMs: number;
  /** When the current RUNNING stretch began; set only while RUNNING. */
  segmentStart?: string;
  /** Status before USER_PAUSED, restored on resume. */
  pausedFrom?: "RUNNING" | "IDLE" | "PAUSED";
  /** Scheduled jobs: when the next scheduled run starts; set only while IDLE. */
  nextRunAt?: string;
  /** The simulated number of objects a run analyzes (for `statistics`). */
  objectsPerRun: number;
}

type Job = Record<string, any> & { _sim: Sim };

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();

function runLength(job: Job, config: EmulatorConfig): number {
  const configured = job.jobType === "ONE_TIME" ? config.jobs?.oneTimeRunMs : config.jobs?.scheduledRunMs;
  return configured ?? 2000;
}

/** The first scheduled run instant strictly after `after`: 00:00 UTC on a scheduled day. */
export function nextScheduledRun(schedule: Record<string, any>, after: number): number {
  const startOfDay = Math.floor(after / DAY_MS) * DAY_MS;
  for (let day = startOfDay + DAY_MS; day <= startOfDay + 800 * DAY_MS; day += DAY_MS) {
    const d = new Date(day);
    if (schedule.dailySchedule) return day;
    if (schedule.weeklySchedule && DAYS_OF_WEEK[d.getUTCDay()] === schedule.weeklySchedule.dayOfWeek) return day;
    if (schedule.monthlySchedule && d.getUTCDate() === schedule.monthlySchedule.dayOfMonth) return day;
  }
  throw new Error(`no scheduled run found for ${JSON.stringify(schedule)}`);
}

function startRun(job: Job, at: number): void {
  job.jobStatus = "RUNNING";
  job.lastRunTime = iso(at);
  job.statistics.numberOfRuns += 1;
  job._sim.runMs = 0;
  job._sim.segmentStart = iso(at);
  delete job._sim.nextRunAt;
}

function endRun(job: Job, at: number): void {
  job._sim.runMs = 0;
  delete job._sim.segmentStart;
  if (job.jobType === "ONE_TIME") {
    job.jobStatus = "COMPLETE";
  } else {
    job.jobStatus = "IDLE";
    job._sim.nextRunAt = iso(nextScheduledRun(job.scheduleFrequency, at));
  }
}

/**
 * Brings a job up to date at `now`: ends runs, starts scheduled runs, expires long pauses.
 * Each step happens at its own instant, so the result does not depend on how often it is called.
 */
export function advanceJob(job: Job, now: Date, config: EmulatorConfig): Job {
  // A job written by hand into a state file may lack bookkeeping: it then stays as written.
  job._sim ??= { runMs: 0, objectsPerRun: 100 };
  const t = now.getTime();
  for (let steps = 0; steps < 100_000; steps++) {
    const sim = job._sim;
    if (job.jobStatus === "RUNNING" && sim.segmentStart) {
      const length = runLength(job, config);
      if (length < 0) break;
      const endsAt = ms(sim.segmentStart) + Math.max(0, length - sim.runMs);
      if (endsAt > t) break;
      endRun(job, endsAt);
    } else if (job.jobStatus === "IDLE" && sim.nextRunAt) {
      const startsAt = ms(sim.nextRunAt);
      if (startsAt > t) break;
      startRun(job, startsAt);
    } else if (job.jobStatus === "USER_PAUSED" && job.userPausedDetails?.jobExpiresAt) {
      const details = job.userPausedDetails;
      const warnAt = ms(details.jobPausedAt) + PAUSE_WARNING_MS;
      if (!details.jobImminentExpirationHealthEventArn && warnAt <= t) {
        details.jobImminentExpirationHealthEventArn = `arn:aws:health:${job.jobArn.split(":")[3]}::event/MACIE/MACIE_CLASSIFICATION_JOB_EXPIRATION/${job.jobId}`;
      }
      if (ms(details.jobExpiresAt) > t) break;
      if (job.jobType === "ONE_TIME") {
        job.jobStatus = "CANCELLED";
        delete job.userPausedDetails;
        delete sim.pausedFrom;
      } else {
        // The paused run is cancelled; the job stays paused and, once resumed, waits for its schedule.
        sim.pausedFrom = "IDLE";
        sim.runMs = 0;
        job.userPausedDetails = { jobPausedAt: details.jobPausedAt };
      }
    } else {
      break;
    }
  }
  return job;
}

/** Brings every job of a scope up to date. */
function advanceAll(scope: RegionState, now: Date, config: EmulatorConfig): void {
  for (const job of Object.values(scope.jobs)) advanceJob(job as Job, now, config);
}

/** Whether a job can still run (its status is neither COMPLETE nor CANCELLED), once up to date. */
export function isActiveJob(job: Record<string, any>, now: Date, config: EmulatorConfig): boolean {
  const status = advanceJob(job as Job, now, config).jobStatus;
  return status !== "COMPLETE" && status !== "CANCELLED";
}

function cancel(job: Job): void {
  job.jobStatus = "CANCELLED";
  delete job.userPausedDetails;
  delete job._sim.segmentStart;
  delete job._sim.nextRunAt;
  delete job._sim.pausedFrom;
}

/**
 * Cancels every job of an account and Region that is not COMPLETE or CANCELLED, for the session
 * domain to call when Macie is suspended (status PAUSED).
 */
export function cancelActiveJobs(scope: RegionState, now: Date, config: EmulatorConfig): void {
  for (const job of Object.values(scope.jobs) as Job[]) if (isActiveJob(job, now, config)) cancel(job);
}

/**
 * Puts a RUNNING job in the PAUSED status, as Macie does when a run would exceed a quota. Only the
 * service reaches PAUSED, so this is a hook for an admin route or a test. Throws
 * ResourceNotFoundException for an unknown job and ConflictException unless the job is RUNNING.
 */
export function pauseJobAtQuota(
  world: World,
  accountId: string,
  region: string,
  jobId: string,
  now: Date = new Date(),
  config: EmulatorConfig = {},
): Record<string, any> {
  const job = own(own(own(world.accounts, accountId), region)?.jobs, jobId) as Job | undefined;
  if (!job) throw notFound(`Classification job ${jobId} was not found in account ${accountId}, ${region}`);
  advanceJob(job, now, config);
  if (job.jobStatus !== "RUNNING") {
    throw conflict(`Classification job ${jobId} is ${job.jobStatus}: only a RUNNING job can be paused at a quota`);
  }
  stopClock(job, now.getTime());
  job.jobStatus = "PAUSED";
  return jobView(job, now, config);
}

/** Ends the current RUNNING stretch, keeping the time it ran. */
function stopClock(job: Job, t: number): void {
  if (job._sim.segmentStart) job._sim.runMs += t - ms(job._sim.segmentStart);
  delete job._sim.segmentStart;
}

/** What DescribeClassificationJob returns: the record without `_sim`, with live statistics. */
function jobView(job: Job, now: Date, config: EmulatorConfig): Record<string, any> {
  const { _sim: sim, ...rest } = job;
  const view = structuredClone(rest);
  const length = runLength(job, config);
  let remaining = 0;
  if (job.jobStatus === "RUNNING" || job.jobStatus === "PAUSED" || (job.jobStatus === "USER_PAUSED" && sim.pausedFrom !== "IDLE")) {
    const ran = sim.runMs + (sim.segmentStart ? now.getTime() - ms(sim.segmentStart) : 0);
    remaining = length <= 0 ? sim.objectsPerRun : Math.max(0, Math.ceil(sim.objectsPerRun * (1 - ran / length)));
  }
  view.statistics = { approximateNumberOfObjectsToProcess: remaining, numberOfRuns: job.statistics.numberOfRuns };
  return view;
}

// ---------------------------------------------------------------------------------------------
// Validation of CreateClassificationJob

function stringList(value: unknown, member: string, opts: { min?: number; max?: number } = {}): string[] | undefined {
  const list = optionalList(value, member, opts);
  list?.forEach((v, i) => requiredString(v, `${member}[${i}]`, { min: 1 }));
  return list as string[] | undefined;
}

function scheduleFrequency(jobType: string, value: unknown, initialRun: boolean | undefined) {
  if (jobType === "ONE_TIME") {
    if (value !== undefined && value !== null) throw validation("scheduleFrequency must not be specified when jobType is ONE_TIME");
    if (initialRun === true) throw validation("initialRun applies only to SCHEDULED jobs: do not specify it when jobType is ONE_TIME");
    return undefined;
  }
  const s = requiredObject(value, "scheduleFrequency");
  const kind = exactlyOne(s, ["dailySchedule", "weeklySchedule", "monthlySchedule"], "scheduleFrequency");
  const inner = optionalObject(s[kind], `scheduleFrequency.${kind}`) as Record<string, any>;
  if (kind === "dailySchedule") return { dailySchedule: {} };
  if (kind === "weeklySchedule") {
    return { weeklySchedule: { dayOfWeek: requiredEnum(inner.dayOfWeek, "scheduleFrequency.weeklySchedule.dayOfWeek", DAYS_OF_WEEK) } };
  }
  const dayOfMonth = requiredInteger(inner.dayOfMonth, "scheduleFrequency.monthlySchedule.dayOfMonth", { min: 1, max: 31 });
  return { monthlySchedule: { dayOfMonth } };
}

function bucketDefinitions(value: unknown) {
  const path = "s3JobDefinition.bucketDefinitions";
  const defs = optionalList(value, path, { min: 1 }) as unknown[];
  let total = 0;
  const clean = defs.map((raw, i) => {
    const d = requiredObject(raw, `${path}[${i}]`);
    const buckets = requiredList(d.buckets, `${path}[${i}].buckets`, { min: 1 });
    total += buckets.length;
    return {
      accountId: validAccountId(d.accountId, `${path}[${i}].accountId`),
      buckets: buckets.map((b, j) => bucketName(b, `${path}[${i}].buckets[${j}]`)),
    };
  });
  if (total > 1000) throw validation(`${path} must list at most 1000 buckets in all, got ${total}`);
  return clean;
}

/**
 * The shape bucketCriteria and scoping share: `includes` and `excludes`, each (when present)
 * `{and: [term, ...]}` with at least one term, and each term holding exactly one of `kinds`.
 * `readTerm` checks the content of one term, found at `termPath`.
 */
function includesExcludes(
  value: Record<string, any>,
  path: string,
  kinds: [string, string],
  readTerm: (kind: string, term: Record<string, any>, termPath: string) => unknown,
) {
  const side = (name: "includes" | "excludes") => {
    const p = `${path}.${name}`;
    const b = optionalObject(value[name], p);
    if (!b) return undefined;
    return {
      and: requiredList(b.and, `${p}.and`, { min: 1 }).map((raw, i) => {
        const tp = `${p}.and[${i}]`;
        const term = requiredObject(raw, tp);
        const kind = exactlyOne(term, kinds, tp);
        return { [kind]: readTerm(kind, requiredObject(term[kind], `${tp}.${kind}`), `${tp}.${kind}`) };
      }),
    };
  };
  return { includes: side("includes"), excludes: side("excludes") };
}

/** S3BucketCriteriaForJob: includes/excludes, each `{and: [{simpleCriterion} | {tagCriterion}]}`. */
function bucketCriteria(value: unknown) {
  const path = "s3JobDefinition.bucketCriteria";
  const c = optionalObject(value, path) as Record<string, any>;
  if (!c.includes && !c.excludes) throw validation(`${path} must specify includes, excludes or both`);
  return includesExcludes(c, path, ["simpleCriterion", "tagCriterion"], (kind, x, sp) => {
    // The reference marks comparator "Required: False"; absent, it means EQ.
    const comparator = optionalEnum(x.comparator, `${sp}.comparator`, ["EQ", "NE"] as const) ?? "EQ";
    if (kind === "simpleCriterion") {
      return {
        comparator,
        key: requiredEnum(x.key, `${sp}.key`, ["ACCOUNT_ID", "S3_BUCKET_EFFECTIVE_PERMISSION", "S3_BUCKET_NAME", "S3_BUCKET_SHARED_ACCESS"] as const),
        values: stringList(required(x.values, `${sp}.values`), `${sp}.values`, { min: 1 }),
      };
    }
    return {
      comparator,
      tagValues: requiredList(x.tagValues, `${sp}.tagValues`, { min: 1 }).map((raw, j) => {
        const pp = `${sp}.tagValues[${j}]`;
        const pair = requiredObject(raw, pp);
        const key = optionalString(pair.key, `${pp}.key`, { max: 128 });
        const value = optionalString(pair.value, `${pp}.value`, { max: 256 });
        if (!key && !value) throw validation(`${pp} must specify a key, a value or both`);
        return { key, value };
      }),
    };
  });
}

/** Comparators each object property accepts in a simpleScopeTerm (the SDK documentation). */
const SCOPE_COMPARATORS: Record<string, readonly string[]> = {
  OBJECT_EXTENSION: ["EQ", "NE"],
  OBJECT_KEY: ["STARTS_WITH"],
  OBJECT_LAST_MODIFIED_DATE: ["EQ", "GT", "GTE", "LT", "LTE", "NE"],
  OBJECT_SIZE: ["EQ", "GT", "GTE", "LT", "LTE", "NE"],
};

/** Scoping: includes/excludes, each `{and: [{simpleScopeTerm} | {tagScopeTerm}]}`. */
function scoping(value: unknown) {
  const path = "s3JobDefinition.scoping";
  const s = optionalObject(value, path);
  if (!s) return undefined;
  return includesExcludes(s, path, ["simpleScopeTerm", "tagScopeTerm"], (kind, x, sp) => {
    if (kind === "simpleScopeTerm") {
      const key = requiredEnum(x.key, `${sp}.key`, Object.keys(SCOPE_COMPARATORS));
      // Not required by the reference: absent, it is the key's first comparator (EQ, or STARTS_WITH for OBJECT_KEY).
      const comparator = optionalEnum(x.comparator, `${sp}.comparator`, COMPARATORS) ?? SCOPE_COMPARATORS[key][0];
      if (!SCOPE_COMPARATORS[key].includes(comparator)) {
        throw validation(`${sp}.comparator ${comparator} is not valid for ${key}; use ${SCOPE_COMPARATORS[key].join(", ")}`);
      }
      const multiple = key === "OBJECT_EXTENSION" || key === "OBJECT_KEY";
      const values = stringList(required(x.values, `${sp}.values`), `${sp}.values`, { min: 1, max: multiple ? undefined : 1 }) as string[];
      values.forEach((v, j) => {
        if (key === "OBJECT_SIZE" && !/^\d+$/.test(v)) throw validation(`${sp}.values[${j}] must be an integer number of bytes for OBJECT_SIZE, got ${JSON.stringify(v)}`);
        if (key === "OBJECT_LAST_MODIFIED_DATE" && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v)) {
          throw validation(`${sp}.values[${j}] must be an ISO 8601 date and time such as 2023-09-24T14:31:13Z for OBJECT_LAST_MODIFIED_DATE, got ${JSON.stringify(v)}`);
        }
      });
      return { comparator, key, values };
    }
    return {
      // comparator, key and target are "Required: False" in the reference; their defaults are the only or usual value.
      comparator: optionalEnum(x.comparator, `${sp}.comparator`, ["EQ", "NE"] as const) ?? "EQ",
      key: optionalEnum(x.key, `${sp}.key`, ["TAG"] as const) ?? "TAG",
      tagValues: requiredList(x.tagValues, `${sp}.tagValues`, { min: 1 }).map((raw, j) => {
        const pp = `${sp}.tagValues[${j}]`;
        const pair = requiredObject(raw, pp);
        return {
          key: requiredString(pair.key, `${pp}.key`, { min: 1, max: 128 }),
          value: optionalString(pair.value, `${pp}.value`, { max: 256 }) ?? "",
        };
      }),
      target: optionalEnum(x.target, `${sp}.target`, ["S3_OBJECT"] as const) ?? "S3_OBJECT",
    };
  });
}

function s3JobDefinition(value: unknown) {
  const d = requiredObject(value, "s3JobDefinition");
  const kind = exactlyOne(d, ["bucketDefinitions", "bucketCriteria"], "s3JobDefinition");
  const definition: Record<string, unknown> =
    kind === "bucketDefinitions" ? { bucketDefinitions: bucketDefinitions(d.bucketDefinitions) } : { bucketCriteria: bucketCriteria(d.bucketCriteria) };
  const scope = scoping(d.scoping);
  if (scope) definition.scoping = scope;
  return JSON.parse(JSON.stringify(definition)); // drops the members left undefined
}

function createJob(ctx: OperationContext, body: Record<string, any>) {
  const clientToken = requiredString(body.clientToken, "clientToken", { min: 1 });
  const name = requiredString(body.name, "name", { min: 1, max: 500 });
  const description = optionalString(body.description, "description", { max: 200 });
  const jobType = requiredEnum(body.jobType, "jobType", JOB_TYPES);
  const initialRun = optionalBoolean(body.initialRun, "initialRun");
  const schedule = scheduleFrequency(jobType, body.scheduleFrequency, initialRun);
  const definition = s3JobDefinition(body.s3JobDefinition);
  const samplingPercentage = optionalInteger(body.samplingPercentage, "samplingPercentage", { min: 1, max: 100 }) ?? 100;
  const customDataIdentifierIds = stringList(body.customDataIdentifierIds, "customDataIdentifierIds", { max: 30 });
  const selector = optionalEnum(body.managedDataIdentifierSelector, "managedDataIdentifierSelector", SELECTORS) ?? "RECOMMENDED";
  const managedDataIdentifierIds = stringList(body.managedDataIdentifierIds, "managedDataIdentifierIds");
  const allowListIds = stringList(body.allowListIds, "allowListIds", { max: 10 });
  const tags = optionalTags(body.tags) ?? {};

  managedDataIdentifierIds?.forEach((id, i) => {
    // Only the shape: macie-local knows a subset of Macie's managed identifiers, so membership is not checked.
    if (!/^[A-Z0-9_()]+$/.test(id)) {
      throw validation(`managedDataIdentifierIds[${i}] must be a managed data identifier id such as CREDIT_CARD_NUMBER, got ${JSON.stringify(id)}`);
    }
  });
  if (selector === "INCLUDE" || selector === "EXCLUDE") {
    if (!managedDataIdentifierIds || managedDataIdentifierIds.length === 0) {
      throw validation(`managedDataIdentifierIds is required when managedDataIdentifierSelector is ${selector}`);
    }
  } else if (managedDataIdentifierIds && managedDataIdentifierIds.length > 0) {
    throw validation(`managedDataIdentifierIds must not be specified when managedDataIdentifierSelector is ${selector}; it applies only to INCLUDE and EXCLUDE`);
  }
  if (selector === "NONE" && (!customDataIdentifierIds || customDataIdentifierIds.length === 0)) {
    throw validation("customDataIdentifierIds must list at least one custom data identifier when managedDataIdentifierSelector is NONE");
  }

  const scope = ctx.scope();
  customDataIdentifierIds?.forEach((id, i) => {
    const cdi = own(scope.customDataIdentifiers, id);
    if (!cdi) throw notFound(`customDataIdentifierIds[${i}]: custom data identifier ${id} was not found`);
    if (cdi.deleted) throw notFound(`customDataIdentifierIds[${i}]: custom data identifier ${id} was deleted`);
  });
  allowListIds?.forEach((id, i) => {
    if (!own(scope.allowLists, id)) throw notFound(`allowListIds[${i}]: allow list ${id} was not found`);
  });

  const jobId = ctx.newId();
  const bucketCount = definition.bucketDefinitions
    ? definition.bucketDefinitions.reduce((n: number, d: { buckets: string[] }) => n + d.buckets.length, 0)
    : 10;
  const job: Job = {
    allowListIds,
    clientToken,
    createdAt: ctx.nowIso,
    customDataIdentifierIds,
    description,
    // The reference (JobSummary/DescribeClassificationJobResponse.initialRun): "also false for a one-time job".
    initialRun: initialRun ?? false,
    jobArn: ctx.arn("classification-job", jobId),
    jobId,
    jobStatus: "IDLE",
    jobType,
    lastRunErrorStatus: { code: "NONE" },
    managedDataIdentifierIds,
    managedDataIdentifierSelector: selector,
    name,
    s3JobDefinition: definition,
    samplingPercentage,
    scheduleFrequency: schedule,
    statistics: { approximateNumberOfObjectsToProcess: 0, numberOfRuns: 0 },
    tags,
    _sim: { runMs: 0, objectsPerRun: Math.max(1, Math.ceil((bucketCount * 100 * samplingPercentage) / 100)) },
  };
  const t = ctx.now.getTime();
  if (jobType === "ONE_TIME" || initialRun) startRun(job, t);
  else job._sim.nextRunAt = iso(nextScheduledRun(schedule as Record<string, any>, t));
  advanceJob(job, ctx.now, ctx.config);
  scope.jobs[jobId] = JSON.parse(JSON.stringify(job));
  return { jobArn: job.jobArn, jobId };
}

// ---------------------------------------------------------------------------------------------
// UpdateClassificationJob

function updateJob(ctx: OperationContext, jobId: string, body: Record<string, any>) {
  const to = requiredEnum(body.jobStatus, "jobStatus", JOB_STATUSES);
  const job = findJob(ctx, jobId);
  const from = job.jobStatus as JobStatus;
  if (from === "CANCELLED") throw validation(`cannot update cancelled job for job ${jobId}`);
  if (from === "COMPLETE") throw validation(`cannot update completed job for job ${jobId}`);
  if (!(to in ALLOWED_TRANSITIONS)) {
    throw validation(`jobStatus must be one of ${Object.keys(ALLOWED_TRANSITIONS).join(", ")} for job ${jobId}; ${to} is set only by Macie`);
  }
  const allowed = ALLOWED_TRANSITIONS[to as keyof typeof ALLOWED_TRANSITIONS];
  if (!allowed.includes(from)) {
    throw validation(`cannot update job ${jobId} from ${from} to ${to}: ${to} is allowed only when the job is ${allowed.join(", ")}`);
  }
  const t = ctx.now.getTime();
  if (to === "CANCELLED") {
    cancel(job);
  } else if (to === "USER_PAUSED") {
    stopClock(job, t);
    delete job._sim.nextRunAt;
    job._sim.pausedFrom = from as Sim["pausedFrom"];
    // A run in progress (RUNNING, or PAUSED by Macie) expires after 30 days; an idle schedule does not.
    job.userPausedDetails =
      from === "IDLE" ? { jobPausedAt: ctx.nowIso } : { jobPausedAt: ctx.nowIso, jobExpiresAt: iso(t + PAUSE_EXPIRY_MS) };
    job.jobStatus = "USER_PAUSED";
  } else {
    const back = job._sim.pausedFrom ?? "RUNNING";
    delete job._sim.pausedFrom;
    delete job.userPausedDetails;
    job.jobStatus = back;
    if (back === "RUNNING") job._sim.segmentStart = ctx.nowIso;
    if (back === "IDLE") job._sim.nextRunAt = iso(nextScheduledRun(job.scheduleFrequency, t));
    advanceJob(job, ctx.now, ctx.config);
  }
  return {};
}

function findJob(ctx: OperationContext, jobId: string): Job {
  return advanceJob(findRecord(ctx.scope().jobs, jobId, "Classification job") as Job, ctx.now, ctx.config);
}

// ---------------------------------------------------------------------------------------------
// ListClassificationJobs

/** Comparators each filter key accepts, and how a job's value is compared. */
const FILTER_KEYS: Record<string, readonly string[]> = {
  jobType: ["EQ", "NE"],
  jobStatus: ["EQ", "NE"],
  name: ["EQ", "NE", "CONTAINS", "STARTS_WITH"],
  createdAt: ["EQ", "NE", "GT", "GTE", "LT", "LTE"],
};

interface FilterTerm {
  key: string;
  comparator: string;
  values: string[];
}

function filterTerms(value: unknown, member: string): FilterTerm[] {
  const terms = optionalList(value, member) ?? [];
  return terms.map((raw, i) => {
    const p = `${member}[${i}]`;
    const t = requiredObject(raw, p);
    const key = requiredEnum(t.key, `${p}.key`, Object.keys(FILTER_KEYS));
    const comparator = optionalEnum(t.comparator, `${p}.comparator`, COMPARATORS) ?? "EQ";
    if (!FILTER_KEYS[key].includes(comparator)) {
      throw validation(`${p}.comparator ${comparator} is not valid for ${key}; use ${FILTER_KEYS[key].join(", ")}`);
    }
    const values = stringList(required(t.values, `${p}.values`), `${p}.values`, { min: 1 }) as string[];
    values.forEach((v, j) => {
      if (key === "jobType") requiredEnum(v, `${p}.values[${j}]`, JOB_TYPES);
      if (key === "jobStatus") requiredEnum(v, `${p}.values[${j}]`, JOB_STATUSES);
      if (key === "createdAt" && Number.isNaN(Date.parse(v))) throw validation(`${p}.values[${j}] must be a date and time in ISO 8601 format, got ${JSON.stringify(v)}`);
    });
    return { key, comparator, values };
  });
}

function matches(job: Record<string, any>, term: FilterTerm): boolean {
  const actual = job[term.key] as string;
  if (term.key === "createdAt") {
    const a = ms(actual);
    const compare = (v: string) => {
      const b = Date.parse(v);
      return { EQ: a === b, NE: a !== b, GT: a > b, GTE: a >= b, LT: a < b, LTE: a <= b }[term.comparator as "EQ"];
    };
    return term.comparator === "NE" ? term.values.every(compare) : term.values.some(compare);
  }
  switch (term.comparator) {
    case "NE":
      return !term.values.includes(actual);
    case "CONTAINS":
      return term.values.some((v) => actual.includes(v));
    case "STARTS_WITH":
      return term.values.some((v) => actual.startsWith(v));
    default:
      return term.values.includes(actual);
  }
}

function listJobs(ctx: OperationContext, body: Record<string, any>) {
  const criteria = optionalObject(body.filterCriteria, "filterCriteria") ?? {};
  const includes = filterTerms(criteria.includes, "filterCriteria.includes");
  const excludes = filterTerms(criteria.excludes, "filterCriteria.excludes");
  const sort = optionalObject(body.sortCriteria, "sortCriteria") ?? {};
  const attribute = optionalEnum(sort.attributeName, "sortCriteria.attributeName", ["createdAt", "jobStatus", "name", "jobType"] as const) ?? "createdAt";
  const direction = optionalEnum(sort.orderBy, "sortCriteria.orderBy", ["ASC", "DESC"] as const) === "DESC" ? -1 : 1;
  const max = maxResults(body.maxResults, 100);
  const scope = ctx.scope();
  advanceAll(scope, ctx.now, ctx.config);
  const jobs = Object.values(scope.jobs)
    .filter((job) => includes.every((t) => matches(job, t)) && !excludes.some((t) => matches(job, t)))
    .sort((a, b) => direction * (String(a[attribute]).localeCompare(String(b[attribute])) || a.jobId.localeCompare(b.jobId)));
  const { page, nextToken } = paginate(jobs, max, body.nextToken);
  const items = page.map((job) => {
    const summary: Record<string, unknown> = {
      createdAt: job.createdAt,
      jobId: job.jobId,
      jobStatus: job.jobStatus,
      jobType: job.jobType,
      lastRunErrorStatus: job.lastRunErrorStatus,
      name: job.name,
      userPausedDetails: job.userPausedDetails,
    };
    if (job.s3JobDefinition.bucketDefinitions) summary.bucketDefinitions = job.s3JobDefinition.bucketDefinitions;
    else summary.bucketCriteria = job.s3JobDefinition.bucketCriteria;
    return structuredClone(summary);
  });
  return { items, nextToken };
}

export const operations: Operation[] = [
  {
    name: "CreateClassificationJob",
    method: "POST",
    path: "/jobs",
    mutating: true,
    idempotent: true,
    handle: (ctx, req) => createJob(ctx, req.body),
  },
  {
    name: "DescribeClassificationJob",
    method: "GET",
    path: "/jobs/{jobId}",
    mutating: false,
    handle: (ctx, req) => jobView(findJob(ctx, req.labels.jobId), ctx.now, ctx.config),
  },
  {
    name: "UpdateClassificationJob",
    method: "PATCH",
    path: "/jobs/{jobId}",
    mutating: true,
    handle: (ctx, req) => updateJob(ctx, req.labels.jobId, req.body),
  },
  {
    name: "ListClassificationJobs",
    method: "POST",
    path: "/jobs/list",
    mutating: false,
    handle: (ctx, req) => listJobs(ctx, req.body),
  },
];
