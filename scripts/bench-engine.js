#!/usr/bin/env node
// @ts-check
/**
 * The engine comparison (issue 10): pulumi-macie against the engine's floor, on the real Pulumi
 * engine, in one run, side by side. It prints figures and never asserts.
 *
 * - floor: N no-op dynamic resources sharing one provider object (scripts/bench/floor.js);
 * - pulumi-macie: one Account plus N resources, a third each of custom data identifiers, findings
 *   filters and allow lists (scripts/bench/macie.js), against macie-local (in this process); one
 *   such stack per pulumi-macie build given (--package-dir, repeatable: before and after a change),
 *   each in an account of its own.
 *
 * For each N and run, each of the steps `up`, `preview` (no change), `refresh` and `destroy` runs
 * for the floor and then for each pulumi-macie stack, so that they all see the same machine load. Per step it records the
 * wall time, the CPU time of the `pulumi` CLI (its own, from /proc/<pid>/stat sampled every 50 ms:
 * the last sample may miss the final 50 ms), of the Node process running the program and of the
 * dynamic-provider plugin (both exact, written by scripts/bench/probe.js as they exit), the
 * plugin's peak RSS, the Macie calls that macie-local counted, and the CPU time of this process, which
 * runs macie-local (and the 50 ms sampling, alike for every project) on the same cores. After the first `up` of each N,
 * `pulumi stack export` gives the state's bytes per resource.
 *
 *   npm run bench:engine                          N = 50, 200, 400; 3 runs (medians), with --shaped; about 20 min
 *   npm run bench:engine -- --quick               N = 20, 1 run
 *   node scripts/bench-engine.js --sizes 50,200 --runs 1
 *     --package-dir <dir>   a pulumi-macie build to measure (default: this checkout); repeat it to
 *                           compare builds in one run, e.g. a worktree of an older commit, built
 *                           there with `npx tsc -p tsconfig.json`
 *     --profile <dir>       also write --cpu-prof profiles of the program and the plugin to <dir>,
 *                           and print their top functions by self and total time
 *     --pad-floor <bytes>   make the floor's serialized provider that much longer (it is stored in
 *                           every resource's inputs and outputs): the engine's cost of state size
 *     --shaped              also run the same-shape floor (scripts/bench/shaped.js): no-op resources
 *                           with pulumi-macie's properties, to split pulumi-macie's cost into what
 *                           its properties cost the engine and what its own code and calls cost
 *     --json <file>         also write every measurement as JSON
 *     --keep                keep the temp directory (stacks, backend, each project's state.json
 *                           exported after its first up) for inspection
 *
 * Linux: CPU and RSS figures come from /proc and process.resourceUsage(); elsewhere they print n/a.
 * Everything runs offline in a temp directory (file backend, PULUMI_HOME, the two projects).
 */
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { REPO, ensureEngine, offlineEnv } = require("./lib/engine");

const BENCH = path.join(__dirname, "bench");
/** One account per pulumi-macie stack (macie-local: a 12-digit access key id is the account id). */
const ACCOUNTS = ["111111111111", "222222222222", "333333333333", "444444444444"];
const REGION = "us-east-1";
const STACK = "bench";

/** The steps of one run, in order: each leaves the state the next one expects. */
const STEPS = [
  { name: "up", args: ["up", "--yes", "--skip-preview"] },
  { name: "preview", args: ["preview"] },
  { name: "refresh", args: ["refresh", "--yes", "--skip-preview"] },
  { name: "destroy", args: ["destroy", "--yes", "--skip-preview"] },
];

/**
 * @typedef {{ key: string, label: string, program: string, extra: number, packageDir: string, account: string }} Project
 * The floor first, then one pulumi-macie stack per build (it has one resource more, the Account).
 * @param {string[]} packageDirs
 * @returns {Project[]}
 */
function projectsOf(packageDirs, shaped = false) {
  const floor = { key: "floor", label: "floor", program: "floor.js", extra: 0, packageDir: packageDirs[0], account: ACCOUNTS[0] };
  const same = { key: "shaped", label: "same-shape floor", program: "shaped.js", extra: 1, packageDir: packageDirs[0], account: ACCOUNTS[0] };
  const macie = packageDirs.map((packageDir, i) => ({
    key: packageDirs.length === 1 ? "macie" : `macie${i + 1}`,
    label: packageDirs.length === 1 ? "pulumi-macie" : `pulumi-macie@${commitOf(packageDir) ?? i + 1}`,
    program: "macie.js",
    extra: 1,
    packageDir,
    account: ACCOUNTS[i],
  }));
  return shaped ? [floor, same, ...macie] : [floor, ...macie];
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;
const HAS_PROC = fs.existsSync("/proc/self/stat");

function usage() {
  return `usage: node scripts/bench-engine.js [--sizes 50,200,400] [--runs 3] [--quick] [--package-dir <dir>] [--profile <dir>] [--pad-floor <bytes>] [--shaped] [--json <file>] [--keep]`;
}

/** @param {string[]} argv */
function parseArgs(argv) {
  const opts = { sizes: [50, 200, 400], runs: 3, packageDirs: /** @type {string[]} */ ([]), profile: "", padFloor: 0, json: "", keep: false, shaped: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value\n${usage()}`);
      return argv[++i];
    };
    if (arg === "--sizes") opts.sizes = value().split(",").map(Number);
    else if (arg === "--runs") opts.runs = Number(value());
    else if (arg === "--quick") Object.assign(opts, { sizes: [20], runs: 1 });
    else if (arg === "--package-dir") opts.packageDirs.push(path.resolve(value()));
    else if (arg === "--profile") opts.profile = path.resolve(value());
    else if (arg === "--json") opts.json = path.resolve(value());
    else if (arg === "--pad-floor") opts.padFloor = Number(value());
    else if (arg === "--keep") opts.keep = true;
    else if (arg === "--shaped") opts.shaped = true;
    else throw new Error(`unknown argument ${arg}\n${usage()}`);
  }
  if (!opts.sizes.every((n) => Number.isInteger(n) && n > 0)) throw new Error(`--sizes takes positive integers, e.g. 50,200,400`);
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error(`--runs takes a positive integer`);
  if (!Number.isInteger(opts.padFloor) || opts.padFloor < 0) throw new Error(`--pad-floor takes a number of bytes`);
  if (opts.packageDirs.length === 0) opts.packageDirs.push(REPO);
  if (opts.packageDirs.length > ACCOUNTS.length) throw new Error(`at most ${ACCOUNTS.length} --package-dir`);
  for (const dir of opts.packageDirs) {
    if (!fs.existsSync(path.join(dir, "dist", "provider", "index.js"))) {
      throw new Error(`${dir} holds no built pulumi-macie (dist/provider/index.js): build it first (npx tsc -p tsconfig.json)`);
    }
  }
  return opts;
}

/** Own CPU (utime + stime) and waited-for children's CPU of a process, in seconds, from /proc. */
function procCpu(/** @type {number | "self"} */ pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // fields[0] is field 3 (state)
    const ticks = (/** @type {number} */ field) => Number(fields[field - 3]);
    return { own: (ticks(14) + ticks(15)) / CLOCK_TICKS, children: (ticks(16) + ticks(17)) / CLOCK_TICKS };
  } catch {
    return undefined;
  }
}

/**
 * A project directory: Pulumi.yaml, the program as index.js, and a node_modules holding links to
 * the packages of `packageDir`'s node_modules, with `pulumi-macie` linked to `packageDir` itself
 * (so the program, the plugin and pulumi-macie share one @pulumi/pulumi, as in a user's install).
 * @param {string} dir @param {Project} project
 */
function makeProject(dir, project) {
  const packageDir = project.packageDir;
  fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: bench-${project.key}\nruntime: nodejs\n`);
  fs.copyFileSync(path.join(BENCH, project.program), path.join(dir, "index.js"));
  if (project.program === "shaped.js") fs.copyFileSync(path.join(BENCH, "shaped-provider.js"), path.join(dir, "shaped-provider.js"));
  const modules = path.join(packageDir, "node_modules");
  for (const entry of fs.readdirSync(modules)) {
    if (entry.startsWith(".") || entry === "pulumi-macie") continue;
    fs.symlinkSync(fs.realpathSync(path.join(modules, entry)), path.join(dir, "node_modules", entry), "dir");
  }
  fs.symlinkSync(packageDir, path.join(dir, "node_modules", "pulumi-macie"), "dir");
}

/**
 * The engine's programs in a directory of our own: pulumi and its Node.js language host from the
 * engine directory, and the dynamic-provider plugin of the @pulumi/pulumi the programs use.
 * @param {string} dir @param {string} engineDir @param {string} packageDir
 */
function makeBin(dir, engineDir, packageDir) {
  fs.mkdirSync(dir, { recursive: true });
  for (const bin of ["pulumi", "pulumi-language-nodejs"]) fs.symlinkSync(fs.realpathSync(path.join(engineDir, bin)), path.join(dir, bin));
  const plugin = path.join(packageDir, "node_modules", "@pulumi", "pulumi", "pulumi-resource-pulumi-nodejs");
  fs.symlinkSync(fs.realpathSync(plugin), path.join(dir, "pulumi-resource-pulumi-nodejs"));
}

/**
 * Runs `pulumi <args>` in a project directory to its end, and measures it.
 * @param {string} cwd @param {string[]} args @param {NodeJS.ProcessEnv} env
 */
function pulumi(cwd, args, env) {
  return new Promise((resolve, reject) => {
    const childrenBefore = procCpu("self")?.children;
    const ownBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const child = spawn("pulumi", [...args, "--stack", STACK, "--non-interactive"], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let stdout = "";
    child.stdout.on("data", (d) => ((output += d), (stdout += d)));
    child.stderr.on("data", (d) => (output += d));
    /** @type {number | undefined} */
    let cliCpu;
    const sample = () => {
      const cpu = child.pid === undefined ? undefined : procCpu(child.pid);
      if (cpu) cliCpu = cpu.own;
    };
    const sampler = HAS_PROC ? setInterval(sample, 50) : undefined;
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(sampler);
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      const own = process.cpuUsage(ownBefore);
      const localCpu = (own.user + own.system) / 1e6;
      const childrenAfter = procCpu("self")?.children;
      if (code !== 0) return reject(new Error(`pulumi ${args.join(" ")} in ${cwd} exited ${code}:\n${output.slice(-4000)}`));
      const treeCpu = childrenBefore === undefined || childrenAfter === undefined ? undefined : childrenAfter - childrenBefore;
      resolve({ wall, cliCpu, treeCpu, localCpu, stdout });
    });
  });
}

/** The probe records of one step: the program's and the plugin's CPU, the plugin's peak RSS. */
function readProbes(/** @type {string} */ dir) {
  /** @type {{ programCpu?: number, pluginCpu?: number, pluginRssMb?: number, plugins: number, roles: Record<string, string> }} */
  const out = { plugins: 0, roles: {} };
  for (const file of fs.readdirSync(dir)) {
    const r = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    fs.rmSync(path.join(dir, file));
    out.roles[r.pid] = r.role;
    if (r.role === "program") out.programCpu = (out.programCpu ?? 0) + r.cpuMs / 1000;
    if (r.role === "plugin") {
      out.plugins++;
      out.pluginCpu = (out.pluginCpu ?? 0) + r.cpuMs / 1000;
      out.pluginRssMb = Math.max(out.pluginRssMb ?? 0, r.maxRssKb / 1024);
    }
  }
  return out;
}

/**
 * The Macie calls between two of macie-local's reports: in all, and by operation (failed ones too).
 * @param {import("../emulator").CallsReport} before @param {import("../emulator").CallsReport} after
 */
function callsSince(before, after) {
  const count = (/** @type {import("../emulator").OperationCounts | undefined} */ c) =>
    c === undefined ? 0 : c.succeeded + Object.values(c.failed).reduce((a, b) => a + b, 0);
  /** @type {Record<string, number>} */
  const operations = {};
  for (const [op, c] of Object.entries(after.operations)) {
    const n = count(c) - count(before.operations[op]);
    if (n > 0) operations[op] = n;
  }
  return { calls: after.totals.calls - before.totals.calls, operations };
}

/** The state as `pulumi stack export` writes it: bytes per resource, and the share of `__provider`. */
async function stateSize(/** @type {string} */ cwd, /** @type {NodeJS.ProcessEnv} */ env) {
  const { stdout } = await pulumi(cwd, ["stack", "export"], env);
  fs.writeFileSync(path.join(cwd, "state.json"), stdout); // for --keep
  const resources = JSON.parse(stdout).deployment.resources.filter((/** @type {any} */ r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
  const providerBytes = resources.reduce(
    (/** @type {number} */ sum, /** @type {any} */ r) => sum + Buffer.byteLength(JSON.stringify(r.inputs.__provider ?? "")) + Buffer.byteLength(JSON.stringify(r.outputs.__provider ?? "")),
    0,
  );
  const bytes = Buffer.byteLength(stdout);
  return { bytes, resources: resources.length, perResource: bytes / resources.length, providerPerResource: providerBytes / resources.length };
}

const median = (/** @type {(number | undefined)[]} */ xs) => {
  const v = xs.filter((x) => x !== undefined).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};
const fmt = (/** @type {number | undefined} */ x, digits = 1) => (x === undefined ? "n/a" : x.toFixed(digits));
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(", ");

/** The short commit of a checkout, with `+` when its provider/ has uncommitted changes. */
function commitOf(/** @type {string} */ dir) {
  const git = (/** @type {string[]} */ args) => spawnSync("git", ["-C", dir, ...args], { encoding: "utf8" }).stdout?.trim();
  const commit = git(["rev-parse", "--short", "HEAD"]);
  if (!commit) return undefined;
  return git(["status", "--porcelain", "--", "provider"]) ? `${commit}+` : commit;
}

function describePackage(/** @type {string} */ dir) {
  const commit = commitOf(dir);
  if (!commit) return dir;
  return `${dir} (commit ${commit.replace("+", ", provider/ has uncommitted changes")})`;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const engineDir = ensureEngine();
  const dist = path.join(REPO, "dist", "emulator", "index.js");
  if (!fs.existsSync(dist)) throw new Error("dist/ is missing: run `npm run build` (npm run bench does)");
  /** @type {typeof import("../emulator")} */
  const { startMacieLocal } = require(dist);

  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-macie-bench-"));
  const probes = path.join(root, "probe");
  fs.mkdirSync(probes);
  makeBin(path.join(root, "bin"), engineDir, opts.packageDirs[0]);
  const projects = projectsOf(opts.packageDirs, opts.shaped);
  if (opts.profile) fs.mkdirSync(opts.profile, { recursive: true });

  // Allow lists: Macie's quota is 10 per account; the benchmark needs a third of N.
  const emulator = await startMacieLocal({ config: { quotas: { allowListsPerAccount: 10_000, findingsFiltersPerAccount: 10_000 } } });
  const nodeOptions = [`--require=${path.join(BENCH, "probe.js")}`];
  const cpuProfiles = path.join(root, "cpuprof");
  if (opts.profile) nodeOptions.push("--cpu-prof", `--cpu-prof-dir=${cpuProfiles}`);
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    ...offlineEnv(path.join(root, "pulumi"), path.join(root, "bin"), "bench"),
    AWS_ENDPOINT_URL_MACIE2: emulator.url,
    AWS_ENDPOINT_URL_STS: emulator.url,
    AWS_SECRET_ACCESS_KEY: "bench",
    AWS_REGION: REGION,
    AWS_CONFIG_FILE: path.join(root, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(root, "no-aws-credentials"),
    NODE_OPTIONS: nodeOptions.join(" "),
    BENCH_PROBE_DIR: probes,
    BENCH_FLOOR_PAD: String(opts.padFloor),
  };
  for (const k of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"]) delete env[k];

  const version = spawnSync("pulumi", ["version"], { env, encoding: "utf8" }).stdout.trim();
  const nodeVersion = spawnSync("node", ["--version"], { env, encoding: "utf8" }).stdout.trim();
  console.log(`Engine comparison: pulumi-macie (1 Account + N resources) against the floor (N no-op dynamic resources)`);
  console.log(`pulumi ${version}, node ${nodeVersion} (program and plugin), ${os.cpus().length} CPUs, sizes ${opts.sizes.join(", ")}, ${opts.runs} run(s), medians`);
  for (const p of projects.filter((p) => p.program === "macie.js")) console.log(`${p.label}: ${describePackage(p.packageDir)}, account ${p.account}`);
  if (opts.padFloor) console.log(`floor: its serialized provider padded by ${opts.padFloor} bytes`);
  console.log(`load average at start: ${load()}`);

  /** @type {any[]} */
  const records = [];
  /** @type {Record<string, Record<string, ReturnType<typeof stateSize> extends Promise<infer T> ? T : never>>} */
  const states = {};
  try {
    const dirs = Object.fromEntries(projects.map((p) => [p.key, path.join(root, p.key)]));
    const envOf = (/** @type {Project} */ p) => ({ ...env, AWS_ACCESS_KEY_ID: p.account });
    for (const p of projects) {
      makeProject(dirs[p.key], p);
      await pulumi(dirs[p.key], ["stack", "init"], envOf(p));
    }
    for (const n of opts.sizes) {
      for (let run = 1; run <= opts.runs; run++) {
        for (const step of STEPS) {
          for (const p of projects) {
            const callsBefore = await emulator.admin.calls();
            const profileDir = path.join(opts.profile, `${p.key}-N${n}-run${run}-${step.name}`);
            const args = opts.profile ? [...step.args, `--profiling=${path.join(profileDir, "cli")}`] : step.args;
            if (opts.profile) fs.mkdirSync(profileDir, { recursive: true });
            const r = await pulumi(dirs[p.key], args, { ...envOf(p), BENCH_RESOURCES: String(n) });
            const probed = readProbes(probes);
            if (opts.profile) keepProfiles(cpuProfiles, profileDir, probed.roles);
            const record = {
              n,
              run,
              step: step.name,
              project: p.key,
              resources: n + p.extra,
              wall: r.wall,
              cliCpu: r.cliCpu,
              treeCpu: r.treeCpu,
              localCpu: r.localCpu,
              ...callsSince(callsBefore, await emulator.admin.calls()),
              programCpu: probed.programCpu,
              pluginCpu: probed.pluginCpu,
              pluginRssMb: probed.pluginRssMb,
              plugins: probed.plugins,
            };
            records.push(record);
            process.stderr.write(`N=${n} run ${run} ${step.name.padEnd(7)} ${p.label.padEnd(14)} ${fmt(r.wall)} s, CLI ${fmt(r.cliCpu)} s, program ${fmt(record.programCpu)} s, plugin ${fmt(record.pluginCpu)} s CPU; ${record.calls} calls; load ${load()}\n`);
            if (step.name === "up" && run === 1) (states[n] ??= {})[p.key] = await stateSize(dirs[p.key], envOf(p));
          }
        }
      }
    }
  } finally {
    await emulator.stop();
    if (opts.keep) console.log(`kept ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
  console.log(`load average at end: ${load()}\n`);
  printTables(records, states, opts.sizes, projects);
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ load: os.loadavg(), records, states }, null, 2));
  if (opts.profile) {
    console.log(`\nProfiles in ${opts.profile} (figures above are inflated by profiling). pulumi-macie, first run:`);
    for (const dir of fs.readdirSync(opts.profile).filter((d) => /^macie\d*-N\d+-run1-/.test(d)).sort()) {
      console.log(`\n=== ${dir}`);
      summarizeProfiles(path.join(opts.profile, dir));
    }
  }
}

/**
 * Moves the step's V8 profiles into its own directory, named by role (program, plugin); profiles
 * of other Node processes (the plugin's launcher resolving its script) are dropped.
 * @param {string} from @param {string} to @param {Record<string, string>} roles
 */
function keepProfiles(from, to, roles) {
  if (!fs.existsSync(from)) return;
  for (const file of fs.readdirSync(from)) {
    const pid = file.split(".")[3]; // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile
    if (roles[pid]) fs.renameSync(path.join(from, file), path.join(to, `${roles[pid]}-${pid}.cpuprofile`));
    else fs.rmSync(path.join(from, file));
  }
}

/** The top functions of the program's and the plugin's profiles, and of the CLI's (go tool pprof, when Go is installed). */
function summarizeProfiles(/** @type {string} */ dir) {
  require("./bench/cpuprofile").summarize(dir, 12);
  for (const file of fs.readdirSync(dir).filter((f) => /^cli\.\d+\.cpu$/.test(f))) {
    const r = spawnSync("go", ["tool", "pprof", "-top", "-nodecount=20", path.join(dir, file)], { encoding: "utf8" });
    console.log(`\n${file} (go tool pprof -top):\n${r.status === 0 ? r.stdout : `n/a (${r.error?.message ?? r.stderr.trim()})`}`);
  }
}

/**
 * Prints the tables (Markdown): wall times with ratios to the floor, the CPU and RSS figures, the
 * Macie calls, and the state's size.
 * @param {any[]} records
 * @param {Record<string, Record<string, any>>} states
 * @param {number[]} sizes
 * @param {Project[]} projects
 */
function printTables(records, states, sizes, projects) {
  const macie = projects.filter((p) => p.program === "macie.js");
  const shaped = projects.find((p) => p.key === "shaped");
  const of = (/** @type {number} */ n, /** @type {string} */ step, /** @type {string} */ project, /** @type {string} */ key) =>
    median(records.filter((r) => r.n === n && r.step === step && r.project === project).map((r) => r[key]));
  const all = (/** @type {(p: Project) => number | undefined} */ value, digits = 1, list = projects) => list.map((p) => fmt(value(p), digits)).join(" / ");
  const names = (/** @type {Project[]} */ list) => list.map((p) => p.label).join(" / ");

  /** @param {Project} base @param {Project[]} over */
  const wallTable = (base, over) => {
    console.log(`| step | ${sizes.map((n) => `N=${n}`).join(" | ")} |`);
    console.log(`|---|${sizes.map(() => "---").join("|")}|`);
    for (const { name } of STEPS) {
      const cells = sizes.map((n) => {
        const b = of(n, name, base.key, "wall");
        const ratios = over.map((p) => {
          const m = of(n, name, p.key, "wall");
          return b && m ? `${(m / b).toFixed(2)}×` : "n/a";
        });
        return `${all((p) => of(n, name, p.key, "wall"), 1, [base, ...over])} s: ${ratios.join(" / ")}`;
      });
      console.log(`| ${name} | ${cells.join(" | ")} |`);
    }
  };
  const [floor] = projects;
  const overFloor = projects.slice(1);
  console.log(`Wall time (s), medians: ${names(projects)}; ratios = ${overFloor.map((p) => `${p.label} / floor`).join(", ")}`);
  wallTable(floor, overFloor);
  if (shaped) {
    console.log(`\nWall time (s), medians: ${names([shaped, ...macie])}; ratios = ${macie.map((p) => `${p.label} / same-shape floor`).join(", ")}`);
    wallTable(shaped, macie);
  }

  console.log(`\nPer step and N (medians), as ${names(projects)}; Macie calls as ${names(macie)} (per resource)`);
  console.log("| N | step | CLI CPU s | program CPU s | plugin CPU s | all processes CPU s | macie-local CPU s | plugin peak RSS MB | Macie calls |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const n of sizes) {
    for (const { name } of STEPS) {
      const cell = (/** @type {string} */ key, digits = 1) => all((p) => of(n, name, p.key, key), digits);
      const calls = macie
        .map((p) => {
          const c = of(n, name, p.key, "calls");
          return c === undefined ? "n/a" : `${c} (${(c / (n + p.extra)).toFixed(2)})`;
        })
        .join(" / ");
      console.log(`| ${n} | ${name} | ${cell("cliCpu")} | ${cell("programCpu")} | ${cell("pluginCpu")} | ${cell("treeCpu")} | ${cell("localCpu")} | ${cell("pluginRssMb", 0)} | ${calls} |`);
    }
  }

  console.log("\nMacie calls by operation (first run)");
  for (const p of macie) {
    for (const n of sizes) {
      for (const { name } of STEPS) {
        const r = records.find((r) => r.n === n && r.step === name && r.project === p.key && r.run === 1);
        const ops = Object.entries(r?.operations ?? {}).map(([op, c]) => `${op} ${c}`);
        if (ops.length) console.log(`  ${p.label}, N=${n} ${name}: ${ops.join(", ")}`);
      }
    }
  }

  console.log(`\nState (pulumi stack export after the first up), per resource, as ${names(projects)}`);
  console.log("| N | bytes per resource | of which __provider (inputs + outputs) | ratio to the floor |");
  console.log("|---|---|---|---|");
  for (const n of sizes) {
    const s = states[n];
    if (!s) continue;
    const ratios = overFloor.map((p) => `${(s[p.key].perResource / s.floor.perResource).toFixed(2)}×`).join(" / ");
    console.log(`| ${n} | ${all((p) => s[p.key].perResource, 0)} | ${all((p) => s[p.key].providerPerResource, 0)} | ${ratios} |`);
  }
}

main().catch((e) => {
  console.error(`\nbench-engine: ${e.message}`);
  process.exit(1);
});
