/**
 * The review report (provider/review) on real `pulumi preview --json` plans, captured from the
 * engine against macie-local by scripts/review-fixtures.js (test/review/fixtures, normalized).
 * Each plan's Markdown and text reports are compared exactly with the goldens in
 * test/review/golden (`npx vitest run test/review -u` rewrites them: read the diff first).
 * docs/review.md shows one of them, and a test keeps it the tool's own output.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { buildReview, diffValues, parsePreview, PlanInputError, programInputs, type MacieChange, type Review } from "../../provider/review/plan";
import { render } from "../../provider/review/render";
import { judge, type Gate } from "../../provider/review/gate";
import { CONSEQUENCES, consequenceOf } from "../../provider/review/consequences";

const FIXTURES = path.join(__dirname, "fixtures");
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, `${name}.json`), "utf8");
const review = (name: string) => buildReview(parsePreview(fixture(name)));

/** The gate of docs/review.md's example. */
const DOCS_GATE: Gate = { failOnReplace: ["ClassificationJob"], failOnDelete: ["Account"] };

describe("golden reports of real plans", () => {
  const names = fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, ""));

  it("covers every fixture the script captures", () => {
    expect(names.sort()).toEqual(["change", "change-show-sames", "create", "failed", "no-change", "teardown"]);
  });

  for (const name of names) {
    it(`${name}: Markdown and text`, async () => {
      const r = review(name);
      await expect(render(r, "markdown")).toMatchFileSnapshot(`golden/${name}.md`);
      await expect(render(r, "text")).toMatchFileSnapshot(`golden/${name}.txt`);
    });
  }

  it("change, with the CI gate of docs/review.md (blocked)", async () => {
    const r = review("change");
    const gate = { gate: DOCS_GATE, result: judge(r, DOCS_GATE) };
    await expect(render(r, "markdown", gate)).toMatchFileSnapshot("golden/change-gate.md");
    await expect(render(r, "text", gate)).toMatchFileSnapshot("golden/change-gate.txt");
  });

  it("docs/review.md shows the golden report of the change, as the tool prints it", () => {
    const docs = fs.readFileSync(path.join(__dirname, "../../docs/review.md"), "utf8");
    const golden = fs.readFileSync(path.join(__dirname, "golden/change-gate.md"), "utf8");
    expect(docs).toContain(golden.trimEnd());
  });
});

describe("what the report leaves out", () => {
  const plan = fixture("change");
  const reports = [render(review("change"), "markdown"), render(review("change"), "text")];

  it("no bookkeeping input, computed output or unknown sentinel, though the plan holds them", () => {
    // The plan carries them (so this test could fail) ...
    for (const s of ["__provider", "__owner", "jobArn", "statistics", '"status"', "createdAt", UNKNOWN]) expect(plan).toContain(s);
    // ... the report does not.
    for (const report of reports) {
      for (const s of ["__provider", "__resourceName", "__owner", "jobArn", "statistics", "status", "createdAt", "lastRunErrorStatus", UNKNOWN]) {
        expect(report).not.toContain(s);
      }
      expect(report).toContain("(known after apply)");
    }
  });

  it("the same report when the old states were written by a pulumi-macie that kept a __resourceName input", () => {
    // Earlier builds stored the resource name as an input (`__resourceName`, now the end of `__owner`);
    // a state keeps it until its next up, so the first review after an upgrade sees it in the old states only.
    const older = JSON.parse(plan);
    let added = 0;
    for (const step of older.steps ?? []) {
      const old = step.oldState;
      if (!old?.type?.startsWith("pulumi-nodejs:dynamic/macie:")) continue;
      const name = String(old.urn).split("::").pop();
      for (const bag of [old.inputs, old.outputs]) if (bag) bag.__resourceName = name;
      added++;
    }
    expect(added).toBeGreaterThan(0);
    const upgraded = buildReview(parsePreview(JSON.stringify(older)));
    for (const format of ["markdown", "text"] as const) expect(render(upgraded, format)).toBe(render(review("change"), format));
  });

  it("a replacement's new auto-name is named once, not shown as a property the program changed", () => {
    const nightly = review("change").macie.find((c) => c.name === "nightly")!;
    expect(nightly.properties.map((p) => p.path)).toEqual(["s3JobDefinition.bucketDefinitions[0].buckets"]);
    expect(nightly.newAutoName).toMatch(/^nightly-[0-9a-f]{7}$/);
    expect(nightly.macieName).toMatch(/^nightly-[0-9a-f]{7}$/);
    expect(nightly.newAutoName).not.toBe(nightly.macieName);
  });

  it("the ownership tag never shows, and neither does any other bookkeeping key", () => {
    expect(programInputs({ __provider: "code", __stableSources: {}, regex: "x", tags: { team: "a", "pulumi-macie:owner": "mark" } })).toEqual({
      regex: "x",
      tags: { team: "a" },
    });
  });
});

describe("the model of the realistic change", () => {
  const r = review("change");
  const by = (name: string) => r.macie.find((c) => c.name === name)!;

  it("every Macie change once, destructive first; the stack and the unchanged left out", () => {
    expect(r.macie.map((c) => `${c.op} ${c.kind} ${c.name}`)).toEqual([
      "delete AllowList test-ids",
      "replace ClassificationJob audit",
      "replace ClassificationJob nightly",
      "replace CustomDataIdentifier project-code",
      "update CustomDataIdentifier employee-id",
      "update FindingsFilter archive-low",
    ]);
    expect(r.others).toEqual([]);
    expect(r.unchanged.count).toBe(4); // the Account, the member, the publication setting, the component
    expect(r.project).toBe("macie-review");
    expect(r.stack).toBe("dev");
  });

  it("--show-sames names the unchanged resources", () => {
    expect(review("change-show-sames").unchanged.named.map((n) => `${n.kind} ${n.name}`)).toEqual([
      "Account macie",
      "acme:security:MacieBaseline baseline",
      "FindingsPublicationConfiguration publication",
      "Member auditor",
    ]);
  });

  it("the identifier replaced takes the job that uses it (by id, in the old inputs) with it", () => {
    expect(by("project-code").usedBy).toEqual([{ kind: "ClassificationJob", name: "audit", op: "replace" }]);
    expect(by("audit").follows).toEqual([{ kind: "CustomDataIdentifier", name: "project-code", op: "replace" }]);
    expect(by("employee-id").usedBy).toEqual([{ kind: "ClassificationJob", name: "nightly", op: "replace" }]);
    expect(by("nightly").follows).toEqual([]); // employee-id is updated in place: its id stays
    expect(consequenceOf(by("project-code"))).toContain("replaced with it, so its scan starts over: `audit`");
  });

  it("paths in the engine's grammar, down to the value that changed", () => {
    expect(by("archive-low").properties).toEqual([{ path: 'findingCriteria.criterion["severity.description"].eq', change: "items", added: ["Medium"], removed: [] }]);
    expect(by("employee-id").properties).toEqual([{ path: "tags.dataClass", change: "added", value: "hr" }]);
    expect(by("audit").properties).toEqual([{ path: "customDataIdentifierIds[0]", change: "changed", old: by("project-code").id, value: UNKNOWN }]);
    expect(by("test-ids").properties).toEqual([]); // a delete lists no properties
  });
});

describe("other plans", () => {
  it("a preview that failed: its errors, no plan", () => {
    const r = review("failed");
    expect(r.failed).toBe(true);
    expect(r.errors).toEqual([
      "pulumi-nodejs:dynamic/macie:FindingsFilter resource 'archive-low': property action value {DELETE} has a problem: must be one of ARCHIVE, NOOP",
    ]);
  });

  it("a teardown: the Account's deletion says what Macie deletes; the component counts as another resource", () => {
    const r = review("teardown");
    expect(r.macie.every((c) => c.op === "delete")).toBe(true);
    expect(r.others).toEqual([{ kind: "acme:security:MacieBaseline", name: "baseline", op: "delete" }]);
    expect(consequenceOf(r.macie.find((c) => c.kind === "Account")!)).toBe(
      "Disables Macie in account 111111111111, us-east-1: Macie deletes the account's jobs, custom data identifiers, findings filters, findings and settings in that Region. This cannot be undone.",
    );
    expect(consequenceOf(r.macie.find((c) => c.kind === "Member")!)).toContain("Member account 333333333333 is disassociated");
  });

  it("no change: one line", () => {
    expect(render(review("no-change"), "text")).toBe("Macie changes in macie-review/dev\nNo Macie resource changes. Unchanged: 10 resources.\n");
  });
});

describe("the property diff", () => {
  it("nested objects by key, keys with dots quoted", () => {
    expect(diffValues({ a: { "b.c": { d: 1 } } }, { a: { "b.c": { d: 2 } } })).toEqual([{ path: 'a["b.c"].d', change: "changed", old: 1, value: 2 }]);
  });

  it("lists of plain values: items added and removed; a new order alone is a changed value", () => {
    expect(diffValues({ l: ["a", "b"] }, { l: ["b", "c", "d"] })).toEqual([{ path: "l", change: "items", added: ["c", "d"], removed: ["a"] }]);
    expect(diffValues({ l: ["a", "b"] }, { l: ["b", "a"] })).toEqual([{ path: "l", change: "changed", old: ["a", "b"], value: ["b", "a"] }]);
  });

  it("lists of objects by index, including items added at the end", () => {
    expect(diffValues({ l: [{ x: 1 }] }, { l: [{ x: 1 }, { x: 2 }] })).toEqual([{ path: "l[1]", change: "added", value: { x: 2 } }]);
  });

  it("absent, null and [] are the same; {} is a value (a daily schedule)", () => {
    expect(diffValues({ a: null, b: [] }, { c: undefined })).toEqual([]);
    expect(diffValues({ s: { dailySchedule: {} } }, { s: { weeklySchedule: { dayOfWeek: "MONDAY" } } })).toEqual([
      { path: "s.dailySchedule", change: "removed", value: {} },
      { path: "s.weeklySchedule", change: "added", value: { dayOfWeek: "MONDAY" } },
    ]);
  });

  it("an unknown value is a change to (known after apply), at any depth", () => {
    expect(diffValues({ a: "x" }, { a: UNKNOWN })).toEqual([{ path: "a", change: "changed", old: "x", value: UNKNOWN }]);
    expect(diffValues({ a: ["x"] }, { a: [UNKNOWN] })).toEqual([{ path: "a[0]", change: "changed", old: "x", value: UNKNOWN }]);
  });
});

describe("the consequence table", () => {
  const change = (kind: string, op: string, newInputs: Record<string, unknown>, oldInputs?: Record<string, unknown>): MacieChange => ({
    kind,
    name: "r",
    op,
    urn: "urn",
    replaceReasons: [],
    properties: oldInputs ? diffValues(oldInputs, newInputs) : [],
    oldInputs,
    newInputs,
    usedBy: [],
    follows: [],
  });

  it("has an entry for every resource class the package exports", () => {
    const nodeRequire = createRequire(import.meta.url);
    const { MacieResource } = nodeRequire("../../dist/provider/core/provider.js");
    const exported = nodeRequire("../../dist/provider/index.js");
    const classes = Object.entries(exported)
      .filter(([, v]) => typeof v === "function" && (v as any).prototype instanceof MacieResource)
      .map(([k]) => k);
    expect(classes.length).toBeGreaterThanOrEqual(13);
    expect(classes.filter((k) => !(k in CONSEQUENCES))).toEqual([]);
  });

  it("a kind it does not know gets plain words for what cannot be undone", () => {
    expect(consequenceOf(change("SomethingNew", "delete", {}))).toBe("The object is deleted from Macie.");
    expect(consequenceOf(change("SomethingNew", "replace", {}))).toBe("The object is deleted and created again in Macie.");
    expect(consequenceOf(change("SomethingNew", "update", {}))).toBeUndefined();
  });

  it("a replaced job: what the new job scans depends on its type and initialRun", () => {
    const replaced = (inputs: Record<string, unknown>) => consequenceOf({ ...change("ClassificationJob", "replace", inputs, inputs) })!;
    expect(replaced({ jobType: "ONE_TIME" })).toContain("The new job starts at once and analyzes every eligible object in its buckets again, billed as a new scan.");
    expect(replaced({ jobType: "SCHEDULED", initialRun: true, scheduleFrequency: { weeklySchedule: { dayOfWeek: "MONDAY" } } })).toContain(
      "analyzes every eligible object in its buckets again at once (`initialRun`), billed as a new scan, then runs every Monday.",
    );
    expect(replaced({ jobType: "SCHEDULED", scheduleFrequency: { monthlySchedule: { dayOfMonth: 3 } } })).toContain(
      "runs every month on day 3; its first run analyzes only objects created or changed after the job is created (no `initialRun`), so objects changed since the old job's last run are left out.",
    );
  });

  it("updates say what the changed setting does", () => {
    expect(consequenceOf(change("Account", "update", { status: "PAUSED" }, { status: "ENABLED" }))).toBe(
      "Suspends Macie: Macie cancels the running jobs, and keeps the settings and findings.",
    );
    expect(consequenceOf(change("ClassificationJob", "update", { jobStatus: "USER_PAUSED" }, { jobStatus: "RUNNING" }))).toContain("paused");
    expect(consequenceOf(change("Member", "update", { invite: false }, { invite: true }))).toContain("disassociated");
    expect(consequenceOf(change("FindingsFilter", "update", { action: "NOOP" }, { action: "ARCHIVE" }))).toBe(
      "No longer a suppression rule: the findings it matches are no longer archived.",
    );
  });
});

describe("reading the input", () => {
  it("says what is wrong with input that is no plan", () => {
    expect(() => parsePreview("")).toThrow(PlanInputError);
    expect(() => parsePreview("Previewing update (dev):")).toThrow(/not JSON .*starts with "Previewing update \(dev\):"/);
    expect(() => parsePreview('{"deployment": {}}')).toThrow(/not the output of `pulumi preview --json`/);
    expect(() => parsePreview("[1, 2]")).toThrow(PlanInputError);
  });

  it("a replacement split into several steps is one replace", () => {
    const plan: Review = buildReview({
      steps: [
        { op: "create-replacement", urn: "urn:pulumi:s::p::pulumi-nodejs:dynamic/macie:ClassificationJob::j", newState: { type: "pulumi-nodejs:dynamic/macie:ClassificationJob", inputs: { jobType: "ONE_TIME" } } },
        { op: "replace", urn: "urn:pulumi:s::p::pulumi-nodejs:dynamic/macie:ClassificationJob::j", replaceReasons: ["jobType"] },
        { op: "delete-replaced", urn: "urn:pulumi:s::p::pulumi-nodejs:dynamic/macie:ClassificationJob::j", oldState: { id: "j1", type: "pulumi-nodejs:dynamic/macie:ClassificationJob", inputs: { jobType: "SCHEDULED" } } },
      ],
    });
    expect(plan.macie).toHaveLength(1);
    expect(plan.macie[0]).toMatchObject({ op: "replace", id: "j1", replaceReasons: ["jobType"], properties: [{ path: "jobType", change: "changed", old: "SCHEDULED", value: "ONE_TIME" }] });
  });
});
