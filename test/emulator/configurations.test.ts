/**
 * The export and publication configurations over HTTP with the real SDK.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EnableMacieCommand,
  GetClassificationExportConfigurationCommand,
  GetFindingsPublicationConfigurationCommand,
  PutClassificationExportConfigurationCommand,
  PutFindingsPublicationConfigurationCommand,
  type Macie2Client,
  type S3Destination,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";
import { expectMacieError } from "../helpers/errors";

let em: TestEmulator;
let nextAccount = 300000000001;

beforeAll(async () => {
  em = await startEmulator();
});
afterAll(async () => {
  await em.stop();
});

async function account(region = "us-east-1"): Promise<Macie2Client> {
  const client = em.client(String(nextAccount++), region);
  await client.send(new EnableMacieCommand({}));
  return client;
}

const DESTINATION: S3Destination = {
  bucketName: "macie-results-111111111111",
  kmsKeyArn: "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  keyPrefix: "results/",
  expectedBucketOwner: "111111111111",
};

describe("classification export configuration", () => {
  it("is empty before any Put", async () => {
    const c = await account();
    expect((await c.send(new GetClassificationExportConfigurationCommand({}))).configuration).toEqual({});
  });

  it("stores, replaces and clears the S3 destination", async () => {
    const c = await account();
    const put = await c.send(new PutClassificationExportConfigurationCommand({ configuration: { s3Destination: DESTINATION } }));
    expect(put.configuration).toEqual({ s3Destination: DESTINATION });
    expect((await c.send(new GetClassificationExportConfigurationCommand({}))).configuration).toEqual({ s3Destination: DESTINATION });

    const minimal = { bucketName: "other-bucket", kmsKeyArn: DESTINATION.kmsKeyArn };
    await c.send(new PutClassificationExportConfigurationCommand({ configuration: { s3Destination: minimal } }));
    expect((await c.send(new GetClassificationExportConfigurationCommand({}))).configuration).toEqual({ s3Destination: minimal });

    const cleared = await c.send(new PutClassificationExportConfigurationCommand({ configuration: {} }));
    expect(cleared.configuration).toEqual({});
    expect((await c.send(new GetClassificationExportConfigurationCommand({}))).configuration).toEqual({});
  });

  it("keeps one configuration per account and Region", async () => {
    const c = await account();
    const account2 = (await c.config.credentials()).accessKeyId;
    await c.send(new PutClassificationExportConfigurationCommand({ configuration: { s3Destination: DESTINATION } }));
    const west = em.client(account2, "eu-west-1");
    await west.send(new EnableMacieCommand({}));
    expect((await west.send(new GetClassificationExportConfigurationCommand({}))).configuration).toEqual({});
    const other = await account();
    expect((await other.send(new GetClassificationExportConfigurationCommand({}))).configuration).toEqual({});
  });

  const cases: [string, any, string][] = [
    ["a missing configuration", undefined, "configuration is required"],
    ["a missing bucket name", { s3Destination: { ...DESTINATION, bucketName: undefined } }, "configuration.s3Destination.bucketName is required"],
    ["an invalid bucket name", { s3Destination: { ...DESTINATION, bucketName: "my bucket" } }, 'configuration.s3Destination.bucketName "my bucket" is not a valid S3 bucket name'],
    ["a missing key ARN", { s3Destination: { ...DESTINATION, kmsKeyArn: undefined } }, "configuration.s3Destination.kmsKeyArn is required"],
    ["a key id instead of a key ARN", { s3Destination: { ...DESTINATION, kmsKeyArn: "1234abcd-12ab-34cd-56ef-1234567890ab" } }, "configuration.s3Destination.kmsKeyArn must be the ARN of a KMS key"],
    ["an S3 ARN as key ARN", { s3Destination: { ...DESTINATION, kmsKeyArn: "arn:aws:s3:::bucket" } }, "kmsKeyArn must be the ARN of a KMS key"],
    ["an alias ARN as key ARN", { s3Destination: { ...DESTINATION, kmsKeyArn: "arn:aws:kms:us-east-1:111111111111:alias/macie" } }, "kmsKeyArn must be the ARN of a KMS key"],
    ["an invalid expected bucket owner", { s3Destination: { ...DESTINATION, expectedBucketOwner: "1234" } }, "configuration.s3Destination.expectedBucketOwner must be a 12-digit"],
  ];
  for (const [what, configuration, message] of cases) {
    it(`refuses ${what} and keeps the current configuration`, async () => {
      const c = await account();
      await c.send(new PutClassificationExportConfigurationCommand({ configuration: { s3Destination: DESTINATION } }));
      await expectMacieError(c.send(new PutClassificationExportConfigurationCommand({ configuration })), "ValidationException", message);
      expect((await c.send(new GetClassificationExportConfigurationCommand({}))).configuration).toEqual({ s3Destination: DESTINATION });
    });
  }

  it("requires Macie to be enabled", async () => {
    const c = em.client("399999999999");
    await expectMacieError(c.send(new GetClassificationExportConfigurationCommand({})), "AccessDeniedException", "Macie is not enabled");
  });
});

describe("findings publication configuration", () => {
  it("defaults to publishing policy findings only", async () => {
    const c = await account();
    expect((await c.send(new GetFindingsPublicationConfigurationCommand({}))).securityHubConfiguration).toEqual({
      publishClassificationFindings: false,
      publishPolicyFindings: true,
    });
  });

  it("stores both settings", async () => {
    const c = await account();
    const securityHubConfiguration = { publishClassificationFindings: true, publishPolicyFindings: false };
    await c.send(new PutFindingsPublicationConfigurationCommand({ securityHubConfiguration }));
    expect((await c.send(new GetFindingsPublicationConfigurationCommand({}))).securityHubConfiguration).toEqual(securityHubConfiguration);
  });

  it("requires both settings", async () => {
    const c = await account();
    await expectMacieError(
      c.send(new PutFindingsPublicationConfigurationCommand({ securityHubConfiguration: { publishPolicyFindings: false } as any })),
      "ValidationException",
      "securityHubConfiguration.publishClassificationFindings is required",
    );
    await expectMacieError(
      c.send(new PutFindingsPublicationConfigurationCommand({ securityHubConfiguration: { publishClassificationFindings: true } as any })),
      "ValidationException",
      "securityHubConfiguration.publishPolicyFindings is required",
    );
    expect((await c.send(new GetFindingsPublicationConfigurationCommand({}))).securityHubConfiguration).toEqual({
      publishClassificationFindings: false,
      publishPolicyFindings: true,
    });
  });

  it("replays the first result of a repeated clientToken without applying the second request", async () => {
    const c = await account();
    await c.send(new PutFindingsPublicationConfigurationCommand({ clientToken: "t", securityHubConfiguration: { publishClassificationFindings: true, publishPolicyFindings: true } }));
    await c.send(new PutFindingsPublicationConfigurationCommand({ clientToken: "t", securityHubConfiguration: { publishClassificationFindings: false, publishPolicyFindings: false } }));
    expect((await c.send(new GetFindingsPublicationConfigurationCommand({}))).securityHubConfiguration).toEqual({
      publishClassificationFindings: true,
      publishPolicyFindings: true,
    });
  });
});
