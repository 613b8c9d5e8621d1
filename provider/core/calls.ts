/**
 * How the provider talks to Macie: retries with a deadline, bounded waits, actionable errors.
 *
 * The SDK already retries a few times; on top of that, throttling and server errors are retried
 * here with exponential backoff (full jitter, capped at 20 s) until a deadline, counted from the
 * first failure: a request's wait for its turn under a quota (pacing.ts) is no retry. Every wait
 * has a limit, and when it runs out the error says what was waited for.
 */
import { randomUUID } from "node:crypto";
import type { CallContext, MacieApiError } from "./definition";
import { isNotEnabled } from "./definition";
import type { Connection } from "./connection";

/** Seconds a single call keeps retrying throttling and server errors (env PULUMI_MACIE_RETRY_SECONDS). */
export const retrySeconds = () => Number(process.env.PULUMI_MACIE_RETRY_SECONDS || 900);
/** Seconds a bounded wait lasts by default (env PULUMI_MACIE_WAIT_SECONDS). */
export const waitSeconds = () => Number(process.env.PULUMI_MACIE_WAIT_SECONDS || 60);

const RETRYABLE_NAMES = new Set([
  "ThrottlingException",
  "TooManyRequestsException",
  "InternalServerException",
  "ServiceUnavailableException",
  "RequestTimeout",
  "TimeoutError",
]);
const RETRYABLE_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "socket hang up"]);

export function isRetryable(e: unknown): boolean {
  const err = e as MacieApiError & { code?: string };
  const status = err?.$metadata?.httpStatusCode ?? 0;
  return RETRYABLE_NAMES.has(err?.name) || status >= 500 || status === 429 || RETRYABLE_CODES.has(err?.code ?? "") || RETRYABLE_CODES.has(err?.message);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The operation name of an SDK command (`CreateClassificationJobCommand` → `CreateClassificationJob`). */
const operationOf = (command: object) => command.constructor.name.replace(/Command$/, "");

/** Rewrite a Macie error so that a user can act on it. */
export function explain(e: unknown, operation: string, conn: { accountId: string; region: string }): Error {
  const err = e as MacieApiError;
  const where = `account ${conn.accountId}, ${conn.region}`;
  let message = `${operation} failed in ${where}: ${err?.name ?? "Error"}: ${err?.message ?? String(e)}`;
  if (isNotEnabled(err)) {
    message = `Macie is not enabled in ${where}: declare a macie.Account and make this resource depend on it (dependsOn). [${operation}: ${err.message}]`;
  } else if (err?.name === "ServiceQuotaExceededException") {
    message = `${operation} in ${where} exceeds a Macie quota: ${err.message}. Remove unused resources or ask AWS for a higher quota.`;
  }
  // The error type stays, so that resource files can still tell "not found" or "not enabled" apart.
  return Object.assign(new Error(message), { name: err?.name ?? "Error" });
}

export function makeCallContext(conn: Connection, log: (m: string) => void = () => {}): CallContext {
  const ctx: CallContext = {
    macie: conn.macie,
    accountId: conn.accountId,
    region: conn.region,
    clientToken: randomUUID(),
    log,
    async send<Output>(command: any): Promise<Output> {
      const operation = operationOf(command);
      let deadline: number | undefined;
      for (let attempt = 1; ; attempt++) {
        try {
          return (await conn.macie.send(command)) as Output;
        } catch (e) {
          if (!isRetryable(e)) throw explain(e, operation, conn);
          deadline ??= Date.now() + retrySeconds() * 1000;
          const delay = Math.min(20_000, 1000 * 2 ** Math.min(attempt - 1, 5)) * (0.5 + Math.random() / 2);
          if (Date.now() + delay > deadline) {
            const err = e as MacieApiError;
            throw new Error(
              `gave up on ${operation} in account ${conn.accountId}, ${conn.region} after ${attempt} attempts over ` +
                `${retrySeconds()} s of retries (last error ${err.name}: ${err.message}); set PULUMI_MACIE_RETRY_SECONDS to wait longer`,
            );
          }
          log(`${operation}: ${(e as Error).name}, retrying in ${Math.round(delay)} ms (attempt ${attempt})`);
          await sleep(delay);
        }
      }
    },
    async waitFor<T>(what: string, probe: () => Promise<T | undefined>, opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
      const timeoutMs = opts.timeoutMs ?? waitSeconds() * 1000;
      const deadline = Date.now() + timeoutMs;
      let interval = opts.intervalMs ?? 250;
      for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() + interval > deadline) {
          throw new Error(
            `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what} in account ${conn.accountId}, ${conn.region}; set PULUMI_MACIE_WAIT_SECONDS to wait longer`,
          );
        }
        await sleep(interval);
        interval = Math.min(interval * 2, 5000);
      }
    },
  };
  return ctx;
}
