/**
 * Plans that tell the truth (issue 9): for a series of edits of a program wired as the README and
 * the demo wire theirs, the preview's plan is what `up` then does, resource by resource, and the
 * ids change exactly where the plan says replace or create.
 *
 * The wirings: a job's bucket definitions hold `account.accountId`; its identifiers and allow
 * lists are `cdi.id` and `allowList.id`; its tags hold an identifier's ARN and the account's
 * Region (stable outputs that are not ids). Before stable outputs were carried into previews, an
 * in-place update of the Account planned a replacement of the job, and an identifier's tag edit
 * planned an update of it; `up` did neither.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, loadMacie, startE2e, TestStack, type E2e } from "./harness";
import { startOfDay } from "../helpers/macie";

interface Spec {
  frequency: "FIFTEEN_MINUTES" | "ONE_HOUR" | "SIX_HOURS";
  cdiRegex: string;
  cdiTags: Record<string, string>;
  allowRegex: string;
  allowDescription: string;
  filterSeverity: string[];
  buckets: string[];
  jobTags: Record<string, string>;
  jobStatus: "RUNNING" | "USER_PAUSED";
  /** A second job, declared in the same change as other edits. */
  audit: boolean;
}

function program(spec: Spec) {
  return async () => {
    const macie = loadMacie();
    const account = new macie.Account("macie", { findingPublishingFrequency: spec.frequency });
    const deps = { dependsOn: [account] };
    const cdi = new macie.CustomDataIdentifier("employee-id", { regex: spec.cdiRegex, tags: spec.cdiTags }, deps);
    const allowList = new macie.AllowList(
      "test-employees",
      { criteria: { regex: spec.allowRegex }, description: spec.allowDescription },
      deps,
    );
    new macie.FindingsFilter(
      "high-severity",
      { action: "NOOP", findingCriteria: { criterion: { "severity.description": { eq: spec.filterSeverity } } } },
      deps,
    );
    const scope = (buckets: string[]) => ({ bucketDefinitions: [{ accountId: account.accountId, buckets }] });
    new macie.ClassificationJob(
      "weekly",
      {
        jobType: "SCHEDULED",
        scheduleFrequency: { weeklySchedule: { dayOfWeek: "MONDAY" } },
        s3JobDefinition: scope(spec.buckets),
        customDataIdentifierIds: [cdi.id],
        allowListIds: [allowList.id],
        jobStatus: spec.jobStatus,
        tags: { ...spec.jobTags, identifier: cdi.arn, region: account.region },
      },
      deps,
    );
    if (spec.audit) {
      new macie.ClassificationJob(
        "audit",
        { jobType: "ONE_TIME", s3JobDefinition: scope(["audit-trail"]), customDataIdentifierIds: [cdi.id] },
        deps,
      );
    }
    return {};
  };
}

/** Pulumi ids of the custom resources in the state, by logical name. */
async function ids(stack: TestStack): Promise<Record<string, string>> {
  const deployment = await stack.exportState();
  const out: Record<string, string> = {};
  for (const r of deployment.deployment.resources ?? []) {
    if (r.custom && r.id && !r.type.startsWith("pulumi:providers:")) out[r.urn.split("::").pop()!] = r.id;
  }
  return out;
}

describe.sequential("preview plans what up does, over a series of edits", () => {
  let e2e: E2e;
  let stack: TestStack;
  const spec: Spec = {
    frequency: "FIFTEEN_MINUTES",
    cdiRegex: "EMP-[0-9]{6}",
    cdiTags: { team: "security" },
    allowRegex: "EMP-000[0-9]{3}",
    allowDescription: "Test employees",
    filterSeverity: ["High"],
    buckets: ["customer-data"],
    jobTags: { team: "security" },
    jobStatus: "RUNNING",
    audit: false,
  };
  /** Each edit's planned and performed changes, for the report printed at the end. */
  const table: string[] = [];

  beforeAll(async () => {
    e2e = await startE2e();
    await startOfDay(e2e.emulator.admin); // the weekly job waits for its schedule; runs never end
    stack = await TestStack.create(e2e, "plans", program(spec));
    await stack.up();
  });
  afterAll(async () => {
    if (table.length) console.log(`preview vs up:\n${table.join("\n")}`);
    await stack?.destroy().catch(() => undefined);
    await e2e?.cleanup();
  });

  /**
   * Applies the edit, previews, ups, and checks that the up did what the preview planned: the
   * same op for every resource, ids kept by updates, new ids for replacements and creates.
   */
  async function editAndCompare(what: string, edit: Partial<Spec>, expected: Record<string, string>) {
    Object.assign(spec, edit);
    stack.program = program(spec);
    const before = await ids(stack);
    const plan = await stack.preview();
    expect(plan.mutatingCalls, "a preview makes no mutating call").toBe(0);
    const up = await stack.up();
    const after = await ids(stack);
    const planned = changes(plan);
    const done = changes(up);
    table.push(`- ${what}: preview ${JSON.stringify(planned)}, up ${JSON.stringify(done)}`);
    expect(planned, `${what}: the preview's plan`).toEqual(expected);
    expect(done, `${what}: what up did`).toEqual(planned);
    for (const [name, id] of Object.entries(after)) {
      const op = done[name] ?? "same";
      if (op === "create") expect(before[name], `${name} is new`).toBeUndefined();
      else if (op === "replace") expect(id, `${name} has a new id`).not.toBe(before[name]);
      else expect(id, `${name} keeps its id (${op})`).toBe(before[name]);
    }
    // And the stack has converged: the next preview plans nothing.
    expect(changes(await stack.preview())).toEqual({});
  }

  it("the Account updated in place: the job holding its account id and Region is left alone", async () => {
    await editAndCompare("Account findingPublishingFrequency", { frequency: "ONE_HOUR" }, { macie: "update" });
  });

  it("an identifier's tags edited: the job holding its id and ARN is left alone", async () => {
    await editAndCompare("CustomDataIdentifier tags", { cdiTags: { team: "security", owner: "dpo" } }, { "employee-id": "update" });
  });

  it("an allow list's criteria edited in place: the job holding its id is left alone", async () => {
    await editAndCompare("AllowList regex", { allowRegex: "EMP-999[0-9]{3}" }, { "test-employees": "update" });
  });

  it("a filter's criteria and a job's own tags: updates of those resources only", async () => {
    await editAndCompare("FindingsFilter criteria", { filterSeverity: ["High", "Medium"] }, { "high-severity": "update" });
    await editAndCompare("ClassificationJob tags", { jobTags: { team: "security", costCenter: "cc-7" } }, { weekly: "update" });
    await editAndCompare("ClassificationJob jobStatus", { jobStatus: "USER_PAUSED" }, { weekly: "update" });
  });

  it("several producers updated at once, and a new job declared in the same change", async () => {
    await editAndCompare(
      "Account + CustomDataIdentifier + AllowList updated, a job added",
      { frequency: "SIX_HOURS", cdiTags: { team: "security" }, allowDescription: "Employees of the test tenant", audit: true },
      { macie: "update", "employee-id": "update", "test-employees": "update", audit: "create" },
    );
  });

  it("an identifier replaced: the jobs that use it are replaced, as planned", async () => {
    await editAndCompare(
      "CustomDataIdentifier regex",
      { cdiRegex: "EMP-[0-9]{7}" },
      { "employee-id": "replace", weekly: "replace", audit: "replace" },
    );
  });

  it("a job's scope changed: that job alone is replaced", async () => {
    await editAndCompare("ClassificationJob buckets", { buckets: ["customer-data", "hr-data"] }, { weekly: "replace" });
  });

  it("the Account updated once more, after the replacements: still nothing else", async () => {
    await editAndCompare("Account findingPublishingFrequency again", { frequency: "FIFTEEN_MINUTES" }, { macie: "update" });
  });
});
