/**
 * Unit tests of two pure pieces of the service model, called directly rather than over HTTP:
 * - job progress is a function of timestamps: bringing a job up to date in one step or in many
 *   small steps gives the same stored state (which is what lets it survive restarts);
 * - the translation of Macie's PCRE-style patterns to JavaScript.
 */
import { describe, expect, it } from "vitest";
import { emptyRegionState, type EmulatorConfig, type OperationContext, type World } from "../../emulator/core/types";
import { advanceJob, nextScheduledRun, operations } from "../../emulator/operations/jobs";
import { compileMacieRegex } from "../../emulator/core/macieRegex";

const ACCOUNT = "700000000000";
const REGION = "us-east-1";
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const CONFIG: EmulatorConfig = { jobs: { oneTimeRunMs: 10 * MINUTE, scheduledRunMs: 10 * MINUTE } };

/** A hand-built context for calling handlers directly. */
function context(world: World, now: number): OperationContext {
  let n = 0;
  const scope = (accountId = ACCOUNT, region = REGION) => ((world.accounts[accountId] ??= {})[region] ??= emptyRegionState());
  return {
    accountId: ACCOUNT,
    region: REGION,
    now: new Date(now),
    nowIso: new Date(now).toISOString(),
    world,
    config: CONFIG,
    scope,
    arn: (type, id) => `arn:aws:macie2:${REGION}:${ACCOUNT}:${type}/${id}`,
    newId: () => `id${++n}`,
  };
}

const op = (name: string) => operations.find((o) => o.name === name)!;
const T0 = Date.parse("2030-01-01T10:00:00.000Z"); // a Tuesday

function world(): World {
  const w: World = { version: 1, accounts: {}, organizationAdmins: {} };
  context(w, T0).scope().session = { status: "ENABLED", findingPublishingFrequency: "FIFTEEN_MINUTES", serviceRole: "r", createdAt: "", updatedAt: "" };
  return w;
}

describe("job progress", () => {
  it("is the same whether brought up to date in one step or every few minutes", async () => {
    const stepwise = world();
    const ctx = context(stepwise, T0);
    const { jobId } = (await op("CreateClassificationJob").handle(ctx, {
      labels: {},
      query: {},
      body: { clientToken: "t", name: "daily", jobType: "SCHEDULED", initialRun: true, scheduleFrequency: { dailySchedule: {} }, s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ["bucket-a"] }] } },
    })) as { jobId: string };
    const oneStep: World = structuredClone(stepwise);
    const job = (w: World) => w.accounts[ACCOUNT][REGION].jobs[jobId] as any;
    const pause = (w: World, at: number) => op("UpdateClassificationJob").handle(context(w, at), { labels: { jobId }, query: {}, body: { jobStatus: "USER_PAUSED" } });

    // Stepwise: every 7 minutes for 3 days; one step: straight to the end. Both pause at the same instant.
    const pauseAt = T0 + 3 * DAY + 5 * MINUTE; // during the run that started at 00:00 on day 3
    for (let t = T0; t < pauseAt; t += 7 * MINUTE) advanceJob(job(stepwise), new Date(t), CONFIG);
    await pause(stepwise, pauseAt);
    await pause(oneStep, pauseAt);
    expect(job(oneStep)).toEqual(job(stepwise));
    expect(job(stepwise)).toMatchObject({ jobStatus: "USER_PAUSED", statistics: { numberOfRuns: 4 } });
    expect(job(stepwise).lastRunTime).toBe("2030-01-04T00:00:00.000Z");

    const end = pauseAt + 31 * DAY;
    for (let t = pauseAt; t <= end; t += 6 * 60 * MINUTE) advanceJob(job(stepwise), new Date(t), CONFIG);
    advanceJob(job(oneStep), new Date(end), CONFIG);
    expect(job(oneStep)).toEqual(job(stepwise));
    expect(job(stepwise).userPausedDetails.jobExpiresAt).toBeUndefined();
  });

  it("schedules runs at 00:00 UTC on the right days, skipping months without the day", () => {
    expect(new Date(nextScheduledRun({ dailySchedule: {} }, T0)).toISOString()).toBe("2030-01-02T00:00:00.000Z");
    expect(new Date(nextScheduledRun({ weeklySchedule: { dayOfWeek: "MONDAY" } }, T0)).toISOString()).toBe("2030-01-07T00:00:00.000Z");
    expect(new Date(nextScheduledRun({ weeklySchedule: { dayOfWeek: "TUESDAY" } }, T0)).toISOString()).toBe("2030-01-08T00:00:00.000Z");
    expect(new Date(nextScheduledRun({ monthlySchedule: { dayOfMonth: 31 } }, Date.parse("2030-01-31T00:00:00Z"))).toISOString()).toBe("2030-03-31T00:00:00.000Z");
  });
});

describe("Macie pattern translation", () => {
  const translations: [string, string][] = [
    ["EMP-\\d{6}", "EMP-\\d{6}"],
    ["[[:alpha:]][[:digit:]]+", "[a-zA-Z][0-9]+"],
    ["\\Aid\\z", "^id$"],
    ["end$", "end(?=\\n?$)"],
    ["a++b*+", "a+b*"],
    ["a+?", "a+?"],
    ["(?>ab)", "(?:ab)"],
    ["\\Qa.b*\\E", "a\\.b\\*"],
    ["(?P<id>\\d+)", "(?<id>\\d+)"],
    ["x(?#note)y", "xy"],
    ["[]x]", "[\\]x]"],
    ["\\x{263A}", "\\u263A"],
  ];
  for (const [pattern, source] of translations) {
    it(`translates ${pattern}`, () => expect(compileMacieRegex(pattern, "regex").source).toBe(source));
  }

  it("turns leading option settings into flags", () => {
    expect(compileMacieRegex("(?i)abc", "regex").regexp.flags).toBe("gi");
  });

  const refusals: [string, RegExp][] = [
    ["(a)\\1", /back references/],
    ["\\k<x>", /back references/],
    ["a(?=b)", /look-ahead and look-behind/],
    ["(?<!a)b", /look-ahead and look-behind/],
    ["a(?i)b", /option settings/],
    ["(?(1)a|b)", /conditional/],
    ["(?R)", /recursion/],
    ["\\p{L}", /Unicode property/],
    ["[[:^digit:]]", /negated POSIX/],
    ["[[:nope:]]", /unknown POSIX class/],
    ["[abc", /missing \]/],
    ["(abc", /not a valid regular expression/],
  ];
  for (const [pattern, message] of refusals) {
    it(`refuses ${pattern}`, () => expect(() => compileMacieRegex(pattern, "regex")).toThrow(message));
  }
});
