/**
 * macie.CustomDataIdentifier through the real provider runtime against macie-local: the whole
 * life, call counts, drift, and test cases run before create.
 *
 * Calls per operation: diff 0; read 1 (GetCustomDataIdentifier); a tag-only update only
 * TagResource / UntagResource; delete 1 (DeleteCustomDataIdentifier).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DeleteCustomDataIdentifierCommand, GetCustomDataIdentifierCommand, TagResourceCommand, type Macie2Client } from "@aws-sdk/client-macie2";
import { startProviderHarness, type Deployed, type ProviderHarness, marked } from "../helpers/provider";

const TYPE = "CustomDataIdentifier";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const ARGS = {
  regex: "\\d{4}-\\d{4}",
  description: "employee badge numbers",
  keywords: ["badge"],
  tags: { team: "privacy", env: "test" },
};

let h: ProviderHarness;
let macie: Macie2Client;

beforeAll(async () => {
  h = await startProviderHarness();
  await h.enableMacie();
  macie = h.client();
});
afterAll(() => h?.stop());

const getCdi = (id: string) => macie.send(new GetCustomDataIdentifierCommand({ id }));

describe("life of a custom data identifier", () => {
  let cdi: Deployed;

  test("create: auto-named, Macie's defaults recorded, outputs set", async () => {
    cdi = await h.up(TYPE, "badges", ARGS);
    expect(cdi.inputs.name).toMatch(/^badges-[0-9a-f]{7}$/);
    expect(cdi.outs).toMatchObject({
      ...ARGS,
      name: cdi.inputs.name,
      maximumMatchDistance: 50,
      severityLevels: [{ occurrencesThreshold: 1, severity: "MEDIUM" }],
      arn: `arn:aws:macie2:us-east-1:111111111111:custom-data-identifier/${cdi.id}`,
      accountId: "111111111111",
      region: "us-east-1",
    });
    expect(cdi.outs).not.toHaveProperty("createdAt"); // not an output: it would cost a read per create
    const real = await getCdi(cdi.id);
    expect(real).toMatchObject({ name: cdi.inputs.name, regex: ARGS.regex, keywords: ["badge"], deleted: false, tags: ARGS.tags });
  });

  test("read after create: one GetCustomDataIdentifier call, and no drift", async () => {
    const { result: read, operations, calls } = await h.countCalls(() => h.refresh(cdi));
    expect(calls).toBe(1);
    expect(operations).toMatchObject({ GetCustomDataIdentifier: 1 });
    expect(read!.outs).toMatchObject({ arn: cdi.outs.arn, tags: ARGS.tags, regex: ARGS.regex });
    const d = await h.diff(TYPE, cdi.id, read!.outs, cdi.inputs);
    expect(d).toMatchObject({ changes: false, replaces: [] });
  });

  test("the same program again: no diff, and diff makes zero calls", async () => {
    const { inputs } = await h.check(TYPE, { ...ARGS, __name: "badges" }, cdi.inputs);
    expect(inputs.name).toBe(cdi.inputs.name); // the auto-name is kept
    const { result: d, calls } = await h.countCalls(() => h.diff(TYPE, cdi.id, cdi.outs, inputs));
    expect(calls).toBe(0);
    expect(d).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    // Spelling out Macie's defaults is the same program.
    const explicit = (await h.check(TYPE, { ...ARGS, maximumMatchDistance: 50, severityLevels: [{ severity: "MEDIUM", occurrencesThreshold: 1 }], __name: "badges" }, cdi.inputs)).inputs;
    expect((await h.diff(TYPE, cdi.id, cdi.outs, explicit)).changes).toBe(false);
  });

  test("a tag-only change updates in place with only TagResource and UntagResource", async () => {
    const tags = { team: "security", owner: "alice" }; // changed, added, and env removed
    const { result, operations } = await h.countCalls(() => h.upAgain(cdi, { ...ARGS, tags }));
    expect(result.action).toBe("update");
    expect(result.diff.replaces).toEqual([]);
    expect(operations).toEqual({ TagResource: 1, UntagResource: 1 });
    expect(result.deployed.id).toBe(cdi.id);
    expect(result.deployed.outs).toMatchObject({ tags, arn: cdi.outs.arn });
    expect((await getCdi(cdi.id)).tags).toEqual(marked(tags));
    cdi = result.deployed;
  });

  test.each([
    ["name", { name: "another-name" }],
    ["regex", { regex: "\\d{5}" }],
    ["description", { description: "changed" }],
    ["keywords", { keywords: ["badge", "employee"] }],
    ["ignoreWords", { ignoreWords: ["0000-0000"] }],
    ["maximumMatchDistance", { maximumMatchDistance: 10 }],
    ["severityLevels", { severityLevels: [{ severity: "HIGH", occurrencesThreshold: 1 }] }],
    ["regex", { regex: UNKNOWN }],
  ])("diff reports a change of %s as a replacement, with zero calls", async (field, change) => {
    const { inputs } = await h.check(TYPE, { ...ARGS, tags: cdi.inputs.tags, ...change, __name: "badges" }, cdi.inputs);
    const { result: d, calls } = await h.countCalls(() => h.diff(TYPE, cdi.id, cdi.outs, inputs));
    expect(calls).toBe(0);
    expect(d).toEqual({ changes: true, replaces: [field], deleteBeforeReplace: false });
  });

  test("test cases alone never cause a diff (they are used only at create)", async () => {
    const { inputs } = await h.check(TYPE, { ...ARGS, tags: cdi.inputs.tags, testCases: [{ sampleText: "badge 1234-5678", expectMatches: 1 }], __name: "badges" }, cdi.inputs);
    expect((await h.diff(TYPE, cdi.id, cdi.outs, inputs)).changes).toBe(false);
  });

  test("replacement creates the new identifier, then soft-deletes the old one", async () => {
    const { result, operations } = await h.countCalls(() => h.upAgain(cdi, { ...ARGS, tags: cdi.inputs.tags, regex: "\\d{3}-\\d{4}" }));
    expect(result.action).toBe("replace");
    expect(result.deployed.id).not.toBe(cdi.id);
    expect(operations).toMatchObject({ CreateCustomDataIdentifier: 1, DeleteCustomDataIdentifier: 1 });
    expect(await getCdi(cdi.id)).toMatchObject({ deleted: true });
    expect(await getCdi(result.deployed.id)).toMatchObject({ deleted: false, regex: "\\d{3}-\\d{4}", name: cdi.inputs.name });
    cdi = result.deployed;
  });

  test("delete soft-deletes (one call); deleting again is a no-op", async () => {
    const { calls } = await h.countCalls(() => h.destroy(cdi));
    expect(calls).toBe(1);
    expect(await getCdi(cdi.id)).toMatchObject({ deleted: true });
    await expect(h.destroy(cdi)).resolves.toBeUndefined();
  });
});

describe("drift", () => {
  test("an identifier soft-deleted outside Pulumi reads as gone", async () => {
    const cdi = await h.up(TYPE, "gone", { regex: "x\\d+" });
    await macie.send(new DeleteCustomDataIdentifierCommand({ id: cdi.id }));
    expect(await h.refresh(cdi)).toBeUndefined();
  });

  test("tags changed outside Pulumi show as drift, and the next up fixes them in place", async () => {
    const cdi = await h.up(TYPE, "tagged", { regex: "y\\d+", tags: { a: "1" } });
    await macie.send(new TagResourceCommand({ resourceArn: cdi.outs.arn, tags: { a: "2", b: "3" } }));
    const refreshed = (await h.refresh(cdi))!;
    expect(refreshed.outs.tags).toEqual({ a: "2", b: "3" });
    const { result } = await h.countCalls(() => h.upAgain(refreshed, { regex: "y\\d+", tags: { a: "1" } }));
    expect(result.action).toBe("update");
    expect((await getCdi(cdi.id)).tags).toEqual(marked({ a: "1" }));
  });

  test("read without a recorded definition (import) takes Macie's values", async () => {
    const cdi = await h.up(TYPE, "imported", { regex: "z\\d+", keywords: ["zed"], maximumMatchDistance: 20 });
    const r = await h.read(TYPE, cdi.id, {});
    expect(r.inputs).toMatchObject({ name: cdi.inputs.name, regex: "z\\d+", keywords: ["zed"], maximumMatchDistance: 20, severityLevels: [{ occurrencesThreshold: 1, severity: "MEDIUM" }] });
  });
});

describe("test cases run through TestCustomDataIdentifier before create", () => {
  const criteria = { regex: "\\d{4}-\\d{4}", keywords: ["badge"], maximumMatchDistance: 20 };

  test("passing cases: each is tested, then the identifier is created", async () => {
    const testCases = [
      { sampleText: "badge 1234-5678", expectMatches: 1 },
      { sampleText: "no badge here, only 1234-5678 far away from the word that matters most", expectMatches: 0 },
    ];
    const { result, operations } = await h.countCalls(() => h.up(TYPE, "tested", { ...criteria, testCases }));
    expect(operations).toMatchObject({ TestCustomDataIdentifier: 2, CreateCustomDataIdentifier: 1 });
    expect(await getCdi(result.id)).toMatchObject({ deleted: false, regex: criteria.regex });
  });

  test("a failing case fails the create with the sample and the counts, and nothing is created", async () => {
    const testCases = [
      { sampleText: "badge 1234-5678", expectMatches: 1 },
      { sampleText: "badge 1111-2222 and badge 3333-4444", expectMatches: 1 },
    ];
    const { result, operations, mutating } = await h.countCalls(() => h.up(TYPE, "failing", { ...criteria, testCases }).then(() => undefined, (e: Error) => e));
    expect(result).toBeInstanceOf(Error);
    expect(result!.message).toContain("1 of 2 test case(s) failed");
    expect(result!.message).toContain('testCases[1]: expected 1 match(es), Macie found 2 in "badge 1111-2222 and badge 3333-4444"');
    expect(operations.TestCustomDataIdentifier).toBe(2);
    expect(operations.CreateCustomDataIdentifier ?? 0).toBe(0);
    expect(mutating).toBe(0);
  });
});
