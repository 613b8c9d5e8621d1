/**
 * Stable outputs in previews (provider/core/stable.ts), in its two halves. The proof on the real
 * engine, preview against up over a series of edits, is test/e2e/plans.test.ts.
 * - In the program (under Pulumi's mocks): a consumer's inputs name where they hold another
 *   resource's stable outputs, and nothing else.
 * - In the plugin (the runtime, as the plugin loads it): `diff` notes a resource updated in place,
 *   and a consumer's `check` then gets the noted values for its unknowns; a replacement, an
 *   unstable output or an unnoted producer leaves them unknown.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { loadPackage, loadRuntime, type Runtime } from "../helpers/provider";

const nodeRequire = createRequire(import.meta.url);
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const hash = (owner: string) => createHash("sha256").update(owner).digest("hex").slice(0, 24);

describe("in the program: __stableSources", () => {
  const registered: Record<string, Record<string, any>> = {};
  beforeAll(async () => {
    const pulumi = nodeRequire("@pulumi/pulumi");
    const macie = loadPackage();
    await pulumi.runtime.setMocks(
      {
        newResource(args: { name: string; inputs: Record<string, any> }) {
          registered[args.name] = args.inputs;
          return { id: `${args.name}-id`, state: { ...args.inputs, arn: `arn:${args.name}`, accountId: "111111111111", region: "us-east-1" } };
        },
        call: (args: { inputs: unknown }) => args.inputs,
      },
      "stable",
      "test",
      false,
    );
    const account = new macie.Account("macie", {});
    const cdi = new macie.CustomDataIdentifier("cdi", { regex: "x[0-9]+" });
    const job = new macie.ClassificationJob("job", {
      jobType: "ONE_TIME",
      s3JobDefinition: { bucketDefinitions: [{ accountId: account.accountId, buckets: ["bucket-b"] }] },
      customDataIdentifierIds: [cdi.id],
      tags: { identifier: cdi.arn, status: account.status, derived: account.accountId.apply((a: string) => `id-${a}`) },
    });
    const plain = new macie.ClassificationJob("plain", {
      jobType: "ONE_TIME",
      s3JobDefinition: { bucketDefinitions: [{ accountId: "111111111111", buckets: ["bucket-b"] }] },
    });
    await Promise.all([job, plain].map((r: any) => new Promise((resolve) => r.urn.apply(resolve))));
  }, 60_000);

  it("names each place that holds a stable output, with its producer's owner hash", () => {
    const owner = (name: string, type: string) => hash(`/stable/test|macie:${type}::${name}`);
    expect(registered.job.__stableSources).toEqual([
      [["s3JobDefinition", "bucketDefinitions", 0, "accountId"], owner("macie", "Account"), "accountId"],
      [["tags", "identifier"], owner("cdi", "CustomDataIdentifier"), "arn"],
    ]);
  });

  it("leaves out outputs an update may change (a status), values computed from outputs, and ids (which previews keep)", () => {
    const names = (registered.job.__stableSources as any[]).map((s) => s[0].join("."));
    expect(names).not.toContain("tags.status");
    expect(names).not.toContain("tags.derived");
    expect(names).not.toContain("customDataIdentifierIds.0");
  });

  it("adds nothing to a resource that consumes no stable output", () => {
    expect("__stableSources" in registered.plain).toBe(false);
  });
});

describe("in the plugin: diff notes, check fills", () => {
  let runtime: Runtime;
  beforeAll(() => {
    runtime = loadRuntime();
  });

  const account = { __owner: "o/p/s|macie:Account::macie", status: "ENABLED", findingPublishingFrequency: "FIFTEEN_MINUTES" };
  const accountState = { ...account, accountId: "111111111111", region: "us-east-1", serviceRole: "arn:role", updatedAt: "t1" };
  const jobNews = (sources: unknown[]) => ({
    __owner: "o/p/s|macie:ClassificationJob::job",
    __stableSources: sources,
    jobType: "ONE_TIME",
    s3JobDefinition: { bucketDefinitions: [{ accountId: UNKNOWN, buckets: ["bucket-b"] }] },
    tags: { role: UNKNOWN, updated: UNKNOWN },
  });
  const sources = [
    [["s3JobDefinition", "bucketDefinitions", 0, "accountId"], hash(account.__owner), "accountId"],
    [["tags", "role"], hash(account.__owner), "serviceRole"],
    [["tags", "updated"], hash(account.__owner), "updatedAt"],
  ];

  it("an in-place update of the producer: its stable outputs reach the consumer's check", async () => {
    const d = await runtime.diff("Account", "111111111111:us-east-1", accountState, { ...account, findingPublishingFrequency: "ONE_HOUR" });
    expect(d).toMatchObject({ changes: true, replaces: [] });
    const { inputs, failures } = await runtime.check("ClassificationJob", {}, jobNews(sources));
    expect(failures).toEqual([]);
    expect(inputs.s3JobDefinition.bucketDefinitions[0].accountId).toBe("111111111111");
    expect(inputs.tags.role).toBe("arn:role");
    // updatedAt is no stable output: an update changes it.
    expect(inputs.tags.updated).toBe(UNKNOWN);
  });

  it("a replacement of the producer: the consumer's values stay unknown", async () => {
    const d = await runtime.diff("Account", "111111111111:us-east-1", accountState, { ...account, region: "eu-west-1" });
    expect(d.replaces).toContain("region");
    const { inputs } = await runtime.check("ClassificationJob", {}, jobNews(sources));
    expect(inputs.s3JobDefinition.bucketDefinitions[0].accountId).toBe(UNKNOWN);
    expect(inputs.tags.role).toBe(UNKNOWN);
  });

  it("a known value is never overwritten, and a producer never diffed in this process fills nothing", async () => {
    await runtime.diff("Account", "111111111111:us-east-1", accountState, account);
    const news = jobNews([...sources, [["tags", "role"], hash("o/p/s|macie:Account::other"), "serviceRole"]]);
    news.s3JobDefinition.bucketDefinitions[0].accountId = "222222222222";
    const { inputs } = await runtime.check("ClassificationJob", {}, news);
    expect(inputs.s3JobDefinition.bucketDefinitions[0].accountId).toBe("222222222222");

    const stranger = [[["tags", "role"], hash("o/p/s|macie:Account::never-diffed"), "serviceRole"]];
    expect((await runtime.check("ClassificationJob", {}, jobNews(stranger))).inputs.tags.role).toBe(UNKNOWN);
  });
});
