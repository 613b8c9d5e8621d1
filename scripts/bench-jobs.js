#!/usr/bin/env node
// @ts-check
/**
 * Throttled creates (issue 10): N ONE_TIME classification jobs in one `pulumi up` on the real
 * engine, against macie-local with Macie's CreateClassificationJob quota (0.1 requests per second,
 * burst 1). It prints figures and never asserts.
 *
 * The quota's floor for N jobs is (N-1) x 10 s: the first job takes the burst's token, each other
 * one waits for a new token. Per run it prints the `up`'s wall time, the span from the first
 * CreateClassificationJob request to the last job created (macie-local's request log), both against
 * that floor, and the CreateClassificationJob requests per job (refused ones included). After each
 * run the stack is destroyed and macie-local reset, so every run starts with a full quota.
 *
 *   npm run bench:jobs                          N = 10, 20; 1 run each; about 6 minutes
 *   node scripts/bench-jobs.js --sizes 10,20 --runs 3
 *     --package-dir <dir>   the pulumi-macie build to measure (default: this checkout), e.g. a
 *                           worktree of an older commit, built there with `npx tsc -p tsconfig.json`
 */
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { REPO, ensureEngine, offlineEnv } = require("./lib/engine");

const ACCOUNT = "111111111111"; // macie-local: a 12-digit access key id is the account id
const REGION = "us-east-1";
const STACK = "bench";
const QUOTA_INTERVAL_S = 10; // 1 / 0.1 requests per second

/** @param {string[]} argv */
function parseArgs(argv) {
  const opts = { sizes: [10, 20], runs: 1, packageDir: REPO };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === "--sizes") opts.sizes = value().split(",").map(Number);
    else if (arg === "--runs") opts.runs = Number(value());
    else if (arg === "--package-dir") opts.packageDir = path.resolve(value());
    else throw new Error(`unknown argument ${arg}; usage: node scripts/bench-jobs.js [--sizes 10,20] [--runs 1] [--package-dir <dir>]`);
  }
  if (!opts.sizes.every((n) => Number.isInteger(n) && n > 1)) throw new Error("--sizes takes integers above 1, e.g. 10,20");
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error("--runs takes a positive integer");
  if (!fs.existsSync(path.join(opts.packageDir, "dist", "provider", "index.js"))) {
    throw new Error(`${opts.packageDir} holds no built pulumi-macie (dist/provider/index.js): build it first (npx tsc -p tsconfig.json)`);
  }
  return opts;
}

/**
 * The project: Pulumi.yaml, scripts/bench/jobs.js as index.js, and node_modules links to the
 * packages of `packageDir`, with `pulumi-macie` linked to `packageDir` itself.
 * @param {string} dir @param {string} packageDir
 */
function makeProject(dir, packageDir) {
  fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: bench-jobs\nruntime: nodejs\n");
  fs.copyFileSync(path.join(__dirname, "bench", "jobs.js"), path.join(dir, "index.js"));
  const modules = path.join(packageDir, "node_modules");
  for (const entry of fs.readdirSync(modules)) {
    if (entry.startsWith(".") || entry === "pulumi-macie") continue;
    fs.symlinkSync(fs.realpathSync(path.join(modules, entry)), path.join(dir, "node_modules", entry), "dir");
  }
  fs.symlinkSync(packageDir, path.join(dir, "node_modules", "pulumi-macie"), "dir");
}

/** Runs `pulumi <args>` in `cwd` to its end; resolves its wall time in seconds. @param {string} cwd @param {string[]} args @param {NodeJS.ProcessEnv} env */
function pulumi(cwd, args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn("pulumi", [...args, "--stack", STACK, "--non-interactive"], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`pulumi ${args.join(" ")} exited ${code}:\n${output.slice(-4000)}`));
      resolve(Number(process.hrtime.bigint() - started) / 1e9);
    });
  });
}

function describePackage(/** @type {string} */ dir) {
  const commit = spawnSync("git", ["-C", dir, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim();
  return commit ? `${dir} (commit ${commit})` : dir;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const engineDir = ensureEngine();
  /** @type {typeof import("../emulator")} */
  const { startMacieLocal } = require(path.join(REPO, "dist", "emulator", "index.js"));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-macie-bench-jobs-"));
  // Macie's real quotas are macie-local's default; no job run ends during the benchmark.
  const emulator = await startMacieLocal({ config: { jobs: { oneTimeRunMs: -1, scheduledRunMs: -1 } } });
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    ...offlineEnv(path.join(root, "pulumi"), engineDir, "bench"),
    AWS_ENDPOINT_URL_MACIE2: emulator.url,
    AWS_ENDPOINT_URL_STS: emulator.url,
    AWS_ACCESS_KEY_ID: ACCOUNT,
    AWS_SECRET_ACCESS_KEY: "bench",
    AWS_REGION: REGION,
    AWS_CONFIG_FILE: path.join(root, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(root, "no-aws-credentials"),
  };
  for (const k of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "PULUMI_MACIE_RATE_LIMITS"]) delete env[k];
  console.log(`Throttled creates: N ONE_TIME jobs in one up, CreateClassificationJob quota 0.1 requests/s, burst 1 (macie-local's default)`);
  console.log(`package: ${describePackage(opts.packageDir)}; ${os.cpus().length} CPUs; load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}`);

  /** @type {string[]} */
  const rows = [];
  try {
    const dir = path.join(root, "project");
    makeProject(dir, opts.packageDir);
    await pulumi(dir, ["stack", "init"], env);
    await pulumi(dir, ["config", "set", "aws:region", REGION], env);
    for (const n of opts.sizes) {
      for (let run = 1; run <= opts.runs; run++) {
        await emulator.admin.reset(); // state, counters, request log and the quota's bucket
        const wall = await pulumi(dir, ["up", "--yes", "--skip-preview"], { ...env, BENCH_RESOURCES: String(n) });
        const creates = (await emulator.admin.requests()).filter((r) => r.operation === "CreateClassificationJob");
        const created = creates.filter((r) => r.status === 200);
        const span = (Date.parse(created[created.length - 1].time) - Date.parse(creates[0].time)) / 1000;
        const floor = (n - 1) * QUOTA_INTERVAL_S;
        const refused = creates.length - created.length;
        const row = `| ${n} | ${run} | ${wall.toFixed(1)} s = ${(wall / floor).toFixed(2)}× | ${span.toFixed(1)} s = ${(span / floor).toFixed(2)}× | ${floor} s | ${creates.length} (${refused} refused) = ${(creates.length / n).toFixed(2)} |`;
        rows.push(row);
        process.stderr.write(`${row}\n`);
        await pulumi(dir, ["destroy", "--yes", "--skip-preview"], { ...env, BENCH_RESOURCES: String(n) });
      }
    }
  } finally {
    await emulator.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
  console.log(`\n| jobs | run | up wall / floor | first request to last job created / floor | floor (N-1)×10 s | CreateClassificationJob requests (per job) |`);
  console.log("|---|---|---|---|---|---|");
  for (const row of rows) console.log(row);
}

main().catch((e) => {
  console.error(`\nbench-jobs: ${e.message}`);
  process.exit(1);
});
