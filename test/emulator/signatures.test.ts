/** SigV4 verification for keys whose secret the config knows. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateMemberCommand,
  EnableMacieCommand,
  GetMacieSessionCommand,
  ListMembersCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateMacieSessionCommand,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";

const ACCOUNT = "111111111111";
let em: TestEmulator;
beforeAll(async () => {
  em = await startEmulator({
    config: { secretKeys: { [ACCOUNT]: "right-secret", AKIAEXAMPLEKEY: "other/secret+with=chars" }, accessKeys: { AKIAEXAMPLEKEY: "555555555555" } },
  });
});
afterAll(() => em.stop());

const withSecret = (accessKeyId: string, secretAccessKey: string, region = "us-east-1") =>
  em.client(accessKeyId, region, { credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });

describe("signatures", () => {
  it("accepts correctly signed requests: bodies, encoded ARN labels, query lists and query parameters", async () => {
    const c = withSecret(ACCOUNT, "right-secret");
    await c.send(new EnableMacieCommand({ findingPublishingFrequency: "ONE_HOUR" }));
    const { arn } = await c.send(new CreateMemberCommand({ account: { accountId: "222222222222", email: "m+x@example.com" }, tags: { "a b": "c/d" } }));
    await c.send(new TagResourceCommand({ resourceArn: arn!, tags: { "key with space": "v=1&2" } }));
    await c.send(new UntagResourceCommand({ resourceArn: arn!, tagKeys: ["a b", "key with space"] }));
    expect((await c.send(new ListTagsForResourceCommand({ resourceArn: arn! }))).tags).toEqual({});
    expect((await c.send(new ListMembersCommand({ onlyAssociated: "false", maxResults: 5 }))).members).toHaveLength(1);
    const other = withSecret("AKIAEXAMPLEKEY", "other/secret+with=chars", "eu-west-3");
    await other.send(new EnableMacieCommand({}));
    expect((await other.send(new GetMacieSessionCommand({}))).serviceRole).toContain("555555555555");
  });

  it("rejects a wrong secret with 403 InvalidSignatureException, before anything changes", async () => {
    const bad = withSecret(ACCOUNT, "wrong-secret");
    const err = await bad.send(new UpdateMacieSessionCommand({ findingPublishingFrequency: "SIX_HOURS" })).catch((e) => e);
    expect(err.name).toBe("InvalidSignatureException");
    expect(err.$metadata.httpStatusCode).toBe(403);
    expect(err.message).toContain("The request signature we calculated does not match the signature you provided");
    const err2 = await withSecret("AKIAEXAMPLEKEY", "nope", "eu-west-3").send(new GetMacieSessionCommand({})).catch((e) => e);
    expect(err2.name).toBe("InvalidSignatureException");
    const calls = await em.admin.calls();
    expect(calls.operations.GetMacieSession.failed.InvalidSignatureException).toBe(1);
    expect((await withSecret(ACCOUNT, "right-secret").send(new GetMacieSessionCommand({}))).findingPublishingFrequency).toBe("ONE_HOUR");
  });

  it("rejects a request changed after signing (body or query)", async () => {
    const tampered = (change: (request: any) => void) => {
      const c = withSecret(ACCOUNT, "right-secret");
      // The deserialize step runs after signing, just before the request is sent.
      c.middlewareStack.add((next: any) => (args: any) => (change(args.request), next(args)), { step: "deserialize", name: "tamper" });
      return c;
    };
    const body = await tampered((r) => {
      r.body = JSON.stringify({ findingPublishingFrequency: "SIX_HOURS" });
      r.headers["content-length"] = String(Buffer.byteLength(r.body));
    })
      .send(new UpdateMacieSessionCommand({ findingPublishingFrequency: "FIFTEEN_MINUTES" }))
      .catch((e) => e);
    expect(body.name).toBe("InvalidSignatureException");
    expect(body.message).toContain("x-amz-content-sha256");
    const query = await tampered((r) => (r.query = { ...r.query, onlyAssociated: "true" }))
      .send(new ListMembersCommand({ onlyAssociated: "false" }))
      .catch((e) => e);
    expect(query.name).toBe("InvalidSignatureException");
    expect(query.message).toContain("The request signature we calculated does not match");
    expect((await withSecret(ACCOUNT, "right-secret").send(new GetMacieSessionCommand({}))).findingPublishingFrequency).toBe("ONE_HOUR");
  });

  it("does not verify keys whose secret it does not know", async () => {
    const c = withSecret("666666666666", "anything");
    await c.send(new EnableMacieCommand({}));
    expect((await c.send(new GetMacieSessionCommand({}))).status).toBe("ENABLED");
  });
});

