/**
 * As a user installs it: `npm pack` the package, install the tarball into a fresh Pulumi project
 * outside the repo, and run that project as `pulumi up` does (language host, ts-node type check,
 * the provider plugin resolving pulumi-macie from the project's own node_modules).
 *
 * npm installs with --prefer-offline: the packages come from the npm cache that `npm ci` filled.
 */
import { execFileSync } from "node:child_process";
import {
  GetMacieSessionCommand,
  ListClassificationJobsCommand,
  ListCustomDataIdentifiersCommand,
  ListFindingsFiltersCommand,
} from "@aws-sdk/client-macie2";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, nodeRequire, REPO, startE2e, TestStack, type E2e } from "./harness";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as macie from "pulumi-macie";

const account = new macie.Account("macie", { findingPublishingFrequency: "ONE_HOUR" });

const cardNumber = new macie.CustomDataIdentifier("loyalty-card", {
  regex: "LC-[0-9]{8}",
  keywords: ["loyalty"],
  testCases: [{ sampleText: "loyalty card LC-12345678", expectMatches: 1 }],
}, { dependsOn: [account] });

new macie.FindingsFilter("archive-low", {
  action: "ARCHIVE",
  findingCriteria: { criterion: { "severity.description": { eq: ["Low"] } } },
}, { dependsOn: [account] });

const audit = new macie.ClassificationJob("audit", {
  jobType: "ONE_TIME",
  s3JobDefinition: { bucketDefinitions: [{ accountId: account.accountId, buckets: ["shop-orders"] }] },
  customDataIdentifierIds: [cardNumber.id],
}, { dependsOn: [account] });

export const jobId: pulumi.Output<string> = audit.jobId;
`;

describe.sequential("as a user installs it: npm pack, install the tarball in a fresh project, up and destroy", () => {
  let e2e: E2e;
  let project: string;
  let stack: TestStack;

  beforeAll(async () => {
    e2e = await startE2e();
    const tarballs = path.join(e2e.dir, "tarballs");
    fs.mkdirSync(tarballs);
    // dist/ is built by `npm test`; --ignore-scripts keeps pack from rebuilding it.
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", tarballs], { cwd: REPO, encoding: "utf8" }),
    );
    const tarball = path.join(tarballs, packed[0].filename);

    project = path.join(e2e.dir, "user-project"); // under the OS temp dir: outside the repo
    fs.mkdirSync(project);
    const repoPkg = nodeRequire("./package.json");
    fs.writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify(
        {
          name: "macie-user-project",
          private: true,
          dependencies: { "@pulumi/pulumi": repoPkg.devDependencies["@pulumi/pulumi"], "pulumi-macie": `file:${tarball}` },
          devDependencies: { typescript: repoPkg.devDependencies.typescript, "@types/node": repoPkg.devDependencies["@types/node"] },
        },
        null,
        2,
      ),
    );
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: macie-user-project\nruntime: nodejs\nmain: index.ts\n");
    fs.writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true, types: ["node"] } }),
    );
    fs.writeFileSync(path.join(project, "index.ts"), PROGRAM);
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project, stdio: "inherit" });

    stack = await TestStack.local(e2e, "user", project);
  });
  afterAll(async () => e2e?.cleanup());

  it("installs the package itself, not a link to the repo", () => {
    const installed = path.join(project, "node_modules/pulumi-macie");
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(path.join(installed, "dist/provider/core/runtime.js"))).toBe(true);
    expect(path.relative(REPO, project).startsWith("..")).toBe(true);
  });

  it("up creates the program's resources; a second preview plans nothing", async () => {
    const up = await stack.up();
    expect(changes(up)).toEqual({ macie: "create", "loyalty-card": "create", "archive-low": "create", audit: "create" });
    const macie = stack.client();
    expect((await macie.send(new GetMacieSessionCommand({}))).findingPublishingFrequency).toBe("ONE_HOUR");
    const jobs = await macie.send(new ListClassificationJobsCommand({}));
    expect(jobs.items?.map((j) => j.jobId)).toEqual([(await stack.outputs()).jobId]);

    const plan = await stack.preview();
    expect(changes(plan)).toEqual({});
    expect(plan.mutatingCalls).toBe(0);
  });

  it("destroy removes them and disables Macie", async () => {
    const macie = stack.client();
    const destroyed = await stack.destroy();
    expect(changes(destroyed)).toEqual({ macie: "delete", "loyalty-card": "delete", "archive-low": "delete", audit: "delete" });
    expect(destroyed.calls.DeleteCustomDataIdentifier).toBe(1);
    expect(destroyed.calls.DeleteFindingsFilter).toBe(1);
    expect(destroyed.calls.DisableMacie).toBe(1);
    await expect(macie.send(new GetMacieSessionCommand({}))).rejects.toThrow(/not enabled/i);
    await expect(macie.send(new ListCustomDataIdentifiersCommand({}))).rejects.toThrow(/not enabled/i);
    await expect(macie.send(new ListFindingsFiltersCommand({}))).rejects.toThrow(/not enabled/i);
  });
});

