/**
 * `pulumi-macie review`: reading a plan from a file or stdin, the format, and the CI gate's exit
 * codes, on the real plans of test/review/fixtures. The command runs in-process through `main`,
 * with in-memory streams; test/e2e/review.test.ts runs the built command as a process.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { EXIT, main } from "../../provider/review/cli";

const FIXTURES = path.join(__dirname, "fixtures");
const plan = (name: string) => path.join(FIXTURES, `${name}.json`);

/** Runs the command; stdin holds `input` (a TTY when undefined), stdout is a terminal when `tty`. */
async function run(argv: string[], opts: { input?: string; tty?: boolean } = {}) {
  let stdout = "";
  let stderr = "";
  const stdin = Object.assign(Readable.from(opts.input === undefined ? [] : [Buffer.from(opts.input)]), { isTTY: opts.input === undefined });
  const code = await main(argv, {
    stdin,
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

describe("reading the plan", () => {
  it("from a file, or from stdin (no file, or -): the same report", async () => {
    const fromFile = await run(["review", plan("change")]);
    const fromPipe = await run(["review"], { input: fs.readFileSync(plan("change"), "utf8") });
    const fromDash = await run(["review", "-"], { input: fs.readFileSync(plan("change"), "utf8") });
    expect(fromFile.code).toBe(EXIT.ok);
    expect(fromFile.stdout).toContain("### Replace ClassificationJob `nightly`");
    expect(fromPipe).toEqual(fromFile);
    expect(fromDash).toEqual(fromFile);
  });

  it("Markdown when stdout is not a terminal, text when it is; --format decides otherwise", async () => {
    expect((await run(["review", plan("no-change")])).stdout).toMatch(/^## Macie changes/);
    expect((await run(["review", plan("no-change")], { tty: true })).stdout).toMatch(/^Macie changes in macie-review\/dev\n/);
    expect((await run(["review", plan("no-change"), "--format", "markdown"], { tty: true })).stdout).toMatch(/^## /);
    expect((await run(["review", plan("no-change"), "--format=text"])).stdout).toMatch(/^Macie changes/);
  });

  it(`unreadable input exits ${EXIT.unreadable}, saying why, and prints no report`, async () => {
    const missing = await run(["review", path.join(os.tmpdir(), "pulumi-macie-no-such-plan.json")]);
    expect(missing).toMatchObject({ code: EXIT.unreadable, stdout: "" });
    expect(missing.stderr).toMatch(/cannot read .*pulumi-macie-no-such-plan\.json: ENOENT/);

    const text = await run(["review"], { input: "Previewing update (dev):\n" });
    expect(text).toMatchObject({ code: EXIT.unreadable, stdout: "" });
    expect(text.stderr).toContain("the input is not JSON");

    expect(await run(["review"], { input: "" })).toMatchObject({ code: EXIT.unreadable, stderr: expect.stringContaining("the input is empty") });
    expect(await run(["review"], { input: '{"version": 3, "deployment": {}}' })).toMatchObject({
      code: EXIT.unreadable,
      stderr: expect.stringContaining("not the output of `pulumi preview --json`"),
    });
  });

  it(`a preview that failed exits ${EXIT.previewFailed}, with its errors in the report, whatever the gate`, async () => {
    const r = await run(["review", plan("failed"), "--fail-on-delete", "*"]);
    expect(r.code).toBe(EXIT.previewFailed);
    expect(r.stdout).toContain("**The preview failed**");
    expect(r.stdout).toContain("property action value {DELETE} has a problem");
    expect(r.stderr).toBe("pulumi-macie: the preview failed (1 error): there is no plan to review\n");
  });
});

describe("the CI gate", () => {
  it(`passes with no protection, and with protections the plan does not touch: exit ${EXIT.ok}`, async () => {
    expect((await run(["review", plan("change")])).code).toBe(EXIT.ok);
    const r = await run(["review", plan("change"), "--fail-on-delete", "Account", "--fail-on-replace", "FindingsFilter,Member"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("**CI gate: passed** (no replacement of FindingsFilter, Member; no deletion or replacement of Account).");
  });

  it(`--fail-on-replace trips on a replacement of a protected kind: exit ${EXIT.blocked}, one line per kind saying why`, async () => {
    const r = await run(["review", plan("change"), "--fail-on-replace", "ClassificationJob"]);
    expect(r.code).toBe(EXIT.blocked);
    expect(r.stderr).toBe("pulumi-macie: blocked: the plan replaces ClassificationJob audit, nightly (--fail-on-replace ClassificationJob)\n");
    expect(r.stdout).toContain("- the plan replaces ClassificationJob `audit`, `nightly` (`--fail-on-replace ClassificationJob`)");
  });

  it("--fail-on-delete trips on a delete, and on a replacement (which deletes the existing object)", async () => {
    const teardown = await run(["review", plan("teardown"), "--fail-on-delete", "Account"]);
    expect(teardown.code).toBe(EXIT.blocked);
    expect(teardown.stderr).toBe("pulumi-macie: blocked: the plan deletes Account macie (--fail-on-delete Account)\n");

    const change = await run(["review", plan("change"), "--fail-on-delete", "CustomDataIdentifier"]);
    expect(change.code).toBe(EXIT.blocked);
    expect(change.stderr).toBe("pulumi-macie: blocked: the plan replaces, and so deletes, CustomDataIdentifier project-code (--fail-on-delete CustomDataIdentifier)\n");
  });

  it("* protects every kind; options repeat and take lists", async () => {
    const r = await run(["review", plan("change"), "--fail-on-delete", "*", "--fail-on-replace", "Account", "--fail-on-replace", "CustomDataIdentifier,ClassificationJob"]);
    expect(r.code).toBe(EXIT.blocked);
    expect(r.stderr.trim().split("\n")).toEqual([
      "pulumi-macie: blocked: the plan replaces ClassificationJob audit, nightly (--fail-on-replace ClassificationJob)",
      "pulumi-macie: blocked: the plan replaces CustomDataIdentifier project-code (--fail-on-replace CustomDataIdentifier)",
      "pulumi-macie: blocked: the plan deletes AllowList test-ids (--fail-on-delete *)",
    ]);
  });

  it("updates and creates never trip it", async () => {
    expect((await run(["review", plan("create"), "--fail-on-delete", "*", "--fail-on-replace", "*"])).code).toBe(EXIT.ok);
    expect((await run(["review", plan("no-change"), "--fail-on-delete", "*", "--fail-on-replace", "*"])).code).toBe(EXIT.ok);
  });
});

describe("the command line", () => {
  it(`a kind that does not exist is refused (exit ${EXIT.usage}), so that a typo never passes the gate`, async () => {
    const r = await run(["review", plan("teardown"), "--fail-on-delete", "account"]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('--fail-on-delete: unknown kind "account" (did you mean Account?)');
  });

  it(`unknown options, a missing value, two plans, no command: exit ${EXIT.usage} with the usage`, async () => {
    for (const argv of [
      ["review", plan("change"), "--fail-on-destroy", "Account"],
      ["review", plan("change"), "--format"],
      ["review", plan("change"), "--format", "html"],
      ["review", plan("change"), plan("teardown")],
      ["reveiw", plan("change")],
      [],
    ]) {
      const r = await run(argv);
      expect(r.code, argv.join(" ")).toBe(EXIT.usage);
      expect(r.stderr).toContain("usage: pulumi-macie review");
    }
  });

  it(`no file and stdin a terminal: exit ${EXIT.usage}, saying how to give a plan`, async () => {
    const r = await run(["review"]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain("no plan: give a file, or pipe one in (pulumi preview --json | pulumi-macie review)");
  });

  it("--help prints the usage, with the exit codes", async () => {
    const r = await run(["review", "--help"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toContain("Exit codes: 0 reviewed; 1 the preview failed; 2 a protected change (the gate);");
  });
});
