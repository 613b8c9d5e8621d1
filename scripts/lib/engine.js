// @ts-check
/**
 * Shared by scripts/demo.js and the end-to-end tests: the real Pulumi engine, and the environment
 * that runs it offline (file backend, no update check, no plugin downloads).
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const REPO = path.resolve(__dirname, "../..");

const PROGRAMS = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];

/** The Node.js of the dev dependency `node` (24, from the npm registry), whatever the machine's own. */
const NODE_BIN = path.join(REPO, "node_modules", ".bin");

/**
 * PATH for the engine: its directory first, then the repo's node_modules/.bin, so that the
 * language host and the dynamic-provider plugin (both start `node` from PATH) run on the
 * node_modules Node, also when this is not started by an npm script (which puts it first anyway).
 * @param {string} engineDir
 */
function enginePath(engineDir) {
  return [engineDir, NODE_BIN, process.env.PATH ?? ""].join(path.delimiter);
}

/**
 * Provides the engine (building it on first use; progress on stderr) and returns the directory
 * holding `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`.
 * PULUMI_MACIE_ENGINE_DIR names a directory holding these three to use instead.
 * Throws with the script's explanation when it cannot.
 * @returns {string}
 */
function ensureEngine() {
  const given = process.env.PULUMI_MACIE_ENGINE_DIR;
  if (given) return checkEngineDir(path.resolve(given), "PULUMI_MACIE_ENGINE_DIR");
  const r = spawnSync("bash", [path.join(REPO, "scripts/ensure-pulumi.sh")], {
    cwd: REPO,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (r.status !== 0) {
    throw new Error(`scripts/ensure-pulumi.sh failed (exit ${r.status ?? r.signal}); its messages are above`);
  }
  return checkEngineDir(r.stdout.trim().split("\n").pop() ?? "", "scripts/ensure-pulumi.sh");
}

/**
 * @param {string} dir
 * @param {string} from who named the directory, for the error message
 */
function checkEngineDir(dir, from) {
  for (const bin of PROGRAMS) {
    if (!fs.existsSync(path.join(dir, bin))) throw new Error(`${from}: the engine directory ${dir} has no ${bin}`);
  }
  return dir;
}

/**
 * Environment for running the engine offline with its state under `dir`: a file backend in
 * `dir/backend` and PULUMI_HOME in `dir/home`. PATH: see `enginePath`.
 * @param {string} dir
 * @param {string} engineDir
 * @param {string} [passphrase] secrets passphrase of the stacks in this backend
 * @returns {Record<string, string>}
 */
function offlineEnv(dir, engineDir, passphrase = "pulumi-macie-offline") {
  fs.mkdirSync(path.join(dir, "backend"), { recursive: true });
  fs.mkdirSync(path.join(dir, "home"), { recursive: true });
  return {
    PATH: enginePath(engineDir),
    PULUMI_BACKEND_URL: `file://${path.join(dir, "backend")}`,
    PULUMI_HOME: path.join(dir, "home"),
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
  };
}

module.exports = { REPO, NODE_BIN, ensureEngine, enginePath, offlineEnv };
