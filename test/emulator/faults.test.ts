/**
 * Faults on demand: throttling (token bucket, and Macie's real CreateClassificationJob quota),
 * injected errors, latency, commit-then-drop and eventual consistency; and how the SDK's own
 * retries meet them.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ConflictException,
  CreateClassificationJobCommand,
  CreateMemberCommand,
  EnableMacieCommand,
  GetMacieSessionCommand,
  GetMemberCommand,
  InternalServerException,
  ListMembersCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  ThrottlingException,
} from "@aws-sdk/client-macie2";
import { startEmulator, untilFailed, type TestEmulator } from "../helpers/macie";
import { FaultSettingsError, startMacieLocal } from "../../emulator";

const ACCOUNT = "111111111111";
let em: TestEmulator | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await em?.stop();
  em = undefined;
});

async function enabledEmulator(faults?: object) {
  em = await startEmulator(faults ? { config: { faults } } : {});
  await em.client(ACCOUNT).send(new EnableMacieCommand({}));
  return em;
}

const once = { maxAttempts: 1 };

describe("throttling", () => {
  it("is a token bucket per operation, account and Region, refilled with time", async () => {
    await enabledEmulator();
    await em!.admin.setFaults({ rules: { GetMacieSession: { throttle: { ratePerSecond: 0.001, burst: 2 } } } });
    const c = em!.client(ACCOUNT, "us-east-1", once);
    await c.send(new GetMacieSessionCommand({}));
    await c.send(new GetMacieSessionCommand({}));
    const err = await c.send(new GetMacieSessionCommand({})).catch((e) => e);
    expect(err).toBeInstanceOf(ThrottlingException);
    expect(err.$metadata.httpStatusCode).toBe(429);
    expect(err.message).toContain("Rate exceeded for GetMacieSession: 0.001 requests per second (burst 2)");
    // Other operations and other accounts have their own buckets.
    await c.send(new ListMembersCommand({}));
    await em!.client("222222222222", "us-east-1", once).send(new EnableMacieCommand({}));
    await em!.client("222222222222", "us-east-1", once).send(new GetMacieSessionCommand({}));
    // 1,000 s later the bucket holds a token again.
    await em!.admin.advanceClock(1_000_000);
    await c.send(new GetMacieSessionCommand({}));
    expect((await em!.admin.calls()).operations.GetMacieSession.failed).toEqual({ ThrottlingException: 1 });
  });

  it("is ridden out by the SDK's own retries, and the admin counts show the throttled attempts", async () => {
    await enabledEmulator();
    // Two tokens, then one per 1,000 s of the emulator's clock: of three calls at once, one is
    // throttled however slow the machine, until the test moves the clock on.
    await em!.admin.setFaults({ rules: { GetMacieSession: { throttle: { ratePerSecond: 0.001, burst: 2 } } } });
    const c = em!.client(ACCOUNT, "us-east-1", { maxAttempts: 10 });
    const calls = Promise.all([1, 2, 3].map(() => c.send(new GetMacieSessionCommand({}))));
    await untilFailed(em!.admin, "GetMacieSession", "ThrottlingException");
    await em!.admin.advanceClock(1_000_000); // one more token, for the SDK's next retry
    const results = await calls;
    expect(results.every((r) => r.status === "ENABLED")).toBe(true);
    expect(results.reduce((n, r) => n + (r.$metadata.attempts ?? 1), 0)).toBeGreaterThanOrEqual(4);
    const counts = (await em!.admin.calls()).operations.GetMacieSession;
    expect(counts.succeeded).toBe(3);
    expect(counts.failed.ThrottlingException).toBeGreaterThanOrEqual(1);
  });

  it("applies Macie's real quota to CreateClassificationJob by default (0.1 requests per second, burst 1)", async () => {
    await enabledEmulator({}); // the helper switches real rate limits off unless faults are given
    expect((await em!.admin.getFaults()).realRateLimits).toBe(true);
    // The bucket refills with the emulator's clock, which follows the real one: freeze it, so that
    // the second call meets an empty bucket however long the first one took.
    vi.useFakeTimers({ toFake: ["Date"] });
    const c = em!.client(ACCOUNT, "us-east-1", once);
    const job = (name: string) =>
      new CreateClassificationJobCommand({
        clientToken: name,
        name,
        jobType: "ONE_TIME",
        s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ["bucket-b"] }] },
      });
    await c.send(job("first"));
    const err = await c.send(job("second")).catch((e) => e);
    expect(err).toBeInstanceOf(ThrottlingException);
    expect(err.message).toContain("Rate exceeded for CreateClassificationJob: 0.1 requests per second (burst 1)");
    // Switched off for that operation...
    await em!.admin.setFaults({ rules: { CreateClassificationJob: { throttle: null } } });
    await c.send(job("third"));
    await c.send(job("fourth"));
    // ...or for all real limits.
    await em!.admin.setFaults({ realRateLimits: false });
    await c.send(job("fifth"));
    await c.send(job("sixth"));
  });
});

describe("injected errors", () => {
  it("fail every Nth call with InternalServerException (or the type asked for)", async () => {
    await enabledEmulator();
    await em!.admin.setFaults({ rules: { GetMacieSession: { error: { everyN: 2 } }, ListMembers: { error: { count: 1, type: "ConflictException" } } } });
    const c = em!.client(ACCOUNT, "us-east-1", once);
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) outcomes.push(await c.send(new GetMacieSessionCommand({})).then(() => "ok", (e) => e.name));
    expect(outcomes).toEqual(["ok", "InternalServerException", "ok", "InternalServerException"]);
    await expect(c.send(new ListMembersCommand({}))).rejects.toBeInstanceOf(ConflictException);
    await c.send(new ListMembersCommand({}));
  });

  it("at a rate follow a seeded sequence, so runs repeat", async () => {
    const pattern = async () => {
      const local = await startEmulator({ config: { faults: { seed: 7, rules: { "*": { error: { rate: 0.5 } }, EnableMacie: { error: null } } } } });
      try {
        const c = local.client(ACCOUNT, "us-east-1", once);
        await c.send(new EnableMacieCommand({}));
        let out = "";
        for (let i = 0; i < 24; i++) out += await c.send(new GetMacieSessionCommand({})).then(() => ".", () => "x");
        return out;
      } finally {
        await local.stop();
      }
    };
    const first = await pattern();
    expect(first).toContain("x");
    expect(first).toContain(".");
    expect(await pattern()).toBe(first);
  });

  it("are retried by the SDK (5xx), which then succeeds", async () => {
    await enabledEmulator();
    await em!.admin.setFaults({ rules: { GetMacieSession: { error: { count: 2 } } } });
    const s = await em!.client(ACCOUNT, "us-east-1", { maxAttempts: 3 }).send(new GetMacieSessionCommand({}));
    expect(s.$metadata.attempts).toBe(3);
    expect((await em!.admin.calls()).operations.GetMacieSession).toEqual({ succeeded: 1, failed: { InternalServerException: 2 }, mutating: false });
    await em!.admin.setFaults({ rules: { GetMacieSession: { error: { count: 5 } } } });
    const err = await em!.client(ACCOUNT, "us-east-1", { maxAttempts: 2 }).send(new GetMacieSessionCommand({})).catch((e) => e);
    expect(err).toBeInstanceOf(InternalServerException);
    expect(err.message).toContain("macie-local injected fault: InternalServerException on GetMacieSession");
  });
});

describe("latency", () => {
  it("delays calls; an operation's own rule overrides the '*' rule", async () => {
    await enabledEmulator();
    await em!.admin.setFaults({ rules: { "*": { latencyMs: 150 }, ListMembers: { latencyMs: null } } });
    const c = em!.client(ACCOUNT);
    await c.send(new GetMacieSessionCommand({}));
    await c.send(new ListMembersCommand({}));
    const log = await em!.admin.requests();
    const slow = log.find((r) => r.operation === "GetMacieSession")!;
    expect(slow.durationMs).toBeGreaterThanOrEqual(145);
    expect(await em!.admin.getFaults()).toEqual({ realRateLimits: true, seed: 1, rules: { "*": { latencyMs: 150 }, ListMembers: { latencyMs: null } } });
  });
});

describe("commit then drop the connection", () => {
  it("keeps the change; the SDK retries and the clientToken makes EnableMacie happen once", async () => {
    em = await startEmulator({ config: { faults: { realRateLimits: false, rules: { EnableMacie: { dropAfterCommit: { count: 1 } } } } } });
    const c = em.client(ACCOUNT);
    const r = await c.send(new EnableMacieCommand({}));
    expect(r.$metadata.attempts).toBe(2);
    expect((await em.admin.calls()).operations.EnableMacie).toEqual({ succeeded: 1, failed: { ConnectionDropped: 1 }, mutating: true });
    const log = await em.admin.requests();
    expect(log.map((x) => x.status)).toEqual([0, 200]);
    expect(log[0].body).toEqual(log[1].body); // same clientToken on the retry
    expect((await c.send(new GetMacieSessionCommand({}))).status).toBe("ENABLED");
  });

  it("shows that a non-idempotent create was committed: the SDK's retry meets the created member", async () => {
    await enabledEmulator();
    await em!.admin.setFaults({ rules: { CreateMember: { dropAfterCommit: { count: 1 } } } });
    const c = em!.client(ACCOUNT);
    const err = await c.send(new CreateMemberCommand({ account: { accountId: "222222222222", email: "m@example.com" } })).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictException);
    expect((await c.send(new GetMemberCommand({ id: "222222222222" }))).relationshipStatus).toBe("Created");
  });
});

describe("eventual consistency", () => {
  it("reads a fresh resource as 404 for N ms on Get and ListTagsForResource, then finds it", async () => {
    await enabledEmulator();
    await em!.admin.setFaults({ rules: { "*": { eventualConsistencyMs: 60_000 } } });
    const c = em!.client(ACCOUNT, "us-east-1", once);
    const { arn } = await c.send(new CreateMemberCommand({ account: { accountId: "222222222222", email: "m@example.com" } }));
    const err = await c.send(new GetMemberCommand({ id: "222222222222" })).catch((e) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.message).toContain("eventual consistency");
    await expect(c.send(new ListTagsForResourceCommand({ resourceArn: arn }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    // Lists are not affected.
    expect((await c.send(new ListMembersCommand({ onlyAssociated: "false" }))).members).toHaveLength(1);
    await em!.admin.advanceClock(60_000);
    expect((await c.send(new GetMemberCommand({ id: "222222222222" }))).accountId).toBe("222222222222");
  });
});

describe("fault settings", () => {
  it("are validated, with the path of the bad member", async () => {
    await enabledEmulator();
    const cases: [object, string][] = [
      [{ rules: { X: { throttle: { ratePerSecond: -1 } } } }, "faults.rules.X.throttle.ratePerSecond must be a number >= 0"],
      [{ rules: { X: { error: { rate: 2 } } } }, "faults.rules.X.error.rate must be a number from 0 to 1"],
      [{ rules: { X: { error: { rate: 0.5, everyN: 2 } } } }, "faults.rules.X.error must set exactly one of rate, everyN, count"],
      [{ rules: { X: { error: { count: 1, type: "Nope" } } } }, "faults.rules.X.error.type must be one of"],
      [{ rules: { X: { slow: 1 } } }, "faults.rules.X.slow is not a fault kind"],
      [{ nope: true }, "faults.nope is not a known setting"],
    ];
    for (const [settings, message] of cases) {
      await expect(em!.admin.setFaults(settings as any)).rejects.toThrow(message);
    }
    await expect(startMacieLocal({ config: { faults: { rules: { X: { latencyMs: "slow" } } } } })).rejects.toBeInstanceOf(FaultSettingsError);
  });
});
