/**
 * Test helper: a macie-local on a free port, and real `@aws-sdk/client-macie2` clients that talk
 * to it over HTTP.
 *
 * By default the helper switches off Macie's real request quota on CreateClassificationJob
 * (0.1 requests per second), so that tests may create several jobs quickly. Pass
 * `config: { faults: { realRateLimits: true } }` (or any `config.faults`) to keep it.
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
