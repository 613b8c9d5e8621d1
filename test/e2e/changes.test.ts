/**
 * What a change to the program does, as the engine previews it and as Macie sees it afterwards:
 * in-place updates (tags on an identifier, a job and a filter; a filter edit; a job's jobStatus)
 * and replacements (a job's scope or schedule). One stack, edited step by step like a user's code.
 */
import {
  DescribeClassificationJobCommand,
  GetCustomDataIdentifierCommand,
  GetFindingsFilterCommand,
  ListClassificationJobsCommand,
} from "@aws-sdk/client-macie2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, loadMacie, startE2e, TestStack, type E2e } from "./harness";
import { startOfDay } from "../helpers/macie";
import { marked } from "../helpers/provider";

const ACCOUNT = "111111111111";

/** The knobs a test turns; the program reads them on every run. */
interface Spec {
  tags: Record<string, string>;
  buckets: string[];
  schedule: { dailySchedule: Record<string, never> } | { weeklySchedule: { dayOfWeek: "MONDAY" | "FRIDAY" } };
  jobStatus: "RUNNING" | "USER_PAUSED";
  filterAction: "ARCHIVE" | "NOOP";
  filterSeverity: string[];
  filterDescription: string;
}

function program(spec: Spec) {
  return async () => {
    const macie = loadMacie();
    const account = new macie.Account("macie", {});
    const deps = { dependsOn: [account] };
    const cdi = new macie.CustomDataIdentifier(
      "ticket-id",
      { regex: "TCK-[0-9]{6}", description: "Ticket ids", tags: spec.tags },
      deps,
    );
    const filter = new macie.FindingsFilter(
      "noise",
      {
        action: spec.filterAction,
        description: spec.filterDescription,
        findingCriteria: { criterion: { "severity.description": { eq: spec.filterSeverity } } },
        tags: spec.tags,
      },
      deps,
    );
    const job = new macie.ClassificationJob(
      "nightly",
      {
        jobType: "SCHEDULED",
        scheduleFrequency: spec.schedule,
        s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: spec.buckets }] },
        customDataIdentifierIds: [cdi.id],
        jobStatus: spec.jobStatus,
        tags: spec.tags,
      },
      deps,
    );
    return { cdiId: cdi.id, filterId: filter.id, jobId: job.jobId, jobStatus: job.status };
  };
}

describe.sequential("changes to a stack, on the real engine", () => {
  let e2e: E2e;
  let stack: TestStack;
  const spec: Spec = {
    tags: { team: "security" },
    buckets: ["orders-eu"],
    schedule: { dailySchedule: {} },
    jobStatus: "RUNNING",
    filterAction: "ARCHIVE",
    filterSeverity: ["Low"],
    filterDescription: "Low-severity noise",
  };
  let first: Record<string, any>;

  /** Applies `edit` to the spec, previews, and returns the planned changes by resource. */
  async function edit(change: Partial<Spec>) {
    Object.assign(spec, change);
    stack.program = program(spec);
    const plan = await stack.preview();
    expect(plan.mutatingCalls, "a preview makes no mutating call").toBe(0);
    return plan;
  }

  beforeAll(async () => {
    e2e = await startE2e();
    // The daily job (no initialRun) is IDLE; its first run, at 00:00 UTC of the emulator's clock,
    // is then a day away whatever the hour the test runs at. (Runs never end: the harness's default.)
    await startOfDay(e2e.emulator.admin);
    stack = await TestStack.create(e2e, "changes", program(spec));
    await stack.up();
    first = await stack.outputs();
  });
  afterAll(async () => {
    await stack?.destroy().catch(() => undefined);
    await e2e?.cleanup();
  });

  it("tag changes on an identifier, a job and a filter are in-place updates that only call the tag API", async () => {
    const plan = await edit({ tags: { team: "security", costCenter: "cc-42" } });
    expect(changes(plan)).toEqual({ "ticket-id": "update", noise: "update", nightly: "update" });

    const up = await stack.up();
    expect(changes(up)).toEqual({ "ticket-id": "update", noise: "update", nightly: "update" });
    const mutating = Object.keys(up.calls).filter((op) => /^(Create|Update|Delete|Put|Tag|Untag|Enable|Disable)/.test(op));
    expect(mutating).toEqual(["TagResource"]);
    const now = await stack.outputs();
    expect([now.cdiId, now.filterId, now.jobId]).toEqual([first.cdiId, first.filterId, first.jobId]);

    const macie = stack.client();
    // What Macie holds: the program's tags and pulumi-macie's ownership mark (docs/recovery.md).
    const tags = marked({ team: "security", costCenter: "cc-42" });
    expect((await macie.send(new GetCustomDataIdentifierCommand({ id: now.cdiId }))).tags).toEqual(tags);
    expect((await macie.send(new GetFindingsFilterCommand({ id: now.filterId }))).tags).toEqual(tags);
    expect((await macie.send(new DescribeClassificationJobCommand({ jobId: now.jobId }))).tags).toEqual(tags);

    // Removing a tag is an update too, through UntagResource.
    expect(changes(await edit({ tags: { team: "security" } }))).toEqual({ "ticket-id": "update", noise: "update", nightly: "update" });
    const untag = await stack.up();
    expect(Object.keys(untag.calls).filter((op) => /^(Create|Update|Delete|Put|Tag|Untag)/.test(op))).toEqual(["UntagResource"]);
    expect((await macie.send(new DescribeClassificationJobCommand({ jobId: now.jobId }))).tags).toEqual(marked({ team: "security" }));
  });

  it("a job's jobStatus goes RUNNING → USER_PAUSED → RUNNING in place", async () => {
    const macie = stack.client();
    expect((await macie.send(new DescribeClassificationJobCommand({ jobId: first.jobId }))).jobStatus).toBe("IDLE");
    expect(changes(await edit({ jobStatus: "USER_PAUSED" }))).toEqual({ nightly: "update" });
    await stack.up();
    const paused = await macie.send(new DescribeClassificationJobCommand({ jobId: first.jobId }));
    expect(paused.jobStatus).toBe("USER_PAUSED");
    expect(paused.userPausedDetails?.jobPausedAt).toBeDefined();
    expect((await stack.outputs()).jobStatus).toBe("USER_PAUSED");

    expect(changes(await edit({ jobStatus: "RUNNING" }))).toEqual({ nightly: "update" });
    await stack.up();
    const resumed = await macie.send(new DescribeClassificationJobCommand({ jobId: first.jobId }));
    // Resuming returns the job to where it was: idle, waiting for its first scheduled run.
    expect(resumed.jobStatus).toBe("IDLE");
    expect((await stack.outputs()).jobId).toBe(first.jobId);
  });

  it("a filter edit (action, criteria, description) is an in-place update", async () => {
    const plan = await edit({ filterAction: "NOOP", filterSeverity: ["Medium", "High"], filterDescription: "A saved view" });
    expect(changes(plan)).toEqual({ noise: "update" });
    const up = await stack.up();
    expect(up.calls.UpdateFindingsFilter).toBe(1);
    expect(up.calls.CreateFindingsFilter).toBeUndefined();
    expect(up.calls.DeleteFindingsFilter).toBeUndefined();
    const filter = await stack.client().send(new GetFindingsFilterCommand({ id: first.filterId }));
    expect(filter).toMatchObject({
      id: first.filterId,
      action: "NOOP",
      description: "A saved view",
      findingCriteria: { criterion: { "severity.description": { eq: ["Medium", "High"] } } },
    });
  });

  it("a job's scope change previews as a replace (of s3JobDefinition); up creates the new job, then cancels the old one", async () => {
    const plan = await edit({ buckets: ["orders-eu", "orders-us"] });
    expect(changes(plan)).toEqual({ nightly: "replace" });
    expect(plan.resources.nightly.replaceKeys).toContain("s3JobDefinition");
    expect(plan.stdout).toMatch(/replace/);

    const before = await stack.outputs();
    const since = (await e2e.emulator.admin.requests()).at(-1)?.seq ?? 0;
    const up = await stack.up();
    expect(changes(up)).toEqual({ nightly: "replace" });
    expect(up.calls.CreateClassificationJob).toBe(1);
    // Create first, then cancel: never a moment without the job.
    const log = (await e2e.emulator.admin.requests(since)).filter((r) => r.status < 300);
    const created = log.findIndex((r) => r.operation === "CreateClassificationJob");
    const cancelled = log.findIndex((r) => r.operation === "UpdateClassificationJob" && (r.body as any)?.jobStatus === "CANCELLED");
    expect(created).toBeGreaterThanOrEqual(0);
    expect(cancelled).toBeGreaterThan(created);
    const after = await stack.outputs();
    expect(after.jobId).not.toBe(before.jobId);
    await expectReplaced(stack, before.jobId, after.jobId, ["orders-eu", "orders-us"]);
  });

  it("a job's schedule change previews as a replace (of scheduleFrequency) and replaces the job", async () => {
    const plan = await edit({ schedule: { weeklySchedule: { dayOfWeek: "FRIDAY" } } });
    expect(changes(plan)).toEqual({ nightly: "replace" });
    expect(plan.resources.nightly.replaceKeys).toContain("scheduleFrequency");

    const before = await stack.outputs();
    await stack.up();
    const after = await stack.outputs();
    expect(after.jobId).not.toBe(before.jobId);
    await expectReplaced(stack, before.jobId, after.jobId, ["orders-eu", "orders-us"]);
    const job = await stack.client().send(new DescribeClassificationJobCommand({ jobId: after.jobId }));
    expect(job.scheduleFrequency).toEqual({ weeklySchedule: { dayOfWeek: "FRIDAY" } });

    // And after all these edits, the stack matches Macie: nothing to do, no mutating call.
    const last = await stack.preview();
    expect(changes(last)).toEqual({});
    expect(last.mutatingCalls).toBe(0);
  });
});

/** The old job is CANCELLED, the new one waits for its schedule with the new definition; no other job is live. */
async function expectReplaced(stack: TestStack, oldJobId: string, newJobId: string, buckets: string[]) {
  const macie = stack.client();
  expect((await macie.send(new DescribeClassificationJobCommand({ jobId: oldJobId }))).jobStatus).toBe("CANCELLED");
  const fresh = await macie.send(new DescribeClassificationJobCommand({ jobId: newJobId }));
  expect(fresh.jobStatus).toBe("IDLE");
  expect(fresh.s3JobDefinition?.bucketDefinitions?.[0].buckets).toEqual(buckets);
  const live = (await macie.send(new ListClassificationJobsCommand({}))).items?.filter(
    (j) => j.jobStatus !== "CANCELLED" && j.jobStatus !== "COMPLETE",
  );
  expect(live?.map((j) => j.jobId)).toEqual([newJobId]);
}
