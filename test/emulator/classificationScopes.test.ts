/**
 * The classification scope of automated sensitive data discovery over HTTP with the real SDK:
 * Get/Update/ListClassificationScopes, ADD/REMOVE/REPLACE, bucket names as Macie takes them,
 * members, and DisableMacie.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AcceptInvitationCommand,
  CreateInvitationsCommand,
  CreateMemberCommand,
  DisableMacieCommand,
  EnableMacieCommand,
  GetAutomatedDiscoveryConfigurationCommand,
  GetClassificationScopeCommand,
  ListClassificationScopesCommand,
  ListInvitationsCommand,
  UpdateClassificationScopeCommand,
  type Macie2Client,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";
import { expectMacieError } from "../helpers/errors";

let em: TestEmulator;
let nextAccount = 610000000000;

beforeAll(async () => {
  em = await startEmulator();
});
afterAll(async () => {
  await em.stop();
});

/** A fresh account with Macie enabled, and its classification scope id. */
async function account(region = "us-east-1"): Promise<{ c: Macie2Client; id: string; accountId: string }> {
  const accountId = String(nextAccount++);
  const c = em.client(accountId, region);
  await c.send(new EnableMacieCommand({}));
  const { classificationScopeId } = await c.send(new GetAutomatedDiscoveryConfigurationCommand({}));
  return { c, id: classificationScopeId!, accountId };
}

const excluded = async (c: Macie2Client, id: string) => (await c.send(new GetClassificationScopeCommand({ id }))).s3!.excludes!.bucketNames;
const update = (c: Macie2Client, id: string, operation: string, bucketNames: string[]) =>
  c.send(new UpdateClassificationScopeCommand({ id, s3: { excludes: { operation: operation as any, bucketNames } } }));

describe("the classification scope", () => {
  it("exists once Macie is enabled, with the id GetAutomatedDiscoveryConfiguration gives, and excludes nothing", async () => {
    const { c, id } = await account();
    expect(id).toMatch(/^[0-9a-z]+$/);
    const got = await c.send(new GetClassificationScopeCommand({ id }));
    expect(got).toMatchObject({ id, name: "automated-sensitive-data-discovery", s3: { excludes: { bucketNames: [] } } });
  });

  it("is listed, alone, and found by its name", async () => {
    const { c, id } = await account();
    expect((await c.send(new ListClassificationScopesCommand({}))).classificationScopes).toEqual([{ id, name: "automated-sensitive-data-discovery" }]);
    const byName = await c.send(new ListClassificationScopesCommand({ name: "automated-sensitive-data-discovery" }));
    expect(byName.classificationScopes).toEqual([{ id, name: "automated-sensitive-data-discovery" }]);
    expect(byName.nextToken).toBeUndefined();
    expect((await c.send(new ListClassificationScopesCommand({ name: "other" }))).classificationScopes).toEqual([]);
    await expectMacieError(c.send(new ListClassificationScopesCommand({ nextToken: "not-a-token!" })), "ValidationException", "nextToken is invalid");
  });

  it("is one per account and Region", async () => {
    const a = await account();
    const b = await account();
    const west = em.client(a.accountId, "eu-west-1");
    await west.send(new EnableMacieCommand({}));
    const westId = (await west.send(new GetAutomatedDiscoveryConfigurationCommand({}))).classificationScopeId!;
    expect(new Set([a.id, b.id, westId]).size).toBe(3);
    await update(a.c, a.id, "ADD", ["only-in-east"]);
    expect(await excluded(west, westId)).toEqual([]);
    expect(await excluded(b.c, b.id)).toEqual([]);
    await expectMacieError(b.c.send(new GetClassificationScopeCommand({ id: a.id })), "ResourceNotFoundException", `Classification scope ${a.id} was not found`);
  });
});

describe("updating the excluded buckets", () => {
  it("ADD appends names not yet there, in order, once each", async () => {
    const { c, id } = await account();
    await update(c, id, "ADD", ["logs-a", "logs-b"]);
    await update(c, id, "ADD", ["logs-b", "logs-c", "logs-c"]);
    expect(await excluded(c, id)).toEqual(["logs-a", "logs-b", "logs-c"]);
  });

  it("REMOVE drops the given names and ignores names that are not there", async () => {
    const { c, id } = await account();
    await update(c, id, "ADD", ["logs-a", "logs-b", "logs-c"]);
    await update(c, id, "REMOVE", ["logs-a", "never-added"]);
    expect(await excluded(c, id)).toEqual(["logs-b", "logs-c"]);
  });

  it("REPLACE makes the list exactly the given names, and an empty REPLACE clears it", async () => {
    const { c, id } = await account();
    await update(c, id, "ADD", ["logs-a", "logs-b"]);
    await update(c, id, "REPLACE", ["logs-z", "logs-b"]);
    expect(await excluded(c, id)).toEqual(["logs-z", "logs-b"]);
    await update(c, id, "REPLACE", []);
    expect(await excluded(c, id)).toEqual([]);
  });

  it("keeps names case sensitive, and takes legacy names (capitals, underscores, up to 255 characters)", async () => {
    const { c, id } = await account();
    const long = "L".repeat(255);
    await update(c, id, "ADD", ["Legacy_Bucket", "legacy_bucket", long, "a.b"]);
    expect(await excluded(c, id)).toEqual(["Legacy_Bucket", "legacy_bucket", long, "a.b"]);
    await update(c, id, "REMOVE", ["LEGACY_BUCKET"]);
    expect(await excluded(c, id)).toHaveLength(4);
  });

  it("changes nothing without s3", async () => {
    const { c, id } = await account();
    await update(c, id, "ADD", ["logs-a"]);
    await c.send(new UpdateClassificationScopeCommand({ id }));
    expect(await excluded(c, id)).toEqual(["logs-a"]);
  });

  it("excludes at most 1,000 buckets", async () => {
    const { c, id } = await account();
    const thousand = Array.from({ length: 1000 }, (_, i) => `bucket-${i}`);
    await update(c, id, "REPLACE", thousand);
    await expectMacieError(update(c, id, "ADD", ["one-more"]), "ValidationException", "at most 1000 buckets", "ADD would make 1001");
    await update(c, id, "ADD", ["bucket-7"]); // already there: still 1,000
    expect(await excluded(c, id)).toEqual(thousand);
    await expectMacieError(update(c, id, "REPLACE", [...thousand, "one-more"]), "ValidationException", "REPLACE would make 1001");
  });

  const cases: [string, any, string][] = [
    ["s3 without excludes", { s3: {} }, "s3.excludes is required"],
    ["excludes without operation", { s3: { excludes: { bucketNames: ["logs-a"] } } }, "s3.excludes.operation is required"],
    ["an unknown operation", { s3: { excludes: { operation: "APPEND", bucketNames: ["logs-a"] } } }, "s3.excludes.operation must be one of ADD, REPLACE, REMOVE"],
    ["excludes without bucketNames", { s3: { excludes: { operation: "ADD" } } }, "s3.excludes.bucketNames is required"],
    ["a bucket name of 2 characters", { s3: { excludes: { operation: "ADD", bucketNames: ["ok-name", "ab"] } } }, 's3.excludes.bucketNames[1] "ab" is not a valid S3 bucket name'],
    ["a bucket name of 256 characters", { s3: { excludes: { operation: "ADD", bucketNames: ["b".repeat(256)] } } }, "s3.excludes.bucketNames[0]"],
    ["a bucket name with a slash", { s3: { excludes: { operation: "REPLACE", bucketNames: ["logs/2024"] } } }, 's3.excludes.bucketNames[0] "logs/2024"'],
    ["a bucket name with a space", { s3: { excludes: { operation: "REMOVE", bucketNames: ["my logs"] } } }, "s3.excludes.bucketNames[0]"],
    ["a bucket name that is not a string", { s3: { excludes: { operation: "ADD", bucketNames: [42] } } }, "s3.excludes.bucketNames[0] must be a string"],
  ];
  for (const [what, body, message] of cases) {
    it(`refuses ${what} and changes nothing`, async () => {
      const { c, id } = await account();
      await update(c, id, "ADD", ["kept-bucket"]);
      await expectMacieError(c.send(new UpdateClassificationScopeCommand({ id, ...body })), "ValidationException", message);
      expect(await excluded(c, id)).toEqual(["kept-bucket"]);
    });
  }

  it("answers 404 for another id", async () => {
    const { c } = await account();
    await expectMacieError(c.send(new GetClassificationScopeCommand({ id: "0123456789abcdef" })), "ResourceNotFoundException", "Classification scope 0123456789abcdef was not found");
    await expectMacieError(update(c, "0123456789abcdef", "ADD", ["logs-a"]), "ResourceNotFoundException", "0123456789abcdef");
  });
});

describe("who and when", () => {
  it("needs Macie enabled", async () => {
    const c = em.client(String(nextAccount++));
    await expectMacieError(c.send(new GetClassificationScopeCommand({ id: "abc" })), "AccessDeniedException", "Macie is not enabled");
    await expectMacieError(update(c, "abc", "ADD", ["logs-a"]), "AccessDeniedException", "Macie is not enabled");
    await expectMacieError(c.send(new ListClassificationScopesCommand({})), "AccessDeniedException", "Macie is not enabled");
  });

  it("loses its exclusions when Macie is disabled, and has the same id when Macie is enabled again", async () => {
    const { c, id } = await account();
    await update(c, id, "ADD", ["logs-a"]);
    await c.send(new DisableMacieCommand({}));
    await expectMacieError(c.send(new GetClassificationScopeCommand({ id })), "AccessDeniedException", "Macie is not enabled");
    await c.send(new EnableMacieCommand({}));
    expect((await c.send(new GetAutomatedDiscoveryConfigurationCommand({}))).classificationScopeId).toBe(id);
    expect(await excluded(c, id)).toEqual([]);
  });

  it("keeps its exclusions across a restart from the state file", async () => {
    const statePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "macie-scope-")), "state.json");
    let local = await startEmulator({ statePath });
    try {
      const c = local.client("619999999999");
      await c.send(new EnableMacieCommand({}));
      const config = await c.send(new GetAutomatedDiscoveryConfigurationCommand({}));
      await update(c, config.classificationScopeId!, "ADD", ["Legacy_Logs", "logs-b"]);
      await local.stop();
      local = await startEmulator({ statePath });
      expect(await excluded(local.client("619999999999"), config.classificationScopeId!)).toEqual(["Legacy_Logs", "logs-b"]);
    } finally {
      await local.stop();
    }
  });

  it("is read but not updated by a member account: its administrator's scope applies", async () => {
    const admin = await account();
    const member = await account();
    await admin.c.send(new CreateMemberCommand({ account: { accountId: member.accountId, email: "m@example.com" } }));
    await admin.c.send(new CreateInvitationsCommand({ accountIds: [member.accountId] }));
    const [invitation] = (await member.c.send(new ListInvitationsCommand({}))).invitations!;
    await member.c.send(new AcceptInvitationCommand({ administratorAccountId: admin.accountId, invitationId: invitation.invitationId }));

    expect(await excluded(member.c, member.id)).toEqual([]);
    await expectMacieError(update(member.c, member.id, "ADD", ["logs-a"]), "AccessDeniedException", `member of Macie administrator account ${admin.accountId}`, "classification scope");
    expect(await excluded(member.c, member.id)).toEqual([]);
    await update(admin.c, admin.id, "ADD", ["logs-a"]);
    expect(await excluded(admin.c, admin.id)).toEqual(["logs-a"]);
  });
});
