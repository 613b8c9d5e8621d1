/**
 * macie-local under hostile input: ids and Regions that are JavaScript prototype names, user
 * regular expressions that backtrack catastrophically, cross-origin and DNS-rebinding requests,
 * oversized and slow requests, and bodies of the wrong media type. Each case leaves the state
 * untouched and the server serving other clients.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import {
  AcceptInvitationCommand,
  BatchGetCustomDataIdentifiersCommand,
  CreateClassificationJobCommand,
  CreateMemberCommand,
  CreateCustomDataIdentifierCommand,
  DeleteAllowListCommand,
  DeleteCustomDataIdentifierCommand,
  DeleteFindingsFilterCommand,
  DeleteMemberCommand,
  DescribeClassificationJobCommand,
  DisableMacieCommand,
  DisassociateMemberCommand,
  EnableMacieCommand,
  GetAllowListCommand,
  GetCustomDataIdentifierCommand,
  GetFindingsFilterCommand,
  GetMacieSessionCommand,
  GetMemberCommand,
  ListMembersCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAllowListCommand,
  UpdateClassificationJobCommand,
  UpdateFindingsFilterCommand,
  UpdateMemberSessionCommand,
  TestCustomDataIdentifierCommand,
  type Macie2Client,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";
import { expectMacieError } from "../helpers/errors";
import { DEFAULT_LIMITS, checkConfig } from "../../emulator";

const ACCOUNT = "111111111111";
const PROTOTYPE_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];
const FAKE_AUTH = (key = ACCOUNT, region = "us-east-1") =>
  `AWS4-HMAC-SHA256 Credential=${key}/20260101/${region}/macie2/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`;

/** A request with headers fetch() would not let a test choose (Host), over a plain socket. */
function request(port: number, method: string, urlPath: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; type: string | undefined; json: any }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path: urlPath, headers: { host: `127.0.0.1:${port}`, ...headers }, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, type: res.headers["x-amzn-errortype"] as string | undefined, json: text ? JSON.parse(text) : undefined }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** A promise and whether it has settled yet, for ordering assertions. */
function watch<T>(promise: Promise<T>) {
  const w = { settled: false, promise };
  promise.then(
    () => (w.settled = true),
    () => (w.settled = true),
  );
  return w;
}

/** A request over real HTTP without the SDK, for what the SDK would not send. */
async function raw(url: string, method: string, urlPath: string, opts: { body?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(url + urlPath, { method, headers: { authorization: FAKE_AUTH(), ...opts.headers }, body: opts.body });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("x-amzn-errortype"), json: text ? JSON.parse(text) : undefined };
}

describe("ids, account ids and Regions that are prototype names", () => {
  let em: TestEmulator;
  let c: Macie2Client;
  let statePath: string;
  beforeAll(async () => {
    statePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "macie-hostile-")), "state.json");
    em = await startEmulator({ statePath, config: { accessKeys: { AKIAKNOWNKEY: "333333333333" }, secretKeys: { AKIAKNOWNKEY: "secret" } } });
    c = em.client(ACCOUNT, "us-east-1", { maxAttempts: 1 });
    await c.send(new EnableMacieCommand({}));
    await c.send(new CreateCustomDataIdentifierCommand({ name: "real", regex: "\\d+" }));
  });
  afterAll(() => em.stop());

  /** Runs `probe` and checks that the world is the same afterwards. */
  async function untouched(probe: () => Promise<void>) {
    const before = JSON.stringify(await em.admin.state());
    await probe();
    expect(JSON.stringify(await em.admin.state())).toBe(before);
    expect(({} as any).session).toBeUndefined(); // nothing leaked onto Object.prototype
  }

  const byIdCalls = (id: string) => [
    new GetCustomDataIdentifierCommand({ id }),
    new DeleteCustomDataIdentifierCommand({ id }),
    new GetFindingsFilterCommand({ id }),
    new UpdateFindingsFilterCommand({ id, name: "renamed" }),
    new DeleteFindingsFilterCommand({ id }),
    new GetAllowListCommand({ id }),
    new UpdateAllowListCommand({ id, name: "n", criteria: { regex: "x" } }),
    new DeleteAllowListCommand({ id }),
    new DescribeClassificationJobCommand({ jobId: id }),
    new UpdateClassificationJobCommand({ jobId: id, jobStatus: "CANCELLED" }),
    new GetMemberCommand({ id }),
    new DeleteMemberCommand({ id }),
    new DisassociateMemberCommand({ id }),
    new UpdateMemberSessionCommand({ id, status: "PAUSED" }),
    new AcceptInvitationCommand({ invitationId: id, administratorAccountId: "222222222222" }),
    new ListTagsForResourceCommand({ resourceArn: `arn:aws:macie2:us-east-1:${ACCOUNT}:custom-data-identifier/${id}` }),
    new TagResourceCommand({ resourceArn: `arn:aws:macie2:us-east-1:${ACCOUNT}:member/${id}`, tags: { a: "b" } }),
    new UntagResourceCommand({ resourceArn: `arn:aws:macie2:us-east-1:${ACCOUNT}:allow-list/${id}`, tagKeys: ["a"] }),
  ];

  for (const id of PROTOTYPE_NAMES) {
    it(`answers 404 for the id ${id} on every by-id route`, async () => {
      await untouched(async () => {
        for (const command of byIdCalls(id)) {
          await expectMacieError(c.send(command as any), "ResourceNotFoundException", id);
        }
        const batch = await c.send(new BatchGetCustomDataIdentifiersCommand({ ids: [id] }));
        expect(batch).toMatchObject({ customDataIdentifiers: [], notFoundIdentifierIds: [id] });
        const job = (ids: object) =>
          new CreateClassificationJobCommand({ clientToken: `t-${id}`, name: "j", jobType: "ONE_TIME", s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ["bucket-b"] }] }, ...ids });
        await expectMacieError(c.send(job({ customDataIdentifierIds: [id] })), "ResourceNotFoundException", `custom data identifier ${id} was not found`);
        await expectMacieError(c.send(job({ allowListIds: [id] })), "ResourceNotFoundException", `allow list ${id} was not found`);
        // The admin endpoint's own lookup by account, Region and job id.
        await expect(em.admin.pauseJobAtQuota(ACCOUNT, "us-east-1", id)).rejects.toThrow("404");
      });
    });
  }

  it("answers 404 for /custom-data-identifiers/__proto__ and /jobs/__proto__ over plain HTTP", async () => {
    await untouched(async () => {
      for (const p of ["/custom-data-identifiers/__proto__", "/jobs/__proto__", "/members/constructor", "/allow-lists/toString"]) {
        const r = await raw(em.url, "GET", p);
        expect([p, r.status, r.type]).toEqual([p, 404, "ResourceNotFoundException"]);
      }
      expect((await em.admin.pauseJobAtQuota("__proto__", "__proto__", "x").catch((e) => e.message)) as string).toContain("404");
    });
  });

  it("refuses a resource type or an operator that is a prototype name as invalid, not as a crash", async () => {
    await untouched(async () => {
      const arn = encodeURIComponent(`arn:aws:macie2:us-east-1:${ACCOUNT}:constructor/abc`);
      expect(await raw(em.url, "GET", `/tags/${arn}`)).toMatchObject({ status: 400, type: "ValidationException" });
      const filter = { name: "f1", action: "ARCHIVE", findingCriteria: { criterion: { "severity.description": { constructor: ["High"] } } } };
      const r = await raw(em.url, "POST", "/findingsfilters", { body: JSON.stringify(filter), headers: { "content-type": "application/json" } });
      expect(r).toMatchObject({ status: 400, type: "ValidationException" });
      expect(r.json.message).toContain("constructor is not an operator");
      // Query keys are the caller's too.
      expect((await raw(em.url, "GET", "/members?__proto__=x&constructor=y&toString=z")).status).toBe(200);
    });
  });

  for (const region of PROTOTYPE_NAMES) {
    it(`refuses the Region ${region} in the credential scope, before any state is made`, async () => {
      await untouched(async () => {
        const r = await raw(em.url, "POST", "/macie", { body: "{}", headers: { authorization: FAKE_AUTH(ACCOUNT, region), "content-type": "application/json" } });
        expect(r).toMatchObject({ status: 403, type: "InvalidSignatureException" });
        expect(r.json.message).toContain(`Credential should be scoped to a valid region, not '${region}'`);
      });
    });
  }

  it("refuses such Regions through the SDK too, when the SDK lets them through", async () => {
    await untouched(async () => {
      for (const region of ["constructor", "valueOf", "hasOwnProperty"]) {
        const err = await em.client(ACCOUNT, region, { maxAttempts: 1 }).send(new EnableMacieCommand({})).catch((e) => e);
        expect([region, err.name, err.$metadata?.httpStatusCode]).toEqual([region, "InvalidSignatureException", 403]);
      }
    });
  });

  it("maps an access key that is a prototype name to the default account, not to Object's members", async () => {
    await untouched(async () => {
      for (const key of PROTOTYPE_NAMES) {
        const r = await raw(em.url, "GET", "/macie", { headers: { authorization: FAKE_AUTH(key) } });
        expect([key, r.status, r.json.message]).toEqual([key, 403, "Macie is not enabled in account 000000000000 in us-east-1. Call EnableMacie first."]);
      }
    });
  });

  it("stays safe after a restart from the state file", async () => {
    await em.stop();
    em = await startEmulator({ statePath });
    c = em.client(ACCOUNT, "us-east-1", { maxAttempts: 1 });
    await untouched(async () => {
      for (const id of PROTOTYPE_NAMES) {
        await expectMacieError(c.send(new GetCustomDataIdentifierCommand({ id })), "ResourceNotFoundException");
        await expectMacieError(c.send(new GetMemberCommand({ id })), "ResourceNotFoundException");
      }
      expect((await c.send(new ListMembersCommand({}))).members).toEqual([]);
      expect((await c.send(new GetMacieSessionCommand({}))).status).toBe("ENABLED");
    });
  });
});

describe("a caller's regular expression", () => {
  let em: TestEmulator;
  beforeAll(async () => {
    // A limit far above what a simple call takes, so that the order below holds on a busy machine.
    em = await startEmulator({ config: { limits: { regexTimeoutMs: 10_000 } } });
    await em.client(ACCOUNT).send(new EnableMacieCommand({}));
  });
  afterAll(() => em.stop());

  it("is evaluated off the event loop: another client is served while a catastrophic pattern runs", async () => {
    const slow = watch(em.client(ACCOUNT, "us-east-1", { maxAttempts: 1 }).send(new TestCustomDataIdentifierCommand({ regex: "(a+)+b", sampleText: "a".repeat(60) })));
    await em.admin.inFlight({ min: 1, operation: "TestCustomDataIdentifier" });
    const session = await em.client(ACCOUNT).send(new GetMacieSessionCommand({}));
    expect(session.status).toBe("ENABLED");
    expect(slow.settled).toBe(false);
    await expectMacieError(slow.promise, "ValidationException", "regex takes too long to evaluate (more than 10000 ms");
    // The abandoned evaluation leaves the matcher working.
    const ok = await em.client(ACCOUNT).send(new TestCustomDataIdentifierCommand({ regex: "\\d{3}", sampleText: "123 abc 456" }));
    expect(ok.matchCount).toBe(2);
  });
});

describe("cross-origin requests and foreign Host names", () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startEmulator({ config: { allowedHosts: ["macie.internal", "proxy.internal:8443"] } });
    await em.client(ACCOUNT).send(new EnableMacieCommand({}));
  });
  afterAll(() => em.stop());

  const enabled = async () => (await em.client(ACCOUNT).send(new GetMacieSessionCommand({}))).status;

  it("the admin endpoint refuses web pages of other origins and browser 'simple' bodies (CSRF)", async () => {
    const json = { "content-type": "application/json" };
    const refused: [string, string, Record<string, string>, string?][] = [
      ["POST", "/_macie-local/reset", { origin: "http://evil.example", ...json }, "{}"],
      ["POST", "/_macie-local/reset", { origin: "null", ...json }, "{}"],
      ["POST", "/_macie-local/reset", { origin: `http://127.0.0.1:${em.port + 1}`, ...json }, "{}"],
      ["POST", "/_macie-local/reset", { "content-type": "text/plain" }, "{}"],
      ["POST", "/_macie-local/reset", { "content-type": "application/x-www-form-urlencoded" }, "counters=false"],
      ["POST", "/_macie-local/reset", { "content-type": "multipart/form-data; boundary=x" }, "--x--"],
      ["PUT", "/_macie-local/faults", { "sec-fetch-site": "cross-site", ...json }, '{"rules": {"*": {"error": {"rate": 1}}}}'],
      ["GET", "/_macie-local/state", { origin: "http://evil.example" }],
    ];
    for (const [method, p, headers, body] of refused) {
      const r = await request(em.port, method, p, headers, body);
      expect([method, p, headers, r.status, r.type]).toEqual([method, p, headers, 403, "AccessDeniedException"]);
      expect(r.json.message).toMatch(/other origins|JSON bodies only/);
    }
    expect(await enabled()).toBe("ENABLED");
    expect((await em.admin.getFaults()).rules).toEqual({});
    // Its own origin, and tools that send no Origin, are served.
    expect((await request(em.port, "GET", "/_macie-local/health", { origin: `http://127.0.0.1:${em.port}`, "sec-fetch-site": "same-origin" })).status).toBe(200);
    expect((await request(em.port, "POST", "/_macie-local/reset", { "content-type": "application/json; charset=utf-8" }, '{"counters": true}')).status).toBe(200);
  });

  it("answers only for its own names in Host (DNS rebinding), on the admin endpoint and the Macie API alike", async () => {
    for (const host of ["evil.example", `evil.example:${em.port}`, `127.0.0.1:${em.port + 1}`, `localhost.evil.example:${em.port}`, `macie.internal:${em.port + 1}`]) {
      for (const [method, p] of [["GET", "/_macie-local/state"], ["POST", "/_macie-local/reset"], ["GET", "/macie"], ["DELETE", "/macie"]]) {
        const r = await request(em.port, method, p, { host, authorization: FAKE_AUTH() });
        expect([host, p, r.status, r.type]).toEqual([host, p, 403, "AccessDeniedException"]);
        expect(r.json.message).toContain(`does not answer requests for Host "${host}"`);
      }
    }
    expect(await enabled()).toBe("ENABLED");
    for (const host of [`127.0.0.1:${em.port}`, `localhost:${em.port}`, `LOCALHOST:${em.port}`, `[::1]:${em.port}`, `macie.internal:${em.port}`, "proxy.internal:8443"]) {
      expect([host, (await request(em.port, "GET", "/_macie-local/health", { host })).status]).toEqual([host, 200]);
    }
  });

  it("refuses the real SDK when a rebound name points it at the emulator, unless the name is allowed", async () => {
    // Every name resolves to 127.0.0.1, as after DNS rebinding.
    const lookup = (_name: string, options: any, callback: any) =>
      options?.all ? callback(null, [{ address: "127.0.0.1", family: 4 }]) : callback(null, "127.0.0.1", 4);
    const rebound = (name: string) =>
      em.client(ACCOUNT, "us-east-1", {
        endpoint: `http://${name}:${em.port}`,
        maxAttempts: 1,
        requestHandler: { httpAgent: new http.Agent({ lookup } as http.AgentOptions) },
      });
    const err = await rebound("rebound.example").send(new DisableMacieCommand({})).catch((e) => e);
    expect([err.name, err.$metadata?.httpStatusCode]).toEqual(["AccessDeniedException", 403]);
    expect(err.message).toContain('does not answer requests for Host "rebound.example:');
    expect(await enabled()).toBe("ENABLED");
    expect((await rebound("macie.internal").send(new GetMacieSessionCommand({}))).status).toBe("ENABLED");
  });

  it("checks allowedHosts in the config", () => {
    expect(() => checkConfig({ allowedHosts: "macie.internal" })).toThrow("allowedHosts must be a list of host names");
    expect(() => checkConfig({ allowedHosts: ["a b"] })).toThrow("allowedHosts must be a list of host names");
    expect(checkConfig({ allowedHosts: ["macie.internal:4566", "[::1]"] }).allowedHosts).toHaveLength(2);
  });
});

describe("oversized and slow requests", () => {
  let em: TestEmulator;
  const LIMIT = 64 * 1024;
  beforeAll(async () => {
    // Short limits, so that the test never waits long for them.
    em = await startEmulator({ config: { limits: { maxBodyBytes: LIMIT, headersTimeoutMs: 300, requestTimeoutMs: 600 } } });
    await em.client(ACCOUNT).send(new EnableMacieCommand({}));
  });
  afterAll(() => em.stop());

  it("answers a body over the limit with 413 and an AWS-style error, through the SDK and chunked", async () => {
    const c = em.client(ACCOUNT, "us-east-1", { maxAttempts: 1 });
    const err = await c.send(new TestCustomDataIdentifierCommand({ regex: "a", sampleText: "a".repeat(LIMIT + 1) })).catch((e) => e);
    expect([err.name, err.$metadata?.httpStatusCode]).toEqual(["RequestEntityTooLargeException", 413]);
    expect(err.message).toContain(`larger than macie-local's limit of ${LIMIT} bytes`);
    // The same client goes on.
    expect((await c.send(new TestCustomDataIdentifierCommand({ regex: "a", sampleText: "a".repeat(100) }))).matchCount).toBe(100);

    // Without a Content-Length (chunked), the limit applies as the body arrives.
    const answer = await new Promise<{ status: number; type: unknown; body: any }>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port: em.port, method: "POST", path: "/custom-data-identifiers/test", headers: { authorization: FAKE_AUTH(), "content-type": "application/json" } }, (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode!, type: res.headers["x-amzn-errortype"], body: JSON.parse(text) }));
      });
      req.on("error", reject);
      for (let i = 0; i < 8; i++) req.write("x".repeat(LIMIT / 4));
      req.end();
    });
    expect(answer).toMatchObject({ status: 413, type: "RequestEntityTooLargeException", body: { __type: "RequestEntityTooLargeException" } });
    expect((await em.admin.calls()).operations.TestCustomDataIdentifier.failed).toEqual({ RequestEntityTooLargeException: 2 });
    // The admin endpoint too.
    const admin = await request(em.port, "PUT", "/_macie-local/faults", { "content-type": "application/json" }, JSON.stringify({ rules: {}, pad: "x".repeat(LIMIT) }));
    expect([admin.status, admin.type]).toEqual([413, "RequestEntityTooLargeException"]);
  });

  it("closes a slow-loris client with 408 while others are served, and keeps held responses and long polls", async () => {
    // Complete requests waiting for their answer are not "slow": a held create and a long poll.
    await em.admin.setFaults({ realRateLimits: false, rules: { CreateCustomDataIdentifier: { holdAfterCommit: { count: 1 } } } });
    const held = watch(em.client(ACCOUNT).send(new CreateCustomDataIdentifierCommand({ name: "held", regex: "x" })));
    await em.admin.holds({ min: 1 });
    const [last] = (await em.admin.requests()).slice(-1);
    const poll = watch(em.admin.waitForRequests({ since: last.seq, operation: "ListMembers" }));

    const slowLoris = (partial: string) =>
      new Promise<string>((resolve, reject) => {
        let answer = "";
        const socket = net.connect(em.port, "127.0.0.1", () => socket.write(partial));
        socket.setEncoding("utf8");
        socket.on("data", (d) => (answer += d));
        socket.on("error", reject);
        socket.on("close", () => resolve(answer));
      });
    const head = `POST /custom-data-identifiers/test HTTP/1.1\r\nHost: 127.0.0.1:${em.port}\r\nAuthorization: ${FAKE_AUTH()}\r\nContent-Type: application/json\r\n`;
    const neverEndingBody = slowLoris(`${head}Content-Length: 100\r\n\r\n{"regex":`);
    const neverEndingHeaders = slowLoris(head);
    // Served while the slow clients hang on.
    expect((await em.client(ACCOUNT).send(new GetMacieSessionCommand({}))).status).toBe("ENABLED");
    expect(await neverEndingBody).toMatch(/^HTTP\/1\.1 408/);
    expect(await neverEndingHeaders).toMatch(/^HTTP\/1\.1 408/);

    // Both waited longer than the slow clients were given, and are answered all the same.
    expect(held.settled).toBe(false);
    expect(poll.settled).toBe(false);
    await em.admin.releaseHolds();
    expect((await held.promise).customDataIdentifierId).toBeDefined();
    await em.client(ACCOUNT).send(new ListMembersCommand({}));
    expect((await poll.promise).map((r) => r.operation)).toEqual(["ListMembers"]);
  });

  it("accepts the largest legal Macie request under the default limit, and checks the limits in the config", async () => {
    const local = await startEmulator();
    try {
      const c = local.client(ACCOUNT);
      await c.send(new EnableMacieCommand({}));
      const buckets = Array.from({ length: 1000 }, (_, i) => `bucket-${String(i).padStart(4, "0")}-${"x".repeat(51)}`);
      const job = await c.send(
        new CreateClassificationJobCommand({ clientToken: "big", name: "n".repeat(500), description: "d".repeat(200), jobType: "ONE_TIME", s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets }] } }),
      );
      expect(job.jobId).toBeDefined();
    } finally {
      await local.stop();
    }
    expect(DEFAULT_LIMITS.maxBodyBytes).toBe(1024 * 1024);
    expect(() => checkConfig({ limits: { maxBodyBytes: 0 } })).toThrow("limits.maxBodyBytes must be an integer >= 1");
    expect(() => checkConfig({ limits: { headersTimeoutMs: 5000, requestTimeoutMs: 1000 } })).toThrow("limits.headersTimeoutMs (5000) must not exceed limits.requestTimeoutMs (1000)");
  });
});

describe("the media type of a body", () => {
  let em: TestEmulator;
  const OTHER = "444444444444";
  beforeAll(async () => {
    em = await startEmulator();
    await em.client(ACCOUNT).send(new EnableMacieCommand({}));
  });
  afterAll(() => em.stop());

  it("refuses a body that is not declared JSON with 415 UnsupportedMediaTypeException, changing nothing", async () => {
    const before = JSON.stringify(await em.admin.state());
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/xml", "application/hal+json", undefined]) {
      const r = await request(em.port, "POST", "/macie", { authorization: FAKE_AUTH(OTHER), ...(type ? { "content-type": type } : {}) }, "{}");
      expect([type, r.status, r.type]).toEqual([type, 415, "UnsupportedMediaTypeException"]);
      expect(r.json.message).toContain("The request body must be JSON (content-type: application/json)");
    }
    expect(JSON.stringify(await em.admin.state())).toBe(before);
    expect((await em.admin.calls()).operations.EnableMacie.failed).toEqual({ UnsupportedMediaTypeException: 5 });
  });

  it("accepts application/json with parameters and application/x-amz-json-*, and any type on a request without a body", async () => {
    for (const [account, type] of [["555555555555", "application/json; charset=utf-8"], ["666666666666", "application/x-amz-json-1.1"]]) {
      expect((await request(em.port, "POST", "/macie", { authorization: FAKE_AUTH(account), "content-type": type }, "{}")).status).toBe(200);
    }
    expect((await request(em.port, "GET", "/macie", { authorization: FAKE_AUTH(), "content-type": "text/plain" })).status).toBe(200);
  });

  it("keeps the SDK working: operations with a body, without one, and with query lists", async () => {
    await em.admin.reset({ counters: true });
    const c = em.client(ACCOUNT);
    const { arn } = await c.send(new CreateMemberCommand({ account: { accountId: "222222222222", email: "m@example.com" }, tags: { a: "1" } }));
    await c.send(new TagResourceCommand({ resourceArn: arn!, tags: { b: "2" } }));
    await c.send(new UntagResourceCommand({ resourceArn: arn!, tagKeys: ["a", "b"] }));
    expect((await c.send(new ListTagsForResourceCommand({ resourceArn: arn! }))).tags).toEqual({});
    await c.send(new DeleteMemberCommand({ id: "222222222222" }));
    expect((await c.send(new GetMacieSessionCommand({}))).status).toBe("ENABLED");
    const failed = Object.values((await em.admin.calls()).operations).flatMap((o) => Object.keys(o.failed));
    expect(failed).not.toContain("UnsupportedMediaTypeException");
  });

  it("refuses a body nested deeper than any Macie request, so that the request log stays readable", async () => {
    const depth = 100_000;
    const body = `{"a":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    const r = await request(em.port, "POST", "/findingsfilters", { authorization: FAKE_AUTH(), "content-type": "application/json" }, body);
    expect([r.status, r.type]).toEqual([400, "ValidationException"]);
    expect(r.json.message).toContain("nests deeper than 64 levels");
    const [last] = (await em.admin.requests()).slice(-1);
    expect(last).toMatchObject({ operation: "CreateFindingsFilter", status: 400 });
    const admin = await request(em.port, "PUT", "/_macie-local/faults", { "content-type": "application/json" }, body);
    expect([admin.status, admin.type]).toEqual([400, "ValidationException"]);
  });
});
