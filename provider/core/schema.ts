/**
 * A small declarative schema for resource inputs. Each resource file describes its inputs with it;
 * `check` runs it and reports every failure at once, each as `{property: "path.to.field", reason}`.
 * Paths are written in the engine's property path grammar (`tags["aws:team"]`, `keywords[1]`,
 * `findingCriteria.criterion["severity.description"].eq`): `join` quotes keys as the engine does,
 * and `forEngine` turns the failures into the form the engine can print (see there).
 *
 * Values that Pulumi does not know yet (during preview) are skipped: they are checked again at
 * `up`, when they are known. This is why we do not use a general-purpose validator here: none of
 * them knows about Pulumi's unknown sentinel, and the rules are few.
 */

/** The string Pulumi puts in place of a value that is not known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface CheckFailure {
  /** The path of the failing value, in the engine's grammar ("" for the whole resource). */
  property: string;
  reason: string;
  /** false when the fault is the key that ends the path (shown by the path), not its value. */
  showValue?: false;
}

/** Does this value, or anything inside it, contain an unknown? */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

export type Failures = CheckFailure[];

export interface Schema {
  /** Whether the value must be present. */
  isRequired: boolean;
  /** Push a failure for each rule `value` breaks, named by `path`; an unknown value passes. */
  check(value: unknown, path: string, failures: Failures): void;
  /** A copy that also fails on a missing value. */
  required(): Schema;
}

abstract class Base implements Schema {
  isRequired = false;
  required(): this {
    const copy = Object.create(Object.getPrototypeOf(this));
    Object.assign(copy, this, { isRequired: true });
    return copy;
  }
  check(value: unknown, path: string, failures: Failures): void {
    if (value === UNKNOWN) return;
    if (value === undefined || value === null) {
      if (this.isRequired) failures.push({ property: path, reason: "is required" });
      return;
    }
    this.checkValue(value, path, failures);
  }
  protected abstract checkValue(value: unknown, path: string, failures: Failures): void;
}

export const fail = (failures: Failures, property: string, reason: string) => failures.push({ property, reason });

class StringSchema extends Base {
  constructor(private opts: { min?: number; max?: number; pattern?: RegExp; patternReason?: string } = {}) {
    super();
  }
  protected checkValue(v: unknown, path: string, f: Failures) {
    if (typeof v !== "string") return fail(f, path, "must be a string");
    const { min, max, pattern, patternReason } = this.opts;
    if (min !== undefined && v.length < min) fail(f, path, `must be at least ${min} characters long`);
    if (max !== undefined && v.length > max) fail(f, path, `must be at most ${max} characters long (got ${v.length})`);
    if (pattern && !pattern.test(v)) fail(f, path, patternReason ?? `must match ${pattern}`);
  }
}

class IntegerSchema extends Base {
  constructor(private opts: { min?: number; max?: number } = {}) {
    super();
  }
  protected checkValue(v: unknown, path: string, f: Failures) {
    if (typeof v !== "number" || !Number.isInteger(v)) return fail(f, path, "must be an integer");
    const { min, max } = this.opts;
    if (min !== undefined && v < min) fail(f, path, `must be at least ${min}`);
    if (max !== undefined && v > max) fail(f, path, `must be at most ${max}`);
  }
}

class BooleanSchema extends Base {
  protected checkValue(v: unknown, path: string, f: Failures) {
    if (typeof v !== "boolean") fail(f, path, "must be a boolean");
  }
}

class EnumSchema extends Base {
  constructor(private values: readonly string[]) {
    super();
  }
  protected checkValue(v: unknown, path: string, f: Failures) {
    if (typeof v !== "string" || !this.values.includes(v)) {
      fail(f, path, `must be one of ${this.values.join(", ")}`);
    }
  }
}

class ListSchema extends Base {
  constructor(private item: Schema, private opts: { min?: number; max?: number; unique?: boolean } = {}) {
    super();
  }
  protected checkValue(v: unknown, path: string, f: Failures) {
    if (!Array.isArray(v)) return fail(f, path, "must be a list");
    const { min, max, unique } = this.opts;
    if (min !== undefined && v.length < min) fail(f, path, `must have at least ${min} item${min === 1 ? "" : "s"}`);
    if (max !== undefined && v.length > max) fail(f, path, `must have at most ${max} items (got ${v.length})`);
    if (unique) {
      const seen = new Map<string, number>();
      v.forEach((x, i) => {
        const key = JSON.stringify(x);
        if (x !== UNKNOWN && seen.has(key)) fail(f, `${path}[${i}]`, `duplicates an earlier item (${path}[${seen.get(key)}])`);
        if (!seen.has(key)) seen.set(key, i);
      });
    }
    v.forEach((x, i) => this.item.check(x, `${path}[${i}]`, f));
  }
}

/** Cross-field rule of an object: receives the object (known fields only matter) and reports failures. */
export type ObjectRule = (obj: Record<string, any>, path: string, failures: Failures) => void;

export class ObjectSchema extends Base {
  constructor(readonly fields: Record<string, Schema>, private rules: ObjectRule[] = []) {
    super();
  }
  protected checkValue(v: unknown, path: string, f: Failures) {
    if (typeof v !== "object" || Array.isArray(v)) return fail(f, path, "must be an object");
    const obj = v as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (!(key in this.fields) && !key.startsWith("__")) {
        f.push({ property: join(path, key), reason: `is not a known property (known: ${Object.keys(this.fields).join(", ")})`, showValue: false });
      }
    }
    for (const [key, schema] of Object.entries(this.fields)) schema.check(obj[key], join(path, key), f);
    for (const rule of this.rules) rule(obj as Record<string, any>, path, f);
  }
  /** Check a whole input bag (the top level has no path prefix). */
  checkInputs(inputs: Record<string, unknown>): Failures {
    const failures: Failures = [];
    this.check(inputs, "", failures);
    return failures;
  }
  /** A copy with more fields (used to add the connection inputs every resource takes). */
  extend(fields: Record<string, Schema>): ObjectSchema {
    return new ObjectSchema({ ...this.fields, ...fields }, this.rules);
  }
}

class MapSchema extends Base {
  constructor(
    private value: Schema,
    private opts: { maxKeys?: number; maxKeysReason?: string; keyReason?: (k: string) => string | undefined } = {},
  ) {
    super();
  }
  protected checkValue(v: unknown, path: string, f: Failures) {
    if (typeof v !== "object" || Array.isArray(v)) return fail(f, path, "must be a map of names to values");
    const keys = Object.keys(v as object);
    if (this.opts.maxKeys !== undefined && keys.length > this.opts.maxKeys) {
      fail(f, path, `must have at most ${this.opts.maxKeys} entries (got ${keys.length})${this.opts.maxKeysReason ? `: ${this.opts.maxKeysReason}` : ""}`);
    }
    for (const k of keys) {
      const reason = this.opts.keyReason?.(k);
      if (reason) f.push({ property: join(path, k), reason, showValue: false });
      this.value.check((v as any)[k], join(path, k), f);
    }
  }
}

/** A schema given by a function, for the rare rule that fits nothing above. */
class CustomSchema extends Base {
  constructor(private fn: (v: unknown, path: string, f: Failures) => void) {
    super();
  }
  protected checkValue(v: unknown, path: string, f: Failures) {
    this.fn(v, path, f);
  }
}

/**
 * The path of `key` under `path`, in the engine's grammar (its PropertyPath.String): a key of
 * letters, digits and `_` follows a dot; any other key is quoted, `["severity.description"]`.
 */
export const join = (path: string, key: string) =>
  /^[A-Za-z0-9_]+$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;

/** The keys and indexes of a path written by `join` and `[i]` (the engine's grammar). */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const token = /\.?([A-Za-z0-9_]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  for (let m: RegExpExecArray | null; token.lastIndex < path.length && (m = token.exec(path)); ) {
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : JSON.parse(m[3])));
  }
  return out;
}

/** A value for a message: JSON, unknowns named, cut when long. */
export function shown(value: unknown, max = 80): string {
  const text = JSON.stringify(value, (_k, v) => (v === UNKNOWN ? "(unknown)" : v)) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/**
 * The failures as the engine gets them. The engine prints a failure with a property as
 * `property <p> value <inputs[p]> has a problem: <reason>`, looking `p` up among the top-level
 * inputs only, so a nested path would print `{<nil>}`. A failure of a top-level input that is set
 * keeps its property; any other goes with an empty property (`resource 'x' has a problem:
 * <reason>`) and a reason that starts with its path and ends with the offending value.
 */
export function forEngine(failures: Failures, inputs: Record<string, unknown>): Failures {
  return failures.map(({ property, reason, showValue }) => {
    if (property === "") return { property, reason };
    const keys = parsePath(property);
    const value = keys.reduce<any>((v, k) => (isSet(v) && Object.prototype.hasOwnProperty.call(v, k) ? (v as any)[k] : undefined), inputs as unknown);
    if (keys.length === 1 && isSet(value)) return { property: String(keys[0]), reason };
    const got = isSet(value) && showValue !== false ? `; got ${shown(value)}` : "";
    return { property: "", reason: `${property}: ${reason}${got}` };
  });
}

/**
 * The candidates a misspelt `word` most likely meant, for a "did you mean": the same but for case;
 * else the nearest within 2 edits (a third of the word's length at most; a swap of neighbours is
 * one edit); else the longest it ends with after a dot, or those that end with it. At most 3.
 */
export function closest(word: string, candidates: string[]): string[] {
  const lower = word.toLowerCase();
  const same = candidates.filter((c) => c.toLowerCase() === lower);
  if (same.length) return same.slice(0, 3);
  const limit = Math.min(2, Math.floor(word.length / 3));
  let best: string[] = [];
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [[c], d];
    else if (d === bestDistance) best.push(c);
  }
  if (best.length) return best.slice(0, 3);
  // A longer path that ends with a candidate (the longest such), or a shorter one a candidate ends with.
  const inner = candidates.filter((c) => lower.endsWith(`.${c.toLowerCase()}`)).sort((a, b) => b.length - a.length);
  if (inner.length) return inner.filter((c) => c.length === inner[0].length).slice(0, 3);
  const outer = candidates.filter((c) => c.toLowerCase().endsWith(`.${lower}`));
  return outer.length <= 3 ? outer : [];
}

/** Edits (insert, delete, substitute, swap of neighbours) between two strings. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Is a value set (neither undefined nor null)? Unknowns count as set. */
export const isSet = (v: unknown) => v !== undefined && v !== null;

export const s = {
  string: (opts?: ConstructorParameters<typeof StringSchema>[0]) => new StringSchema(opts),
  integer: (opts?: { min?: number; max?: number }) => new IntegerSchema(opts),
  boolean: () => new BooleanSchema(),
  enum: (values: readonly string[]) => new EnumSchema(values),
  list: (item: Schema, opts?: { min?: number; max?: number; unique?: boolean }) => new ListSchema(item, opts),
  object: (fields: Record<string, Schema>, ...rules: ObjectRule[]) => new ObjectSchema(fields, rules),
  map: (value: Schema, opts?: { maxKeys?: number; keyReason?: (k: string) => string | undefined }) => new MapSchema(value, opts),
  custom: (fn: (v: unknown, path: string, f: Failures) => void) => new CustomSchema(fn),
  /**
   * Macie tags: at most 50 (49 where pulumi-macie adds its ownership mark: `{ marked: true }`);
   * keys 1-128 characters, not starting with `aws:` nor `pulumi-macie:`; values at most 256.
   */
  tags: (opts: { marked?: boolean } = {}) =>
    new MapSchema(new StringSchema({ max: 256 }), {
      maxKeys: opts.marked ? 49 : 50,
      maxKeysReason: opts.marked ? "Macie allows 50 tags, and pulumi-macie keeps one for its ownership mark (pulumi-macie:owner)" : undefined,
      keyReason: (k) =>
        k.length < 1 || k.length > 128
          ? "tag keys must be 1-128 characters long"
          : k.toLowerCase().startsWith("aws:")
            ? "tag keys must not start with aws: (reserved by AWS)"
            : k.toLowerCase().startsWith("pulumi-macie:")
              ? "tag keys must not start with pulumi-macie: (reserved for pulumi-macie's ownership mark)"
              : undefined,
    }),
  /** A 12-digit AWS account ID. */
  accountId: () => new StringSchema({ pattern: /^\d{12}$/, patternReason: "must be a 12-digit AWS account ID" }),
};

/** Rule: exactly one of the fields is set. */
export const exactlyOne =
  (...fields: string[]): ObjectRule =>
  (obj, path, f) => {
    const set = fields.filter((k) => isSet(obj[k]));
    if (set.length !== 1) {
      fail(f, path || fields[0], `must set exactly one of ${fields.join(", ")}${set.length ? ` (got ${set.join(" and ")})` : ""}`);
    }
  };

/** Rule: at least one of the fields is set. */
export const atLeastOne =
  (...fields: string[]): ObjectRule =>
  (obj, path, f) => {
    if (!fields.some((k) => isSet(obj[k]))) fail(f, path, `must set at least one of ${fields.join(", ")}`);
  };
