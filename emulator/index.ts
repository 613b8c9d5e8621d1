/**
 * macie-local: an emulator of the Amazon Macie REST API over real HTTP.
 *
 * ```ts
 * const macie = await startMacieLocal();             // a free port on 127.0.0.1
 * const client = new Macie2Client({ endpoint: macie.url, region: "us-east-1",
 *   credentials: { accessKeyId: "111111111111", secretAccessKey: "x" } });
 * await macie.stop();
 * ```
 */
import * as fs from "node:fs";
import { MacieLocalServer } from "./core/server";
import { MacieLocalAdmin } from "./admin";
import { operations } from "./operations";
import type { EmulatorConfig } from "./core/types";
import { DEFAULT_LIMITS } from "./core/guard";

export { MacieLocalAdmin } from "./admin";
export { MacieLocalServer, DEFAULT_ACCOUNT_ID } from "./core/server";
export { CATALOG } from "./core/catalog";
export type { CatalogEntry } from "./core/catalog";
export { StateFileError } from "./core/store";
export { FaultSettingsError, REAL_RATE_LIMITS } from "./core/faults";
export { DEFAULT_LIMITS } from "./core/guard";
export type { FaultSettings, FaultRule, Trigger, ThrottleSetting, ErrorSetting } from "./core/faults";
export type { CallsReport, RequestRecord, OperationCounts } from "./core/observe";
export type { HeldRequest, InFlightRequest } from "./core/holds";
export * from "./core/types";
export { operations } from "./operations";

export interface StartOptions {
  /** Port to listen on; 0 (the default) picks a free port. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** State file: loaded at start, written atomically after each change. */
  statePath?: string;
  /** Settings; merged over those of `configPath` (top-level keys replace). */
  config?: EmulatorConfig;
  /** JSON config file (see docs/emulator.md). */
  configPath?: string;
  /** Print one line per request to stderr. */
  log?: boolean;
}

export interface MacieLocal {
  /** The endpoint, e.g. `http://127.0.0.1:4566`. */
  url: string;
  port: number;
  /** Stops listening and writes the state file. */
  stop(): Promise<void>;
  admin: MacieLocalAdmin;
  /** The server itself, for in-process inspection. */
  server: MacieLocalServer;
}

/** Reads and checks a config file, with errors that name the file. */
export function readConfigFile(file: string): EmulatorConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e: any) {
    throw new Error(`macie-local: cannot read config file ${file}: ${e.message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e: any) {
    throw new Error(`macie-local: config file ${file} is not valid JSON: ${e.message}`);
  }
  return checkConfig(value, `macie-local: config file ${file}`);
}

/** Checks the config's shape, so that a typo fails at start rather than as odd behaviour later. */
export function checkConfig(config: any, where = "config"): EmulatorConfig {
  const fail = (m: string) => {
    throw new Error(`${where}: ${m}`);
  };
  if (!config || typeof config !== "object" || Array.isArray(config)) fail("must be a JSON object");
  const known = ["organization", "accessKeys", "secretKeys", "jobs", "quotas", "faults", "limits", "allowedHosts", "pageSizes"];
  for (const k of Object.keys(config)) if (!known.includes(k)) fail(`unknown setting "${k}" (known: ${known.join(", ")})`);
  const org = config.organization;
  if (org !== undefined) {
    if (!org || typeof org !== "object") fail("organization must be an object");
    if (!/^\d{12}$/.test(org.managementAccountId ?? "")) fail("organization.managementAccountId must be a 12-digit account id");
    if (!Array.isArray(org.memberAccountIds) || !org.memberAccountIds.every((a: unknown) => typeof a === "string" && /^\d{12}$/.test(a))) {
      fail("organization.memberAccountIds must be a list of 12-digit account ids");
    }
  }
  for (const k of ["accessKeys", "secretKeys"]) {
    const m = config[k];
    if (m === undefined) continue;
    if (!m || typeof m !== "object" || Array.isArray(m) || !Object.values(m).every((v) => typeof v === "string")) fail(`${k} must map access key ids to strings`);
  }
  if (config.accessKeys) {
    for (const [key, acct] of Object.entries<string>(config.accessKeys)) if (!/^\d{12}$/.test(acct)) fail(`accessKeys.${key} must be a 12-digit account id`);
  }
  const numbers = (key: string, allowed: string[], min: number) => {
    const v = config[key];
    if (v === undefined) return;
    if (!v || typeof v !== "object" || Array.isArray(v)) fail(`${key} must be an object`);
    for (const [k, n] of Object.entries(v)) {
      if (!allowed.includes(k)) fail(`unknown setting "${key}.${k}" (known: ${allowed.join(", ")})`);
      if (typeof n !== "number" || !Number.isInteger(n) || n < min) fail(`${key}.${k} must be an integer >= ${min}`);
    }
  };
  numbers("jobs", ["oneTimeRunMs", "scheduledRunMs"], -1);
  numbers("quotas", ["customDataIdentifiersPerAccount", "findingsFiltersPerAccount", "allowListsPerAccount", "membersPerAdministrator"], 0);
  numbers("limits", ["maxBodyBytes", "headersTimeoutMs", "requestTimeoutMs", "regexTimeoutMs"], 1);
  numbers("pageSizes", ["ListManagedDataIdentifiers"], 1);
  const headersTimeout = config.limits?.headersTimeoutMs ?? DEFAULT_LIMITS.headersTimeoutMs;
  const requestTimeout = config.limits?.requestTimeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs;
  if (headersTimeout > requestTimeout) fail(`limits.headersTimeoutMs (${headersTimeout}) must not exceed limits.requestTimeoutMs (${requestTimeout})`);
  const hosts = config.allowedHosts;
  if (hosts !== undefined && (!Array.isArray(hosts) || !hosts.every((h: unknown) => typeof h === "string" && /^[A-Za-z0-9.\-:\[\]]+$/.test(h)))) {
    fail('allowedHosts must be a list of host names, "name" or "name:port"');
  }
  return config as EmulatorConfig;
}

/** Starts macie-local and resolves once it listens. */
export async function startMacieLocal(options: StartOptions = {}): Promise<MacieLocal> {
  const fileConfig = options.configPath ? readConfigFile(options.configPath) : {};
  const config = checkConfig({ ...fileConfig, ...(options.config ?? {}) });
  const server = new MacieLocalServer({ config, operations, statePath: options.statePath, log: options.log });
  const host = options.host ?? "127.0.0.1";
  const address = await server.listen(options.port ?? 0, host);
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  const url = `http://${urlHost}:${address.port}`;
  let stopped: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    server,
    admin: new MacieLocalAdmin(url),
    stop: () => (stopped ??= server.close()),
  };
}
