/**
 * Custom data identifiers: Create/Get/Delete/List/BatchGet CustomDataIdentifier(s) and
 * TestCustomDataIdentifier.
 *
 * Rules from the API reference and the SDK documentation:
 * - identifiers are immutable (there is no update); delete is a soft delete: the record stays,
 *   GetCustomDataIdentifier and BatchGetCustomDataIdentifiers show it with `deleted: true`,
 *   ListCustomDataIdentifiers omits it, and jobs that use it keep working;
 * - name <= 128, description <= 512, regex <= 512 (and must compile, see core/macieRegex.ts),
 *   keywords <= 50 of 3-90 characters (case-insensitive), ignoreWords <= 10 of 4-90 characters
 *   (case-sensitive), maximumMatchDistance 1-300 (default 50), severityLevels <= 3, one per
 *   severity, thresholds ascending from LOW to HIGH.
 *
 * Choices where the reference is silent (also in docs/emulator.md):
 * - deleting an identifier that is already deleted answers 404, as for an unknown id;
 * - without severityLevels, the record holds Macie's documented default (MEDIUM from 1 occurrence);
 * - the quota (10,000 per account and Region) counts identifiers that are not deleted.
 */
import { type Operation, type OperationContext, type RegionState, notFound, validation } from "../core/types";
import { byCreation, checkQuota, findRecord, own } from "../core/records";
import { compileMacieRegex, findMatches, type MaciePattern } from "../core/macieRegex";
import {
  maxResults,
  optionalInteger,
  optionalList,
  optionalString,
  optionalTags,
  paginate,
  requiredEnum,
  requiredInteger,
  requiredObject,
  requiredString,
} from "../core/validate";

const SEVERITIES = ["LOW", "MEDIUM", "HIGH"] as const;
const DEFAULT_MAXIMUM_MATCH_DISTANCE = 50;

/** The detection criteria shared by Create and Test, validated. */
interface Criteria {
  regex: string;
  /** `regex`, compiled once. */
  pattern: MaciePattern;
  keywords?: string[];
  ignoreWords?: string[];
  maximumMatchDistance: number;
}

function wordList(value: unknown, member: string, maxItems: number, minLength: number, maxLength: number): string[] | undefined {
  const list = optionalList(value, member, { max: maxItems });
  list?.forEach((w, i) => requiredString(w, `${member}[${i}]`, { min: minLength, max: maxLength }));
  return list as string[] | undefined;
}

function criteria(body: Record<string, any>): Criteria {
  const regex = requiredString(body.regex, "regex", { min: 1, max: 512 });
  return {
    regex,
    pattern: compileMacieRegex(regex, "regex"),
    keywords: wordList(body.keywords, "keywords", 50, 3, 90),
    ignoreWords: wordList(body.ignoreWords, "ignoreWords", 10, 4, 90),
    maximumMatchDistance: optionalInteger(body.maximumMatchDistance, "maximumMatchDistance", { min: 1, max: 300 }) ?? DEFAULT_MAXIMUM_MATCH_DISTANCE,
  };
}

function severityLevels(value: unknown): { occurrencesThreshold: number; severity: string }[] {
  const levels = optionalList(value, "severityLevels", { max: 3 });
  if (!levels || levels.length === 0) return [{ occurrencesThreshold: 1, severity: "MEDIUM" }];
  const parsed = levels.map((raw, i) => {
    const level = requiredObject(raw, `severityLevels[${i}]`);
    const threshold = `severityLevels[${i}].occurrencesThreshold`;
    return {
      occurrencesThreshold: requiredInteger(level.occurrencesThreshold, threshold, { min: 1 }),
      severity: requiredEnum(level.severity, `severityLevels[${i}].severity`, SEVERITIES),
    };
  });
  const seen = new Set<string>();
  for (const [i, l] of parsed.entries()) {
    if (seen.has(l.severity)) throw validation(`severityLevels[${i}].severity ${l.severity} appears more than once: specify at most one level per severity`);
    seen.add(l.severity);
  }
  const ordered = [...parsed].sort((a, b) => SEVERITIES.indexOf(a.severity as any) - SEVERITIES.indexOf(b.severity as any));
  for (let i = 1; i < ordered.length; i++) {
    if (ordered[i].occurrencesThreshold <= ordered[i - 1].occurrencesThreshold) {
      throw validation(
        `severityLevels occurrencesThreshold must ascend from LOW to HIGH: ${ordered[i].severity} (${ordered[i].occurrencesThreshold}) must be greater than ${ordered[i - 1].severity} (${ordered[i - 1].occurrencesThreshold})`,
      );
    }
  }
  return parsed;
}

/**
 * How many matches of the criteria `sampleText` holds, as Macie counts them: each non-empty,
 * non-overlapping regex match, left out when its text contains an ignore word (case-sensitive),
 * and, when keywords are given, kept only when a complete keyword (case-insensitive) ends before
 * the match starts and at most `maximumMatchDistance` characters before the match ends.
 */
async function countMatches(c: Criteria, sampleText: string, timeoutMs?: number): Promise<number> {
  const matches = await findMatches(c.pattern, sampleText, "regex", timeoutMs);
  const lower = sampleText.toLowerCase();
  const keywordEnds: number[] = [];
  for (const k of c.keywords ?? []) {
    const needle = k.toLowerCase();
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) keywordEnds.push(at + needle.length);
  }
  return matches.filter((m) => {
    if ((c.ignoreWords ?? []).some((w) => m.text.includes(w))) return false;
    if (!c.keywords || c.keywords.length === 0) return true;
    return keywordEnds.some((end) => end <= m.start && m.end - end <= c.maximumMatchDistance);
  }).length;
}

const find = (scope: RegionState, id: string) => findRecord(scope.customDataIdentifiers, id, "Custom data identifier");

const summary = (r: Record<string, any>) => ({ arn: r.arn, createdAt: r.createdAt, description: r.description, id: r.id, name: r.name });

function create(ctx: OperationContext, body: Record<string, any>) {
  const name = requiredString(body.name, "name", { min: 1, max: 128 });
  const description = optionalString(body.description, "description", { max: 512 });
  const c = criteria(body);
  const levels = severityLevels(body.severityLevels);
  const tags = optionalTags(body.tags) ?? {};
  const scope = ctx.scope();
  const active = Object.values(scope.customDataIdentifiers).filter((r) => !r.deleted).length;
  checkQuota(ctx.config, "customDataIdentifiersPerAccount", active, `custom data identifiers in ${ctx.region}`);
  const id = ctx.newId();
  scope.customDataIdentifiers[id] = {
    arn: ctx.arn("custom-data-identifier", id),
    createdAt: ctx.nowIso,
    deleted: false,
    description,
    id,
    ignoreWords: c.ignoreWords,
    keywords: c.keywords,
    maximumMatchDistance: c.maximumMatchDistance,
    name,
    regex: c.regex,
    severityLevels: levels,
    tags,
  };
  return { customDataIdentifierId: id };
}

export const operations: Operation[] = [
  {
    name: "CreateCustomDataIdentifier",
    method: "POST",
    path: "/custom-data-identifiers",
    mutating: true,
    idempotent: true,
    handle: (ctx, req) => create(ctx, req.body),
  },
  {
    name: "GetCustomDataIdentifier",
    method: "GET",
    path: "/custom-data-identifiers/{id}",
    mutating: false,
    handle: (ctx, req) => structuredClone(find(ctx.scope(), req.labels.id)),
  },
  {
    name: "DeleteCustomDataIdentifier",
    method: "DELETE",
    path: "/custom-data-identifiers/{id}",
    mutating: true,
    handle: (ctx, req) => {
      const record = find(ctx.scope(), req.labels.id);
      if (record.deleted) throw notFound(`Custom data identifier ${req.labels.id} was not found: it was already deleted`);
      record.deleted = true;
      return {};
    },
  },
  {
    name: "ListCustomDataIdentifiers",
    method: "POST",
    path: "/custom-data-identifiers/list",
    mutating: false,
    handle: (ctx, req) => {
      const max = maxResults(req.body.maxResults, 100);
      const items = Object.values(ctx.scope().customDataIdentifiers)
        .filter((r) => !r.deleted)
        .sort(byCreation)
        .map(summary);
      const { page, nextToken } = paginate(items, max, req.body.nextToken);
      return { items: page, nextToken };
    },
  },
  {
    name: "BatchGetCustomDataIdentifiers",
    method: "POST",
    path: "/custom-data-identifiers/get",
    mutating: false,
    handle: (ctx, req) => {
      const ids = optionalList<string>(req.body.ids, "ids") ?? [];
      ids.forEach((id, i) => requiredString(id, `ids[${i}]`, { min: 1 }));
      const scope = ctx.scope();
      const found = ids.filter((id) => own(scope.customDataIdentifiers, id));
      return {
        customDataIdentifiers: found.map((id) => {
          const r = own(scope.customDataIdentifiers, id)!;
          return { ...summary(r), deleted: r.deleted };
        }),
        notFoundIdentifierIds: ids.filter((id) => !own(scope.customDataIdentifiers, id)),
      };
    },
  },
  {
    name: "TestCustomDataIdentifier",
    method: "POST",
    path: "/custom-data-identifiers/test",
    mutating: false,
    handle: async (ctx, req) => {
      const c = criteria(req.body);
      const sampleText = requiredString(req.body.sampleText, "sampleText", { min: 1, max: 1000 });
      return { matchCount: await countMatches(c, sampleText, ctx.config.limits?.regexTimeoutMs) };
    },
  },
];
