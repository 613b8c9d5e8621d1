/**
 * Resource profiles over HTTP with the real SDK: GetResourceProfile, UpdateResourceProfile,
 * UpdateResourceProfileDetections, ListResourceProfileDetections, ListResourceProfileArtifacts,
 * and the documented simulation of automated discovery (docs/emulator.md).
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BatchUpdateAutomatedDiscoveryAccountsCommand,
  CreateCustomDataIdentifierCommand,
  CreateMemberCommand,
  DisableMacieCommand,
  EnableMacieCommand,
  EnableOrganizationAdminAccountCommand,
  GetAutomatedDiscoveryConfigurationCommand,
  GetResourceProfileCommand,
  ListManagedDataIdentifiersCommand,
  ListResourceProfileArtifactsCommand,
  ListResourceProfileDetectionsCommand,
  UpdateAutomatedDiscoveryConfigurationCommand,
  UpdateClassificationScopeCommand,
  UpdateResourceProfileCommand,
  UpdateResourceProfileDetectionsCommand,
  UpdateSensitivityInspectionTemplateCommand,
  type Detection,
  type Macie2Client,
  type SuppressDataIdentifier,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";
import { expectMacieError } from "../helpers/errors";

const MANAGEMENT = "650000000000";
const ADMIN = "650000000001";
const MEMBER = "650000000002";
let em: TestEmulator;
let nextAccount = 650000000100;

beforeAll(async () => {
  em = await startEmulator({ config: { organization: { managementAccountId: MANAGEMENT, memberAccountIds: [ADMIN, MEMBER] } } });
});
afterAll(async () => {
  await em.stop();
});

/** A fresh account with Macie enabled and, unless told otherwise, automated discovery enabled. */
async function account(discovery = true): Promise<Macie2Client> {
  const c = em.client(String(nextAccount++));
  await c.send(new EnableMacieCommand({}));
  if (discovery) await c.send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: "ENABLED" }));
  return c;
}

const arn = (bucket: string) => `arn:aws:s3:::${bucket}`;
const profile = (c: Macie2Client, bucket: string) => c.send(new GetResourceProfileCommand({ resourceArn: arn(bucket) }));
async function detections(c: Macie2Client, bucket: string, maxResults?: number): Promise<Detection[]> {
  const all: Detection[] = [];
  let nextToken: string | undefined;
  do {
    const page = await c.send(new ListResourceProfileDetectionsCommand({ resourceArn: arn(bucket), maxResults, nextToken }));
    all.push(...page.detections!);
    nextToken = page.nextToken;
  } while (nextToken);
  return all;
}
const suppress = (c: Macie2Client, bucket: string, suppressDataIdentifiers?: SuppressDataIdentifier[]) =>
  c.send(new UpdateResourceProfileDetectionsCommand({ resourceArn: arn(bucket), suppressDataIdentifiers }));
const sum = (ds: Detection[]) => ds.reduce((n, d) => n + d.count!, 0);

describe("before automated discovery has run", () => {
  it("there is no profile (404) and no override", async () => {
    const c = await account(false);
    await expectMacieError(profile(c, "data-bucket"), "ResourceNotFoundException", "No resource profile for arn:aws:s3:::data-bucket", "never been enabled");
    await expectMacieError(c.send(new ListResourceProfileDetectionsCommand({ resourceArn: arn("data-bucket") })), "ResourceNotFoundException");
    await expectMacieError(c.send(new ListResourceProfileArtifactsCommand({ resourceArn: arn("data-bucket") })), "ResourceNotFoundException");
    await expectMacieError(c.send(new UpdateResourceProfileCommand({ resourceArn: arn("data-bucket"), sensitivityScoreOverride: 100 })), "ResourceNotFoundException");
    await expectMacieError(suppress(c, "data-bucket", []), "ResourceNotFoundException");
  });

  it("needs Macie enabled", async () => {
    const c = em.client(String(nextAccount++));
    await expectMacieError(profile(c, "data-bucket"), "AccessDeniedException", "Macie is not enabled");
  });

  it("profiles stay once automated discovery is disabled again", async () => {
    const c = await account();
    const before = await profile(c, "data-bucket");
    await c.send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: "DISABLED" }));
    expect((await profile(c, "data-bucket")).sensitivityScore).toBe(before.sensitivityScore);
  });
});

describe("the simulated profile", () => {
  it("is the same on every read, and its statistics agree with its detections", async () => {
    const c = await account();
    const { $metadata, ...got } = await profile(c, "payments-data");
    expect(await profile(c, "payments-data")).toMatchObject(got);
    const ds = await detections(c, "payments-data");
    expect(ds.length).toBeGreaterThan(0);
    expect(got.sensitivityScoreOverridden).toBe(false);
    expect(got.profileUpdatedAt).toBeInstanceOf(Date);
    const s = got.statistics!;
    expect(s.totalDetections).toBe(sum(ds));
    expect(s.totalDetectionsSuppressed).toBe(0);
    expect(s.totalItemsClassified).toBeGreaterThanOrEqual(100);
    expect(s.totalItemsClassified).toBeLessThan(1000);
    expect(s.totalBytesClassified).toBe(s.totalItemsClassified! * 131072);
    expect(s.totalItemsSensitive).toBe(Math.min(s.totalItemsClassified!, Math.ceil(sum(ds) / 10)));
    expect(got.sensitivityScore).toBe(Math.min(100, 50 + Math.ceil((50 * s.totalItemsSensitive!) / s.totalItemsClassified!)));
    expect(s.totalItemsSkipped).toBe(0);
  });

  it("detects with the documented rule: sha256 of bucket, type and id, one identifier in four", async () => {
    const c = await account();
    const managed = (await c.send(new ListManagedDataIdentifiersCommand({}))).items!.map((m) => m.id!);
    const bucket = "Legacy_Bucket.Name";
    const expected = managed
      .sort()
      .map((id) => ({ id, d: createHash("sha256").update(`${bucket}\nMANAGED\n${id}`).digest() }))
      .filter(({ d }) => d[0] < 64)
      .map(({ id, d }) => ({ id, name: id, type: "MANAGED", count: 1 + (d.readUInt16BE(1) % 500), suppressed: false }));
    expect(await detections(c, bucket)).toEqual(expected);
    const objects = 100 + (createHash("sha256").update(bucket).digest().readUInt16BE(0) % 900);
    expect((await profile(c, bucket)).statistics!.totalItemsClassified).toBe(objects);
  });

  it("pages detections", async () => {
    const c = await account();
    const all = await detections(c, "payments-data");
    expect(all.length).toBeGreaterThan(2);
    expect(await detections(c, "payments-data", 2)).toEqual(all);
    const first = await c.send(new ListResourceProfileDetectionsCommand({ resourceArn: arn("payments-data"), maxResults: 2 }));
    expect(first.detections).toHaveLength(2);
    expect(first.nextToken).toBeDefined();
    await expectMacieError(c.send(new ListResourceProfileDetectionsCommand({ resourceArn: arn("payments-data"), maxResults: 26 })), "ValidationException", "maxResults must be at most 25");
  });

  it("uses the template: excluded managed identifiers detect nothing, included custom ones detect with their name and ARN", async () => {
    const c = await account();
    const managed = (await c.send(new ListManagedDataIdentifiersCommand({}))).items!.map((m) => m.id!);
    const cdi = await c.send(new CreateCustomDataIdentifierCommand({ name: "employee-id", regex: "EMP-[0-9]{6}" }));
    const { sensitivityInspectionTemplateId: id } = await c.send(new GetAutomatedDiscoveryConfigurationCommand({}));
    await c.send(new UpdateSensitivityInspectionTemplateCommand({ id, excludes: { managedDataIdentifierIds: managed }, includes: { customDataIdentifierIds: [cdi.customDataIdentifierId!] } }));
    // One bucket in four has data the custom identifier detects; the rule is deterministic, so the first such name is always the same.
    const buckets = Array.from({ length: 40 }, (_, i) => `hr-bucket-${i}`);
    const found: Detection[][] = [];
    for (const b of buckets) found.push(await detections(c, b));
    expect(found.every((ds) => ds.every((d) => d.type === "CUSTOM"))).toBe(true);
    const hit = found.findIndex((ds) => ds.length > 0);
    expect(hit).toBeGreaterThanOrEqual(0);
    expect(found[hit]).toEqual([{ arn: `arn:aws:macie2:us-east-1:${(await c.config.credentials()).accessKeyId}:custom-data-identifier/${cdi.customDataIdentifierId}`, id: cdi.customDataIdentifierId, name: "employee-id", type: "CUSTOM", count: expect.any(Number), suppressed: false }]);
    const miss = found.findIndex((ds) => ds.length === 0);
    expect(await profile(c, buckets[miss])).toMatchObject({ sensitivityScore: 1, statistics: { totalDetections: 0, totalItemsSensitive: 0 } });
  });

  it("skips a bucket the classification scope excludes: score 50, nothing analyzed", async () => {
    const c = await account();
    const { classificationScopeId: id } = await c.send(new GetAutomatedDiscoveryConfigurationCommand({}));
    const before = await profile(c, "payments-data");
    await c.send(new UpdateClassificationScopeCommand({ id, s3: { excludes: { operation: "ADD", bucketNames: ["payments-data"] } } }));
    const skipped = await profile(c, "payments-data");
    expect(skipped).toMatchObject({ sensitivityScore: 50, sensitivityScoreOverridden: false, statistics: { totalItemsClassified: 0, totalDetections: 0, totalBytesClassified: 0 } });
    expect(skipped.profileUpdatedAt!.getTime()).toBeGreaterThanOrEqual(before.profileUpdatedAt!.getTime());
    expect(await detections(c, "payments-data")).toEqual([]);
    expect((await c.send(new ListResourceProfileArtifactsCommand({ resourceArn: arn("payments-data") }))).artifacts).toEqual([]);
    await c.send(new UpdateClassificationScopeCommand({ id, s3: { excludes: { operation: "REMOVE", bucketNames: ["payments-data"] } } }));
    expect((await profile(c, "payments-data")).sensitivityScore).toBe(before.sensitivityScore);
  });

  it("lists up to 100 artifacts, sensitive ones first", async () => {
    const c = await account();
    const { statistics } = await profile(c, "payments-data");
    const { artifacts, nextToken } = await c.send(new ListResourceProfileArtifactsCommand({ resourceArn: arn("payments-data") }));
    expect(nextToken).toBeUndefined();
    expect(artifacts).toHaveLength(Math.min(100, statistics!.totalItemsClassified!));
    const sensitive = Math.min(artifacts!.length, statistics!.totalItemsSensitive!);
    expect(artifacts!.filter((a) => a.sensitive)).toHaveLength(sensitive);
    expect(artifacts!.slice(0, sensitive).every((a) => a.sensitive)).toBe(true);
    expect(artifacts![0]).toEqual({ arn: "arn:aws:s3:::payments-data/macie-local/object-0001.csv", classificationResultStatus: "COMPLETE", sensitive: sensitive > 0 });
  });
});

describe("overrides", () => {
  it("a score override of 100 marks the bucket sensitive until it is removed", async () => {
    const c = await account();
    const calculated = (await profile(c, "quiet-bucket")).sensitivityScore;
    await c.send(new UpdateResourceProfileCommand({ resourceArn: arn("quiet-bucket"), sensitivityScoreOverride: 100 }));
    expect(await profile(c, "quiet-bucket")).toMatchObject({ sensitivityScore: 100, sensitivityScoreOverridden: true });
    await c.send(new UpdateResourceProfileCommand({ resourceArn: arn("quiet-bucket") }));
    expect(await profile(c, "quiet-bucket")).toMatchObject({ sensitivityScore: calculated, sensitivityScoreOverridden: false });
  });

  it("refuses a score override other than 100", async () => {
    const c = await account();
    for (const score of [50, 99, 101, -1]) {
      await expectMacieError(c.send(new UpdateResourceProfileCommand({ resourceArn: arn("b-1"), sensitivityScoreOverride: score })), "ValidationException", "sensitivityScoreOverride must be 100");
    }
  });

  it("suppressed detections leave the score, count as suppressed, and come back when the list is emptied", async () => {
    const c = await account();
    const ds = await detections(c, "payments-data");
    const before = await profile(c, "payments-data");
    const [first] = ds;
    await suppress(c, "payments-data", [{ id: first.id, type: first.type }]);
    const after = await detections(c, "payments-data");
    expect(after.find((d) => d.id === first.id)!.suppressed).toBe(true);
    expect(after.filter((d) => d.suppressed)).toHaveLength(1);
    const partly = await profile(c, "payments-data");
    expect(partly.statistics).toMatchObject({ totalDetections: before.statistics!.totalDetections, totalDetectionsSuppressed: first.count });
    expect(partly.sensitivityScore).toBeLessThanOrEqual(before.sensitivityScore!);

    await suppress(c, "payments-data", ds.map((d) => ({ id: d.id, type: d.type })));
    expect(await profile(c, "payments-data")).toMatchObject({ sensitivityScore: 1, statistics: { totalDetectionsSuppressed: sum(ds) } });

    await suppress(c, "payments-data");
    expect(await profile(c, "payments-data")).toEqual(expect.objectContaining({ sensitivityScore: before.sensitivityScore, statistics: before.statistics }));
  });

  it("keep a suppression of an identifier that detected nothing", async () => {
    const c = await account();
    const detected = new Set((await detections(c, "payments-data")).map((d) => d.id));
    const quiet = (await c.send(new ListManagedDataIdentifiersCommand({}))).items!.map((m) => m.id!).find((id) => !detected.has(id))!;
    await suppress(c, "payments-data", [{ id: quiet, type: "MANAGED" }]);
    expect((await profile(c, "payments-data")).statistics!.totalDetectionsSuppressed).toBe(0);
  });

  it("are per bucket and per account", async () => {
    const a = await account();
    const b = await account();
    await a.send(new UpdateResourceProfileCommand({ resourceArn: arn("shared-name"), sensitivityScoreOverride: 100 }));
    expect((await profile(a, "other-bucket")).sensitivityScoreOverridden).toBe(false);
    expect((await profile(b, "shared-name")).sensitivityScoreOverridden).toBe(false);
  });

  it("take bucket names that are object members in JavaScript as plain names", async () => {
    const c = await account();
    await c.send(new UpdateResourceProfileCommand({ resourceArn: arn("__proto__"), sensitivityScoreOverride: 100 }));
    expect((await profile(c, "__proto__")).sensitivityScoreOverridden).toBe(true);
    for (const other of ["constructor", "toString", "plain-bucket"]) expect((await profile(c, other)).sensitivityScoreOverridden).toBe(false);
    await c.send(new UpdateResourceProfileCommand({ resourceArn: arn("__proto__") }));
    expect((await profile(c, "__proto__")).sensitivityScoreOverridden).toBe(false);
  });

  it("are deleted with Macie", async () => {
    const c = await account();
    await c.send(new UpdateResourceProfileCommand({ resourceArn: arn("b-1"), sensitivityScoreOverride: 100 }));
    await c.send(new DisableMacieCommand({}));
    await c.send(new EnableMacieCommand({}));
    await expectMacieError(profile(c, "b-1"), "ResourceNotFoundException", "never been enabled");
    await c.send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: "ENABLED" }));
    expect((await profile(c, "b-1")).sensitivityScoreOverridden).toBe(false);
  });

  const cases: [string, any, string, string][] = [
    ["a missing type", [{ id: "NAME" }], "ValidationException", "suppressDataIdentifiers[0].type is required"],
    ["an unknown type", [{ id: "NAME", type: "BUILTIN" }], "ValidationException", "suppressDataIdentifiers[0].type must be one of CUSTOM, MANAGED"],
    ["a missing id", [{ type: "MANAGED" }], "ValidationException", "suppressDataIdentifiers[0].id is required"],
    ["a managed id of the wrong shape", [{ id: "credit card", type: "MANAGED" }], "ValidationException", "suppressDataIdentifiers[0].id must be a managed data identifier id"],
    ["a detection listed twice", [{ id: "NAME", type: "MANAGED" }, { id: "NAME", type: "MANAGED" }], "ValidationException", "suppressDataIdentifiers[1] (MANAGED NAME) is listed more than once"],
    ["an unknown custom data identifier", [{ id: "nope", type: "CUSTOM" }], "ResourceNotFoundException", "suppressDataIdentifiers[0]: custom data identifier nope was not found"],
  ];
  for (const [what, list, type, message] of cases) {
    it(`refuse ${what} and keep the suppressions`, async () => {
      const c = await account();
      const [first] = await detections(c, "payments-data");
      await suppress(c, "payments-data", [{ id: first.id, type: first.type }]);
      await expectMacieError(suppress(c, "payments-data", list), type, message);
      expect((await detections(c, "payments-data")).filter((d) => d.suppressed).map((d) => d.id)).toEqual([first.id]);
    });
  }
});

describe("resourceArn", () => {
  const cases: [string, string | undefined, string][] = [
    ["a missing ARN", undefined, "resourceArn is required"],
    ["an object ARN", "arn:aws:s3:::bucket/key.csv", "resourceArn must be the ARN of an S3 bucket"],
    ["another service's ARN", "arn:aws:macie2:us-east-1:111111111111:allow-list/abc", "resourceArn must be the ARN of an S3 bucket"],
    ["a bucket name", "my-bucket", "resourceArn must be the ARN of an S3 bucket"],
    ["a bucket name too short", "arn:aws:s3:::ab", `resourceArn's bucket name "ab" is not a valid S3 bucket name`],
  ];
  for (const [what, resourceArn, message] of cases) {
    it(`refuses ${what}`, async () => {
      const c = await account();
      await expectMacieError(c.send(new GetResourceProfileCommand({ resourceArn } as any)), "ValidationException", message);
      await expectMacieError(c.send(new UpdateResourceProfileCommand({ resourceArn, sensitivityScoreOverride: 100 } as any)), "ValidationException", message);
    });
  }

  it("takes the other partitions and legacy bucket names", async () => {
    const c = await account();
    for (const resourceArn of ["arn:aws-cn:s3:::Legacy_Bucket", "arn:aws-us-gov:s3:::gov.bucket", `arn:aws:s3:::${"B".repeat(255)}`]) {
      expect((await c.send(new GetResourceProfileCommand({ resourceArn }))).sensitivityScore).toBeGreaterThanOrEqual(1);
    }
    const { artifacts } = await c.send(new ListResourceProfileArtifactsCommand({ resourceArn: "arn:aws-cn:s3:::Legacy_Bucket" }));
    expect(artifacts![0].arn).toMatch(/^arn:aws-cn:s3:::Legacy_Bucket\//);
  });
});

describe("members", () => {
  it("are discovered with their administrator's settings, while their administrator has discovery enabled for them", async () => {
    await em.client(MANAGEMENT).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
    const admin = em.client(ADMIN);
    await admin.send(new CreateMemberCommand({ account: { accountId: MEMBER } }));
    const member = em.client(MEMBER);
    await expectMacieError(profile(member, "member-data"), "ResourceNotFoundException", `is not enabled for member account ${MEMBER} by its administrator ${ADMIN}`);

    await admin.send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: "ENABLED", autoEnableOrganizationMembers: "ALL" }));
    expect((await profile(member, "member-data")).statistics!.totalItemsClassified).toBeGreaterThan(0);
    const { classificationScopeId: id } = await admin.send(new GetAutomatedDiscoveryConfigurationCommand({}));
    await admin.send(new UpdateClassificationScopeCommand({ id, s3: { excludes: { operation: "ADD", bucketNames: ["member-data"] } } }));
    expect((await profile(member, "member-data")).sensitivityScore).toBe(50);

    await member.send(new UpdateResourceProfileCommand({ resourceArn: arn("member-data"), sensitivityScoreOverride: 100 }));
    expect((await profile(member, "member-data")).sensitivityScore).toBe(100);

    await admin.send(new BatchUpdateAutomatedDiscoveryAccountsCommand({ accounts: [{ accountId: MEMBER, status: "DISABLED" }] }));
    await expectMacieError(profile(member, "member-data"), "ResourceNotFoundException", "is not enabled for member account");
  });
});
