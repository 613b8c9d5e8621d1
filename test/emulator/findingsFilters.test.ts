/**
 * Findings filters over HTTP with the real SDK: create, get, partial update, delete, list order,
 * criterion validation, unique names, idempotency and the quota.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateFindingsFilterCommand,
  DeleteFindingsFilterCommand,
  EnableMacieCommand,
  GetFindingsFilterCommand,
  ListFindingsFiltersCommand,
  UpdateFindingsFilterCommand,
  type CreateFindingsFilterRequest,
  type Macie2Client,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";
import { expectMacieError } from "../helpers/errors";

let em: TestEmulator;
let nextAccount = 200000000001;

beforeAll(async () => {
  em = await startEmulator({ config: { quotas: { findingsFiltersPerAccount: 2 } } });
});
afterAll(async () => {
  await em.stop();
});

async function account(): Promise<Macie2Client> {
  const client = em.client(String(nextAccount++));
  await client.send(new EnableMacieCommand({}));
  return client;
}

const HIGH_SEVERITY: CreateFindingsFilterRequest = {
  name: "high-severity",
  action: "NOOP",
  findingCriteria: { criterion: { "severity.description": { eq: ["High"] }, createdAt: { gte: 1700000000000, lt: 1800000000000 } } },
};

describe("create, get, update, delete", () => {
  it("creates a filter and returns every setting", async () => {
    const c = await account();
    const { id, arn } = await c.send(new CreateFindingsFilterCommand({ ...HIGH_SEVERITY, description: "d", position: 3, tags: { t: "1" } }));
    expect(arn).toBe(`arn:aws:macie2:us-east-1:${(await c.config.credentials()).accessKeyId}:findings-filter/${id}`);
    const got = await c.send(new GetFindingsFilterCommand({ id }));
    expect(got).toMatchObject({ ...HIGH_SEVERITY, arn, id, description: "d", position: 3, tags: { t: "1" } });
  });

  it("updates only the members sent (partial PATCH)", async () => {
    const c = await account();
    const { id, arn } = await c.send(new CreateFindingsFilterCommand({ ...HIGH_SEVERITY, description: "before", tags: { t: "1" } }));
    const updated = await c.send(new UpdateFindingsFilterCommand({ id, action: "ARCHIVE" }));
    expect(updated).toMatchObject({ id, arn });
    expect(await c.send(new GetFindingsFilterCommand({ id }))).toMatchObject({ ...HIGH_SEVERITY, action: "ARCHIVE", description: "before", position: 1 });

    const criteria = { criterion: { category: { eq: ["CLASSIFICATION"] } } };
    await c.send(new UpdateFindingsFilterCommand({ id, name: "renamed", description: "after", position: 7, findingCriteria: criteria }));
    expect(await c.send(new GetFindingsFilterCommand({ id }))).toMatchObject({
      name: "renamed",
      description: "after",
      position: 7,
      action: "ARCHIVE",
      findingCriteria: criteria,
      tags: { t: "1" },
    });
  });

  it("leaves the filter untouched when an update is refused", async () => {
    const c = await account();
    const { id } = await c.send(new CreateFindingsFilterCommand(HIGH_SEVERITY));
    await expectMacieError(c.send(new UpdateFindingsFilterCommand({ id, action: "ARCHIVE", name: "x" })), "ValidationException", "name must be at least 3");
    expect((await c.send(new GetFindingsFilterCommand({ id }))).action).toBe("NOOP");
  });

  it("deletes a filter; later calls answer 404 naming the id", async () => {
    const c = await account();
    const { id } = await c.send(new CreateFindingsFilterCommand(HIGH_SEVERITY));
    await c.send(new DeleteFindingsFilterCommand({ id }));
    await expectMacieError(c.send(new GetFindingsFilterCommand({ id })), "ResourceNotFoundException", id!);
    await expectMacieError(c.send(new UpdateFindingsFilterCommand({ id, action: "NOOP" })), "ResourceNotFoundException", id!);
    await expectMacieError(c.send(new DeleteFindingsFilterCommand({ id })), "ResourceNotFoundException", id!);
    expect((await c.send(new ListFindingsFiltersCommand({}))).findingsFilterListItems).toEqual([]);
  });

  it("keeps names unique per account and Region (409), on create and on rename", async () => {
    const c = await account();
    await c.send(new CreateFindingsFilterCommand(HIGH_SEVERITY));
    await expectMacieError(c.send(new CreateFindingsFilterCommand(HIGH_SEVERITY)), "ConflictException", '"high-severity" already exists');
    const { id } = await c.send(new CreateFindingsFilterCommand({ ...HIGH_SEVERITY, name: "other" }));
    await expectMacieError(c.send(new UpdateFindingsFilterCommand({ id, name: "high-severity" })), "ConflictException", "high-severity");
    await c.send(new UpdateFindingsFilterCommand({ id, name: "other" })); // its own name is fine
    // Another Region is another namespace.
    const west = em.client((await c.config.credentials()).accessKeyId, "us-west-2");
    await west.send(new EnableMacieCommand({}));
    await west.send(new CreateFindingsFilterCommand(HIGH_SEVERITY));
  });
});

describe("list order and pagination", () => {
  it("lists filters by position (new filters go last), then by creation, across pages", async () => {
    const c = em.client("200000000999");
    await c.send(new EnableMacieCommand({}));
    // The quota of this emulator is 2, so this account is filled in steps with deletes in between.
    const a = await c.send(new CreateFindingsFilterCommand({ ...HIGH_SEVERITY, name: "aaa", position: 5 }));
    const b = await c.send(new CreateFindingsFilterCommand({ ...HIGH_SEVERITY, name: "bbb" })); // position 6
    let list = await c.send(new ListFindingsFiltersCommand({}));
    expect(list.findingsFilterListItems!.map((f) => f.name)).toEqual(["aaa", "bbb"]);
    expect((await c.send(new GetFindingsFilterCommand({ id: b.id }))).position).toBe(6);
    await c.send(new UpdateFindingsFilterCommand({ id: b.id, position: 1 }));
    list = await c.send(new ListFindingsFiltersCommand({}));
    expect(list.findingsFilterListItems!.map((f) => [f.name, f.action])).toEqual([
      ["bbb", "NOOP"],
      ["aaa", "NOOP"],
    ]);
    const page1 = await c.send(new ListFindingsFiltersCommand({ maxResults: 1 }));
    const page2 = await c.send(new ListFindingsFiltersCommand({ maxResults: 1, nextToken: page1.nextToken }));
    expect([page1.findingsFilterListItems![0].id, page2.findingsFilterListItems![0].id]).toEqual([b.id, a.id]);
    expect(page2.nextToken).toBeUndefined();
    await expectMacieError(c.send(new ListFindingsFiltersCommand({ maxResults: 26 })), "ValidationException", "maxResults must be at most 25");
  });
});

describe("validation", () => {
  const cases: [string, any, string][] = [
    ["a missing action", { action: undefined }, "action is required"],
    ["an unknown action", { action: "DELETE" }, "action must be one of ARCHIVE, NOOP"],
    ["a missing name", { name: undefined }, "name is required"],
    ["a name of 2 characters", { name: "ab" }, "name must be at least 3"],
    ["a name of 65 characters", { name: "n".repeat(65) }, "name must be at most 64"],
    ["a description of 513 characters", { description: "d".repeat(513) }, "description must be at most 512"],
    ["a position of 0", { position: 0 }, "position must be at least 1"],
    ["missing findingCriteria", { findingCriteria: undefined }, "findingCriteria is required"],
    ["a criterion without operator", { findingCriteria: { criterion: { "severity.description": {} } } }, "findingCriteria.criterion.severity.description must specify at least one operator"],
    [
      "a misspelt finding field",
      { findingCriteria: { criterion: { "severity.descripton": { eq: ["High"] } } } },
      "findingCriteria.criterion.severity.descripton is not a finding field that findings can be filtered by",
    ],
    [
      "a classification result field under its full path in a finding",
      { findingCriteria: { criterion: { "classificationDetails.result.sensitiveData.category": { eq: ["CREDENTIALS"] } } } },
      "findingCriteria.criterion.classificationDetails.result.sensitiveData.category is not a finding field",
    ],
    ["a prototype name as a finding field", { findingCriteria: { criterion: { constructor: { eq: ["x"] } } } }, "findingCriteria.criterion.constructor is not a finding field"],
    [
      "a non-integer gt",
      { findingCriteria: { criterion: { "severity.score": { gt: 1.5 } } } },
      "findingCriteria.criterion.severity.score.gt must be an integer",
    ],
    ["an empty eq list", { findingCriteria: { criterion: { type: { eq: [] } } } }, "findingCriteria.criterion.type.eq must have at least 1 items"],
    [
      "eqExactMatch on a property that does not support it",
      { findingCriteria: { criterion: { type: { eqExactMatch: ["SensitiveData:S3Object/Personal"] } } } },
      "findingCriteria.criterion.type.eqExactMatch is not supported for type",
    ],
  ];
  for (const [what, change, message] of cases) {
    it(`refuses ${what}`, async () => {
      const c = em.client("200000000000");
      await c.send(new EnableMacieCommand({})).catch(() => undefined);
      await expectMacieError(c.send(new CreateFindingsFilterCommand({ ...HIGH_SEVERITY, ...change })), "ValidationException", message);
    });
  }

  it("accepts the finding fields of each part of a finding", async () => {
    const c = await account();
    const criterion = {
      archived: { eq: ["false"] },
      "classificationDetails.jobId": { eq: ["job-1"] },
      "customDataIdentifiers.totalCount": { gte: 1 },
      "resourcesAffected.s3Object.lastModified": { lt: 1800000000000 },
      "policyDetails.actor.userIdentity.type": { neq: ["Root"] },
    };
    const { id } = await c.send(new CreateFindingsFilterCommand({ ...HIGH_SEVERITY, findingCriteria: { criterion } }));
    expect((await c.send(new GetFindingsFilterCommand({ id }))).findingCriteria).toEqual({ criterion });
  });

  it("accepts eqExactMatch on the properties the reference lists", async () => {
    const c = await account();
    const criterion = { "resourcesAffected.s3Bucket.tags.key": { eqExactMatch: ["env", "team"] }, "sensitiveData.category": { eqExactMatch: ["PERSONAL_INFORMATION"] } };
    const { id } = await c.send(new CreateFindingsFilterCommand({ ...HIGH_SEVERITY, findingCriteria: { criterion } }));
    expect((await c.send(new GetFindingsFilterCommand({ id }))).findingCriteria).toEqual({ criterion });
  });

  it("validates a partial update's members too", async () => {
    const c = await account();
    const { id } = await c.send(new CreateFindingsFilterCommand(HIGH_SEVERITY));
    await expectMacieError(c.send(new UpdateFindingsFilterCommand({ id, action: "KEEP" as any })), "ValidationException", "action must be one of");
    await expectMacieError(
      c.send(new UpdateFindingsFilterCommand({ id, findingCriteria: { criterion: { "severity.score": { lte: "5" as any } } } })),
      "ValidationException",
      "findingCriteria.criterion.severity.score.lte must be an integer",
    );
    await expectMacieError(
      c.send(new UpdateFindingsFilterCommand({ id, findingCriteria: { criterion: { "sensitiveData.categories": { eq: ["CREDENTIALS"] } } } })),
      "ValidationException",
      "findingCriteria.criterion.sensitiveData.categories is not a finding field",
    );
    expect((await c.send(new GetFindingsFilterCommand({ id }))).findingCriteria).toEqual(HIGH_SEVERITY.findingCriteria);
  });
});

describe("idempotency and quota", () => {
  it("returns the first filter for a repeated clientToken", async () => {
    const c = await account();
    const first = await c.send(new CreateFindingsFilterCommand({ ...HIGH_SEVERITY, clientToken: "tok" }));
    const again = await c.send(new CreateFindingsFilterCommand({ ...HIGH_SEVERITY, clientToken: "tok" }));
    expect(again.id).toBe(first.id);
    expect((await c.send(new ListFindingsFiltersCommand({}))).findingsFilterListItems).toHaveLength(1);
  });

  it("answers 402 beyond the quota", async () => {
    const c = await account();
    await c.send(new CreateFindingsFilterCommand({ ...HIGH_SEVERITY, name: "one" }));
    await c.send(new CreateFindingsFilterCommand({ ...HIGH_SEVERITY, name: "two" }));
    await expectMacieError(c.send(new CreateFindingsFilterCommand({ ...HIGH_SEVERITY, name: "three" })), "ServiceQuotaExceededException", "quota of 2");
  });
});
