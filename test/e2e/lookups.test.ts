/**
 * The lookups on the real engine: `test/e2e/programs/lookups` (run by the language host, as
 * `pulumi up` runs a user's program) calls getCallerIdentity in both forms and
 * getManagedDataIdentifiersOutput with `dependsOn` its Account, and gives a job the credit card
 * identifiers it found. The program appends every value it sees to a log, with the phase, so the
 * test knows which values were known during a preview.
 *
 * The stack's `aws:region` (eu-west-1) differs from the environment's AWS_REGION (us-east-1): the
 * lookups follow the stack, as the resources do.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { paginateListManagedDataIdentifiers, ListClassificationJobsCommand, DescribeClassificationJobCommand } from "@aws-sdk/client-macie2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, REPO, startE2e, TestStack, type E2e } from "./harness";

const PROGRAM = path.join(REPO, "test/e2e/programs/lookups");
const ACCOUNT = "111111111111";
const REGION = "eu-west-1";

interface Seen {
  phase: "preview" | "up";
  what: string;
  value: any;
}

describe.sequential("lookups in a program on the real engine", () => {
  let e2e: E2e;
  let stack: TestStack;
  let log: string;

  /** What the program saw since the last call (the log is emptied). */
  const seen = (): Seen[] => {
    const lines = fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean) : [];
    fs.rmSync(log, { force: true });
    return lines.map((l) => JSON.parse(l));
  };
  const valuesOf = (entries: Seen[], what: string) => entries.filter((e) => e.what === what).map((e) => e.value);
  const caller = { accountId: ACCOUNT, region: REGION, arn: `arn:aws:iam::${ACCOUNT}:user/macie-local` };

  /** Macie's managed data identifiers in the stack's account and Region, through the SDK. */
  async function managedBySdk() {
    const items: { id?: string; category?: string }[] = [];
    for await (const page of paginateListManagedDataIdentifiers({ client: e2e.emulator.client(ACCOUNT, REGION) }, {})) items.push(...(page.items ?? []));
    return items;
  }

  beforeAll(async () => {
    // Three pages, so that the program's lookup walks them.
    e2e = await startE2e({ config: { pageSizes: { ListManagedDataIdentifiers: 12 } } });
    const workDir = path.join(e2e.dir, "work", "lookups");
    fs.mkdirSync(workDir, { recursive: true });
    for (const f of fs.readdirSync(PROGRAM)) fs.copyFileSync(path.join(PROGRAM, f), path.join(workDir, f));
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(workDir, "node_modules"), "dir");
    log = path.join(e2e.dir, "seen.jsonl");
    stack = await TestStack.local(e2e, "lookups", workDir, { region: "us-east-1", config: { "aws:region": REGION, "macie-lookups:log": log } });
  });
  afterAll(async () => e2e?.cleanup());

  it("first preview: the caller identity is known; the managed identifiers wait for the Account to be created", async () => {
    const preview = await stack.preview();
    expect(changes(preview)).toEqual({ macie: "create", cards: "create" });
    expect(preview.mutatingCalls).toBe(0);
    const entries = seen();
    expect(entries.every((e) => e.phase === "preview")).toBe(true);
    expect(valuesOf(entries, "getCallerIdentity")).toEqual([caller]);
    expect(valuesOf(entries, "getCallerIdentityOutput")).toEqual([caller]);
    expect(valuesOf(entries, "getManagedDataIdentifiersOutput")).toEqual([]);
    expect(preview.calls.ListManagedDataIdentifiers).toBeUndefined();
  });

  it("up: the lookup runs once Macie is enabled, reads every page, and the job gets the identifiers chosen from it", async () => {
    const up = await stack.up();
    expect(changes(up)).toEqual({ macie: "create", cards: "create" });
    const expected = await managedBySdk();
    expect(up.calls.ListManagedDataIdentifiers).toBe(Math.ceil(expected.length / 12));
    const [managed] = valuesOf(seen(), "getManagedDataIdentifiersOutput");
    expect(managed).toEqual({ accountId: ACCOUNT, region: REGION, items: expected, ids: expected.map((m) => m.id) });

    const cards = expected.map((m) => m.id!).filter((id) => id.startsWith("CREDIT_CARD_"));
    expect(cards.length).toBeGreaterThan(1);
    expect(await stack.outputs()).toEqual({
      callerAccountId: ACCOUNT,
      callerRegion: REGION,
      callerArn: caller.arn,
      managedCount: expected.length,
      cards,
    });
    const client = e2e.emulator.client(ACCOUNT, REGION);
    const [job] = (await client.send(new ListClassificationJobsCommand({}))).items!;
    const described = await client.send(new DescribeClassificationJobCommand({ jobId: job.jobId }));
    expect(described).toMatchObject({ managedDataIdentifierSelector: "INCLUDE", managedDataIdentifierIds: cards });
  });

  it("second preview: every lookup is known, with the values up saw, and nothing changes", async () => {
    const preview = await stack.preview();
    expect(changes(preview)).toEqual({});
    expect(preview.mutatingCalls).toBe(0);
    const entries = seen();
    expect(entries.every((e) => e.phase === "preview")).toBe(true);
    expect(valuesOf(entries, "getCallerIdentity")).toEqual([caller]);
    expect(valuesOf(entries, "getCallerIdentityOutput")).toEqual([caller]);
    const expected = await managedBySdk();
    expect(valuesOf(entries, "getManagedDataIdentifiersOutput")).toEqual([{ accountId: ACCOUNT, region: REGION, items: expected, ids: expected.map((m) => m.id) }]);
  });

  it("destroy", async () => {
    const destroyed = await stack.destroy();
    expect(changes(destroyed)).toEqual({ macie: "delete", cards: "delete" });
    seen();
  });
});
