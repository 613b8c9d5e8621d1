/**
 * `Resource.get` on the real engine: one stack manages Macie objects, another reads them by id
 * (as a platform team's stacks share identifiers, allow lists and filters). The reading stack sees
 * Macie's values in preview and up, never changes the objects, and its destroy leaves them alone.
 * An id that does not exist, or a bad Region, fails the run with a message that says so.
 */
import { GetCustomDataIdentifierCommand, ListClassificationJobsCommand } from "@aws-sdk/client-macie2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, loadMacie, startE2e, TestStack, type E2e } from "./harness";
import { startOfDay } from "../helpers/macie";

const ACCOUNT = "111111111111";
const MEMBER = "222222222222";

describe.sequential("get: reading objects another stack manages", () => {
  let e2e: E2e;
  let owner: TestStack;
  let reader: TestStack;
  let ids: Record<string, string>;

  beforeAll(async () => {
    e2e = await startE2e();
    await startOfDay(e2e.emulator.admin);
    owner = await TestStack.create(e2e, "owner", async () => {
      const macie = loadMacie();
      const account = new macie.Account("macie", {});
      const deps = { dependsOn: [account] };
      const cdi = new macie.CustomDataIdentifier("employee-id", { regex: "EMP-[0-9]{6}", description: "Employee ids", tags: { team: "security" } }, deps);
      const allowList = new macie.AllowList("test-employees", { criteria: { regex: "EMP-000[0-9]{3}" }, description: "Test employees" }, deps);
      const filter = new macie.FindingsFilter(
        "high",
        { action: "NOOP", findingCriteria: { criterion: { "severity.description": { eq: ["High"] } } } },
        deps,
      );
      const job = new macie.ClassificationJob(
        "weekly",
        {
          jobType: "SCHEDULED",
          scheduleFrequency: { weeklySchedule: { dayOfWeek: "MONDAY" } },
          s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ["customer-data"] }] },
          customDataIdentifierIds: [cdi.id],
        },
        deps,
      );
      const member = new macie.Member("member", { accountId: MEMBER, email: "member@example.com", invite: false }, deps);
      return { cdi: cdi.id, allowList: allowList.id, filter: filter.id, job: job.id, member: member.id };
    });
    await owner.up();
    ids = await owner.outputs();
  });
  afterAll(async () => {
    await reader?.destroy().catch(() => undefined);
    await owner?.destroy().catch(() => undefined);
    await e2e?.cleanup();
  });

  const readerProgram = (cdiId: string) => async () => {
    const macie = loadMacie();
    const cdi = macie.CustomDataIdentifier.get("shared-employee-id", cdiId);
    const allowList = macie.AllowList.get("shared-test-employees", ids.allowList);
    const filter = macie.FindingsFilter.get("shared-high", ids.filter, { region: "us-east-1" });
    const job = macie.ClassificationJob.get("shared-weekly", ids.job);
    const member = macie.Member.get("shared-member", ids.member);
    return {
      cdi: { id: cdi.id, regex: cdi.regex, arn: cdi.arn, tags: cdi.tags },
      allowList: { description: allowList.description, regex: allowList.criteria.apply((c: any) => c?.regex) },
      filter: { action: filter.action, name: filter.name },
      job: { jobId: job.jobId, status: job.status, identifiers: job.customDataIdentifierIds },
      member: { accountId: member.accountId, relationshipStatus: member.relationshipStatus },
    };
  };

  it("preview and up read Macie's values and change nothing; the next preview only reads again", async () => {
    reader = await TestStack.create(e2e, "reader", readerProgram(ids.cdi));
    const preview = await reader.preview();
    expect(preview.mutatingCalls).toBe(0);
    expect(preview.stdout).not.toMatch(/output<string>/);
    // A get is a read in the plan; nothing is created.
    expect(Object.values(preview.resources).every((r) => r.ops.every((op) => op === "read"))).toBe(true);

    const up = await reader.up();
    expect(up.mutatingCalls).toBe(0);
    const out = await reader.outputs();
    expect(out.cdi).toMatchObject({ id: ids.cdi, regex: "EMP-[0-9]{6}", tags: { team: "security" } });
    expect(out.cdi.arn).toMatch(new RegExp(`:custom-data-identifier/${ids.cdi}$`));
    expect(out.allowList).toEqual({ description: "Test employees", regex: "EMP-000[0-9]{3}" });
    expect(out.filter.action).toBe("NOOP");
    expect(out.filter.name).toMatch(/^high-[0-9a-f]{7}$/);
    expect(out.job).toMatchObject({ jobId: ids.job, status: "IDLE", identifiers: [ids.cdi] });
    expect(out.member).toEqual({ accountId: MEMBER, relationshipStatus: "Created" });

    // The next preview reads again (a get reads at every run) and plans nothing else.
    const again = await reader.preview();
    expect(Object.values(changes(again)).every((op) => op === "read")).toBe(true);
    expect(again.mutatingCalls).toBe(0);
  });

  it("destroying the reading stack leaves the objects in Macie", async () => {
    const destroyed = await reader.destroy();
    expect(destroyed.mutatingCalls).toBe(0);
    const macie = owner.client();
    expect((await macie.send(new GetCustomDataIdentifierCommand({ id: ids.cdi }))).deleted).toBe(false);
    const jobs = (await macie.send(new ListClassificationJobsCommand({}))).items ?? [];
    expect(jobs.find((j) => j.jobId === ids.job)?.jobStatus).toBe("IDLE");
    // And the owning stack still converges.
    expect(changes(await owner.preview())).toEqual({});
  });

  it("an id that does not exist, or a Region that is no Region, fails the run and says why", async () => {
    reader.program = readerProgram("0123456789abcdef0123456789abcdef");
    await expect(reader.up()).rejects.toThrow(/CustomDataIdentifier 0123456789abcdef0123456789abcdef does not exist in account 111111111111, Region us-east-1/);

    reader.program = async () => {
      const macie = loadMacie();
      macie.FindingsFilter.get("bad-region", ids.filter, { region: "mars-north-1x" });
      return {};
    };
    await expect(reader.up()).rejects.toThrow(/FindingsFilter .*: region: must be an AWS Region name/);
  });
});
