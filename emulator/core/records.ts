/**
 * What the domain files do alike with the records of a Region state: find one by id (or answer
 * 404), refuse a create beyond a service quota (402), and list in creation order.
 *
 * Ids, account ids and Regions come from callers, so a lookup must never reach
 * Object.prototype: `own` and `findRecord` read own properties only (the state's maps are also
 * prototype-less, see `dict` in types.ts).
 */
import { notFound, quotaExceeded, type EmulatorConfig, type Quotas } from "./types";

/** Macie's default quotas, per account and Region; the config's `quotas` overrides them. */
export const DEFAULT_QUOTAS: Quotas = {
  customDataIdentifiersPerAccount: 10_000,
  findingsFiltersPerAccount: 1_000,
  allowListsPerAccount: 10,
  membersPerAdministrator: 10_000,
};

/** The quota in force: the config's, else Macie's default. */
export function quotaOf(config: EmulatorConfig, quota: keyof Quotas): number {
  return config.quotas?.[quota] ?? DEFAULT_QUOTAS[quota];
}

/**
 * Refuses a create with 402 ServiceQuotaExceededException when `count` records already fill the
 * quota; `what` names them (`"allow lists in us-east-1"`).
 */
export function checkQuota(config: EmulatorConfig, quota: keyof Quotas, count: number, what: string): void {
  const limit = quotaOf(config, quota);
  if (count >= limit) throw quotaExceeded(`The account has reached the quota of ${limit} ${what}`);
}

/** The value of `map` at `key` when `map` has it as its own property, else undefined. */
export function own<T>(map: Record<string, T> | undefined, key: string): T | undefined {
  return map !== undefined && map !== null && Object.hasOwn(map, key) ? map[key] : undefined;
}

/** The record `id` of a collection, or 404 "`<what> <id>` was not found". */
export function findRecord<T>(records: Record<string, T>, id: string, what: string): T {
  const record = own(records, id);
  if (!record) throw notFound(`${what} ${id} was not found`);
  return record;
}

/** Creation order, then id: the order of Macie's lists of custom data identifiers and allow lists. */
export const byCreation = (a: Record<string, any>, b: Record<string, any>): number =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
