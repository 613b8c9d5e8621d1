/**
 * Macie calls per lifecycle step, counted by macie-local, for the resources a stack holds many of:
 * the figures docs/resources.md gives. Create includes the list call of the ownership claim
 * (docs/recovery.md); a read is one call; a preview (check, then diff) makes none.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ACCOUNT, startProviderHarness, type Deployed, type ProviderHarness } from "../helpers/provider";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
  await h.enableMacie();
});
afterAll(() => h?.stop());

/** Macie calls by operation while `fn` runs (STS, asked once per process, left out). */
async function callsOf(fn: () => Promise<unknown>): Promise<Record<string, number>> {
  const { operations } = await h.countCalls(fn);
  const { GetCallerIdentity: _sts, ...macie } = operations;
  return macie;
}

interface Row {
  args: Record<string, any>;
  /** An in-place change of the program. */
  change: Record<string, any>;
  create: Record<string, number>;
  read: Record<string, number>;
  update: Record<string, number>;
  delete: Record<string, number>;
}

const ROWS: Record<string, Row> = {
  CustomDataIdentifier: {
    args: { regex: "EMP-\\d{6}", tags: { team: "a" } },
    change: { tags: { owner: "b" } },
    // One call beyond the claim: the state is the inputs and the ARN, which follows from the id.
    create: { ListCustomDataIdentifiers: 1, CreateCustomDataIdentifier: 1 },
    read: { GetCustomDataIdentifier: 1 },
    update: { TagResource: 1, UntagResource: 1 },
    delete: { DeleteCustomDataIdentifier: 1 },
  },
  FindingsFilter: {
    args: { action: "ARCHIVE", findingCriteria: { criterion: { "severity.description": { eq: ["Low"] } } } },
    change: { action: "NOOP" },
    create: { ListFindingsFilters: 1, CreateFindingsFilter: 1 },
    read: { GetFindingsFilter: 1 },
    update: { UpdateFindingsFilter: 1 },
    delete: { DeleteFindingsFilter: 1 },
  },
  AllowList: {
    args: { criteria: { regex: "4111-1111-1111-\\d{4}" } },
    change: { description: "test cards" },
    // The read back brings the status: whether Macie can use the criteria.
    create: { ListAllowLists: 1, CreateAllowList: 1, GetAllowList: 1 },
    read: { GetAllowList: 1 },
    update: { UpdateAllowList: 1, GetAllowList: 1 },
    delete: { DeleteAllowList: 1 },
  },
  ClassificationJob: {
    args: { jobType: "ONE_TIME", s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ["data-bucket"] }] }, tags: { team: "a" } },
    change: { tags: { team: "b" } },
    // The describe brings Macie's real status (RUNNING, COMPLETE, ...), which only Macie knows.
    create: { ListClassificationJobs: 1, CreateClassificationJob: 1, DescribeClassificationJob: 1 },
    read: { DescribeClassificationJob: 1 },
    update: { TagResource: 1 },
    delete: { DescribeClassificationJob: 1, UpdateClassificationJob: 1 },
  },
};

describe.each(Object.entries(ROWS))("%s", (type, row) => {
  let deployed: Deployed;

  test("create", async () => {
    const calls = await callsOf(async () => (deployed = await h.up(type, "calls", row.args)));
    expect(calls).toEqual(row.create);
  });

  test("preview of the same program, and of a changed one: no call", async () => {
    const calls = await callsOf(async () => {
      for (const args of [row.args, { ...row.args, ...row.change }]) {
        const { inputs } = await h.check(type, { ...args, __name: "calls" }, deployed.inputs);
        await h.diff(type, deployed.id, deployed.outs, inputs);
      }
    });
    expect(calls).toEqual({});
  });

  test("read (refresh)", async () => {
    const calls = await callsOf(() => h.refresh(deployed));
    expect(calls).toEqual(row.read);
  });

  test("update in place", async () => {
    const calls = await callsOf(async () => {
      const { action, deployed: updated } = await h.upAgain(deployed, { ...row.args, ...row.change });
      expect(action).toBe("update");
      deployed = updated;
    });
    expect(calls).toEqual(row.update);
  });

  test("delete", async () => {
    const calls = await callsOf(() => h.destroy(deployed));
    expect(calls).toEqual(row.delete);
  });
});

describe("many creates of a type in one plugin process (one up)", () => {
  test("the ownership claim lists the objects once, not once per create: 20 identifiers, 21 calls", async () => {
    await h.newPluginProcess(); // a new `up`: nothing listed yet
    const calls = await callsOf(() =>
      Promise.all(Array.from({ length: 20 }, (_, i) => h.up("CustomDataIdentifier", `many-${i}`, { regex: `M${i}-\\d{4}` }))),
    );
    expect(calls).toEqual({ ListCustomDataIdentifiers: 1, CreateCustomDataIdentifier: 20 });
  });
});
