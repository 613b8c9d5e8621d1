/**
 * Test helper: a macie-local on a free port, and real `@aws-sdk/client-macie2` clients that talk
 * to it over HTTP.
 *
 * By default the helper switches off Macie's real request quota on CreateClassificationJob
 * (0.1 requests per second), so that tests may create several jobs quickly. Pass
 * `config: { faults: { realRateLimits: true } }` (or any `config.faults`) to keep it.
 *
 * No timing in tests: by default a job's run never ends by itself (`jobs` -1), so a status read
 * does not depend on how fast the machine is. A test that needs a run to end passes its own
 * `config.jobs` (a run far longer than the test) and moves the emulator's clock past it
 * (`admin.advanceClock`). See docs/testing.md.
 */
import { Macie2Client, type Macie2ClientConfig } from "@aws-sdk/client-macie2";
import { startMacieLocal, type MacieLocalAdmin, type StartOptions } from "../../emulator";

export interface TestEmulator {
  url: string;
  port: number;
  admin: MacieLocalAdmin;
  stop(): Promise<void>;
  /**
   * A Macie client for an account and Region. The access key id is the account id (macie-local's
   * convention), the secret is "test".
   */
  client(accountId?: string, region?: string, clientOptions?: Partial<Macie2ClientConfig>): Macie2Client;
}

export async function startEmulator(options: StartOptions = {}): Promise<TestEmulator> {
  const config = { ...(options.config ?? {}) };
  if (config.faults === undefined && !options.configPath) config.faults = { realRateLimits: false };
  if (config.jobs === undefined && !options.configPath) config.jobs = { oneTimeRunMs: -1, scheduledRunMs: -1 };
  const em = await startMacieLocal({ ...options, config });
  return {
    url: em.url,
    port: em.port,
    admin: em.admin,
    stop: () => em.stop(),
    client(accountId = "111111111111", region = "us-east-1", clientOptions = {}) {
      return new Macie2Client({
        endpoint: em.url,
        region,
        credentials: { accessKeyId: accountId, secretAccessKey: "test" },
        ...clientOptions,
      });
    },
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Moves the emulator's clock to just after the next 00:00 UTC. Scheduled runs start at 00:00 UTC
 * (of the emulator's clock), so a scheduled job that is IDLE stays IDLE for a day of emulator
 * time, whatever hour of the real day the test runs at.
 */
export async function startOfDay(admin: MacieLocalAdmin): Promise<void> {
  const now = Date.parse((await admin.advanceClock(0)).now);
  await admin.advanceClock(Math.floor(now / DAY_MS) * DAY_MS + DAY_MS + 1000 - now);
}

/**
 * Resolves once the emulator has answered `operation` with `errorType` more than `before` times
 * in all. For a test that lets a call fail first (a read inside an eventual-consistency window, a
 * throttled create) and then moves the emulator's clock on: it waits for the failure itself, not
 * for a length of time. Only the test's timeout bounds it.
 */
export async function untilFailed(admin: MacieLocalAdmin, operation: string, errorType: string, before = 0): Promise<void> {
  const failures = async () => (await admin.calls()).operations[operation]?.failed[errorType] ?? 0;
  while ((await failures()) <= before) await new Promise((r) => setTimeout(r, 20));
}
