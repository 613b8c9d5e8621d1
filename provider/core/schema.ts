/**
 * A small declarative schema for resource inputs. Each resource file describes its inputs with it;
 * `check` runs it and reports every failure at once, each as `{property: "path.to.field", reason}`.
 *
 * Values that Pulumi does not know yet (during preview) are skipped: they are checked again at
 * `up`, when they are known. This is why we do not use a general-purpose validator here: none of
 * them knows about Pulumi's unknown sentinel, and the rules are few.
 */

/** The string Pulumi puts in place of a value that is not known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface CheckFailure {
  property: string;
  reason: string;
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
    if (min !== undefined && v < min) fail(f, path, `must be at least ${min} (got ${v})`);
    if (max !== undefined && v > max) fail(f, path, `must be at most ${max} (got ${v})`);
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
      fail(f, path, `must be one of ${this.values.join(", ")} (got ${JSON.stringify(v)})`);
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
      const seen = new Set<string>();
      v.forEach((x, i) => {
        const key = JSON.stringify(x);
        if (x !== UNKNOWN && seen.has(key)) fail(f, `${path}[${i}]`, `duplicates an earlier item (${key})`);
        seen.add(key);
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
        fail(f, join(path, key), `is not a known property (known: ${Object.keys(this.fields).join(", ")})`);
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
      if (reason) fail(f, join(path, k), reason);
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

export const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

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
