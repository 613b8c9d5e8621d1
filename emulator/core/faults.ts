/**
 * Faults on demand: throttling, injected errors, latency, "commit then drop the connection",
 * "commit then hold the response" and eventual consistency, per operation or for every operation
 * (`"*"`).
 *
 * The settings are plain JSON (config file `faults`, `--faults`, or `PUT /_macie-local/faults`):
 *
 * ```json
 * {
 *   "realRateLimits": true,
 *   "seed": 1,
 *   "rules": {
 *     "*": { "latencyMs": 20 },
 *     "CreateCustomDataIdentifier": { "dropAfterCommit": { "count": 1 } },
 *     "CreateAllowList": { "holdAfterCommit": { "nth": 2 } },
 *     "GetFindingsFilter": { "eventualConsistencyMs": 500 },
 *     "CreateMember": { "throttle": { "ratePerSecond": 1, "burst": 2 }, "error": { "everyN": 3 } }
 *   }
 * }
 * ```
 *
 * For each kind of fault, an operation's own rule wins when it names that kind (even as `null`,
 * which switches it off), else the `"*"` rule, else, for throttling only, Macie's real request
 * quota when `realRateLimits` is not false (CreateClassificationJob: 0.1 requests per second,
 * burst 1).
 */
import type { MacieErrorType } from "./types";
import { ERROR_STATUS } from "./types";

/** A token bucket: `ratePerSecond` tokens are added per second, up to `burst` (default 1). */
export interface ThrottleSetting {
  ratePerSecond: number;
  burst?: number;
}

/**
 * When a fault fires, counted over the calls its rule applies to: exactly one of
 * `rate` (probability 0..1, from a PRNG seeded with the settings' `seed`, so runs repeat),
 * `everyN` (the Nth, 2Nth, ... call), `count` (the first `count` calls) or `nth` (the Nth call
 * only).
 */
export interface Trigger {
  rate?: number;
  everyN?: number;
  count?: number;
  nth?: number;
}

export interface ErrorSetting extends Trigger {
  /** The error answered; InternalServerException (500) by default. */
  type?: MacieErrorType;
}

export interface FaultRule {
  throttle?: ThrottleSetting | null;
  error?: ErrorSetting | null;
  latencyMs?: number | null;
  /** The handler runs and its change is kept, then the connection is closed without a response. */
  dropAfterCommit?: Trigger | null;
  /**
   * The handler runs, its change is kept and the state file written, then the response waits
   * until it is released through the admin endpoint (`POST /_macie-local/holds/release`).
   */
  holdAfterCommit?: Trigger | null;
  /** A resource created less than this many ms ago reads as 404 on Get/Describe/ListTagsForResource. */
  eventualConsistencyMs?: number | null;
}

export interface FaultSettings {
  /** Apply Macie's real request quotas (default true). */
  realRateLimits?: boolean;
  /** Seed of the PRNG behind `rate` triggers (default 1). */
  seed?: number;
  /** Rules by operation name, or `"*"` for every operation. */
  rules?: Record<string, FaultRule>;
}

/** Macie's documented request quotas that macie-local enforces when `realRateLimits` is on. */
export const REAL_RATE_LIMITS: Record<string, ThrottleSetting> = {
  CreateClassificationJob: { ratePerSecond: 0.1, burst: 1 },
};

type Kind = keyof FaultRule;
const KINDS: Kind[] = ["throttle", "error", "latencyMs", "dropAfterCommit", "holdAfterCommit", "eventualConsistencyMs"];
const TRIGGERS = ["rate", "everyN", "count", "nth"] as const;

/** Thrown for fault settings that do not make sense, with the path of the bad member. */
export class FaultSettingsError extends Error {}

function check(cond: boolean, path: string, rule: string): void {
  if (!cond) throw new FaultSettingsError(`faults.${path} ${rule}`);
}

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function checkTrigger(t: any, path: string, extra: string[] = []): void {
  check(typeof t === "object" && t !== null && !Array.isArray(t), path, "must be an object or null");
  const set = TRIGGERS.filter((k) => t[k] !== undefined);
  check(set.length === 1, path, `must set exactly one of ${TRIGGERS.join(", ")}`);
  if (t.rate !== undefined) check(isNum(t.rate) && t.rate >= 0 && t.rate <= 1, `${path}.rate`, "must be a number from 0 to 1");
  if (t.everyN !== undefined) check(Number.isInteger(t.everyN) && t.everyN >= 1, `${path}.everyN`, "must be an integer >= 1");
  if (t.count !== undefined) check(Number.isInteger(t.count) && t.count >= 0, `${path}.count`, "must be an integer >= 0");
  if (t.nth !== undefined) check(Number.isInteger(t.nth) && t.nth >= 1, `${path}.nth`, "must be an integer >= 1");
  for (const k of Object.keys(t)) check([...TRIGGERS, ...extra].includes(k), `${path}.${k}`, `is not a setting (${[...TRIGGERS, ...extra].join(", ")})`);
}

/** Validates fault settings, throwing FaultSettingsError naming the bad member. */
function validateFaultSettings(value: unknown): FaultSettings {
  if (value === undefined || value === null) return {};
  check(typeof value === "object" && !Array.isArray(value), "", "must be an object");
  const s = value as any;
  for (const k of Object.keys(s)) check(["realRateLimits", "seed", "rules"].includes(k), k, "is not a known setting (realRateLimits, seed, rules)");
  if (s.realRateLimits !== undefined) check(typeof s.realRateLimits === "boolean", "realRateLimits", "must be a boolean");
  if (s.seed !== undefined) check(Number.isInteger(s.seed), "seed", "must be an integer");
  if (s.rules !== undefined) {
    check(typeof s.rules === "object" && s.rules !== null && !Array.isArray(s.rules), "rules", "must be an object keyed by operation name or \"*\"");
    for (const [op, rule] of Object.entries<any>(s.rules)) {
      const p = `rules.${op}`;
      check(typeof rule === "object" && rule !== null && !Array.isArray(rule), p, "must be an object");
      for (const k of Object.keys(rule)) check((KINDS as string[]).includes(k), `${p}.${k}`, `is not a fault kind (${KINDS.join(", ")})`);
      if (rule.throttle) {
        check(isNum(rule.throttle.ratePerSecond) && rule.throttle.ratePerSecond >= 0, `${p}.throttle.ratePerSecond`, "must be a number >= 0");
        if (rule.throttle.burst !== undefined) check(Number.isInteger(rule.throttle.burst) && rule.throttle.burst >= 1, `${p}.throttle.burst`, "must be an integer >= 1");
      }
      if (rule.error) {
        checkTrigger(rule.error, `${p}.error`, ["type"]);
        if (rule.error.type !== undefined) check(rule.error.type in ERROR_STATUS, `${p}.error.type`, `must be one of ${Object.keys(ERROR_STATUS).join(", ")}`);
      }
      for (const k of ["dropAfterCommit", "holdAfterCommit"] as const) if (rule[k]) checkTrigger(rule[k], `${p}.${k}`);
      for (const k of ["latencyMs", "eventualConsistencyMs"] as const) {
        if (rule[k] !== undefined && rule[k] !== null) check(isNum(rule[k]) && rule[k] >= 0, `${p}.${k}`, "must be a number >= 0");
      }
    }
  }
  return JSON.parse(JSON.stringify(s));
}

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The fault settings in force plus their run-time state (buckets, counters, recent creations). */
export class FaultEngine {
  private settings: FaultSettings = {};
  private random: () => number = prng(1);
  private counters = new Map<string, number>();
  private buckets = new Map<string, { tokens: number; at: number }>();
  /** `${account}|${region}|${id}` -> creation time (ms), for eventual consistency. */
  private created = new Map<string, number>();

  constructor(settings?: unknown) {
    this.set(settings);
  }

  get(): FaultSettings {
    return JSON.parse(JSON.stringify({ realRateLimits: this.settings.realRateLimits ?? true, seed: this.settings.seed ?? 1, rules: this.settings.rules ?? {} }));
  }

  /** Replaces the settings (validated) and resets all fault state. */
  set(settings: unknown): void {
    this.settings = validateFaultSettings(settings);
    this.resetState();
  }

  resetState(): void {
    this.random = prng(this.settings.seed ?? 1);
    this.counters.clear();
    this.buckets.clear();
    this.created.clear();
  }

  /** The setting of one kind for an operation, and the rule key it came from. */
  private resolve<K extends Kind>(op: string, kind: K): { key: string; value: FaultRule[K] } | undefined {
    const rules = this.settings.rules ?? {};
    for (const key of [op, "*"]) {
      const rule = rules[key];
      if (rule && kind in rule) return rule[kind] === null || rule[kind] === undefined ? undefined : { key, value: rule[kind] };
    }
    if (kind === "throttle" && this.settings.realRateLimits !== false && REAL_RATE_LIMITS[op]) {
      return { key: "real", value: REAL_RATE_LIMITS[op] as FaultRule[K] };
    }
    return undefined;
  }

  private fires(key: string, kind: string, t: Trigger): boolean {
    const counterKey = `${key}|${kind}`;
    const n = (this.counters.get(counterKey) ?? 0) + 1;
    this.counters.set(counterKey, n);
    if (t.count !== undefined) return n <= t.count;
    if (t.nth !== undefined) return n === t.nth;
    if (t.everyN !== undefined) return n % t.everyN === 0;
    return this.random() < (t.rate ?? 0);
  }

  latencyMs(op: string): number {
    return (this.resolve(op, "latencyMs")?.value as number | undefined) ?? 0;
  }

  /** Takes a token; returns the setting that refused the call, or undefined when it may go on. */
  throttled(op: string, account: string, region: string, nowMs: number): ThrottleSetting | undefined {
    const r = this.resolve(op, "throttle");
    if (!r) return undefined;
    const t = r.value as ThrottleSetting;
    const burst = t.burst ?? 1;
    const bucketKey = `${r.key}|${op}|${account}|${region}`;
    const b = this.buckets.get(bucketKey) ?? { tokens: burst, at: nowMs };
    b.tokens = Math.min(burst, b.tokens + ((nowMs - b.at) / 1000) * t.ratePerSecond);
    b.at = nowMs;
    this.buckets.set(bucketKey, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    return t;
  }

  /** The error to inject into this call, if any. */
  injectedError(op: string): MacieErrorType | undefined {
    const r = this.resolve(op, "error");
    if (!r) return undefined;
    const e = r.value as ErrorSetting;
    return this.fires(r.key, "error", e) ? (e.type ?? "InternalServerException") : undefined;
  }

  /** Whether to drop the connection after this (committed) call. */
  dropAfterCommit(op: string): boolean {
    const r = this.resolve(op, "dropAfterCommit");
    return r ? this.fires(r.key, "dropAfterCommit", r.value as Trigger) : false;
  }

  /** Whether to hold the response of this (committed, not dropped) call until it is released. */
  holdAfterCommit(op: string): boolean {
    const r = this.resolve(op, "holdAfterCommit");
    return r ? this.fires(r.key, "holdAfterCommit", r.value as Trigger) : false;
  }

  /** Remembers the ids and ARNs a create returned, so that reads can lag behind. */
  recordCreated(account: string, region: string, response: unknown, nowMs: number): void {
    if (!response || typeof response !== "object") return;
    for (const [k, v] of Object.entries(response as Record<string, unknown>)) {
      if (typeof v !== "string" || !/(id|arn)$/i.test(k)) continue;
      this.created.set(`${account}|${region}|${v}`, nowMs);
      if (v.startsWith("arn:")) this.created.set(`${account}|${region}|${v.slice(v.lastIndexOf("/") + 1)}`, nowMs);
    }
    if (this.created.size > 20000) {
      // Keep the map bounded: forget the oldest half.
      const keys = [...this.created.keys()].slice(0, 10000);
      for (const key of keys) this.created.delete(key);
    }
  }

  /**
   * For a read of `labels`: how long ago (ms) a labelled resource was created, when that is
   * within the operation's eventual-consistency window.
   */
  notYetVisible(op: string, account: string, region: string, labels: Record<string, string>, nowMs: number): { id: string; ageMs: number } | undefined {
    const r = this.resolve(op, "eventualConsistencyMs");
    if (!r) return undefined;
    const windowMs = r.value as number;
    for (const id of Object.values(labels)) {
      const at = this.created.get(`${account}|${region}|${id}`);
      if (at !== undefined && nowMs - at < windowMs) return { id, ageMs: nowMs - at };
    }
    return undefined;
  }
}
