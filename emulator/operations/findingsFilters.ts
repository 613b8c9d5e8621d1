/**
 * Findings filters: Create/Get/Update/Delete/ListFindingsFilters.
 *
 * Rules from the API reference: action ARCHIVE|NOOP and findingCriteria required on create; name
 * 3-64 characters (required), description <= 512; `findingCriteria.criterion` maps a finding
 * property to operators: `eq`, `neq`, `eqExactMatch` (lists of strings) and `gt`, `gte`, `lt`,
 * `lte` (integers, dates as epoch milliseconds); `eqExactMatch` only for the properties the
 * reference lists. UpdateFindingsFilter is a partial PATCH: only the members sent change.
 *
 * Choices where the reference is silent (also in docs/emulator.md):
 * - names are unique per account and Region: a second filter with the same name is a
 *   ConflictException (409), on create and on rename;
 * - `position` is an integer >= 1. Without one, a new filter goes last (highest position + 1).
 *   Positions are not renumbered when filters change; ListFindingsFilters orders by position,
 *   then by creation time;
 * - every criterion needs at least one operator; `findingCriteria` on update replaces the whole map;
 * - a criterion key must be a finding field (findingFields.ts): any other is a ValidationException
 *   naming it, on create and on update (the reference leaves the list to the Macie User Guide);
 * - quota: 1,000 filters per account and Region (config `quotas.findingsFiltersPerAccount`).
 */
import { type Operation, type OperationContext, type RegionState, conflict, dict, validation } from "../core/types";
import { byCreation, checkQuota, findRecord, own } from "../core/records";
import {
  maxResults,
  optionalEnum,
  optionalInteger,
  optionalList,
  optionalObject,
  optionalString,
  optionalTags,
  paginate,
  requiredEnum,
  requiredObject,
  requiredString,
} from "../core/validate";
import { FINDING_FIELDS } from "./findingFields";

const ACTIONS = ["ARCHIVE", "NOOP"] as const;

/** Properties that accept `eqExactMatch`, from the reference. */
const EXACT_MATCH_PROPERTIES = new Set([
  "customDataIdentifiers.detections.arn",
  "customDataIdentifiers.detections.name",
  "resourcesAffected.s3Bucket.tags.key",
  "resourcesAffected.s3Bucket.tags.value",
  "resourcesAffected.s3Object.tags.key",
  "resourcesAffected.s3Object.tags.value",
  "sensitiveData.category",
  "sensitiveData.detections.type",
]);

/** Each operator of a criterion and the kind of value it takes. */
const OPERATORS: Record<string, "strings" | "integer"> = {
  eq: "strings",
  neq: "strings",
  eqExactMatch: "strings",
  gt: "integer",
  gte: "integer",
  lt: "integer",
  lte: "integer",
};

/** Validates `findingCriteria` and returns a clean copy (only known operators). */
function findingCriteria(value: unknown): { criterion: Record<string, Record<string, unknown>> } {
  const fc = requiredObject(value, "findingCriteria");
  for (const key of Object.keys(fc)) {
    if (key !== "criterion") throw validation(`findingCriteria.${key} is not a member of FindingCriteria (only criterion)`);
  }
  const criterion = optionalObject(fc.criterion, "findingCriteria.criterion") ?? {};
  const clean: Record<string, Record<string, unknown>> = dict();
  for (const [property, raw] of Object.entries(criterion)) {
    const path = `findingCriteria.criterion.${property}`;
    if (property.length === 0) throw validation("findingCriteria.criterion keys must be finding property names, got an empty key");
    if (!FINDING_FIELDS.has(property)) throw validation(`${path} is not a finding field that findings can be filtered by`);
    const ops = requiredObject(raw, path);
    const set = Object.entries(ops).filter(([, v]) => v !== undefined && v !== null);
    if (set.length === 0) {
      throw validation(`${path} must specify at least one operator: ${Object.keys(OPERATORS).join(", ")}`);
    }
    clean[property] = {};
    for (const [op, v] of set) {
      const kind = own(OPERATORS, op);
      if (!kind) throw validation(`${path}.${op} is not an operator; use one of ${Object.keys(OPERATORS).join(", ")}`);
      if (kind === "integer") {
        if (typeof v !== "number" || !Number.isInteger(v)) throw validation(`${path}.${op} must be an integer, got ${JSON.stringify(v)}`);
        clean[property][op] = v;
      } else {
        const list = optionalList(v, `${path}.${op}`, { min: 1 }) as unknown[];
        list.forEach((item, i) => {
          if (typeof item !== "string") throw validation(`${path}.${op}[${i}] must be a string, got ${JSON.stringify(item)}`);
        });
        if (op === "eqExactMatch" && !EXACT_MATCH_PROPERTIES.has(property)) {
          throw validation(`${path}.eqExactMatch is not supported for ${property}; it applies only to ${[...EXACT_MATCH_PROPERTIES].join(", ")}`);
        }
        clean[property][op] = [...list];
      }
    }
  }
  return { criterion: clean };
}

const name = (v: unknown, req: boolean) =>
  req ? requiredString(v, "name", { min: 3, max: 64 }) : optionalString(v, "name", { min: 3, max: 64 });
const description = (v: unknown) => optionalString(v, "description", { max: 512 });
const position = (v: unknown) => optionalInteger(v, "position", { min: 1 });

const find = (scope: RegionState, id: string) => findRecord(scope.findingsFilters, id, "Findings filter");

function assertNameFree(scope: RegionState, wanted: string, except?: string): void {
  const clash = Object.values(scope.findingsFilters).find((f) => f.name === wanted && f.id !== except);
  if (clash) throw conflict(`A findings filter named "${wanted}" already exists (${clash.id}); filter names are unique per account and Region`);
}

/** Filters in Macie's order of application: by position, then by creation. */
function ordered(scope: RegionState): Record<string, any>[] {
  return Object.values(scope.findingsFilters).sort((a, b) => a.position - b.position || byCreation(a, b));
}

function create(ctx: OperationContext, body: Record<string, any>) {
  const record = {
    action: requiredEnum(body.action, "action", ACTIONS),
    description: description(body.description),
    findingCriteria: findingCriteria(body.findingCriteria),
    name: name(body.name, true) as string,
    position: position(body.position),
    tags: optionalTags(body.tags) ?? {},
  };
  const scope = ctx.scope();
  checkQuota(ctx.config, "findingsFiltersPerAccount", Object.keys(scope.findingsFilters).length, `findings filters in ${ctx.region}`);
  assertNameFree(scope, record.name);
  const id = ctx.newId();
  const arn = ctx.arn("findings-filter", id);
  const last = Math.max(0, ...Object.values(scope.findingsFilters).map((f) => f.position));
  scope.findingsFilters[id] = { ...record, position: record.position ?? last + 1, arn, id, createdAt: ctx.nowIso };
  return { arn, id };
}

function update(ctx: OperationContext, id: string, body: Record<string, any>) {
  const scope = ctx.scope();
  const record = find(scope, id);
  // Validate everything before changing anything, so a bad member leaves the filter untouched.
  const changes: Record<string, unknown> = {
    action: optionalEnum(body.action, "action", ACTIONS),
    description: description(body.description),
    findingCriteria: body.findingCriteria === undefined || body.findingCriteria === null ? undefined : findingCriteria(body.findingCriteria),
    name: name(body.name, false),
    position: position(body.position),
  };
  if (changes.name !== undefined) assertNameFree(scope, changes.name as string, id);
  for (const [member, value] of Object.entries(changes)) if (value !== undefined) record[member] = value;
  return { arn: record.arn, id };
}

const view = (r: Record<string, any>) => {
  const { createdAt: _createdAt, ...rest } = r;
  return structuredClone(rest);
};

export const operations: Operation[] = [
  {
    name: "CreateFindingsFilter",
    method: "POST",
    path: "/findingsfilters",
    mutating: true,
    idempotent: true,
    handle: (ctx, req) => create(ctx, req.body),
  },
  {
    name: "GetFindingsFilter",
    method: "GET",
    path: "/findingsfilters/{id}",
    mutating: false,
    handle: (ctx, req) => view(find(ctx.scope(), req.labels.id)),
  },
  {
    name: "UpdateFindingsFilter",
    method: "PATCH",
    path: "/findingsfilters/{id}",
    mutating: true,
    handle: (ctx, req) => update(ctx, req.labels.id, req.body),
  },
  {
    name: "DeleteFindingsFilter",
    method: "DELETE",
    path: "/findingsfilters/{id}",
    mutating: true,
    handle: (ctx, req) => {
      const scope = ctx.scope();
      find(scope, req.labels.id);
      delete scope.findingsFilters[req.labels.id];
      return {};
    },
  },
  {
    name: "ListFindingsFilters",
    method: "GET",
    path: "/findingsfilters",
    mutating: false,
    handle: (ctx, req) => {
      const items = ordered(ctx.scope()).map((f) => ({ action: f.action, arn: f.arn, id: f.id, name: f.name, tags: { ...f.tags } }));
      const { page, nextToken } = paginate(items, maxResults(req.query.maxResults), req.query.nextToken);
      return { findingsFilterListItems: page, nextToken };
    },
  },
];
