/**
 * Resource profiles: what automated sensitive data discovery found in an S3 bucket, and the
 * per-bucket overrides. GetResourceProfile, UpdateResourceProfile, UpdateResourceProfileDetections,
 * ListResourceProfileDetections, ListResourceProfileArtifacts.
 *
 * Rules from the API model and the SDK documentation:
 * - `resourceArn` (a query parameter, required) is the ARN of an S3 bucket;
 * - a bucket's sensitivity score ranges from -1 (classification error) to 100; `sensitivityScoreOverride`
 *   takes 100 (the maximum score, "Sensitive") or nothing (Macie calculates the score again);
 *   `sensitivityScoreOverridden` tells which;
 * - `suppressDataIdentifiers` lists the detections ({id, type CUSTOM|MANAGED}) to leave out of the
 *   score; an update replaces the list, and an empty or absent list suppresses nothing; suppressed
 *   occurrences still count in `totalDetections` and also in `totalDetectionsSuppressed`;
 * - the data is "available only if automated sensitive data discovery has been enabled";
 * - ListResourceProfileDetections takes `maxResults` 1-25; ListResourceProfileArtifacts returns at
 *   most 100 objects, sensitive ones first.
 *
 * The simulation (macie-local cannot see S3; also in docs/emulator.md). Nothing runs in the
 * background: a profile is computed when read, from the bucket name and the settings in force, so
 * the same settings always give the same profile.
 * - Every well-formed bucket ARN names a bucket of the caller. Its profile exists (else 404) once
 *   automated discovery has been enabled: for a standalone account or an administrator, ever
 *   (`firstEnabledAt`); for an associated member, when its administrator has it ENABLED for it now.
 * - The settings are the caller's, or its administrator's for an associated member. A bucket the
 *   classification scope excludes is not analyzed: score 50 ("not yet analyzed"), statistics 0,
 *   no detections, no artifacts.
 * - Otherwise each data identifier the template uses (every managed data identifier macie-local
 *   knows, plus `includes.managedDataIdentifierIds`, minus `excludes.managedDataIdentifierIds`, and
 *   the template's custom data identifiers that are not deleted) detects data in the bucket when the
 *   first byte of sha256("<bucket>\n<type>\n<id>") is below 64 (one in four), with
 *   1 + (next two bytes as a number mod 500) occurrences. Allow lists change nothing.
 * - The bucket has 100 + (first two bytes of sha256(<bucket>) mod 900) objects analyzed, of 128 KiB
 *   each; min(objects, ceil(detections / 10)) of them are sensitive.
 * - Score: 100 when overridden; else 1 when no detection is left unsuppressed; else
 *   50 + ceil(50 * min(objects, ceil(unsuppressed / 10)) / objects), at most 100.
 * - `profileUpdatedAt` is the latest of: automated discovery first enabled, the scope, the template
 *   or this bucket's overrides last updated.
 *
 * Choices where the references are silent: a sensitivityScoreOverride other than 100 is a
 * ValidationException; a suppressed custom data identifier must exist where the detections come
 * from (404 otherwise), a managed one is checked for its shape; a detection listed twice is a
 * ValidationException; suppressing an identifier that detected nothing is kept and takes effect if
 * it detects something later; DisableMacie deletes the overrides.
 */
import { createHash } from "node:crypto";
import { type Operation, type OperationContext, type RegionState, notFound, validation } from "../core/types";
import { own } from "../core/records";
import { maxResults, optionalInteger, optionalList, paginate, queryValue, requiredEnum, requiredObject, requiredString } from "../core/validate";
import { discoverySettings, memberDiscoveryStatus } from "./automatedDiscoveryAccounts";
import { bucketName } from "./configurations";
import { MANAGED_DATA_IDENTIFIER_IDS } from "./managedDataIdentifiers";
import { templateOf } from "./sensitivityInspectionTemplates";

const TYPES = ["CUSTOM", "MANAGED"] as const;
const MANAGED_ID = /^[A-Z0-9_()]+$/;
const BUCKET_ARN = /^arn:(aws|aws-cn|aws-us-gov):s3:::([^/]*)$/;
const OBJECT_BYTES = 128 * 1024;
const MAX_ARTIFACTS = 100;

interface Bucket {
  arn: string;
  partition: string;
  name: string;
}

interface Detection {
  arn?: string;
  count: number;
  id: string;
  name: string;
  suppressed: boolean;
  type: "CUSTOM" | "MANAGED";
}

function bucketOf(query: Record<string, string[]>): Bucket {
  const arn = requiredString(queryValue(query, "resourceArn"), "resourceArn");
  const m = BUCKET_ARN.exec(arn);
  if (!m) throw validation(`resourceArn must be the ARN of an S3 bucket (arn:aws:s3:::<bucket name>), got ${JSON.stringify(arn)}`);
  return { arn, partition: m[1], name: bucketName(m[2], "resourceArn's bucket name") };
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/** The settings that apply to the caller's buckets, or 404 while automated discovery has not run. */
function settingsFor(ctx: OperationContext, bucket: Bucket): RegionState {
  const settings = discoverySettings(ctx);
  const running = settings.member
    ? memberDiscoveryStatus(settings.state, ctx.accountId) === "ENABLED"
    : settings.state.automatedDiscovery?.firstEnabledAt !== undefined;
  if (!running) {
    throw notFound(
      `No resource profile for ${bucket.arn}: automated sensitive data discovery ${settings.member ? `is not enabled for member account ${ctx.accountId} by its administrator ${settings.accountId}` : `has never been enabled for account ${ctx.accountId}`} in ${ctx.region}`,
    );
  }
  return settings.state;
}

/** What automated discovery found in the bucket: the simulation described above. */
function analyse(ctx: OperationContext, settings: RegionState, bucket: Bucket) {
  const record = own(ctx.scope().resourceProfiles, bucket.name);
  const times = [settings.automatedDiscovery?.firstEnabledAt, settings.classificationScope?.updatedAt, settings.sensitivityInspectionTemplate?.updatedAt, record?.updatedAt];
  const profileUpdatedAt = times.filter((t): t is string => typeof t === "string").sort().at(-1);
  const overridden = record?.sensitivityScoreOverride !== undefined;
  if (settings.classificationScope?.excludedBucketNames.includes(bucket.name)) {
    return { profileUpdatedAt, overridden, analyzed: false, detections: [] as Detection[], objects: 0, sensitiveObjects: 0, score: overridden ? 100 : 50 };
  }

  const template = templateOf(settings);
  const excluded = new Set(template.excludes.managedDataIdentifierIds);
  const managed = [...new Set([...MANAGED_DATA_IDENTIFIER_IDS, ...template.includes.managedDataIdentifierIds])].filter((id) => !excluded.has(id)).sort();
  const custom = template.includes.customDataIdentifierIds.map((id) => own(settings.customDataIdentifiers, id)).filter((c) => c && !c.deleted);
  const candidates: Omit<Detection, "count" | "suppressed">[] = [
    ...custom.map((c) => ({ arn: c!.arn as string, id: c!.id as string, name: c!.name as string, type: "CUSTOM" as const })),
    ...managed.map((id) => ({ id, name: id, type: "MANAGED" as const })),
  ];
  const suppressed = new Set((record?.suppressDataIdentifiers ?? []).map((s) => `${s.type}\n${s.id}`));
  const detections: Detection[] = [];
  for (const c of candidates) {
    const d = digest(`${bucket.name}\n${c.type}\n${c.id}`);
    if (d[0] < 64) detections.push({ ...c, count: 1 + (d.readUInt16BE(1) % 500), suppressed: suppressed.has(`${c.type}\n${c.id}`) });
  }
  const objects = 100 + (digest(bucket.name).readUInt16BE(0) % 900);
  const total = detections.reduce((n, d) => n + d.count, 0);
  const unsuppressed = detections.filter((d) => !d.suppressed).reduce((n, d) => n + d.count, 0);
  const sensitiveObjects = Math.min(objects, Math.ceil(total / 10));
  const scored = Math.min(objects, Math.ceil(unsuppressed / 10));
  const calculated = unsuppressed === 0 ? 1 : Math.min(100, 50 + Math.ceil((50 * scored) / objects));
  return { profileUpdatedAt, overridden, analyzed: true, detections, objects, sensitiveObjects, score: overridden ? 100 : calculated };
}

function getProfile(ctx: OperationContext, query: Record<string, string[]>) {
  const bucket = bucketOf(query);
  const a = analyse(ctx, settingsFor(ctx, bucket), bucket);
  const total = a.detections.reduce((n, d) => n + d.count, 0);
  const suppressed = a.detections.filter((d) => d.suppressed).reduce((n, d) => n + d.count, 0);
  return {
    profileUpdatedAt: a.profileUpdatedAt,
    sensitivityScore: a.score,
    sensitivityScoreOverridden: a.overridden,
    statistics: {
      totalBytesClassified: a.objects * OBJECT_BYTES,
      totalDetections: total,
      totalDetectionsSuppressed: suppressed,
      totalItemsClassified: a.objects,
      totalItemsSensitive: a.sensitiveObjects,
      totalItemsSkipped: 0,
      totalItemsSkippedInvalidEncryption: 0,
      totalItemsSkippedInvalidKms: 0,
      totalItemsSkippedPermissionDenied: 0,
    },
  };
}

/** The caller's override record of a bucket, created on first use; dropped again when it holds nothing. */
function saveRecord(ctx: OperationContext, bucket: Bucket, change: (r: RegionState["resourceProfiles"][string]) => void): void {
  const profiles = ctx.scope().resourceProfiles;
  const record = own(profiles, bucket.name) ?? { updatedAt: ctx.nowIso };
  change(record);
  record.updatedAt = ctx.nowIso;
  if (record.sensitivityScoreOverride === undefined && !record.suppressDataIdentifiers?.length) delete profiles[bucket.name];
  else profiles[bucket.name] = record;
}

function updateProfile(ctx: OperationContext, query: Record<string, string[]>, body: Record<string, any>) {
  const bucket = bucketOf(query);
  const override = optionalInteger(body.sensitivityScoreOverride, "sensitivityScoreOverride");
  if (override !== undefined && override !== 100) {
    throw validation(`sensitivityScoreOverride must be 100 (the maximum score), or left out to let Macie calculate the score; got ${override}`);
  }
  settingsFor(ctx, bucket);
  saveRecord(ctx, bucket, (r) => {
    if (override === undefined) delete r.sensitivityScoreOverride;
    else r.sensitivityScoreOverride = override;
  });
  return {};
}

function updateDetections(ctx: OperationContext, query: Record<string, string[]>, body: Record<string, any>) {
  const bucket = bucketOf(query);
  const seen = new Set<string>();
  const entries = (optionalList(body.suppressDataIdentifiers, "suppressDataIdentifiers") ?? []).map((raw, i) => {
    const member = `suppressDataIdentifiers[${i}]`;
    const e = requiredObject(raw, member);
    const type = requiredEnum(e.type, `${member}.type`, TYPES);
    const id = requiredString(e.id, `${member}.id`, { min: 1 });
    if (type === "MANAGED" && !MANAGED_ID.test(id)) {
      throw validation(`${member}.id must be a managed data identifier id such as CREDIT_CARD_NUMBER, got ${JSON.stringify(id)}`);
    }
    if (seen.has(`${type}\n${id}`)) throw validation(`${member} (${type} ${id}) is listed more than once`);
    seen.add(`${type}\n${id}`);
    return { id, type };
  });
  const settings = settingsFor(ctx, bucket);
  entries.forEach((e, i) => {
    if (e.type === "CUSTOM" && !own(settings.customDataIdentifiers, e.id)) {
      throw notFound(`suppressDataIdentifiers[${i}]: custom data identifier ${e.id} was not found`);
    }
  });
  saveRecord(ctx, bucket, (r) => {
    if (entries.length === 0) delete r.suppressDataIdentifiers;
    else r.suppressDataIdentifiers = entries;
  });
  return {};
}

function listDetections(ctx: OperationContext, query: Record<string, string[]>) {
  const bucket = bucketOf(query);
  const { detections } = analyse(ctx, settingsFor(ctx, bucket), bucket);
  const { page, nextToken } = paginate(detections, maxResults(query.maxResults), query.nextToken);
  return { detections: page, nextToken };
}

function listArtifacts(ctx: OperationContext, query: Record<string, string[]>) {
  const bucket = bucketOf(query);
  const a = analyse(ctx, settingsFor(ctx, bucket), bucket);
  const n = Math.min(a.objects, MAX_ARTIFACTS);
  const artifacts = Array.from({ length: n }, (_, i) => ({
    arn: `arn:${bucket.partition}:s3:::${bucket.name}/macie-local/object-${String(i + 1).padStart(4, "0")}.csv`,
    classificationResultStatus: "COMPLETE",
    sensitive: i < a.sensitiveObjects,
  }));
  const { page, nextToken } = paginate(artifacts, MAX_ARTIFACTS, query.nextToken);
  return { artifacts: page, nextToken };
}

export const operations: Operation[] = [
  { name: "GetResourceProfile", method: "GET", path: "/resource-profiles", mutating: false, handle: (ctx, req) => getProfile(ctx, req.query) },
  { name: "UpdateResourceProfile", method: "PATCH", path: "/resource-profiles", mutating: true, handle: (ctx, req) => updateProfile(ctx, req.query, req.body) },
  {
    name: "UpdateResourceProfileDetections",
    method: "PATCH",
    path: "/resource-profiles/detections",
    mutating: true,
    handle: (ctx, req) => updateDetections(ctx, req.query, req.body),
  },
  {
    name: "ListResourceProfileDetections",
    method: "GET",
    path: "/resource-profiles/detections",
    mutating: false,
    handle: (ctx, req) => listDetections(ctx, req.query),
  },
  {
    name: "ListResourceProfileArtifacts",
    method: "GET",
    path: "/resource-profiles/artifacts",
    mutating: false,
    handle: (ctx, req) => listArtifacts(ctx, req.query),
  },
];
