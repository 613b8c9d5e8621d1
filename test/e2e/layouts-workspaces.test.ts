/**
 * Workspace and pnpm install layouts on the real engine (see layouts-npm.test.ts for npm's). Each:
 * up, a clean preview, destroy.
 *
 * - npm workspaces: the program and two libraries are workspace packages; the libraries depend
 *   on different versions of pulumi-macie, so one copy is hoisted to the root and the other stays
 *   in its library's folder, reached only through the root's workspace link;
 * - pnpm's isolated node_modules (pnpm 12.4.2): the program depends on the library only, and
 *   pnpm keeps pulumi-macie in its store folder, node_modules/.pnpm, out of Node's resolution.
 */
import { ListMembersCommand, ListOrganizationAdminAccountsCommand } from "@aws-sdk/client-macie2";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startE2e, TestStack, type E2e } from "./harness";
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
  run,
  SDK_CURRENT,
  upAndPreview,
  VERSION,
  writeLibrary,
  writeProgram,
} from "./layouts";

/** The pnpm the layout is tested with (pnpm is an npm package; newer releases may behave otherwise). */
const PNPM = "12.4.2";
const RUNTIME = "dist/provider/core/runtime.js";

let e2e: E2e;
let tarball: string;
let otherTarball: string;

/** The organization of the pnpm layout's rollout (macie-local's model; accounts unused elsewhere here). */
const ORG = { management: "210000000099", administrator: "210000000050", members: ["210000000051", "210000000052"] };
const ROLLOUT_REGION = "eu-west-1";

beforeAll(async () => {
  e2e = await startE2e({
    config: { organization: { managementAccountId: ORG.management, memberAccountIds: [ORG.administrator, ...ORG.members] } },
  });
  clearLoads(e2e.dir);
  const work = path.join(e2e.dir, "packed");
  fs.mkdirSync(work);
  tarball = packPulumiMacie(work, VERSION);
  otherTarball = packPulumiMacie(work, OTHER_VERSION);
});
afterAll(async () => e2e?.cleanup());

describe.sequential("npm workspaces: the program and two libraries on different versions", () => {
  const account = "210000000004";
  const names = [...baselineNames("east"), ...baselineNames("west")];
  let root: string;
  let program: string;
  let stack: TestStack;

  it("installs one copy at the root, the other in its library's folder", () => {
    root = path.join(e2e.dir, "workspaces");
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "acme-infra", private: true, workspaces: ["packages/*"] }, null, 2));
    writeLibrary(path.join(root, "packages/acme-macie-baseline"), "acme-macie-baseline", `file:${tarball}`);
    writeLibrary(path.join(root, "packages/acme-macie-regional"), "acme-macie-regional", `file:${otherTarball}`);
    program = writeProgram(
      path.join(root, "packages/infra"),
      "infra",
      { "@pulumi/pulumi": SDK_CURRENT, "acme-macie-baseline": "1.0.0", "acme-macie-regional": "1.0.0" },
      baseline("acme-macie-baseline", "east", account, "us-east-1") + baseline("acme-macie-regional", "west", account, "us-west-2"),
    );
    npmInstall(root);
    expect(fs.lstatSync(path.join(root, "node_modules/acme-macie-regional")).isSymbolicLink()).toBe(true);
    const inLibrary = ["acme-macie-baseline", "acme-macie-regional"].filter((lib) =>
      fs.existsSync(path.join(root, "packages", lib, "node_modules/pulumi-macie")),
    );
    expect(inLibrary).toHaveLength(1);
    expect(fs.existsSync(path.join(root, "node_modules/pulumi-macie"))).toBe(true);
    expect(fs.existsSync(path.join(program, "node_modules/pulumi-macie"))).toBe(false);
  });

  it("up, then a clean preview; each library's resources run its own copy", async () => {
    clearLoads(e2e.dir);
    stack = await TestStack.local(e2e, "workspaces", program, { account: { accountId: account } });
    await upAndPreview(stack, names);
    const versions = await providerVersions(stack, e2e);
    for (const n of baselineNames("east").slice(1)) expect(versions[n], n).toBe(VERSION);
    for (const n of baselineNames("west").slice(1)) expect(versions[n], n).toBe(OTHER_VERSION);
    const real = fs.realpathSync(root);
    const filesOf = (v: string) => new Set(loads().filter((l) => l.version === v).map((l) => path.relative(real, l.file)));
    const hoisted = JSON.parse(fs.readFileSync(path.join(root, "node_modules/pulumi-macie/package.json"), "utf8")).version;
    const other = hoisted === VERSION ? OTHER_VERSION : VERSION;
    const nestedIn = hoisted === VERSION ? "acme-macie-regional" : "acme-macie-baseline";
    expect(filesOf(hoisted)).toEqual(new Set([`node_modules/pulumi-macie/${RUNTIME}`]));
    expect(filesOf(other)).toEqual(new Set([`packages/${nestedIn}/node_modules/pulumi-macie/${RUNTIME}`]));
  });

  it("destroy", async () => {
    await destroyAll(stack, names, ["us-east-1", "us-west-2"]);
  });
});

describe.sequential(`pnpm ${PNPM}, isolated node_modules: the program depends on the library only`, () => {
  const account = "210000000005";
  // The library also wraps pulumi-macie's OrganizationRollout (issue 8: a component consumed from
  // a separate library package), here for one Region and an administrator reached through a role.
  const role = (id: string) => `arn:aws:iam::${id}:role/MacieAdmin`;
  const rolloutParts = ["admin", "macie", "org-config", "security-hub", "discovery", ...ORG.members.map((m) => `member-${m}`)];
  const names = [
    ...baselineNames("baseline"),
    "org",
    "org-rollout",
    ...rolloutParts.map((p) => `org-rollout-${ROLLOUT_REGION}-${p}`),
  ];
  const organization =
    `new (require("acme-macie-baseline").MacieOrganization)("org", { regions: [${JSON.stringify(ROLLOUT_REGION)}],` +
    ` administratorAccountId: ${JSON.stringify(ORG.administrator)}, administratorRoleArn: ${JSON.stringify(role(ORG.administrator))},` +
    ` managementRoleArn: ${JSON.stringify(role(ORG.management))}, memberAccountIds: ${JSON.stringify(ORG.members)} });\n`;
  let program: string;
  let stack: TestStack;

  it("installs pulumi-macie in pnpm's store folder only", () => {
    const tools = path.join(e2e.dir, "tools");
    fs.mkdirSync(tools);
    run("npm", ["install", "--prefix", tools, `pnpm@${PNPM}`, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], tools);
    const pnpm = path.join(tools, "node_modules/.bin/pnpm");
    expect(run(pnpm, ["--version"], tools).trim()).toBe(PNPM);

    const libs = path.join(e2e.dir, "pnpm-packed");
    fs.mkdirSync(libs);
    program = writeProgram(
      path.join(e2e.dir, "pnpm", "infra"),
      "infra",
      { "@pulumi/pulumi": SDK_CURRENT, "acme-macie-baseline": `file:${packLibrary(libs, "acme-macie-baseline", `file:${tarball}`)}` },
      baseline("acme-macie-baseline", "baseline", account, "us-east-1") + organization,
    );
    // pnpm >= 11 fails an install whose dependencies have build scripts nobody approved;
    // protobufjs's (of @pulumi/pulumi) only prints a notice, so it is declined, as a user would.
    fs.writeFileSync(path.join(program, "pnpm-workspace.yaml"), "allowBuilds:\n  protobufjs: false\n");
    run(pnpm, ["install", "--store-dir", path.join(e2e.dir, "pnpm-store"), "--reporter=append-only"], program);
    expect(fs.existsSync(path.join(program, "node_modules/pulumi-macie"))).toBe(false);
    const store = fs.readdirSync(path.join(program, "node_modules/.pnpm")).filter((d) => d.startsWith("pulumi-macie@"));
    expect(store).toHaveLength(1);
  });

  it("up, then a clean preview; the resources run the store's copy", async () => {
    clearLoads(e2e.dir);
    stack = await TestStack.local(e2e, "pnpm", program, { account: { accountId: account } });
    await upAndPreview(stack, names);
    const versions = await providerVersions(stack, e2e);
    expect(new Set(Object.values(versions))).toEqual(new Set([VERSION]));
    const pnpmDir = fs.realpathSync(path.join(program, "node_modules/.pnpm"));
    const files = [...new Set(loads().map((l) => path.relative(pnpmDir, l.file)))];
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^pulumi-macie@[^/]+/node_modules/pulumi-macie/${RUNTIME}$`));
    // The library's organization rollout converged in its Region.
    const management = e2e.emulator.client(ORG.management, ROLLOUT_REGION);
    expect((await management.send(new ListOrganizationAdminAccountsCommand({}))).adminAccounts).toEqual([{ accountId: ORG.administrator, status: "ENABLED" }]);
    const administrator = e2e.emulator.client(ORG.administrator, ROLLOUT_REGION);
    const members = (await administrator.send(new ListMembersCommand({ onlyAssociated: "true" }))).members ?? [];
    expect(members.map((m) => [m.accountId, m.relationshipStatus]).sort()).toEqual(ORG.members.map((m) => [m, "Enabled"]));
  });

  it("destroy", async () => {
    await destroyAll(stack, names, ["us-east-1"]);
  });
});
