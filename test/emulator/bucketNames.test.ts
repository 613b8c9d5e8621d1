/**
 * Bucket names as Macie takes them (the API model's S3BucketName, `^[A-Za-z0-9.\-_]{3,255}$`),
 * wherever macie-local takes a bucket name: allow lists' s3WordsList, jobs' bucketDefinitions and
 * the export destination (the classification scope is in classificationScopes.test.ts). Also the
 * model's other allow-list limits: a description of at least 1 character, a name on one line, ids of
 * 22 characters.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateAllowListCommand,
  CreateClassificationJobCommand,
  DescribeClassificationJobCommand,
  EnableMacieCommand,
  GetAllowListCommand,
  GetClassificationExportConfigurationCommand,
  PutClassificationExportConfigurationCommand,
  UpdateAllowListCommand,
  type Macie2Client,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";
import { expectMacieError } from "../helpers/errors";

let em: TestEmulator;
let nextAccount = 640000000000;

beforeAll(async () => {
  em = await startEmulator();
});
afterAll(async () => {
  await em.stop();
});

async function account(): Promise<Macie2Client> {
  const c = em.client(String(nextAccount++));
  await c.send(new EnableMacieCommand({}));
  return c;
}

/** Names created in us-east-1 before March 2018 that Macie still works with. */
const LEGACY = ["Legacy_Bucket", "UPPER.case-name", "a".repeat(255), "___"];
/** Names no S3 bucket can have. */
const INVALID: [string, string][] = [
  ["two characters", "ab"],
  ["256 characters", "a".repeat(256)],
  ["a slash", "logs/2024"],
  ["a space", "my bucket"],
  ["a colon", "arn:bucket"],
  ["a non-ASCII letter", "bücket"],
];

const words = (bucketName: string) => ({ s3WordsList: { bucketName, objectKey: "allow/words.txt" } });

describe("allow lists' s3WordsList.bucketName", () => {
  for (const name of LEGACY) {
    it(`takes the legacy name ${name.length > 40 ? `of ${name.length} characters` : name}`, async () => {
      const c = await account();
      const { id } = await c.send(new CreateAllowListCommand({ name: "words", criteria: words(name) }));
      expect((await c.send(new GetAllowListCommand({ id }))).criteria).toEqual(words(name));
    });
  }
  for (const [what, name] of INVALID) {
    it(`refuses a name with ${what}`, async () => {
      const c = await account();
      await expectMacieError(c.send(new CreateAllowListCommand({ name: "words", criteria: words(name) })), "ValidationException", "criteria.s3WordsList.bucketName", "is not a valid S3 bucket name");
    });
  }
});

describe("jobs' bucketDefinitions", () => {
  it("take legacy names and refuse invalid ones", async () => {
    const c = await account();
    const job = (buckets: string[]) =>
      c.send(
        new CreateClassificationJobCommand({
          clientToken: `t-${buckets.join(",").length}-${buckets[0]}`,
          name: "legacy",
          jobType: "ONE_TIME",
          s3JobDefinition: { bucketDefinitions: [{ accountId: "111111111111", buckets }] },
        }),
      );
    const { jobId } = await job(LEGACY);
    expect((await c.send(new DescribeClassificationJobCommand({ jobId }))).s3JobDefinition!.bucketDefinitions![0].buckets).toEqual(LEGACY);
    for (const [, name] of INVALID) {
      await expectMacieError(job(["fine-bucket", name]), "ValidationException", "s3JobDefinition.bucketDefinitions[0].buckets[1]", "is not a valid S3 bucket name");
    }
  });
});

describe("the export destination's bucketName", () => {
  const KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  it("takes a legacy name and refuses an invalid one", async () => {
    const c = await account();
    const put = (bucketName: string) => c.send(new PutClassificationExportConfigurationCommand({ configuration: { s3Destination: { bucketName, kmsKeyArn: KEY } } }));
    await put("Legacy_Results");
    expect((await c.send(new GetClassificationExportConfigurationCommand({}))).configuration!.s3Destination!.bucketName).toBe("Legacy_Results");
    for (const [, name] of INVALID) {
      await expectMacieError(put(name), "ValidationException", "configuration.s3Destination.bucketName", "is not a valid S3 bucket name");
    }
  });
});

describe("allow lists' description and name", () => {
  it("refuse an empty description on create and update (the model's minimum is 1)", async () => {
    const c = await account();
    await expectMacieError(c.send(new CreateAllowListCommand({ name: "n", description: "", criteria: { regex: "x" } })), "ValidationException", "description must be at least 1 characters long");
    const { id } = await c.send(new CreateAllowListCommand({ name: "n", description: "d", criteria: { regex: "x" } }));
    await expectMacieError(c.send(new UpdateAllowListCommand({ id, name: "n", description: "", criteria: { regex: "x" } })), "ValidationException", "description must be at least 1");
    expect((await c.send(new GetAllowListCommand({ id }))).description).toBe("d");
  });

  it("have ids of 22 lowercase letters and digits, as the model's allow-list ids", async () => {
    const c = await account();
    const { id, arn } = await c.send(new CreateAllowListCommand({ name: "n", criteria: { regex: "x" } }));
    expect(id).toMatch(/^[a-z0-9]{22}$/);
    expect(arn).toMatch(/^arn:(aws|aws-cn|aws-us-gov):macie2:[a-z1-9-]{9,20}:\d{12}:allow-list\/[a-z0-9]{22}$/);
  });

  it("refuse a name with a line break (the model's pattern ^.+$)", async () => {
    const c = await account();
    for (const name of ["two\nlines", "carriage\rreturn", "line\u2028separator"]) {
      await expectMacieError(c.send(new CreateAllowListCommand({ name, criteria: { regex: "x" } })), "ValidationException", "name must be on one line");
    }
    const { id } = await c.send(new CreateAllowListCommand({ name: "tabs\tand spaces are fine", criteria: { regex: "x" } }));
    expect((await c.send(new GetAllowListCommand({ id }))).name).toBe("tabs\tand spaces are fine");
  });
});
