/**
 * Paced creates on the real engine: the engine creates a stack's jobs at once, in one
 * dynamic-provider plugin, and under Macie's CreateClassificationJob quota (0.1 requests per
 * second, burst 1) they go out one per quota interval: one request per job, none refused. The
 * test asserts requests, not times; it lasts about (3 - 1) x 10 s, the quota's floor.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, loadMacie, startE2e, TestStack, type E2e } from "./harness";

const JOBS = 3;

describe.sequential("jobs created in one up share the plugin's pace", () => {
  let e2e: E2e;
  let stack: TestStack;

  beforeAll(async () => {
    e2e = await startE2e({ config: { faults: { realRateLimits: true } } });
    stack = await TestStack.create(e2e, "pacing", async () => {
      const macie = loadMacie();
      const account = new macie.Account("macie", {});
      for (let i = 0; i < JOBS; i++) {
        new macie.ClassificationJob(
          `scan-${i}`,
          { jobType: "ONE_TIME", s3JobDefinition: { bucketDefinitions: [{ accountId: account.accountId, buckets: [`data-bucket-${i}`] }] } },
          { dependsOn: [account] },
        );
      }
      return {};
    });
  });
  afterAll(async () => {
    await stack?.destroy().catch(() => undefined);
    await e2e?.cleanup();
  });

  it(`${JOBS} ONE_TIME jobs in one up: one CreateClassificationJob request each`, async () => {
    const up = await stack.up();
    expect(Object.values(changes(up)).filter((op) => op === "create")).toHaveLength(JOBS + 1);
    const creates = (await e2e.emulator.admin.requests()).filter((r) => r.operation === "CreateClassificationJob");
    expect(creates.map((r) => r.status)).toEqual(Array(JOBS).fill(200));
  });
});
