/**
 * Paced requests: a client-side rate limiter per account, Region and operation, shared by every
 * resource of the plugin process.
 *
 * The engine creates resources concurrently. Under CreateClassificationJob's quota (0.1 requests
 * per second, burst 1), jobs that each retried on their own with jittered backoff sent 171 requests
 * for 10 jobs, most of them refused. Here every request first waits for its turn, so N jobs go out
 * about 10 s apart: about one request per job, and (N-1) x 10 s in all.
 *
 * - **Primed** with Macie's documented request quotas (`MACIE_RATE_LIMITS`). Other operations are
 *   not paced until Macie throttles them.
 * - **Conservative**: Macie may count a request at any time between its sending and its answer,
 *   so the next turn is counted from the answer (exact for a burst of 1, as documented).
 * - **Adaptive**: when Macie still throttles (another caller shares the quota, or it is lower),
 *   the operation's rate halves and its next request waits a whole interval; each success
 *   raises the rate by 10 %, up to the quota. An operation without a documented quota is paced
 *   from its first throttle, at half the rate it was sent at, until it is four times that fast.
 * - **Per operation**: throttles and retries of one operation never slow another.
 * - **Every attempt**: the limiter sits in each Macie client after the SDK's retry step, so the
 *   SDK's own retries wait their turn too, and before signing, so a long wait never ages a signature.
 *
 * Not the AWS SDK's adaptive retry mode (`retryMode: "adaptive"`, its DefaultRateLimiter): that
 * limiter belongs to one client and counts all its operations together, so throttled reads would
 * slow the creates and fast reads speed them up; it knows no quota until a first throttle; and it
 * never goes below 0.5 requests per second, five times CreateClassificationJob's quota.
 *
 * `PULUMI_MACIE_RATE_LIMITS` overrides the table with JSON in macie-local's words, e.g.
 * `{"CreateClassificationJob": {"ratePerSecond": 0.5, "burst": 2}}` after AWS raised the quota,
 * or `{"CreateClassificationJob": null}` for no pacing at all (not even adaptive).
 */
import { performance } from "node:perf_hooks";
import type { Macie2Client } from "@aws-sdk/client-macie2";
import type { FinalizeRequestMiddleware } from "@aws-sdk/types";

export interface RateLimit {
  /** Requests per second. */
  ratePerSecond: number;
  /** Requests that may go at once after a quiet period (default 1). */
  burst?: number;
}

/**
 * Macie's documented request quotas. The API reference documents only this one: the other
 * operations are paced only once Macie throttles them.
 */
export const MACIE_RATE_LIMITS: Readonly<Record<string, RateLimit>> = {
  CreateClassificationJob: { ratePerSecond: 0.1, burst: 1 },
};

/** Environment variable that overrides `MACIE_RATE_LIMITS`, operation by operation. */
export const RATE_LIMITS_ENV = "PULUMI_MACIE_RATE_LIMITS";

/**
 * Factor applied to the rate when Macie throttles a request. Halving (the AWS SDK's adaptive mode
 * uses 0.7) refuses fewer requests when the real quota is lower than the one primed.
 */
const DECREASE = 0.5;
/** Factor applied to the rate after a success, up to the quota. */
const INCREASE = 1.1;
/** The slowest pace adaptation goes down to: one request every 40 s. */
const MIN_RATE = 1 / 40;
/** Window over which an operation's send rate is measured, when Macie first throttles it. */
const MEASURE_MS = 2000;
/** Slack added to every interval, against rounding in Macie's and this clock. */
const SLACK_MS = 5;

/** How one request ended. */
export type Outcome = "succeeded" | "throttled" | "failed";

/**
 * The pace of one operation in one account and Region, as a generic cell rate algorithm: `due` is
 * when the bucket would be full again, and a request may go once `now >= due - tolerance`.
 */
export class Pace {
  /** Requests per second; Infinity while not paced. */
  private rate: number;
  private burst: number;
  /** An operation paced only since Macie throttled it is let go again above this rate. */
  private release = Infinity;
  private due = 0; // ms of `now()`
  private readonly waiting: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Send times within MEASURE_MS, while not paced. */
  private readonly sent: number[] = [];

  /** `limit`: the quota, undefined when none is known, null when pacing is switched off. */
  constructor(
    private readonly limit: RateLimit | null | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.rate = limit ? limit.ratePerSecond : Infinity;
    this.burst = limit?.burst ?? 1;
  }

  /** The current rate in requests per second (Infinity: not paced). */
  get ratePerSecond(): number {
    return this.rate;
  }

  private get interval(): number {
    return 1000 / this.rate + SLACK_MS;
  }

  /** Resolves when a request may be sent. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    });
  }

  /** Reports how a request that had its turn ended. */
  answered(outcome: Outcome): void {
    if (this.limit === null) return;
    const now = this.now();
    if (outcome === "throttled") {
      if (this.rate === Infinity) {
        // First throttle of an operation without a known quota: start from the rate it was sent at.
        const recent = this.sent.filter((t) => t > now - MEASURE_MS).length;
        this.rate = Math.max(1, recent) / (MEASURE_MS / 1000);
        this.release = 4 * this.rate;
        this.sent.length = 0;
      }
      this.rate = Math.max(MIN_RATE, this.rate * DECREASE);
      // An empty bucket: the next request waits a whole interval from now.
      this.due = now + this.interval * this.burst;
    } else if (this.rate !== Infinity) {
      if (outcome === "succeeded") this.rate = Math.min(this.limit?.ratePerSecond ?? Infinity, this.rate * INCREASE);
      if (this.rate > this.release) this.rate = Infinity;
      // Macie may have counted this request as late as now.
      else this.due = Math.max(this.due, now + this.interval);
    }
    this.reschedule();
  }

  private pump(): void {
    while (this.waiting.length > 0) {
      const now = this.now();
      if (this.rate === Infinity) {
        if (this.limit !== null) {
          this.sent.push(now);
          while (this.sent[0] <= now - MEASURE_MS) this.sent.shift();
        }
      } else {
        const wait = this.due - this.interval * (this.burst - 1) - now;
        if (wait > 0) {
          this.timer ??= setTimeout(() => {
            this.timer = undefined;
            this.pump();
          }, wait);
          return;
        }
        this.due = Math.max(this.due, now) + this.interval;
      }
      this.waiting.shift()!();
    }
  }

  private reschedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pump();
  }
}

// ---------------------------------------------------------------------------------------------
// The process-wide registry

const paces = new Map<string, Pace>();
let parsed: { text: string | undefined; limits: Record<string, RateLimit | null> } | undefined;

/** The overrides of PULUMI_MACIE_RATE_LIMITS, checked; throws naming what is wrong. */
export function overrides(text = process.env[RATE_LIMITS_ENV]): Record<string, RateLimit | null> {
  if (parsed && parsed.text === text) return parsed.limits;
  let limits: Record<string, RateLimit | null> = {};
  if (text) {
    const where = `${RATE_LIMITS_ENV}=${text}`;
    try {
      limits = JSON.parse(text);
    } catch (e) {
      throw new Error(`${where} is not JSON (${(e as Error).message}); expected e.g. {"CreateClassificationJob": {"ratePerSecond": 0.1, "burst": 1}}`);
    }
    if (!limits || typeof limits !== "object" || Array.isArray(limits)) throw new Error(`${where} must be a JSON object of operation names`);
    for (const [operation, limit] of Object.entries(limits)) {
      if (limit === null) continue;
      const ok =
        !!limit &&
        typeof limit === "object" &&
        typeof limit.ratePerSecond === "number" &&
        limit.ratePerSecond > 0 &&
        (limit.burst === undefined || (Number.isInteger(limit.burst) && limit.burst >= 1));
      if (!ok) throw new Error(`${where}: ${operation} must be null or {"ratePerSecond": a number above 0, "burst": an integer of at least 1}`);
    }
  }
  parsed = { text, limits };
  return limits;
}

/** The pace of an operation in an account and Region, shared by the whole process. */
export function paceOf(accountId: string, region: string, operation: string): Pace {
  const text = process.env[RATE_LIMITS_ENV];
  const limits = overrides(text);
  // The settings are part of the key, so that a process whose environment changes (tests) starts afresh.
  const key = `${text ?? ""}\0${accountId}\0${region}\0${operation}`;
  let pace = paces.get(key);
  if (!pace) {
    pace = new Pace(operation in limits ? limits[operation] : MACIE_RATE_LIMITS[operation]);
    paces.set(key, pace);
  }
  return pace;
}

const THROTTLING = new Set(["ThrottlingException", "TooManyRequestsException"]);

export function isThrottling(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return THROTTLING.has(err?.name ?? "") || err?.$metadata?.httpStatusCode === 429;
}

/**
 * Makes every request of `client` (each attempt, the SDK's retries included) wait for its turn in
 * its operation's pace, for the account and Region the client acts in.
 */
export function pace(client: Macie2Client, accountId: string, region: string): void {
  const middleware: FinalizeRequestMiddleware<any, any> = (next, context) => async (args) => {
    const operation = String(context.commandName ?? "").replace(/Command$/, "");
    const pace = paceOf(accountId, region, operation);
    await pace.turn();
    try {
      const result = await next(args);
      pace.answered("succeeded");
      return result;
    } catch (e) {
      pace.answered(isThrottling(e) ? "throttled" : "failed");
      throw e;
    }
  };
  client.middlewareStack.addRelativeTo(middleware, { relation: "after", toMiddleware: "retryMiddleware", name: "pulumiMaciePacing", override: true });
}
