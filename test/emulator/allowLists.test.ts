/**
 * Allow lists over HTTP with the real SDK: create, get, update, delete (with job checks), list,
 * validation, idempotency and the quota.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateAllowListCommand,
  CreateClassificationJobCommand,
  DeleteAllowListCommand,
  EnableMacieCommand,
  GetAllowListCommand,
  ListAllowListsCommand,
  UpdateAllowListCommand,
  UpdateClassificationJobCommand,
  type CreateAllowListRequest,
  type Macie2Client,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";
import { expectMacieError } from "../helpers/errors";

let em: TestEmulator;
let nextAccount = 500000000001;

beforeAll(async () => {
  // One-time jobs never complete here, so a job keeps its allow lists in use until cancelled.
  em = await startEmulator({ config: { quotas: { allowListsPerAccount: 2 }, jobs: { oneTimeRunMs: -1 } } });
});
afterAll(async () => {
  await em.stop();
});

async function account(): Promise<Macie2Client> {
  const client = em.client(String(nextAccount++));
  await client.send(new EnableMacieCommand({}));
  return client;
}

const TEST_NUMBERS: CreateAllowListRequest = { name: "test-numbers", criteria: { regex: "555-\\d{4}" } };
const WORDS: CreateAllowListRequest = { name: "public-names", criteria: { s3WordsList: { bucketName: "lists-bucket", objectKey: "allow/names.txt" } } };

describe("create, get, update, delete, list", () => {
  it("creates a regex list and an S3 words list, with status OK", async () => {
    const c = await account();
    const regex = await c.send(new CreateAllowListCommand({ ...TEST_NUMBERS, description: "fake numbers", tags: { t: "1" } }));
    expect(regex.arn).toBe(`arn:aws:macie2:us-east-1:${(await c.config.credentials()).accessKeyId}:allow-list/${regex.id}`);
    const got = await c.send(new GetAllowListCommand({ id: regex.id }));
    expect(got).toMatchObject({ ...TEST_NUMBERS, description: "fake numbers", id: regex.id, arn: regex.arn, status: { code: "OK" }, tags: { t: "1" } });
    expect(got.createdAt).toBeInstanceOf(Date);
    expect(got.updatedAt).toEqual(got.createdAt);

    const words = await c.send(new CreateAllowListCommand(WORDS));
    expect(await c.send(new GetAllowListCommand({ id: words.id }))).toMatchObject({ ...WORDS, status: { code: "OK" } });

    const { allowLists } = await c.send(new ListAllowListsCommand({}));
    expect(allowLists!.map((a) => [a.id, a.name])).toEqual([
      [regex.id, "test-numbers"],
      [words.id, "public-names"],
    ]);
    const page = await c.send(new ListAllowListsCommand({ maxResults: 1 }));
    expect(page.allowLists).toHaveLength(1);
    const rest = await c.send(new ListAllowListsCommand({ maxResults: 1, nextToken: page.nextToken }));
    expect(rest.allowLists![0].id).toBe(words.id);
  });

  it("updates name, criteria and description as a whole (PUT), and refreshes updatedAt", async () => {
    const c = await account();
    const { id } = await c.send(new CreateAllowListCommand({ ...TEST_NUMBERS, description: "old" }));
    await em.admin.advanceClock(1000);
    const updated = await c.send(new UpdateAllowListCommand({ id, name: "renamed", criteria: { regex: "556-\\d{4}" } }));
    expect(updated.id).toBe(id);
    const got = await c.send(new GetAllowListCommand({ id }));
    expect(got).toMatchObject({ name: "renamed", criteria: { regex: "556-\\d{4}" } });
    expect(got.description).toBeUndefined();
    expect(got.updatedAt!.getTime()).toBeGreaterThan(got.createdAt!.getTime());
  });

  it("refuses to switch a list between regex and s3WordsList", async () => {
    const c = await account();
    const { id } = await c.send(new CreateAllowListCommand(TEST_NUMBERS));
    await expectMacieError(c.send(new UpdateAllowListCommand({ id, ...WORDS })), "ValidationException", "criteria cannot change from regex to s3WordsList");
    const words = await c.send(new CreateAllowListCommand(WORDS));
    await expectMacieError(c.send(new UpdateAllowListCommand({ id: words.id, ...TEST_NUMBERS })), "ValidationException", "from s3WordsList to regex");
  });

  it("requires name and criteria on update", async () => {
    const c = await account();
    const { id } = await c.send(new CreateAllowListCommand(TEST_NUMBERS));
    await expectMacieError(c.send(new UpdateAllowListCommand({ id, criteria: TEST_NUMBERS.criteria } as any)), "ValidationException", "name is required");
    await expectMacieError(c.send(new UpdateAllowListCommand({ id, name: "x" } as any)), "ValidationException", "criteria is required");
    expect((await c.send(new GetAllowListCommand({ id }))).name).toBe("test-numbers");
  });

  it("answers 404 naming an unknown id", async () => {
    const c = await account();
    await expectMacieError(c.send(new GetAllowListCommand({ id: "feed" })), "ResourceNotFoundException", "feed");
    await expectMacieError(c.send(new UpdateAllowListCommand({ id: "feed", ...TEST_NUMBERS })), "ResourceNotFoundException", "feed");
    await expectMacieError(c.send(new DeleteAllowListCommand({ id: "feed" })), "ResourceNotFoundException", "feed");
  });
});

describe("DeleteAllowList and jobs", () => {
  const job = (allowListIds: string[]) =>
    new CreateClassificationJobCommand({
      name: "uses-lists",
      jobType: "ONE_TIME",
      s3JobDefinition: { bucketDefinitions: [{ accountId: "111111111111", buckets: ["data-bucket"] }] },
      allowListIds,
    });

  it("refuses while an active job uses the list, unless ignoreJobChecks is true", async () => {
    const c = await account();
    const { id } = await c.send(new CreateAllowListCommand(TEST_NUMBERS));
    const { jobId } = await c.send(job([id!]));
    await expectMacieError(c.send(new DeleteAllowListCommand({ id })), "ConflictException", `Allow list ${id} is used by classification jobs`, jobId!);
    await expectMacieError(c.send(new DeleteAllowListCommand({ id, ignoreJobChecks: "false" })), "ConflictException", jobId!);
    await expectMacieError(c.send(new DeleteAllowListCommand({ id, ignoreJobChecks: "maybe" })), "ValidationException", "ignoreJobChecks must be true or false");
    await c.send(new DeleteAllowListCommand({ id, ignoreJobChecks: "true" }));
    await expectMacieError(c.send(new GetAllowListCommand({ id })), "ResourceNotFoundException", id!);
  });

  it("allows the delete once the job is cancelled", async () => {
    const c = await account();
    const { id } = await c.send(new CreateAllowListCommand(TEST_NUMBERS));
    const { jobId } = await c.send(job([id!]));
    await c.send(new UpdateClassificationJobCommand({ jobId, jobStatus: "CANCELLED" }));
    await c.send(new DeleteAllowListCommand({ id }));
    expect((await c.send(new ListAllowListsCommand({}))).allowLists).toEqual([]);
  });

  it("lets a job use only allow lists that exist", async () => {
    const c = await account();
    await expectMacieError(c.send(job(["nope"])), "ResourceNotFoundException", "allowListIds[0]", "nope");
  });
});

describe("validation", () => {
  const cases: [string, any, string][] = [
    ["a missing name", { name: undefined }, "name is required"],
    ["a name of 129 characters", { name: "n".repeat(129) }, "name must be at most 128"],
    ["a description of 513 characters", { description: "d".repeat(513) }, "description must be at most 512"],
    ["missing criteria", { criteria: undefined }, "criteria is required"],
    ["empty criteria", { criteria: {} }, "criteria must specify exactly one of regex, s3WordsList"],
    ["both kinds of criteria", { criteria: { regex: "a", s3WordsList: WORDS.criteria!.s3WordsList } }, "criteria must specify exactly one of regex, s3WordsList (got both)"],
    ["a regex of 513 characters", { criteria: { regex: "a".repeat(513) } }, "criteria.regex must be at most 512"],
    ["a regex that does not compile", { criteria: { regex: "[a-" } }, "criteria.regex is not a valid regular expression"],
    ["a words list without object key", { criteria: { s3WordsList: { bucketName: "lists-bucket" } } }, "criteria.s3WordsList.objectKey is required"],
    ["a words list with an invalid bucket", { criteria: { s3WordsList: { bucketName: "no", objectKey: "k" } } }, "criteria.s3WordsList.bucketName"],
  ];
  for (const [what, change, message] of cases) {
    it(`refuses ${what}`, async () => {
      const c = em.client("500000000000");
      await c.send(new EnableMacieCommand({})).catch(() => undefined);
      await expectMacieError(c.send(new CreateAllowListCommand({ ...TEST_NUMBERS, ...change })), "ValidationException", message);
    });
  }
});

describe("idempotency and quota", () => {
  it("returns the first list for a repeated clientToken", async () => {
    const c = await account();
    const first = await c.send(new CreateAllowListCommand({ ...TEST_NUMBERS, clientToken: "k" }));
    const again = await c.send(new CreateAllowListCommand({ ...TEST_NUMBERS, clientToken: "k" }));
    expect(again).toMatchObject({ id: first.id, arn: first.arn });
    expect((await c.send(new ListAllowListsCommand({}))).allowLists).toHaveLength(1);
  });

  it("answers 402 beyond the quota, and frees a place on delete", async () => {
    const c = await account();
    const { id } = await c.send(new CreateAllowListCommand(TEST_NUMBERS));
    await c.send(new CreateAllowListCommand(WORDS));
    await expectMacieError(c.send(new CreateAllowListCommand(TEST_NUMBERS)), "ServiceQuotaExceededException", "quota of 2 allow lists");
    await c.send(new DeleteAllowListCommand({ id }));
    await c.send(new CreateAllowListCommand(TEST_NUMBERS));
  });
});
