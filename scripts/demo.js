#!/usr/bin/env node
// @ts-check
/**
 * `npm run demo`: the demo stack (Pulumi.yaml → examples/demo/index.ts) through the real Pulumi
 * CLI, offline, against macie-local.
 *
 * 1. provides the Pulumi engine (built from Go modules on first use, then cached);
 * 2. starts macie-local with its state in .work/macie-local/state.json;
 * 3. uses a file backend in .work/pulumi/ and the stack `demo`;
 * 4. `pulumi up` (with refresh, so a rerun converges whatever happened in between);
 * 5. a second `pulumi preview`, which must plan no change at all: the demo fails otherwise;
 * 6. prints the stack outputs, and stops the emulator.
 *
 * `npm run demo -- destroy` destroys the stack instead (Macie is disabled again).
 * Everything lives in the ignored .work/ folder: `rm -rf .work` starts afresh.
 */
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { REPO, ensureEngine, offlineEnv } = require("./lib/engine");
const { linkSelf } = require("./link-self");

const STACK = "demo";
const ACCOUNT = "111111111111"; // macie-local: a 12-digit access key id is the account id
const REGION = "us-east-1";
const WORK = path.join(REPO, ".work");

const bold = (/** @type {string} */ s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const say = (/** @type {string} */ s) => console.log(`\n${bold(`▶ ${s}`)}`);

/**
 * Runs the pulumi CLI in the repo root; output goes to the terminal unless `capture`.
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @param {{ capture?: boolean, allowFailure?: boolean }} [opts]
 * @returns {Promise<{ code: number, stdout: string }>}
 */
function pulumi(args, env, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", args, {
      cwd: REPO,
      env,
      stdio: ["ignore", opts.capture ? "pipe" : "inherit", "inherit"],
    });
    let stdout = "";
    child.stdout?.on("data", (d) => (stdout += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0 && !opts.allowFailure) reject(new Error(`pulumi ${args.join(" ")} failed (exit ${code})`));
      else resolve({ code: code ?? 1, stdout });
    });
  });
}

/**
 * The second preview's verdict: every step must be `same`.
 * @param {any} preview the output of `pulumi preview --json`
 */
function checkNoChanges(preview) {
  const summary = preview.changeSummary ?? {};
  const changed = (preview.steps ?? []).filter((/** @type {any} */ s) => s.op !== "same");
  const parts = Object.entries(summary).map(([op, n]) => `${n} ${op === "same" ? "unchanged" : `to ${op}`}`);
  if (changed.length === 0 && Object.keys(summary).every((op) => op === "same")) {
    console.log(`Second preview: ${parts.join(", ")}. No changes: the stack matches Macie exactly.`);
    return;
  }
  console.error(`Second preview is NOT clean (${parts.join(", ")}):`);
  for (const s of changed) {
    const diffs = s.diffReasons?.length ? ` (changed: ${s.diffReasons.join(", ")})` : "";
    const replaces = s.replaceReasons?.length ? ` (replaced because of: ${s.replaceReasons.join(", ")})` : "";
    console.error(`  ${s.op} ${s.urn}${diffs}${replaces}`);
  }
  throw new Error("the second preview planned changes: the provider reports a perpetual diff (this is a bug)");
}

async function main() {
  const action = process.argv[2] ?? "up";
  if (!["up", "destroy"].includes(action)) throw new Error(`unknown action "${action}": use "up" (the default) or "destroy"`);

  say("Pulumi engine");
  const engineDir = ensureEngine();
  linkSelf(); // node_modules/pulumi-macie, which the provider plugin resolves

  const emulatorModule = path.join(REPO, "dist/emulator/index.js");
  if (!fs.existsSync(emulatorModule)) throw new Error("dist/ is missing: run `npm run build` (npm run demo does)");
  /** @type {typeof import("../emulator")} */
  const { startMacieLocal } = require(emulatorModule);
  const statePath = path.join(WORK, "macie-local", "state.json");
  fs.mkdirSync(path.dirname(statePath), { recursive: true });
  fs.mkdirSync(path.join(WORK, "stacks"), { recursive: true }); // Pulumi.yaml: stackConfigDir
  const macieLocal = await startMacieLocal({ statePath });
  say(`macie-local on ${macieLocal.url} (state: ${path.relative(REPO, statePath)})`);

  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    ...offlineEnv(path.join(WORK, "pulumi"), engineDir, "macie-demo"),
    // Macie, and STS (which the provider asks who the caller is), both served by macie-local.
    AWS_ENDPOINT_URL_MACIE2: macieLocal.url,
    AWS_ENDPOINT_URL_STS: macieLocal.url,
    AWS_ACCESS_KEY_ID: ACCOUNT,
    AWS_SECRET_ACCESS_KEY: "macie-local",
    AWS_REGION: REGION,
  };
  for (const k of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"]) delete env[k];

  // Let Ctrl-C reach pulumi (same process group) and still stop the emulator cleanly.
  process.on("SIGINT", () => console.error("\ninterrupted: waiting for pulumi to stop"));

  const started = Date.now();
  try {
    await pulumi(["stack", "select", "--create", STACK], env);
    if (action === "destroy") {
      say("pulumi destroy");
      await pulumi(["destroy", "--yes", "--skip-preview"], env);
      return;
    }

    say("pulumi up");
    await pulumi(["up", "--yes", "--skip-preview", "--refresh"], env);

    say("pulumi preview (the second look must plan nothing)");
    const before = await macieLocal.admin.mutatingCalls();
    const preview = await pulumi(["preview", "--json"], env, { capture: true, allowFailure: true });
    let parsed;
    try {
      parsed = JSON.parse(preview.stdout);
    } catch {
      throw new Error(`pulumi preview --json did not print JSON (exit ${preview.code}):\n${preview.stdout}`);
    }
    if (preview.code !== 0) throw new Error(`pulumi preview failed (exit ${preview.code}): ${JSON.stringify(parsed.diagnostics ?? parsed)}`);
    checkNoChanges(parsed);
    const mutating = (await macieLocal.admin.mutatingCalls()) - before;
    if (mutating !== 0) throw new Error(`the preview made ${mutating} mutating Macie calls; a preview must make none`);
    console.log("The preview made no mutating Macie call.");

    say("Stack outputs");
    const outputs = await pulumi(["stack", "output", "--json"], env, { capture: true });
    console.log(outputs.stdout.trim());

    say(`Done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log(`State: .work/pulumi (Pulumi backend), .work/macie-local/state.json (Macie).
Run again to converge; \`npm run demo -- destroy\` to tear down; \`rm -rf .work\` to start afresh.`);
  } finally {
    await macieLocal.stop();
  }
}

main().catch((e) => {
  console.error(`\nnpm run demo: ${e.message}`);
  process.exit(1);
});
