/**
 * Global set-up of the end-to-end tests: provides the real Pulumi engine, building it on first use
 * (scripts/ensure-pulumi.sh; PULUMI_MACIE_ENGINE_DIR names one to use instead), links
 * node_modules/pulumi-macie to the repo, and checks that dist/ is up to date.
 * It FAILS, never skips, when the engine cannot be had: an e2e suite that silently does not run
 * proves nothing.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type { TestProject } from "vitest/node";

const REPO = path.resolve(__dirname, "../..");
const nodeRequire = createRequire(path.join(REPO, "package.json"));

declare module "vitest" {
  export interface ProvidedContext {
    /** Directory with `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`. */
    pulumiEngineDir: string;
  }
}

/** Newest modification time of the .ts files under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

export default function setup(project: TestProject) {
  // The engine runs the compiled package (dist/), so a stale build tests old code.
  const built = path.join(REPO, "dist/provider/index.js");
  if (!fs.existsSync(built)) throw new Error("dist/ is missing: run `npm run build` first (`npm test` does)");
  const builtAt = fs.statSync(built).mtimeMs;
  for (const src of ["provider", "emulator"]) {
    if (newestSource(path.join(REPO, src)) > builtAt) {
      // A warning, not a failure: `npm test` always builds first; this is for a direct `vitest run`.
      console.warn(`[e2e] warning: ${src}/ changed after the last build; the engine runs dist/ (run \`npm run build\`)`);
    }
  }

  // node_modules/pulumi-macie -> the repo: the provider plugin resolves the package from there.
  nodeRequire("./scripts/link-self.js").linkSelf();

  const { ensureEngine } = nodeRequire("./scripts/lib/engine.js") as { ensureEngine(): string };
  let dir: string;
  try {
    dir = ensureEngine();
  } catch (e: any) {
    throw new Error(`the end-to-end tests need the real Pulumi engine: ${e.message}`);
  }
  project.provide("pulumiEngineDir", dir);
}
