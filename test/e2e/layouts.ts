/**
 * Install layouts, as users end up with them: the package packed with `npm pack`, a library
 * (`acme-macie-baseline`, test/e2e/fixtures/) that depends on it, and programs installed with npm
 * or pnpm into temp dirs outside the repo. Shared by layouts-npm.test.ts and
 * layouts-workspaces.test.ts.
 *
 * Every copy of pulumi-macie packed here logs each load of its runtime in the dynamic-provider
 * plugin (one line appended to runtime.js, see `packPulumiMacie`), so that a test can tell which
 * copy ran the resources: both copies of two versions behave alike otherwise, and a test that
 * cannot tell them apart could not fail.
 */
import { execFileSync } from "node:child_process";
import { GetMacieSessionCommand } from "@aws-sdk/client-macie2";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "vitest";
import { changes, nodeRequire, REPO, TestStack, type E2e } from "./harness";

export const FIXTURE = path.join(REPO, "test/e2e/fixtures/acme-macie-baseline");
/** The @pulumi/pulumi the repo develops with, and the oldest of the range package.json states. */
export const SDK_CURRENT: string = nodeRequire("./package.json").devDependencies["@pulumi/pulumi"];
export const SDK_OLDEST: string = /^>=(\d+\.\d+\.\d+) /.exec(nodeRequire("./package.json").peerDependencies["@pulumi/pulumi"])![1];
export const VERSION: string = nodeRequire("./package.json").version;
/** The version of the second copy, for two libraries that depend on different versions. */
export const OTHER_VERSION = `${VERSION}-layout.2`;

/** The environment variable naming the file the packed runtimes log their loads to. */
const LOAD_LOG = "PULUMI_MACIE_LAYOUT_LOG";

/** Runs a command, with its output shown only when it fails. */
export function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  } catch (e: any) {
    throw new Error(`${cmd} ${args.join(" ")} in ${cwd} failed:\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
}

/** `npm install`, from the npm cache that `npm ci` filled where it can. */
export function npmInstall(dir: string): void {
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], dir);
}

function npmPack(dir: string, dest: string): string {
  // dist/ is built by `npm test`; --ignore-scripts keeps pack from rebuilding it.
  const packed = JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dest], dir));
  return path.join(dest, packed[0].filename);
}

/**
 * Packs pulumi-macie as `version` from a copy of the repo's package (package.json, README, dist/),
 * with the load log line appended to its runtime. Returns the tarball.
 */
export function packPulumiMacie(work: string, version: string): string {
  const copy = path.join(work, `pulumi-macie-${version}`);
  fs.mkdirSync(copy, { recursive: true });
  const manifest = nodeRequire("./package.json");
  delete manifest.scripts; // nothing to build: dist/ is copied
  fs.writeFileSync(path.join(copy, "package.json"), JSON.stringify({ ...manifest, version }, null, 2));
  fs.copyFileSync(path.join(REPO, "README.md"), path.join(copy, "README.md"));
  fs.cpSync(path.join(REPO, "dist"), path.join(copy, "dist"), { recursive: true });
  fs.appendFileSync(
    path.join(copy, "dist/provider/core/runtime.js"),
    `\n// Added by test/e2e/layouts.ts: which copy of pulumi-macie ran.\n` +
      `if (process.env.${LOAD_LOG}) require("node:fs").appendFileSync(process.env.${LOAD_LOG}, ` +
      `JSON.stringify({ version: ${JSON.stringify(version)}, file: __filename }) + "\\n");\n`,
  );
  return npmPack(copy, work);
}

/** Packs the library fixture as `name`, depending on pulumi-macie `dependency`. Returns the tarball. */
export function packLibrary(work: string, name: string, dependency: string): string {
  const dir = writeLibrary(path.join(work, `${name}-src`), name, dependency);
  return npmPack(dir, work);
}

/** Writes the library fixture into `dir` as `name`, depending on pulumi-macie `dependency`. */
export function writeLibrary(dir: string, name: string, dependency: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(FIXTURE, "index.js"), path.join(dir, "index.js"));
  const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURE, "package.json"), "utf8"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ ...manifest, name, dependencies: { "pulumi-macie": dependency } }, null, 2));
  return dir;
}

/** A Pulumi project (Pulumi.yaml, package.json, index.js) in `dir`. */
export function writeProgram(dir: string, name: string, dependencies: Record<string, string>, program: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\nmain: index.js\n`);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true, dependencies }, null, 2));
  fs.writeFileSync(path.join(dir, "index.js"), program);
  return dir;
}

/** A program line that declares the library's baseline `name` (its export bucket and key in `region`). */
export function baseline(library: string, name: string, account: string, region: string): string {
  return (
    `new (require(${JSON.stringify(library)}).MacieBaseline)(${JSON.stringify(name)}, {` +
    ` region: ${JSON.stringify(region)}, exportBucket: "${name}-findings", scanBuckets: ["${name}-data"],` +
    ` kmsKeyArn: "arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab" });\n`
  );
}

/** The names of the resources a baseline `name` declares (the component and its children). */
export function baselineNames(name: string): string[] {
  return [name, ...["macie", "employee-id", "badge", "archive-low", "export", "scan"].map((r) => `${name}-${r}`)];
}

/** The runtime loads logged since `clearLoads`. */
export function loads(): { version: string; file: string }[] {
  const file = process.env[LOAD_LOG];
  if (!file || !fs.existsSync(file)) return [];
  return fs.readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

/** Starts a fresh load log in `dir` (the engine inherits this process's environment). */
export function clearLoads(dir: string): void {
  process.env[LOAD_LOG] = path.join(dir, "runtime-loads.jsonl");
  fs.rmSync(process.env[LOAD_LOG]!, { force: true });
}

/**
 * The serialized providers in the stack's state: each names the version that declared its
 * resource, and none holds a path of this machine (the state is evaluated elsewhere later).
 * Returns the declaring version by resource name.
 */
export async function providerVersions(stack: TestStack, e2e: E2e): Promise<Record<string, string>> {
  const state = await stack.exportState();
  const out: Record<string, string> = {};
  for (const r of state.deployment.resources ?? []) {
    const text: unknown = r.inputs?.__provider;
    if (typeof text !== "string") continue;
    for (const local of [e2e.dir, fs.realpathSync(e2e.dir), REPO, os.homedir()]) expect(text, `${r.urn} holds ${local}`).not.toContain(local);
    // The provider text ends with the loader's call: `.provider("<type>","<version>")}`.
    const version = /\.provider\("[^"]*","([^"]+)"\)\}$/.exec(text)?.[1];
    expect(version, `${r.urn}: no version in its provider`).toBeDefined();
    out[r.urn.split("::").pop()!] = version!;
  }
  return out;
}

/** up creates exactly `names`; a second preview plans nothing and calls no mutating Macie API. */
export async function upAndPreview(stack: TestStack, names: string[]): Promise<void> {
  const up = await stack.up();
  expect(changes(up)).toEqual(Object.fromEntries(names.map((n) => [n, "create"])));
  const plan = await stack.preview();
  expect(changes(plan)).toEqual({});
  expect(plan.mutatingCalls).toBe(0);
}

/** destroy deletes exactly `names`, and Macie is off in every Region given. */
export async function destroyAll(stack: TestStack, names: string[], regions: string[]): Promise<void> {
  const destroyed = await stack.destroy();
  expect(changes(destroyed)).toEqual(Object.fromEntries(names.map((n) => [n, "delete"])));
  for (const region of regions) {
    const client = stack.e2e.emulator.client(stack.account.accountId, region);
    await expect(client.send(new GetMacieSessionCommand({}))).rejects.toThrow(/not enabled/i);
  }
}
