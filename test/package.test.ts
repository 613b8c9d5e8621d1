/**
 * What `npm publish` would ship (`npm pack --dry-run`): what a user needs (dist/, the docs, the
 * README), nothing of the repo's development (scripts/, test/, examples/, the TypeScript sources),
 * and no script that npm runs when the package is installed.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const REPO = path.resolve(__dirname, "..");
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));

/** Lifecycle scripts npm runs on install (`prepare` too, for git and directory dependencies). */
const INSTALL_HOOKS = ["preinstall", "install", "postinstall", "prepare"];

describe("the published package", () => {
  let files: string[];

  beforeAll(() => {
    // --ignore-scripts: `prepack` would rebuild dist/ while other test files load it (npm test built it).
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO, encoding: "utf8" });
    files = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
  });

  it("holds only the build, the docs, the README and the manifest", () => {
    const outside = files.filter((f) => !/^(dist\/(provider|emulator)|docs)\//.test(f) && !["README.md", "package.json"].includes(f) && !/^LICENSE/.test(f));
    expect(outside).toEqual([]);
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
  });

  it("holds the README and every page of docs/", () => {
    const docs = fs.readdirSync(path.join(REPO, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`);
    expect(files).toEqual(expect.arrayContaining(["README.md", ...docs]));
  });

  it("holds every file its manifest names: main, types, the macie-local bin and the exports", () => {
    const named = [manifest.main, manifest.types, ...Object.values(manifest.bin), ...Object.values(manifest.exports)]
      .map((p) => String(p).replace(/^\.\//, ""))
      .filter((p) => !p.includes("*") && p !== "package.json");
    expect(named).toEqual(expect.arrayContaining(["dist/emulator/cli.js", "dist/emulator/index.js", "dist/provider/core/runtime.js"]));
    expect(files).toEqual(expect.arrayContaining(named));
  });

  it("runs nothing at install: no install-time lifecycle script", () => {
    expect(INSTALL_HOOKS.filter((hook) => hook in (manifest.scripts ?? {}))).toEqual([]);
  });
});
