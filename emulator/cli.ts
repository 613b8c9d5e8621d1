#!/usr/bin/env node
/**
 * `macie-local --port <p> [--host h] [--state <file>] [--config <file>] [--faults <json>] [--log]`
 *
 * Prints `macie-local listening on http://HOST:PORT` once ready; stops on SIGINT/SIGTERM after
 * writing the state file.
 */
import { startMacieLocal } from "./index";
import type { EmulatorConfig } from "./core/types";

const USAGE = `usage: macie-local [--port <port>] [--host <host>] [--state <file>] [--config <file>] [--faults <json>] [--log]
  --port    port to listen on (default 4566; 0 picks a free port)
  --host    interface to listen on (default 127.0.0.1)
  --state   state file, loaded at start and written after each change
  --config  JSON config file (organization, accessKeys, secretKeys, jobs, quotas, faults)
  --faults  fault settings as JSON, replacing the config file's "faults"
  --log     print one line per request to stderr`;

function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${JSON.stringify(arg)}`);
    const eq = arg.indexOf("=");
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (!["port", "host", "state", "config", "faults", "log", "help"].includes(name)) throw new Error(`unknown option --${name}`);
    if (name === "log" || name === "help") out[name] = true;
    else if (eq >= 0) out[name] = arg.slice(eq + 1);
    else if (i + 1 < argv.length) out[name] = argv[++i];
    else throw new Error(`--${name} needs a value`);
  }
  return out;
}

async function main(): Promise<void> {
  let args: Record<string, string | true>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e: any) {
    console.error(`macie-local: ${e.message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const port = args.port === undefined ? 4566 : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`macie-local: --port must be a port number, got ${JSON.stringify(args.port)}`);
    process.exit(2);
  }
  const config: EmulatorConfig = {};
  if (typeof args.faults === "string") {
    try {
      config.faults = JSON.parse(args.faults);
    } catch (e: any) {
      console.error(`macie-local: --faults is not valid JSON: ${e.message}`);
      process.exit(2);
    }
  }
  const macie = await startMacieLocal({
    port,
    host: typeof args.host === "string" ? args.host : undefined,
    statePath: typeof args.state === "string" ? args.state : undefined,
    configPath: typeof args.config === "string" ? args.config : undefined,
    config,
    log: args.log === true,
  });
  console.log(`macie-local listening on ${macie.url}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    macie.stop().then(
      () => {
        console.error(`macie-local stopped (${signal})`);
        process.exit(0);
      },
      (e) => {
        console.error(`macie-local: error while stopping: ${e.message}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((e) => {
  console.error(e?.message ?? e);
  process.exit(1);
});
