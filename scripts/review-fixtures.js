#!/usr/bin/env node
// @ts-check
/**
 * `node scripts/review-fixtures.js`: captures the `pulumi preview --json` plans that the review
 * report's unit tests read (test/review/fixtures/), from the real engine against macie-local.
 *
 * The stack is test/review/program (its header says what each step declares). One run:
 * a preview of the fresh stack (`create`), `up`, a preview with no change (`no-change`), the
 * realistic change (`change`, and again with --show-sames), the change with a mistake (`failed`),
 * and a program that declares nothing (`teardown`).
 *
 * What varies from run to run is normalized, so that a refresh changes the fixtures only where
 * the engine or the provider changed: Macie's random ids become hashes of the resource's URN
 * (and auto-names, which hash the inputs and so the ids, get suffixes of their own),
 * timestamps a fixed date, the serialized provider (`__provider`, about 6 KB) a placeholder,
 * the default provider's UUID zeros; source positions and stack traces (paths of this machine)
 * are dropped, the duration is 0, and steps and dependencies are sorted by URN (the engine runs
 * independent steps in parallel, so their order varies). A failed preview's partial steps still
 * vary: how far the engine got before the error is a race, and the report leaves them out. Then check the goldens: `npx vitest run test/review`, and
 * `npx vitest run test/review -u` to accept the new output after reading it.
 *
 * Needs `npm run build` first (the program runs dist/).
 */
"use strict";
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { runCommand } = require("./lib/command");
const { REPO, ensureEngine, offlineEnv } = require("./lib/engine");
const { linkSelf } = require("./link-self");

const PROGRAM = path.join(REPO, "test/review/program");
const FIXTURES = path.join(REPO, "test/review/fixtures");
const STACK = "dev";
const ACCOUNT = "111111111111";
const REGION = "us-east-1";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"; // the engine's unknown value: kept as it is

/**
 * Runs `pulumi <args>` in the stack's work directory, to its end.
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv }} where
 */
const pulumi = (args, where) => runCommand("pulumi", [...args, "--stack", STACK, "--non-interactive"], where);

/**
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv }} where
 * @param {number} [expected] the exit code expected (0 unless said)
 */
async function run(args, where, expected = 0) {
  const r = await pulumi(args, where);
  if (r.code !== expected) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}, expected ${expected}:\n${r.stdout}\n${r.stderr}`);
  console.error(`  pulumi ${args.join(" ")}: exit ${r.code}`);
  return r.stdout;
}

/** `<resource name>-<7 hex>`: the names pulumi-macie gives (docs/resources.md, Names). */
const AUTO_NAME = /^.+-[0-9a-f]{7}$/;
const hash = (/** @type {string} */ s) => createHash("sha256").update(s).digest("hex");
/** An auto-name with a suffix that depends only on `key`. */
const renamed = (/** @type {string} */ name, /** @type {string} */ key) => `${name.slice(0, -7)}${hash(key).slice(0, 7)}`;

/**
 * A preview's JSON with the values that vary between runs replaced (see the header).
 * @param {string} text the output of `pulumi preview --json`
 * @param {string} fixture the fixture's name
 * @param {Map<string, string>} known Macie's ids and the names in the state, to their stable values
 * @param {string} root the run's temp directory
 */
function normalize(text, fixture, known, root) {
  const json = JSON.parse(text);
  json.duration = 0;
  // Steps of independent resources come in any order: by URN (stable, so a resource's steps keep theirs).
  json.steps?.sort((/** @type {any} */ a, /** @type {any} */ b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  // The names the plan gives to replacements, which are in no state.
  const values = new Map(known);
  for (const step of json.steps ?? []) {
    const name = step.newState?.inputs?.name;
    if (typeof name === "string" && AUTO_NAME.test(name) && !values.has(name)) values.set(name, renamed(name, `${step.urn} in ${fixture}`));
  }
  /** @param {any} v @returns {any} */
  const walk = (v) => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      /** @type {Record<string, any>} */
      const out = {};
      for (const [k, x] of Object.entries(v)) {
        if (k === "sourcePosition" || k === "stackTrace") continue;
        if (k === "dependencies" && Array.isArray(x)) {
          out[k] = [...x].sort(); // registered in any order, like the steps
          continue;
        }
        out[k] = k === "__provider" && typeof x === "string" ? "(the serialized provider, left out of the fixture)" : walk(x);
      }
      return out;
    }
    if (typeof v !== "string" || v === UNKNOWN) return v;
    let s = v.split(root).join("<tmp>");
    for (const [was, stable] of values) s = s.split(was).join(stable);
    s = s.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "2026-01-01T00:00:00.000Z");
    s = s.replace(/(::default(_[\w-]+)?::)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "$1" + "00000000-0000-0000-0000-000000000000");
    return s;
  };
  return JSON.stringify(walk(json), null, 2) + "\n";
}

async function main() {
  if (!fs.existsSync(path.join(REPO, "dist/provider/index.js"))) throw new Error("dist/ is missing: run `npm run build` first");
  const engineDir = ensureEngine();
  linkSelf();
  /** @type {typeof import("../emulator")} */
  const { startMacieLocal } = require(path.join(REPO, "dist/emulator/index.js"));
  // Job runs never end and no request quota: the plans must not depend on the machine's speed.
  const macieLocal = await startMacieLocal({ config: { faults: { realRateLimits: false }, jobs: { oneTimeRunMs: -1, scheduledRunMs: -1 } } });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-macie-review-"));
  try {
    const cwd = path.join(root, "work");
    fs.mkdirSync(cwd);
    for (const f of fs.readdirSync(PROGRAM)) fs.copyFileSync(path.join(PROGRAM, f), path.join(cwd, f));
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(cwd, "node_modules"), "dir");
    /** @type {NodeJS.ProcessEnv} */
    const env = {
      ...process.env,
      ...offlineEnv(root, engineDir, "review-fixtures"),
      AWS_ENDPOINT_URL_MACIE2: macieLocal.url,
      AWS_ENDPOINT_URL_STS: macieLocal.url,
      AWS_ACCESS_KEY_ID: ACCOUNT, // macie-local: a 12-digit access key id is the account id
      AWS_SECRET_ACCESS_KEY: "macie-local",
      AWS_REGION: REGION,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
    for (const k of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"]) delete env[k];
    const where = { cwd, env };
    const step = (/** @type {string} */ name) => run(["config", "set", "review:step", name], where);

    /** @type {Record<string, string>} */
    const plans = {};
    await run(["stack", "init"], where);
    await run(["config", "set", "aws:region", REGION], where);
    plans.create = await run(["preview", "--json"], where);
    await run(["up", "--yes", "--skip-preview"], where);
    plans["no-change"] = await run(["preview", "--json"], where);

    // Macie's ids are random (32 hex digits, 22 characters for an allow list): each becomes a hash
    // of its resource's URN, as long, the same in every run. Ids made of an account and Region stay.
    // Auto-names hash the inputs, ids included, so they vary too: each gets a suffix of its own.
    const state = JSON.parse(await run(["stack", "export"], where));
    /** @type {Map<string, string>} */
    const stable = new Map();
    for (const r of state.deployment.resources ?? []) {
      if (typeof r.id === "string" && /^[0-9a-z]{16,}$/.test(r.id)) stable.set(r.id, hash(r.urn).slice(0, r.id.length));
      const name = r.outputs?.name;
      if (typeof name === "string" && AUTO_NAME.test(name)) stable.set(name, renamed(name, `${r.urn} in the state`));
    }

    await step("change");
    plans.change = await run(["preview", "--json"], where);
    plans["change-show-sames"] = await run(["preview", "--json", "--show-sames"], where);
    await step("invalid");
    plans.failed = await run(["preview", "--json"], where, 1);
    await step("teardown");
    plans.teardown = await run(["preview", "--json"], where);

    fs.mkdirSync(FIXTURES, { recursive: true });
    for (const [name, text] of Object.entries(plans)) {
      const file = path.join(FIXTURES, `${name}.json`);
      fs.writeFileSync(file, normalize(text, name, stable, root));
      console.error(`wrote ${path.relative(REPO, file)}`);
    }
  } finally {
    await macieLocal.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`review-fixtures: ${e.message}`);
  process.exit(1);
});
