/**
 * Checks that Macie applies to request members, answering ValidationException with a message
 * that names the member, as the service does. The rules themselves (which member, which limit)
 * live in the domain files, taken from the API reference. This file shares nothing with the
 * provider's validation, so that a mistake in one is caught by the other.
 */
import { validation } from "./types";

const describe = (v: unknown) => (Array.isArray(v) ? "a list" : v === null ? "null" : typeof v);

/** A required member: present and not null. */
export function required<T>(value: T | undefined | null, member: string): T {
  if (value === undefined || value === null) throw validation(`${member} is required`);
  return value;
}

export function optionalString(value: unknown, member: string, opts: { min?: number; max?: number } = {}): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw validation(`${member} must be a string, got ${describe(value)}`);
  if (opts.min !== undefined && value.length < opts.min) {
    throw validation(`${member} must be at least ${opts.min} characters long`);
  }
  if (opts.max !== undefined && value.length > opts.max) {
    throw validation(`${member} must be at most ${opts.max} characters long`);
  }
  return value;
}

export function requiredString(value: unknown, member: string, opts: { min?: number; max?: number } = {}): string {
  return optionalString(required(value, member), member, opts) as string;
}

export function optionalEnum<T extends string>(value: unknown, member: string, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw validation(`${member} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

export function requiredEnum<T extends string>(value: unknown, member: string, allowed: readonly T[]): T {
  return optionalEnum(required(value, member), member, allowed) as T;
}

export function optionalBoolean(value: unknown, member: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw validation(`${member} must be a boolean, got ${describe(value)}`);
  return value;
}

export function requiredBoolean(value: unknown, member: string): boolean {
  return optionalBoolean(required(value, member), member) as boolean;
}

/** An integer (JSON number, or a query string of digits) within an optional range. */
export function optionalInteger(value: unknown, member: string, opts: { min?: number; max?: number } = {}): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n)) throw validation(`${member} must be an integer, got ${JSON.stringify(value)}`);
  if (opts.min !== undefined && n < opts.min) throw validation(`${member} must be at least ${opts.min}`);
  if (opts.max !== undefined && n > opts.max) throw validation(`${member} must be at most ${opts.max}`);
  return n;
}

export function requiredInteger(value: unknown, member: string, opts: { min?: number; max?: number } = {}): number {
  return optionalInteger(required(value, member), member, opts) as number;
}

export function optionalList<T = unknown>(value: unknown, member: string, opts: { min?: number; max?: number } = {}): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw validation(`${member} must be a list, got ${describe(value)}`);
  if (opts.min !== undefined && value.length < opts.min) throw validation(`${member} must have at least ${opts.min} items`);
  if (opts.max !== undefined && value.length > opts.max) throw validation(`${member} must have at most ${opts.max} items`);
  return value as T[];
}

export function requiredList<T = unknown>(value: unknown, member: string, opts: { min?: number; max?: number } = {}): T[] {
  return optionalList<T>(required(value, member), member, opts) as T[];
}

export function optionalObject(value: unknown, member: string): Record<string, any> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw validation(`${member} must be an object, got ${describe(value)}`);
  return value as Record<string, any>;
}

export function requiredObject(value: unknown, member: string): Record<string, any> {
  return optionalObject(required(value, member), member) as Record<string, any>;
}

/** Exactly one of the named members is set. */
export function exactlyOne(obj: Record<string, unknown>, members: string[], where: string): string {
  const set = members.filter((m) => obj[m] !== undefined && obj[m] !== null);
  if (set.length !== 1) {
    throw validation(`${where} must specify exactly one of ${members.join(", ")}${set.length ? ` (got ${set.join(", ")})` : ""}`);
  }
  return set[0];
}

/** Tags: at most 50, keys 1-128 characters, values at most 256, no `aws:` prefix. */
export function optionalTags(value: unknown, member = "tags"): Record<string, string> | undefined {
  const tags = optionalObject(value, member);
  if (!tags) return undefined;
  const keys = Object.keys(tags);
  if (keys.length > 50) throw validation(`${member} must have at most 50 tags`);
  for (const k of keys) {
    if (k.length < 1 || k.length > 128) throw validation(`${member} key "${k}" must be 1-128 characters long`);
    if (k.toLowerCase().startsWith("aws:")) throw validation(`${member} key "${k}" must not begin with aws:`);
    const v = tags[k];
    if (typeof v !== "string") throw validation(`${member}.${k} must be a string`);
    if (v.length > 256) throw validation(`${member}.${k} must be at most 256 characters long`);
  }
  return { ...tags } as Record<string, string>;
}

/** The first value of a query parameter (restJson1 repeats a key for lists). */
export const queryValue = (query: Record<string, string[]>, name: string): string | undefined => query[name]?.[0];

/** A boolean query parameter ("true" or "false", in any case), `fallback` when absent. */
export function queryBoolean(query: Record<string, string[]>, name: string, fallback: boolean): boolean {
  const raw = queryValue(query, name);
  if (raw === undefined) return fallback;
  if (!/^(true|false)$/i.test(raw)) throw validation(`${name} must be true or false, got ${JSON.stringify(raw)}`);
  return raw.toLowerCase() === "true";
}

/** `maxResults` of list operations: 1-25 on GET lists (the reference), default 25. */
export function maxResults(value: unknown, max = 25): number {
  return optionalInteger(Array.isArray(value) ? value[0] : value, "maxResults", { min: 1, max }) ?? max;
}

/** An AWS account id: 12 digits. */
export function accountId(value: unknown, member: string): string {
  const s = requiredString(value, member);
  if (!/^\d{12}$/.test(s)) throw validation(`${member} must be a 12-digit AWS account ID, got ${JSON.stringify(s)}`);
  return s;
}

/**
 * Pagination over a sorted list. The token is the index of the next item, opaque to clients.
 * Returns the page and the nextToken (undefined on the last page).
 */
export function paginate<T>(items: T[], max: number, nextToken: unknown): { page: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined && nextToken !== null && nextToken !== "") {
    const raw = Array.isArray(nextToken) ? nextToken[0] : nextToken;
    const decoded = /^[A-Za-z0-9+/=]+$/.test(String(raw)) ? Buffer.from(String(raw), "base64").toString("utf8") : "";
    const m = /^offset:(\d+)$/.exec(decoded);
    if (!m) throw validation("nextToken is invalid");
    start = Number(m[1]);
  }
  const page = items.slice(start, start + max);
  const next = start + max < items.length ? Buffer.from(`offset:${start + max}`).toString("base64") : undefined;
  return { page, nextToken: next };
}
