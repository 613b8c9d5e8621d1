/**
 * Allow lists: Create/Get/Update/Delete/ListAllowLists.
 *
 * Rules from the SDK documentation (the 2021 reference predates allow lists): criteria is a
 * `regex` (<= 512 characters) XOR an `s3WordsList{bucketName, objectKey}`; name 1-128 characters
 * on one line (required; the API model's pattern `^.+$`), description 1-512 (the model's min 1: an
 * empty description is refused); the words list's bucket name follows the model's S3BucketName
 * (legacy names with capitals and underscores, up to 255 characters); ids are 22 lowercase letters
 * and digits (the model's `^[a-z0-9]{22}$`); UpdateAllowList needs name
 * and criteria and cannot switch a list between regex and s3WordsList; DeleteAllowList refuses
 * while a job that is not COMPLETE or CANCELLED uses the list, unless `ignoreJobChecks=true`.
 *
 * Choices where the documentation is silent (also in docs/emulator.md):
 * - deleting a list that an active job uses is a ConflictException (409) naming the jobs;
 * - `ignoreJobChecks` accepts only "true" or "false" (in any case), like `onlyAssociated` of ListMembers;
 * - UpdateAllowList is a PUT: it replaces name, criteria and description, so a description left
 *   out is removed;
 * - the emulator cannot read S3, so an s3WordsList's status is always OK, like a valid regex's;
 * - quota: 10 allow lists per account and Region (config `quotas.allowListsPerAccount`), 402.
 */
import { type Operation, type OperationContext, type RegionState, conflict, validation } from "../core/types";
import { byCreation, checkQuota, findRecord } from "../core/records";
import { compileMacieRegex } from "../core/macieRegex";
import { maxResults, optionalObject, optionalString, optionalTags, paginate, queryBoolean, requiredObject, requiredString } from "../core/validate";
import { bucketName } from "./configurations";
import { isActiveJob } from "./jobs";

function criteria(value: unknown): { regex?: string; s3WordsList?: { bucketName: string; objectKey: string } } {
  const c = requiredObject(value, "criteria");
  const hasRegex = c.regex !== undefined && c.regex !== null;
  const hasWords = c.s3WordsList !== undefined && c.s3WordsList !== null;
  if (hasRegex === hasWords) {
    throw validation(`criteria must specify exactly one of regex, s3WordsList${hasRegex ? " (got both)" : ""}`);
  }
  if (hasRegex) {
    const regex = requiredString(c.regex, "criteria.regex", { min: 1, max: 512 });
    compileMacieRegex(regex, "criteria.regex");
    return { regex };
  }
  const w = optionalObject(c.s3WordsList, "criteria.s3WordsList") as Record<string, any>;
  return {
    s3WordsList: {
      bucketName: bucketName(w.bucketName, "criteria.s3WordsList.bucketName"),
      objectKey: requiredString(w.objectKey, "criteria.s3WordsList.objectKey", { min: 1, max: 1024 }),
    },
  };
}

function name(v: unknown): string {
  const n = requiredString(v, "name", { min: 1, max: 128 });
  // The model's `^.+$`: a Java `.` matches no line terminator.
  if (/[\n\r\u0085\u2028\u2029]/.test(n)) throw validation("name must be on one line (no line breaks)");
  return n;
}
const description = (v: unknown) => optionalString(v, "description", { min: 1, max: 512 });

const find = (scope: RegionState, id: string) => findRecord(scope.allowLists, id, "Allow list");

function create(ctx: OperationContext, body: Record<string, any>) {
  const fields = { name: name(body.name), description: description(body.description), criteria: criteria(body.criteria), tags: optionalTags(body.tags) ?? {} };
  const scope = ctx.scope();
  checkQuota(ctx.config, "allowListsPerAccount", Object.keys(scope.allowLists).length, `allow lists in ${ctx.region}`);
  const id = ctx.newId().slice(0, 22); // the model's allow-list id: 22 characters, [a-z0-9]
  const arn = ctx.arn("allow-list", id);
  scope.allowLists[id] = { ...fields, arn, id, createdAt: ctx.nowIso, updatedAt: ctx.nowIso, status: { code: "OK" } };
  return { arn, id };
}

function update(ctx: OperationContext, id: string, body: Record<string, any>) {
  const record = find(ctx.scope(), id);
  const next = { name: name(body.name), description: description(body.description), criteria: criteria(body.criteria) };
  const kind = (c: Record<string, unknown>) => (c.regex !== undefined ? "regex" : "s3WordsList");
  if (kind(next.criteria) !== kind(record.criteria)) {
    throw validation(`criteria cannot change from ${kind(record.criteria)} to ${kind(next.criteria)}: create a new allow list instead`);
  }
  Object.assign(record, next, { updatedAt: ctx.nowIso });
  if (next.description === undefined) delete record.description;
  return { arn: record.arn, id };
}

function remove(ctx: OperationContext, id: string, query: Record<string, string[]>) {
  const scope = ctx.scope();
  find(scope, id);
  if (!queryBoolean(query, "ignoreJobChecks", false)) {
    const users = Object.values(scope.jobs)
      .filter((job) => (job.allowListIds ?? []).includes(id) && isActiveJob(job, ctx.now, ctx.config))
      .map((job) => job.jobId);
    if (users.length > 0) {
      throw conflict(
        `Allow list ${id} is used by classification jobs that are not COMPLETE or CANCELLED (${users.join(", ")}); cancel them or set ignoreJobChecks to true`,
      );
    }
  }
  delete scope.allowLists[id];
  return {};
}

export const operations: Operation[] = [
  {
    name: "CreateAllowList",
    method: "POST",
    path: "/allow-lists",
    mutating: true,
    idempotent: true,
    handle: (ctx, req) => create(ctx, req.body),
  },
  {
    name: "GetAllowList",
    method: "GET",
    path: "/allow-lists/{id}",
    mutating: false,
    handle: (ctx, req) => structuredClone(find(ctx.scope(), req.labels.id)),
  },
  {
    name: "UpdateAllowList",
    method: "PUT",
    path: "/allow-lists/{id}",
    mutating: true,
    handle: (ctx, req) => update(ctx, req.labels.id, req.body),
  },
  {
    name: "DeleteAllowList",
    method: "DELETE",
    path: "/allow-lists/{id}",
    mutating: true,
    handle: (ctx, req) => remove(ctx, req.labels.id, req.query),
  },
  {
    name: "ListAllowLists",
    method: "GET",
    path: "/allow-lists",
    mutating: false,
    handle: (ctx, req) => {
      const items = Object.values(ctx.scope().allowLists)
        .sort(byCreation)
        .map((a) => ({ arn: a.arn, createdAt: a.createdAt, description: a.description, id: a.id, name: a.name, updatedAt: a.updatedAt }));
      const { page, nextToken } = paginate(items, maxResults(req.query.maxResults), req.query.nextToken);
      return { allowLists: page, nextToken };
    },
  },
];
