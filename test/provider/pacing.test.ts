/**
 * Paced requests (provider/core/pacing.ts): jobs created concurrently through the real provider
 * runtime, against macie-local with a CreateClassificationJob quota on, send about one request
 * per job instead of hammering the quota. The figures asserted are requests, never times.
 *
 * The first test runs under Macie's real quota (0.1 requests per second, burst 1) with the
 * limiter as shipped, so it takes (3 - 1) x 10 s of wall time: that is the point, since the
 * figures prove the shipped priming matches the quota macie-local enforces. Faster quotas (with
 * the limiter primed to match through PULUMI_MACIE_RATE_LIMITS) serve the tests of adaptation,
 * which are about the limiter's reaction, not its priming.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CreateClassificationJobCommand } from "@aws-sdk/client-macie2";
import { createRequire } from "node:module";
import { ACCOUNT, startProviderHarness, type ProviderHarness } from "../helpers/provider";

const nodeRequire = createRequire(import.meta.url);
const pacing = nodeRequire("../../dist/provider/core/pacing.js");

const TYPE = "ClassificationJob";
const ONE_TIME = { jobType: "ONE_TIME", s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ["data-bucket"] }] } };

let h: ProviderHarness;
beforeAll(async () => {
  // faults given: Macie's real quota on, and the harness leaves the provider's limiter as shipped.
  h = await startProviderHarness({ config: { faults: { realRateLimits: true } } });
  await h.enableMacie();
});
afterAll(() => h?.stop());

/** Creates `n` ONE_TIME jobs at once, as the engine does, and counts the calls. */
async function createJobs(prefix: string, n: number) {
  const c = await h.countCalls(() => Promise.all(Array.from({ length: n }, (_, i) => h.up(TYPE, `${prefix}-${i}`, ONE_TIME))));
  const jobs = c.result;
  expect(new Set(jobs.map((j) => j.id)).size).toBe(n);
  return { jobs, requests: c.operations.CreateClassificationJob ?? 0, failed: c.failed };
}

describe("under a CreateClassificationJob quota", () => {
  test("Macie's real quota: 3 jobs at once, one CreateClassificationJob request each, even while other operations are throttled", async () => {
    // Reads are throttled too: their retries must not spend or slow the
    // create's pace, which is kept per operation.
    await h.em.admin.setFaults({
      realRateLimits: true,
      rules: {
        // The first list (the creates share one per plugin process: claim.ts) is throttled once.
        ListClassificationJobs: { error: { count: 1, type: "ThrottlingException" } },
        DescribeClassificationJob: { error: { everyN: 2, type: "ThrottlingException" } },
      },
    });
    const { requests, failed } = await createJobs("real", 3);
    expect(failed.ListClassificationJobs?.ThrottlingException).toBeGreaterThan(0);
    expect(failed.DescribeClassificationJob?.ThrottlingException).toBeGreaterThan(0);
    expect(failed.CreateClassificationJob).toBeUndefined();
    expect(requests).toBe(3); // the target is at most 1.2 per job; none was refused
  }, 120_000);

  test("another caller spends the quota's token first: at most one refused request, then no more", async () => {
    // A token every 2 s: the provider's first create comes well within 2 s of the other caller's.
    const quota = { ratePerSecond: 0.5, burst: 1 };
    await h.em.admin.setFaults({ realRateLimits: false, rules: { CreateClassificationJob: { throttle: quota } } });
    await h.withEnv({ PULUMI_MACIE_RATE_LIMITS: JSON.stringify({ CreateClassificationJob: quota }) }, async () => {
      await h.client().send(new CreateClassificationJobCommand({ name: "someone-else", ...ONE_TIME } as any));
      const { requests, failed } = await createJobs("shared", 3);
      // At most one refusal: the provider's first create may find the token spent (usually) or,
      // on a slow machine, refilled; after a refusal the limiter waits, so there is no second.
      const refused = failed.CreateClassificationJob?.ThrottlingException ?? 0;
      expect(refused).toBeLessThanOrEqual(1);
      expect(Object.keys(failed.CreateClassificationJob ?? {}).filter((k) => k !== "ThrottlingException")).toEqual([]);
      expect(requests).toBe(3 + refused);
    });
  }, 120_000);

  test("a quota lower than the limiter was primed with: the limiter slows down, far from one refusal in every four requests", async () => {
    // Primed with 4 requests/s against a quota of 1: without adaptation, 3 requests in every 4
    // would be refused (4 per job).
    await h.em.admin.setFaults({ realRateLimits: false, rules: { CreateClassificationJob: { throttle: { ratePerSecond: 1, burst: 1 } } } });
    await h.withEnv({ PULUMI_MACIE_RATE_LIMITS: JSON.stringify({ CreateClassificationJob: { ratePerSecond: 4 } }) }, async () => {
      const { requests } = await createJobs("lower", 8);
      // Not asserted: that the quota refused anything (a slow machine may send slower than 1/s).
      expect(requests / 8).toBeLessThanOrEqual(2);
    });
  }, 120_000);
});

describe("the pace's arithmetic (no Macie call)", () => {
  test("a documented quota: a throttle halves the rate, each success raises it by 10 %, never above the quota", () => {
    const pace = new pacing.Pace({ ratePerSecond: 0.1, burst: 1 }, () => 0);
    expect(pace.ratePerSecond).toBe(0.1);
    pace.answered("throttled");
    expect(pace.ratePerSecond).toBeCloseTo(0.05);
    pace.answered("failed"); // an error other than throttling changes no rate
    expect(pace.ratePerSecond).toBeCloseTo(0.05);
    pace.answered("succeeded");
    expect(pace.ratePerSecond).toBeCloseTo(0.055);
    for (let i = 0; i < 10; i++) pace.answered("succeeded");
    expect(pace.ratePerSecond).toBe(0.1);
  });

  test("no known quota: not paced until a throttle, then paced from the rate it was sent at, and let go again once well above it", async () => {
    let now = 0;
    const pace = new pacing.Pace(undefined, () => now);
    for (let i = 0; i < 10; i++) await pace.turn(); // 10 requests within the measuring window
    expect(pace.ratePerSecond).toBe(Infinity);
    pace.answered("throttled");
    expect(pace.ratePerSecond).toBeCloseTo((10 / 2) * 0.5); // 10 in 2 s, halved
    now += 60_000;
    for (let i = 0; i < 30 && pace.ratePerSecond !== Infinity; i++) pace.answered("succeeded");
    expect(pace.ratePerSecond).toBe(Infinity);
  });

  test("switched off (null): never paced, not even after a throttle", () => {
    const pace = new pacing.Pace(null);
    pace.answered("throttled");
    expect(pace.ratePerSecond).toBe(Infinity);
  });

  test.each([
    ["not JSON", "{", /PULUMI_MACIE_RATE_LIMITS=\{ is not JSON/],
    ["not an object", "[]", /must be a JSON object of operation names/],
    ["a rate of 0", '{"CreateClassificationJob": {"ratePerSecond": 0}}', /CreateClassificationJob must be null or \{"ratePerSecond": a number above 0/],
    ["a fractional burst", '{"CreateClassificationJob": {"ratePerSecond": 1, "burst": 1.5}}', /"burst": an integer of at least 1/],
  ])("PULUMI_MACIE_RATE_LIMITS: %s is refused with what is expected", (_what, text, message) => {
    expect(() => pacing.overrides(text)).toThrow(message);
  });

  test("PULUMI_MACIE_RATE_LIMITS: a raised quota and an operation switched off", () => {
    expect(pacing.overrides('{"CreateClassificationJob": {"ratePerSecond": 0.5, "burst": 2}, "CreateMember": null}')).toEqual({
      CreateClassificationJob: { ratePerSecond: 0.5, burst: 2 },
      CreateMember: null,
    });
  });
});
