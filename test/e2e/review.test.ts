/**
 * `pulumi-macie review` on a plan of the real engine, piped as a CI job pipes it:
 * `pulumi preview --json | pulumi-macie review ...` (the built command, dist/provider/review/cli.js).
 *
 * The stack is test/review/program, the one scripts/review-fixtures.js captures the unit tests'
 * plans from: `up` of its base, then the realistic change (a job's buckets: replace; an
 * identifier's regex: replace, with the job that uses it; a filter's criteria: update; an allow
 * list deleted; a tag). Today's report must be the committed golden one, ids and auto-names aside:
 * so the fixtures are not stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliProject } from "./cli";
import { awsEnv, offlineEnv, REPO, runCommand, startE2e, type E2e } from "./harness";

const ACCOUNT = { accountId: "111111111111" };
const REGION = "us-east-1";
const STACK = "dev";
const REVIEW = path.join(REPO, "dist/provider/review/cli.js");

/** Runs a shell command line in `cwd`, to its end. */
function sh(command: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCommand("bash", ["-c", command], { cwd, env });
}

/** Macie's random ids and the auto-names' hash suffixes, which differ from run to run. */
const withoutIds = (report: string) =>
  report
    .replace(/[0-9a-f]{32}/g, "<id>")
    .replace(/`[0-9a-z]{22}`/g, "`<id>`")
    .replace(/-[0-9a-f]{7}\b/g, "-<hash>");

describe.sequential("pulumi preview --json | pulumi-macie review, on the real engine", () => {
  let e2e: E2e;
  let project: CliProject;
  let env: Record<string, string>;
  let cwd: string;

  beforeAll(async () => {
    expect(fs.existsSync(REVIEW), "dist/provider/review/cli.js (npm run build)").toBe(true);
    e2e = await startE2e();
    project = new CliProject(e2e.dir, path.join(REPO, "test/review/program"), e2e.emulator.url, ACCOUNT, REGION);
    await project.init(STACK);
    await project.ok(STACK, ["up", "--yes", "--skip-preview"]);
    await project.ok(STACK, ["config", "set", "review:step", "change"]);
    // The environment CliProject runs the engine with, for a pipeline of our own.
    env = { ...(process.env as Record<string, string>), ...offlineEnv(e2e.dir), ...awsEnv(e2e.emulator.url, ACCOUNT, REGION) };
    cwd = project.workDir(STACK);
  });
  afterAll(async () => {
    await e2e?.cleanup();
  });

  it("the report of the change, and the gate that blocks replaced jobs (exit 2)", async () => {
    const r = await sh(
      `pulumi preview --json --stack ${STACK} --non-interactive | tee plan.json | ` +
        `node ${REVIEW} review --format markdown --fail-on-replace ClassificationJob --fail-on-delete Account`,
      cwd,
      env,
    );
    expect(r.stderr).toBe("pulumi-macie: blocked: the plan replaces ClassificationJob audit, nightly (--fail-on-replace ClassificationJob)\n");
    expect(r.code).toBe(2);

    // What a reviewer must see.
    expect(r.stdout).toContain("**6 Macie resources change: 1 to delete, 3 to replace, 2 to update.** Unchanged: 4 resources.");
    expect(r.stdout).toContain('### Replace ClassificationJob `nightly`');
    expect(r.stdout).toContain('- `s3JobDefinition.bucketDefinitions[0].buckets`: added `"orders-eu"`');
    expect(r.stdout).toContain("**Replaced because of** `customDataIdentifierIds`: it uses CustomDataIdentifier `project-code`, which this plan replaces.");
    expect(r.stdout).toContain("The job of this plan that uses it is replaced with it, so its scan starts over: `audit`.");
    expect(r.stdout).toContain('- `findingCriteria.criterion["severity.description"].eq`: added `"Medium"`');
    expect(r.stdout).toContain("### Delete AllowList `test-ids`");
    expect(r.stdout).toContain("- the plan replaces ClassificationJob `audit`, `nightly` (`--fail-on-replace ClassificationJob`)");
    expect(r.stdout).not.toMatch(/__provider|jobArn|statistics|04da6b54-80e4-46f7-96ec-b56ff0331ba9/);

    // The committed golden report (of the committed fixture), ids aside: the fixtures are today's.
    const golden = fs.readFileSync(path.join(REPO, "test/review/golden/change-gate.md"), "utf8");
    expect(withoutIds(r.stdout)).toBe(withoutIds(golden));
  });

  it("the same plan from a file, with a gate the change does not touch (exit 0)", async () => {
    const r = await sh(`node ${REVIEW} review plan.json --format text --fail-on-delete Account,Member`, cwd, env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("+- replace ClassificationJob nightly");
    expect(r.stdout).toContain("CI gate: passed (no deletion or replacement of Account, Member).");
  });
});
