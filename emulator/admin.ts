/**
 * A small typed client of macie-local's admin endpoint (`/_macie-local/`), for tests, benchmarks
 * and scripts, over plain HTTP (no signature needed).
 */
import * as http from "node:http";
import type { CallsReport, RequestRecord } from "./core/observe";
import type { FaultSettings } from "./core/faults";
import type { HeldRequest, InFlightRequest } from "./core/holds";
import type { World } from "./core/types";

export class MacieLocalAdmin {
  private readonly base: string;

  /** @param url the emulator's endpoint, e.g. `http://127.0.0.1:4566`. */
  constructor(url: string) {
    this.base = url.replace(/\/+$/, "") + "/_macie-local/";
  }

  /**
   * One admin call, on a connection of its own (`agent: false`): a pooled keep-alive connection can
   * be closed by the server, after sitting idle, just as the next call reuses it, and the call then
   * fails with ECONNRESET. That race shows up on a loaded machine; a fresh connection has none.
   */
  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = http.request(
        this.base + path,
        { method, agent: false, headers: payload === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk) => (text += chunk));
          res.on("error", reject);
          res.on("end", () => {
            try {
              const value = text ? JSON.parse(text) : {};
              const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
              if (!ok) reject(new Error(`macie-local admin ${method} ${path}: ${res.statusCode} ${value.message ?? text}`));
              else resolve(value as T);
            } catch (e) {
              reject(new Error(`macie-local admin ${method} ${path}: ${res.statusCode} ${text} (${(e as Error).message})`));
            }
          });
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  }

  /** Per-operation call counts since the last reset. */
  calls(): Promise<CallsReport> {
    return this.call("GET", "calls");
  }

  /** The request log (the last 5,000 requests), optionally only those after sequence number `since`. */
  async requests(since?: number): Promise<RequestRecord[]> {
    const r = await this.call<{ requests: RequestRecord[] }>("GET", since === undefined ? "requests" : `requests?since=${since}`);
    return r.requests;
  }

  /**
   * Waits until the request log holds at least `min` (default 1) calls after `since` (of
   * `operation`, when given), or until `waitMs` (default 60,000) has passed, and returns them. A
   * call is logged when its answer is decided, so a committed change is in the log even while its
   * response is held.
   */
  async waitForRequests(opts: { since?: number; min?: number; operation?: string; waitMs?: number } = {}): Promise<RequestRecord[]> {
    const r = await this.call<{ requests: RequestRecord[] }>("GET", `requests?${this.pollQuery({ since: opts.since ?? 0, ...opts })}`);
    return r.requests;
  }

  /**
   * The responses held by the `holdAfterCommit` fault. With `min`, waits until at least that many
   * are held (or `waitMs`, default 60,000, has passed).
   */
  async holds(opts: { min?: number; operation?: string; waitMs?: number } = {}): Promise<HeldRequest[]> {
    const wait = opts.min === undefined ? { operation: opts.operation } : opts;
    return (await this.call<{ holds: HeldRequest[] }>("GET", `holds?${this.pollQuery(wait)}`)).holds;
  }

  /** Sends held responses: all of them, or the one with sequence number `seq`. Returns those released. */
  async releaseHolds(seq?: number): Promise<number[]> {
    return (await this.call<{ released: number[] }>("POST", "holds/release", seq === undefined ? {} : { seq })).released;
  }

  /**
   * The requests being handled (routed, not yet answered). With `min`, waits until at least that
   * many are (or `waitMs`, default 60,000, has passed).
   */
  async inFlight(opts: { min?: number; operation?: string; waitMs?: number } = {}): Promise<InFlightRequest[]> {
    const wait = opts.min === undefined ? { operation: opts.operation } : opts;
    return (await this.call<{ requests: InFlightRequest[] }>("GET", `inflight?${this.pollQuery(wait)}`)).requests;
  }

  private pollQuery(opts: { since?: number; min?: number; operation?: string; waitMs?: number }): string {
    const q = new URLSearchParams();
    if (opts.since !== undefined) q.set("since", String(opts.since));
    if (opts.min !== undefined) q.set("min", String(opts.min));
    if (opts.operation !== undefined) q.set("operation", opts.operation);
    if (opts.min !== undefined || opts.since !== undefined) q.set("wait", String(opts.waitMs ?? 60_000));
    return q.toString();
  }

  /** The whole emulated world (every account and Region). */
  state(): Promise<World> {
    return this.call("GET", "state");
  }

  /** Clears state, counters and the request log; `{ counters: true }` clears only counters and log. */
  async reset(opts: { counters?: boolean } = {}): Promise<void> {
    await this.call("POST", "reset", opts.counters ? { counters: true } : {});
  }

  getFaults(): Promise<FaultSettings> {
    return this.call("GET", "faults");
  }

  /** Replaces the fault settings (see docs/emulator.md). */
  setFaults(settings: FaultSettings): Promise<FaultSettings> {
    return this.call("PUT", "faults", settings);
  }

  /** Moves the emulator's clock forward (affects `now` of every later call, e.g. job progress). */
  advanceClock(ms: number): Promise<{ now: string; offsetMs: number }> {
    return this.call("POST", "time", { advanceMs: ms });
  }

  /**
   * Puts a RUNNING job in the PAUSED status, as Macie does when a run would exceed a quota
   * (only the service reaches PAUSED). Resolves to the job as DescribeClassificationJob shows it.
   */
  pauseJobAtQuota(accountId: string, region: string, jobId: string): Promise<Record<string, any>> {
    return this.call("POST", "jobs/pause", { accountId, region, jobId });
  }

  /** Calls of mutating operations since the last reset, failed attempts included. */
  async mutatingCalls(): Promise<number> {
    return (await this.calls()).totals.mutatingCalls;
  }

  /** Total calls of one operation (succeeded and failed). */
  async callsOf(operation: string): Promise<number> {
    const c = (await this.calls()).operations[operation];
    return c ? c.succeeded + Object.values(c.failed).reduce((a, b) => a + b, 0) : 0;
  }
}
