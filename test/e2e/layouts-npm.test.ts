/**
 * npm install layouts on the real engine (the language host runs each program as `pulumi up`
 * does; the dynamic-provider plugin starts in the program's directory). Each: up, a clean
 * preview, destroy.
 *
 * - a library installed as a `file:` directory, into a program that does not depend on
 *   pulumi-macie (issue 8's failure); then the whole project moved elsewhere, as on a teammate's
 *   machine: the state still previews and destroys, and with the copy gone, refresh says what to add;
 * - two libraries that depend on different versions of pulumi-macie (npm hoists one, nests the
 *   other), with the oldest @pulumi/pulumi of the range package.json states;
 * - a nested copy npm did not hoist: the program depends on another version itself.
 *
 * Layouts under the OS temp dir, outside the repo, so that nothing resolves the repo's link.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, startE2e, TestStack, type E2e } from "./harness";
import {
  baseline,
  baselineNames,
  clearLoads,
  destroyAll,
  loads,
  npmInstall,
  OTHER_VERSION,
  packLibrary,
  packPulumiMacie,
  providerVersions,
  SDK_CURRENT,
  SDK_OLDEST,
  upAndPreview,
  VERSION,
  writeLibrary,
  writeProgram,
} from "./layouts";

let e2e: E2e;
let tarball: string; // pulumi-macie VERSION
let otherTarball: string; // pulumi-macie OTHER_VERSION

beforeAll(async () => {
  e2e = await startE2e();
  clearLoads(e2e.dir);
  const work = path.join(e2e.dir, "packed");
  fs.mkdirSync(work);
  tarball = packPulumiMacie(work, VERSION);
  otherTarball = packPulumiMacie(work, OTHER_VERSION);
});
afterAll(async () => e2e?.cleanup());

describe.sequential("a library as a file: directory, in a program without pulumi-macie; then moved", () => {
  const account = "210000000001";
  const names = baselineNames("baseline");
  let root: string;
  let stack: TestStack;

  it("installs as the issue describes: the library is a link, pulumi-macie only in its own node_modules", () => {
    root = path.join(e2e.dir, "file-dir", "before");
    // A library checkout, installed by its developer: its node_modules holds its dependencies.
    npmInstall(writeLibrary(path.join(root, "acme-macie-baseline"), "acme-macie-baseline", `file:${tarball}`));
    const program = writeProgram(
      path.join(root, "infra"),
      "infra",
      { "@pulumi/pulumi": SDK_CURRENT, "acme-macie-baseline": "file:../acme-macie-baseline" },
      baseline("acme-macie-baseline", "baseline", account, "us-east-1"),
    );
    npmInstall(program);
    expect(fs.lstatSync(path.join(program, "node_modules/acme-macie-baseline")).isSymbolicLink()).toBe(true);
    expect(fs.existsSync(path.join(program, "node_modules/pulumi-macie"))).toBe(false);
    expect(fs.existsSync(path.join(root, "acme-macie-baseline/node_modules/pulumi-macie/package.json"))).toBe(true);
    expect(path.relative(REPO, root).startsWith("..")).toBe(true);
  });

  it("up, then a clean preview; the state names the version and no path", async () => {
    stack = await TestStack.local(e2e, "file-dir", path.join(root, "infra"), { account: { accountId: account } });
    await upAndPreview(stack, names);
    const versions = await providerVersions(stack, e2e);
    expect(new Set(Object.values(versions))).toEqual(new Set([VERSION]));
  });

  it("moved to another directory: a clean preview; with no copy left, refresh says what to add", async () => {
    const moved = path.join(e2e.dir, "file-dir", "elsewhere");
    fs.renameSync(root, moved);
    root = moved;
    const program = path.join(root, "infra");
    stack = await TestStack.local(e2e, "file-dir", program, { account: { accountId: account } });
    const plan = await stack.preview();
    expect(plan.changeSummary).toEqual({ same: names.length + 1 });
    expect(plan.mutatingCalls).toBe(0);

    // The library's copy hidden: nothing can run the state's resources. Refresh runs no program,
    // only the plugin, so its error is the provider's.
    const copy = path.join(root, "acme-macie-baseline/node_modules/pulumi-macie");
    fs.renameSync(copy, `${copy}.hidden`);
    try {
      await expect(stack.refresh()).rejects.toThrow(
        `Add "pulumi-macie": "${VERSION}" to "dependencies" in ${path.join(program, "package.json")}`,
      );
    } finally {
      fs.renameSync(`${copy}.hidden`, copy);
    }
  });

  it("destroy from the moved project", async () => {
    await destroyAll(stack, names, ["us-east-1"]);
  });
});

describe.sequential(`two libraries that depend on different versions, with @pulumi/pulumi ${SDK_OLDEST} (the oldest supported)`, () => {
  const account = "210000000002";
  const names = [...baselineNames("east"), ...baselineNames("west")];
  let program: string;
  let stack: TestStack;

  it("installs one copy hoisted and the other nested", () => {
    const libs = path.join(e2e.dir, "two-libs-packed");
    fs.mkdirSync(libs);
    program = writeProgram(
      path.join(e2e.dir, "two-libs", "infra"),
      "infra",
      {
        "@pulumi/pulumi": SDK_OLDEST,
        "acme-macie-baseline": `file:${packLibrary(libs, "acme-macie-baseline", `file:${tarball}`)}`,
        "acme-macie-regional": `file:${packLibrary(libs, "acme-macie-regional", `file:${otherTarball}`)}`,
      },
      baseline("acme-macie-baseline", "east", account, "us-east-1") + baseline("acme-macie-regional", "west", account, "us-west-2"),
    );
    npmInstall(program);
    const nm = path.join(program, "node_modules");
    expect(JSON.parse(fs.readFileSync(path.join(nm, "@pulumi/pulumi/package.json"), "utf8")).version).toBe(SDK_OLDEST);
    const installed = [
      path.join(nm, "pulumi-macie"),
      path.join(nm, "acme-macie-baseline/node_modules/pulumi-macie"),
      path.join(nm, "acme-macie-regional/node_modules/pulumi-macie"),
    ].filter((d) => fs.existsSync(d));
    expect(installed).toHaveLength(2);
    expect(fs.existsSync(path.join(nm, "pulumi-macie"))).toBe(true);
  });

  it("up, then a clean preview; each library's resources run its own version", async () => {
    clearLoads(e2e.dir);
    stack = await TestStack.local(e2e, "two-libs", program, { account: { accountId: account } });
    await upAndPreview(stack, names);
    const versions = await providerVersions(stack, e2e);
    for (const n of baselineNames("east").slice(1)) expect(versions[n], n).toBe(VERSION);
    for (const n of baselineNames("west").slice(1)) expect(versions[n], n).toBe(OTHER_VERSION);
    // Which copy the plugin loaded, per version: the one the library depends on.
    const nm = fs.realpathSync(path.join(program, "node_modules"));
    const fileOf = (v: string) => new Set(loads().filter((l) => l.version === v).map((l) => path.relative(nm, l.file)));
    const hoisted = JSON.parse(fs.readFileSync(path.join(nm, "pulumi-macie/package.json"), "utf8")).version;
    const nestedUnder = hoisted === VERSION ? "acme-macie-regional" : "acme-macie-baseline";
    const runtime = "dist/provider/core/runtime.js";
    expect(fileOf(hoisted)).toEqual(new Set([`pulumi-macie/${runtime}`]));
    expect(fileOf(hoisted === VERSION ? OTHER_VERSION : VERSION)).toEqual(new Set([`${nestedUnder}/node_modules/pulumi-macie/${runtime}`]));
  });

  it("destroy", async () => {
    await destroyAll(stack, names, ["us-east-1", "us-west-2"]);
  });
});

describe.sequential("a nested copy npm did not hoist: the program depends on another version itself", () => {
  const account = "210000000003";
  const names = [...baselineNames("baseline"), "order-numbers"];
  let program: string;
  let stack: TestStack;

  it("installs the program's version at the top, the library's nested", () => {
    const libs = path.join(e2e.dir, "nested-packed");
    fs.mkdirSync(libs);
    program = writeProgram(
      path.join(e2e.dir, "nested", "infra"),
      "infra",
      {
        "@pulumi/pulumi": SDK_CURRENT,
        "pulumi-macie": `file:${otherTarball}`,
        "acme-macie-baseline": `file:${packLibrary(libs, "acme-macie-baseline", `file:${tarball}`)}`,
      },
      `const baseline = ${baseline("acme-macie-baseline", "baseline", account, "us-east-1")}` +
        `const macie = require("pulumi-macie");\n` +
        `new macie.AllowList("order-numbers", { criteria: { regex: "ORDER-[0-9]{6}" } }, { dependsOn: [baseline] });\n`,
    );
    npmInstall(program);
    const version = (dir: string) => JSON.parse(fs.readFileSync(path.join(program, "node_modules", dir, "package.json"), "utf8")).version;
    expect(version("pulumi-macie")).toBe(OTHER_VERSION);
    expect(version("acme-macie-baseline/node_modules/pulumi-macie")).toBe(VERSION);
  });

  it("up, then a clean preview; the library's resources run the nested copy", async () => {
    clearLoads(e2e.dir);
    stack = await TestStack.local(e2e, "nested", program, { account: { accountId: account } });
    await upAndPreview(stack, names);
    const versions = await providerVersions(stack, e2e);
    expect(versions["order-numbers"]).toBe(OTHER_VERSION);
    for (const n of baselineNames("baseline").slice(1)) expect(versions[n], n).toBe(VERSION);
    const nested = fs.realpathSync(path.join(program, "node_modules/acme-macie-baseline/node_modules/pulumi-macie"));
    expect(new Set(loads().filter((l) => l.version === VERSION).map((l) => l.file))).toEqual(
      new Set([path.join(nested, "dist/provider/core/runtime.js")]),
    );
  });

  it("destroy", async () => {
    await destroyAll(stack, names, ["us-east-1"]);
  });
});
