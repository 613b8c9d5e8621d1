/**
 * Custom data identifiers over HTTP with the real SDK: create, get, soft delete, list, batch get,
 * TestCustomDataIdentifier's matching rules, validation, idempotency and the quota.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BatchGetCustomDataIdentifiersCommand,
  CreateCustomDataIdentifierCommand,
  DeleteCustomDataIdentifierCommand,
  EnableMacieCommand,
  GetCustomDataIdentifierCommand,
  ListCustomDataIdentifiersCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  TestCustomDataIdentifierCommand,
  type CreateCustomDataIdentifierRequest,
  type Macie2Client,
  type TestCustomDataIdentifierRequest,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";
import { expectMacieError } from "../helpers/errors";

let em: TestEmulator;
let nextAccount = 100000000001;

beforeAll(async () => {
  em = await startEmulator({ config: { quotas: { customDataIdentifiersPerAccount: 3 } } });
});
afterAll(async () => {
  await em.stop();
});

/** A client for a fresh account with Macie enabled. */
async function account(): Promise<Macie2Client> {
  const client = em.client(String(nextAccount++));
  await client.send(new EnableMacieCommand({}));
  return client;
}

const EMPLOYEE_ID = { name: "employee-id", regex: "EMP-\\d{6}" };

describe("create, get, list, batch get and soft delete", () => {
  it("creates an identifier and returns every setting, with Macie's defaults", async () => {
    const c = await account();
    const { customDataIdentifierId: id } = await c.send(
      new CreateCustomDataIdentifierCommand({ ...EMPLOYEE_ID, description: "Employee ids", keywords: ["employee"], tags: { team: "privacy" } }),
    );
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const got = await c.send(new GetCustomDataIdentifierCommand({ id }));
    expect(got).toMatchObject({
      arn: `arn:aws:macie2:us-east-1:${(await c.config.credentials()).accessKeyId}:custom-data-identifier/${id}`,
      deleted: false,
      description: "Employee ids",
      id,
      keywords: ["employee"],
      maximumMatchDistance: 50,
      name: "employee-id",
      regex: "EMP-\\d{6}",
      severityLevels: [{ occurrencesThreshold: 1, severity: "MEDIUM" }],
      tags: { team: "privacy" },
    });
    expect(got.createdAt).toBeInstanceOf(Date);
    expect(got.ignoreWords).toBeUndefined();
  });

  it("keeps the given severity levels and match distance", async () => {
    const c = await account();
    const severityLevels = [
      { severity: "HIGH" as const, occurrencesThreshold: 100 },
      { severity: "LOW" as const, occurrencesThreshold: 1 },
      { severity: "MEDIUM" as const, occurrencesThreshold: 50 },
    ];
    const { customDataIdentifierId: id } = await c.send(
      new CreateCustomDataIdentifierCommand({ ...EMPLOYEE_ID, maximumMatchDistance: 300, severityLevels, ignoreWords: ["EMP-000000"] }),
    );
    const got = await c.send(new GetCustomDataIdentifierCommand({ id }));
    expect(got.severityLevels).toEqual(severityLevels);
    expect(got.maximumMatchDistance).toBe(300);
    expect(got.ignoreWords).toEqual(["EMP-000000"]);
  });

  it("soft deletes: Get shows deleted, List omits it, BatchGet reports it, a second delete is 404", async () => {
    const c = await account();
    const { customDataIdentifierId: kept } = await c.send(new CreateCustomDataIdentifierCommand({ ...EMPLOYEE_ID, name: "kept" }));
    const { customDataIdentifierId: gone } = await c.send(new CreateCustomDataIdentifierCommand({ ...EMPLOYEE_ID, name: "gone" }));
    await c.send(new DeleteCustomDataIdentifierCommand({ id: gone }));

    expect(await c.send(new GetCustomDataIdentifierCommand({ id: gone }))).toMatchObject({ id: gone, deleted: true, name: "gone" });
    const { items } = await c.send(new ListCustomDataIdentifiersCommand({}));
    expect(items!.map((i) => i.id)).toEqual([kept]);
    expect(items![0]).toMatchObject({ name: "kept", arn: expect.stringContaining(`custom-data-identifier/${kept}`) });

    const batch = await c.send(new BatchGetCustomDataIdentifiersCommand({ ids: [kept!, gone!, "nope"] }));
    expect(batch.customDataIdentifiers!.map((i) => [i.id, i.deleted])).toEqual([
      [kept, false],
      [gone, true],
    ]);
    expect(batch.notFoundIdentifierIds).toEqual(["nope"]);

    await expectMacieError(c.send(new DeleteCustomDataIdentifierCommand({ id: gone })), "ResourceNotFoundException", gone!);
  });

  it("answers 404 naming an unknown id", async () => {
    const c = await account();
    await expectMacieError(c.send(new GetCustomDataIdentifierCommand({ id: "0123abc" })), "ResourceNotFoundException", "0123abc");
    await expectMacieError(c.send(new DeleteCustomDataIdentifierCommand({ id: "0123abc" })), "ResourceNotFoundException", "0123abc");
  });

  it("paginates ListCustomDataIdentifiers", async () => {
    const c = await account();
    const ids: string[] = [];
    for (const name of ["a", "b", "c"]) ids.push((await c.send(new CreateCustomDataIdentifierCommand({ ...EMPLOYEE_ID, name }))).customDataIdentifierId!);
    const first = await c.send(new ListCustomDataIdentifiersCommand({ maxResults: 2 }));
    expect(first.items).toHaveLength(2);
    expect(first.nextToken).toBeTruthy();
    const second = await c.send(new ListCustomDataIdentifiersCommand({ maxResults: 2, nextToken: first.nextToken }));
    expect(second.nextToken).toBeUndefined();
    expect([...first.items!, ...second.items!].map((i) => i.id)).toEqual(ids);
    await expectMacieError(c.send(new ListCustomDataIdentifiersCommand({ maxResults: 0 })), "ValidationException", "maxResults");
  });

  it("stores tags where TagResource and ListTagsForResource find them, deleted or not", async () => {
    const c = await account();
    const { customDataIdentifierId: id } = await c.send(new CreateCustomDataIdentifierCommand({ ...EMPLOYEE_ID, tags: { a: "1" } }));
    const { arn } = await c.send(new GetCustomDataIdentifierCommand({ id }));
    await c.send(new TagResourceCommand({ resourceArn: arn, tags: { b: "2" } }));
    expect((await c.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ a: "1", b: "2" });
    expect((await c.send(new GetCustomDataIdentifierCommand({ id }))).tags).toEqual({ a: "1", b: "2" });
  });
});

describe("validation of CreateCustomDataIdentifier", () => {
  const cases: [string, Partial<CreateCustomDataIdentifierRequest>, string][] = [
    ["a missing name", { name: undefined }, "name is required"],
    ["a name over 128 characters", { name: "n".repeat(129) }, "name must be at most 128"],
    ["a description over 512 characters", { description: "d".repeat(513) }, "description must be at most 512"],
    ["a missing regex", { regex: undefined }, "regex is required"],
    ["a regex over 512 characters", { regex: "a".repeat(513) }, "regex must be at most 512"],
    ["a regex that does not compile", { regex: "EMP-(\\d+" }, "regex is not a valid regular expression"],
    ["a look-ahead (unsupported by Macie)", { regex: "EMP(?=-)" }, "look-ahead"],
    ["a back reference", { regex: "(a)\\1" }, "back references"],
    ["51 keywords", { keywords: Array.from({ length: 51 }, (_, i) => `kw${i}x`) }, "keywords must have at most 50"],
    ["a keyword of 2 characters", { keywords: ["ok-word", "ab"] }, "keywords[1] must be at least 3"],
    ["a keyword of 91 characters", { keywords: ["k".repeat(91)] }, "keywords[0] must be at most 90"],
    ["11 ignore words", { ignoreWords: Array.from({ length: 11 }, (_, i) => `word${i}`) }, "ignoreWords must have at most 10"],
    ["an ignore word of 3 characters", { ignoreWords: ["abc"] }, "ignoreWords[0] must be at least 4"],
    ["an ignore word of 91 characters", { ignoreWords: ["w".repeat(91)] }, "ignoreWords[0] must be at most 90"],
    ["maximumMatchDistance 0", { maximumMatchDistance: 0 }, "maximumMatchDistance must be at least 1"],
    ["maximumMatchDistance 301", { maximumMatchDistance: 301 }, "maximumMatchDistance must be at most 300"],
    [
      "4 severity levels",
      {
        severityLevels: [
          { severity: "LOW", occurrencesThreshold: 1 },
          { severity: "MEDIUM", occurrencesThreshold: 2 },
          { severity: "HIGH", occurrencesThreshold: 3 },
          { severity: "HIGH", occurrencesThreshold: 4 },
        ],
      },
      "severityLevels must have at most 3",
    ],
    [
      "two levels with the same severity",
      { severityLevels: [{ severity: "LOW", occurrencesThreshold: 1 }, { severity: "LOW", occurrencesThreshold: 5 }] },
      "severityLevels[1].severity LOW appears more than once",
    ],
    [
      "thresholds that do not ascend from LOW to HIGH",
      { severityLevels: [{ severity: "HIGH", occurrencesThreshold: 5 }, { severity: "LOW", occurrencesThreshold: 10 }] },
      "HIGH (5) must be greater than LOW (10)",
    ],
    ["a threshold of 0", { severityLevels: [{ severity: "LOW", occurrencesThreshold: 0 }] }, "severityLevels[0].occurrencesThreshold must be at least 1"],
    ["an unknown severity", { severityLevels: [{ severity: "CRITICAL" as any, occurrencesThreshold: 1 }] }, "severityLevels[0].severity must be one of LOW, MEDIUM, HIGH"],
    ["51 tags", { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) }, "tags must have at most 50"],
  ];
  for (const [what, change, message] of cases) {
    it(`refuses ${what}`, async () => {
      const c = em.client("100000000000");
      await c.send(new EnableMacieCommand({})).catch(() => undefined);
      await expectMacieError(c.send(new CreateCustomDataIdentifierCommand({ ...EMPLOYEE_ID, ...change } as CreateCustomDataIdentifierRequest)), "ValidationException", message);
    });
  }

  it("created nothing for the refused requests", async () => {
    const c = em.client("100000000000");
    expect((await c.send(new ListCustomDataIdentifiersCommand({}))).items).toEqual([]);
  });
});

describe("idempotency and quota", () => {
  it("returns the first identifier for a repeated clientToken and creates no duplicate", async () => {
    const c = await account();
    const first = await c.send(new CreateCustomDataIdentifierCommand({ ...EMPLOYEE_ID, clientToken: "token-1" }));
    const again = await c.send(new CreateCustomDataIdentifierCommand({ ...EMPLOYEE_ID, clientToken: "token-1" }));
    expect(again.customDataIdentifierId).toBe(first.customDataIdentifierId);
    expect((await c.send(new ListCustomDataIdentifiersCommand({}))).items).toHaveLength(1);
  });

  it("answers 402 beyond the quota, counting only identifiers that are not deleted", async () => {
    const c = await account();
    const ids = [];
    for (const name of ["q1", "q2", "q3"]) ids.push((await c.send(new CreateCustomDataIdentifierCommand({ ...EMPLOYEE_ID, name }))).customDataIdentifierId);
    await expectMacieError(c.send(new CreateCustomDataIdentifierCommand({ ...EMPLOYEE_ID, name: "q4" })), "ServiceQuotaExceededException", "quota of 3");
    await c.send(new DeleteCustomDataIdentifierCommand({ id: ids[0] }));
    await c.send(new CreateCustomDataIdentifierCommand({ ...EMPLOYEE_ID, name: "q4" }));
  });

  it("requires Macie to be enabled", async () => {
    const c = em.client("199999999999");
    await expectMacieError(c.send(new CreateCustomDataIdentifierCommand(EMPLOYEE_ID)), "AccessDeniedException", "Macie is not enabled");
  });
});

describe("TestCustomDataIdentifier", () => {
  let c: Macie2Client;
  beforeAll(async () => {
    c = await account();
  });
  const count = async (req: Partial<TestCustomDataIdentifierRequest>) =>
    (await c.send(new TestCustomDataIdentifierCommand({ regex: "EMP-\\d{6}", sampleText: "", ...req } as TestCustomDataIdentifierRequest))).matchCount;

  it("counts every match of the regex", async () => {
    expect(await count({ sampleText: "EMP-123456 and EMP-654321, not EMP-12" })).toBe(2);
    expect(await count({ sampleText: "nothing here" })).toBe(0);
  });

  it("translates Macie's PCRE-style syntax", async () => {
    expect(await count({ regex: "[[:digit:]]{3}-[[:digit:]]{4}", sampleText: "555-1234 and 555-9876" })).toBe(2);
    expect(await count({ regex: "\\Aid\\d+", sampleText: "id1 id2" })).toBe(1);
    expect(await count({ regex: "(?i)secret", sampleText: "SECRET Secret secret" })).toBe(3);
  });

  it("leaves out matches that contain an ignore word (case-sensitive)", async () => {
    const sampleText = "EMP-000000 EMP-123456 EMP-999999";
    expect(await count({ sampleText, ignoreWords: ["EMP-000000", "-9999"] })).toBe(1);
    expect(await count({ sampleText, ignoreWords: ["emp-000000"] })).toBe(3);
  });

  it("with keywords, counts only matches that a keyword (any case) precedes within maximumMatchDistance", async () => {
    // "Employee: " ends 2 characters before the first match starts; the match ends 12 after it.
    const sampleText = "Employee: EMP-123456. Later, after a long gap of filler text, EMP-654321 EMP-111111";
    expect(await count({ sampleText, keywords: ["employee"] })).toBe(1);
    expect(await count({ sampleText, keywords: ["EMPLOYEE"], maximumMatchDistance: 12 })).toBe(1);
    expect(await count({ sampleText, keywords: ["employee"], maximumMatchDistance: 11 })).toBe(0);
    expect(await count({ sampleText, keywords: ["employee"], maximumMatchDistance: 300 })).toBe(3);
    // A keyword after the match does not count.
    expect(await count({ sampleText: "EMP-123456 employee", keywords: ["employee"] })).toBe(0);
  });

  it("validates like CreateCustomDataIdentifier, and sampleText up to 1,000 characters", async () => {
    await expectMacieError(count({ sampleText: "x".repeat(1001) }), "ValidationException", "sampleText must be at most 1000");
    await expectMacieError(count({ sampleText: undefined }), "ValidationException", "sampleText is required");
    await expectMacieError(count({ regex: "(", sampleText: "a" }), "ValidationException", "regex is not a valid regular expression");
    await expectMacieError(count({ sampleText: "a", keywords: ["ab"] }), "ValidationException", "keywords[0]");
    await expectMacieError(count({ sampleText: "a", maximumMatchDistance: 301 }), "ValidationException", "maximumMatchDistance");
  });

  it("reports a pattern that backtracks catastrophically instead of hanging", async () => {
    await expectMacieError(count({ regex: "(a+)+b", sampleText: "a".repeat(60) }), "ValidationException", "takes too long");
  });

  it("has no side effects", async () => {
    await count({ sampleText: "EMP-123456" });
    expect((await c.send(new ListCustomDataIdentifiersCommand({}))).items).toEqual([]);
  });
});
