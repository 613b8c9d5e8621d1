/**
 * The wire layer: routing, label decoding, query lists, JSON bodies, timestamps, error shapes,
 * accounts and Regions from SigV4, the unimplemented-operation error and the admin endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  ConflictException,
  CreateClassificationJobCommand,
  CreateMemberCommand,
  DescribeClassificationJobCommand,
  EnableMacieCommand,
  GetFindingsCommand,
  GetMacieSessionCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ValidationException,
  Macie2Client,
} from "@aws-sdk/client-macie2";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type TestEmulator } from "../helpers/macie";
import { CATALOG, MacieLocalServer, operations, type Operation } from "../../emulator";

const ADMIN = "111111111111";
const FAKE_AUTH = (key = ADMIN, region = "us-east-1") =>
  `AWS4-HMAC-SHA256 Credential=${key}/20260101/${region}/macie2/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`;

let em: TestEmulator;

beforeAll(async () => {
  em = await startEmulator();
});
afterAll(async () => {
  await em.stop();
});

async function raw(method: string, path: string, opts: { body?: string; auth?: string | null } = {}) {
  const headers: Record<string, string> = {};
  if (opts.auth !== null) headers.authorization = opts.auth ?? FAKE_AUTH();
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(em.url + path, { method, headers, body: opts.body });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("x-amzn-errortype"), contentType: res.headers.get("content-type"), text, json: text ? JSON.parse(text) : undefined };
}

describe("routing and decoding", () => {
  it("has every implemented operation at the method, path and success status of the Macie API", () => {
    const catalog = new Map(CATALOG.map((c) => [c.name, c]));
    expect(CATALOG).toHaveLength(81);
    const names = operations.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    for (const op of operations) {
      const c = catalog.get(op.name);
      expect(c, `${op.name} is not a Macie operation`).toBeDefined();
      expect(`${op.method} ${op.path} ${op.successStatus ?? 200}`, op.name).toBe(`${c!.method} ${c!.path} ${c!.successStatus}`);
    }
  });

  it("routes an ARN label that arrives percent-encoded as one segment, and repeats query keys for lists", async () => {
    const c = em.client(ADMIN);
    await c.send(new EnableMacieCommand({}));
    const { arn } = await c.send(new CreateMemberCommand({ account: { accountId: "222222222222", email: "m@example.com" }, tags: { a: "1", b: "2", c: "3" } }));
    expect(arn).toBe("arn:aws:macie2:us-east-1:111111111111:member/222222222222");
    const tagged = await c.send(new TagResourceCommand({ resourceArn: arn!, tags: { d: "4" } }));
    expect(tagged.$metadata.httpStatusCode).toBe(204);
    await c.send(new UntagResourceCommand({ resourceArn: arn!, tagKeys: ["a", "c"] }));
    const { tags } = await c.send(new ListTagsForResourceCommand({ resourceArn: arn! }));
    expect(tags).toEqual({ b: "2", d: "4" });
    const log = await em.admin.requests();
    const untag = log.find((r) => r.operation === "UntagResource")!;
    expect(untag.labels).toEqual({ resourceArn: arn });
    expect(untag.status).toBe(204);
  });

  it("answers 404 UnknownOperationException with a clear message for a path that is no Macie operation", async () => {
    const r = await raw("GET", "/no/such/thing", { auth: null });
    expect(r.status).toBe(404);
    expect(r.type).toBe("UnknownOperationException");
    expect(r.json.message).toContain("No Macie operation matches GET /no/such/thing");
  });

  it("names the accepted methods when only the method is wrong", async () => {
    const r = await raw("PUT", "/macie");
    expect(r.status).toBe(404);
    expect(r.json.message).toContain("That path accepts");
    expect(r.json.message).toContain("GET (GetMacieSession)");
    expect(r.json.message).toContain("POST (EnableMacie)");
  });

  it("answers an operation it does not implement with an error naming it, through the SDK, without retries", async () => {
    const err: any = await em.client(ADMIN).send(new GetFindingsCommand({ findingIds: ["x"] })).catch((e) => e);
    expect(err.name).toBe("UnsupportedOperationException");
    expect(err.message).toContain("macie-local does not implement GetFindings (POST /findings/describe)");
    expect(err.$metadata.httpStatusCode).toBe(501);
    expect(err.$metadata.attempts).toBe(1);
  });

  it("is documented: docs/emulator.md lists every operation as implemented or not", () => {
    const doc = readFileSync(join(__dirname, "../../docs/emulator.md"), "utf8");
    const implemented = new Set(operations.map((o) => o.name));
    for (const c of CATALOG) {
      const row = doc.split("\n").find((line) => line.startsWith(`| ${c.name} |`));
      expect(row, c.name).toBeDefined();
      expect(row!.split("|")[3].trim().startsWith("yes"), `${c.name} in docs/emulator.md (run scripts/emulator-ops-table.js)`).toBe(implemented.has(c.name));
    }
    expect(doc).toContain(`macie-local implements ${implemented.size} of the 81 Macie operations.`);
  });

  it("rejects a path segment that is not valid percent-encoding", async () => {
    const r = await raw("GET", "/members/%E0%A4%A");
    expect(r.status).toBe(400);
    expect(r.type).toBe("ValidationException");
    expect(r.json.message).toContain("not valid percent-encoding");
  });

  it("answers a failing handler with 500 InternalServerException naming the operation", async () => {
    const op: Operation = {
      name: "GetMacieSession",
      method: "GET",
      path: "/macie",
      mutating: false,
      requiresMacie: false,
      handle: () => {
        throw new Error("boom");
      },
    };
    const server = new MacieLocalServer({ config: {}, operations: [op] });
    const { port } = await server.listen(0, "127.0.0.1");
    const original = console.error;
    console.error = () => undefined; // the server logs the stack; keep the test output clean
    try {
      const c = new Macie2Client({ endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", credentials: { accessKeyId: ADMIN, secretAccessKey: "x" }, maxAttempts: 1 });
      const err: any = await c.send(new GetMacieSessionCommand({})).catch((e) => e);
      expect(err.name).toBe("InternalServerException");
      expect(err.message).toBe("macie-local internal error in GetMacieSession: boom");
    } finally {
      console.error = original;
      await server.close();
    }
  });

  it("rejects a body that is not JSON with ValidationException", async () => {
    const r = await raw("PATCH", "/macie", { body: "{not json" });
    expect(r.status).toBe(400);
    expect(r.type).toBe("ValidationException");
    expect(r.json.message).toContain("not valid JSON");
    const r2 = await raw("PATCH", "/macie", { body: "[1,2]" });
    expect(r2.type).toBe("ValidationException");
  });
});

describe("responses", () => {
  it("sends RFC 3339 timestamps with a zone, which the SDK parses as Dates", async () => {
    const r = await raw("GET", "/macie");
    expect(r.status).toBe(200);
    expect(r.contentType).toBe("application/json");
    expect(r.json.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const s = await em.client(ADMIN).send(new GetMacieSessionCommand({}));
    expect(s.createdAt).toBeInstanceOf(Date);
    expect(Number.isNaN(s.createdAt!.getTime())).toBe(false);
  });

  it("serializes Date objects a handler returns as RFC 3339 strings", async () => {
    const op: Operation = {
      name: "GetMacieSession",
      method: "GET",
      path: "/macie",
      mutating: false,
      requiresMacie: false,
      handle: () => ({ createdAt: new Date("2026-01-02T03:04:05.123Z"), status: "ENABLED" }),
    };
    const server = new MacieLocalServer({ config: {}, operations: [op] });
    const { port } = await server.listen(0, "127.0.0.1");
    try {
      const c = new Macie2Client({ endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", credentials: { accessKeyId: ADMIN, secretAccessKey: "x" } });
      const s = await c.send(new GetMacieSessionCommand({}));
      expect(s.createdAt?.toISOString()).toBe("2026-01-02T03:04:05.123Z");
    } finally {
      await server.close();
    }
  });

  it("maps error types to the SDK's modeled exceptions (header x-amzn-errortype, body message and __type)", async () => {
    const other = em.client("999999999999");
    const denied = await other.send(new GetMacieSessionCommand({})).catch((e) => e);
    expect(denied).toBeInstanceOf(AccessDeniedException);
    expect(denied.message).toContain("Macie is not enabled in account 999999999999 in us-east-1");
    const conflict = await em.client(ADMIN).send(new EnableMacieCommand({})).catch((e) => e);
    expect(conflict).toBeInstanceOf(ConflictException);
    expect(conflict.$metadata.httpStatusCode).toBe(409);
    const invalid = await em.client(ADMIN).send(new EnableMacieCommand({ findingPublishingFrequency: "WEEKLY" as any })).catch((e) => e);
    expect(invalid).toBeInstanceOf(ValidationException);
    expect(invalid.message).toContain("findingPublishingFrequency must be one of FIFTEEN_MINUTES, ONE_HOUR, SIX_HOURS");
    const r = await raw("GET", "/macie", { auth: FAKE_AUTH("999999999999") });
    expect(r.json).toEqual({ message: expect.stringContaining("Macie is not enabled"), __type: "AccessDeniedException" });
  });
});

describe("accounts and Regions from SigV4", () => {
  it("answers 403 with a clear message when the Authorization header is missing or garbled", async () => {
    const missing = await raw("GET", "/macie", { auth: null });
    expect(missing.status).toBe(403);
    expect(missing.type).toBe("MissingAuthenticationTokenException");
    expect(missing.json.message).toContain("missing the SigV4 Authorization header");
    const garbled = await raw("GET", "/macie", { auth: "Bearer abc" });
    expect(garbled.status).toBe(403);
    expect(garbled.type).toBe("IncompleteSignatureException");
    const wrongService = await raw("GET", "/macie", { auth: FAKE_AUTH().replace("/macie2/", "/s3/") });
    expect(wrongService.status).toBe(403);
    expect(wrongService.json.message).toContain("'macie2'");
  });

  it("takes a 12-digit access key id as the account, maps other keys by config, and defaults to 000000000000", async () => {
    const mapped = await startEmulator({ config: { accessKeys: { AKIAMAPPED: "333333333333" } } });
    try {
      await mapped.client("AKIAMAPPED").send(new EnableMacieCommand({}));
      await mapped.client("AKIAUNMAPPED", "eu-west-1").send(new EnableMacieCommand({}));
      await mapped.client("444444444444", "ap-southeast-2").send(new EnableMacieCommand({}));
      const world = await mapped.admin.state();
      expect(world.accounts["333333333333"]["us-east-1"].session?.serviceRole).toContain("arn:aws:iam::333333333333:");
      expect(world.accounts["000000000000"]["eu-west-1"].session?.status).toBe("ENABLED");
      expect(world.accounts["444444444444"]["ap-southeast-2"].session?.status).toBe("ENABLED");
      expect(Object.keys(world.accounts).sort()).toEqual(["000000000000", "333333333333", "444444444444"]);
    } finally {
      await mapped.stop();
    }
  });
});

describe("admin endpoint", () => {
  it("counts calls per operation (succeeded, failed by type, mutating), logs requests and resets", async () => {
    const local = await startEmulator();
    try {
      const c = local.client(ADMIN);
      await c.send(new GetMacieSessionCommand({})).catch(() => undefined);
      await c.send(new EnableMacieCommand({}));
      await c.send(new EnableMacieCommand({})).catch(() => undefined);
      const calls = await local.admin.calls();
      expect(calls.operations.EnableMacie).toEqual({ succeeded: 1, failed: { ConflictException: 1 }, mutating: true });
      expect(calls.operations.GetMacieSession).toEqual({ succeeded: 0, failed: { AccessDeniedException: 1 }, mutating: false });
      expect(calls.totals).toEqual({ calls: 3, mutatingCalls: 2 });
      expect(await local.admin.mutatingCalls()).toBe(2);

      const log = await local.admin.requests();
      expect(log.map((r) => [r.operation, r.status, r.errorType ?? null])).toEqual([
        ["GetMacieSession", 403, "AccessDeniedException"],
        ["EnableMacie", 200, null],
        ["EnableMacie", 409, "ConflictException"],
      ]);
      expect(log[1]).toMatchObject({ accountId: ADMIN, region: "us-east-1", mutating: true, labels: {} });
      expect(typeof log[1].body).toBe("object");
      expect(Date.parse(log[1].time)).not.toBeNaN();
      const later = await local.admin.requests(log[1].seq);
      expect(later.map((r) => r.seq)).toEqual([log[2].seq]);

      await local.admin.reset({ counters: true });
      expect((await local.admin.calls()).totals.calls).toBe(0);
      expect((await local.admin.state()).accounts[ADMIN]["us-east-1"].session).toBeDefined();
      await local.admin.reset();
      expect((await local.admin.state()).accounts).toEqual({});
      const denied = await c.send(new GetMacieSessionCommand({})).catch((e) => e);
      expect(denied.name).toBe("AccessDeniedException");
    } finally {
      await local.stop();
    }
  });

  it("moves the clock and pauses a job at a quota on request", async () => {
    const local = await startEmulator({ config: { jobs: { oneTimeRunMs: -1 } } });
    try {
      const c = local.client(ADMIN);
      await c.send(new EnableMacieCommand({}));
      const t0 = await local.admin.advanceClock(0);
      const t1 = await local.admin.advanceClock(3_600_000);
      expect(t1.offsetMs).toBe(3_600_000);
      expect(Date.parse(t1.now) - Date.parse(t0.now)).toBeGreaterThanOrEqual(3_600_000);
      const { jobId } = await c.send(
        new CreateClassificationJobCommand({
          clientToken: "t",
          name: "job",
          jobType: "ONE_TIME",
          s3JobDefinition: { bucketDefinitions: [{ accountId: ADMIN, buckets: ["bucket-a"] }] },
        }),
      );
      const job = await local.admin.pauseJobAtQuota(ADMIN, "us-east-1", jobId!);
      expect(job.jobStatus).toBe("PAUSED");
      const described = await c.send(new DescribeClassificationJobCommand({ jobId }));
      expect(described.jobStatus).toBe("PAUSED");
      expect(described.createdAt!.getTime()).toBeGreaterThan(Date.now() + 3_000_000); // created on the moved clock
      await expect(local.admin.pauseJobAtQuota(ADMIN, "us-east-1", "nope")).rejects.toThrow("404");
    } finally {
      await local.stop();
    }
  });

  it("answers unknown admin paths with 404 listing the known ones", async () => {
    const res = await fetch(`${em.url}/_macie-local/nope`);
    expect(res.status).toBe(404);
    expect((await res.json()).message).toContain("GET calls");
  });
});
