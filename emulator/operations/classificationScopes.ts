/**
 * The classification scope of automated sensitive data discovery (the S3 buckets it skips):
 * GetClassificationScope, UpdateClassificationScope, ListClassificationScopes.
 *
 * Rules from the API model and the SDK documentation:
 * - one scope per account and Region, named `automated-sensitive-data-discovery`; its id is the
 *   `classificationScopeId` of GetAutomatedDiscoveryConfiguration; another id is a
 *   ResourceNotFoundException;
 * - `s3.excludes.bucketNames` are S3 bucket names (`^[A-Za-z0-9.\-_]{3,255}$`, legacy names
 *   included), case sensitive; an update's `operation` is ADD (append), REMOVE, or REPLACE (the
 *   list becomes exactly the given names); both members are required when `s3.excludes` is given.
 *
 * Choices where the references are silent (also in docs/emulator.md):
 * - the list is a set kept in the order names were added: adding a name already there, or
 *   removing one that is not, changes nothing, and a name given twice counts once;
 * - at most 1,000 excluded buckets, the most a classification job may name; an update that would
 *   pass it is a ValidationException and changes nothing;
 * - an update without `s3` changes nothing; REPLACE with an empty list clears the exclusions;
 * - macie-local cannot see S3: it checks the shape of a bucket name, not that the bucket exists;
 * - DisableMacie deletes the exclusions (Macie deletes all settings); the scope's id stays the same
 *   when Macie is enabled again, as GetAutomatedDiscoveryConfiguration's id does;
 * - an associated member account may read its scope but not update it (AccessDeniedException): its
 *   administrator's scope is the one that applies to it;
 * - ListClassificationScopes filters on `name` exactly; another name lists nothing.
 */
import { type Operation, type OperationContext, notFound, validation } from "../core/types";
import { optionalObject, paginate, queryValue, requiredEnum, requiredList, requiredObject } from "../core/validate";
import { classificationScopeId } from "./automatedDiscovery";
import { requireOwnSettings } from "./automatedDiscoveryAccounts";
import { bucketName } from "./configurations";

export const CLASSIFICATION_SCOPE_NAME = "automated-sensitive-data-discovery";
const OPERATIONS = ["ADD", "REPLACE", "REMOVE"] as const;
/** The most buckets a scope excludes (choice: the per-job bucket limit). */
export const MAX_EXCLUDED_BUCKETS = 1000;

/** The caller's excluded bucket names (a copy). */
export const excludedBucketNames = (ctx: OperationContext, accountId?: string): string[] => [
  ...(ctx.scope(accountId).classificationScope?.excludedBucketNames ?? []),
];

function checkId(ctx: OperationContext, id: string): void {
  if (id !== classificationScopeId(ctx)) {
    throw notFound(`Classification scope ${id} was not found in account ${ctx.accountId} in ${ctx.region}`);
  }
}

function get(ctx: OperationContext, id: string) {
  checkId(ctx, id);
  return { id, name: CLASSIFICATION_SCOPE_NAME, s3: { excludes: { bucketNames: excludedBucketNames(ctx) } } };
}

function update(ctx: OperationContext, id: string, body: Record<string, any>) {
  checkId(ctx, id);
  requireOwnSettings(ctx, "classification scope");
  const s3 = optionalObject(body.s3, "s3");
  if (!s3) return {};
  const excludes = requiredObject(s3.excludes, "s3.excludes");
  const operation = requiredEnum(excludes.operation, "s3.excludes.operation", OPERATIONS);
  const names = requiredList(excludes.bucketNames, "s3.excludes.bucketNames").map((n, i) => bucketName(n, `s3.excludes.bucketNames[${i}]`));

  const current = excludedBucketNames(ctx);
  const given = new Set(names);
  const next =
    operation === "REPLACE" ? [...given] : operation === "ADD" ? [...new Set([...current, ...names])] : current.filter((n) => !given.has(n));
  if (next.length > MAX_EXCLUDED_BUCKETS) {
    throw validation(
      `s3.excludes.bucketNames: the classification scope can exclude at most ${MAX_EXCLUDED_BUCKETS} buckets; this ${operation} would make ${next.length}`,
    );
  }
  ctx.scope().classificationScope = { excludedBucketNames: next, updatedAt: ctx.nowIso };
  return {};
}

function list(ctx: OperationContext, query: Record<string, string[]>) {
  const name = queryValue(query, "name");
  const items = name === undefined || name === CLASSIFICATION_SCOPE_NAME ? [{ id: classificationScopeId(ctx), name: CLASSIFICATION_SCOPE_NAME }] : [];
  const { page, nextToken } = paginate(items, 25, query.nextToken);
  return { classificationScopes: page, nextToken };
}

export const operations: Operation[] = [
  {
    name: "GetClassificationScope",
    method: "GET",
    path: "/classification-scopes/{id}",
    mutating: false,
    handle: (ctx, req) => get(ctx, req.labels.id),
  },
  {
    name: "UpdateClassificationScope",
    method: "PATCH",
    path: "/classification-scopes/{id}",
    mutating: true,
    handle: (ctx, req) => update(ctx, req.labels.id, req.body),
  },
  {
    name: "ListClassificationScopes",
    method: "GET",
    path: "/classification-scopes",
    mutating: false,
    handle: (ctx, req) => list(ctx, req.query),
  },
];
