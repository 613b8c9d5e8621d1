/**
 * The lookups (provider/lookups.ts), run as a program runs them, against macie-local over HTTP
 * through the real SDK: getManagedDataIdentifiers (every page of ListManagedDataIdentifiers),
 * getCallerIdentity (STS GetCallerIdentity), their Output forms, the connection they resolve
 * (argument, stack config, environment, assumed role), and their errors.
 *
 * macie-local pages ListManagedDataIdentifiers by 8 here (config `pageSizes`), so that the lookup
 * has to walk several pages. The package is loaded from dist/ with Node's require, sharing the
 * test's @pulumi/pulumi (whose stack config the lookups read).
 */
import { createRequire } from "node:module";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { paginateListManagedDataIdentifiers } from "@aws-sdk/client-macie2";
import { ACCOUNT, REGION, loadPackage, startProviderHarness, type ProviderHarness } from "../helpers/provider";

const nodeRequire = createRequire(import.meta.url);
const pulumi = nodeRequire("@pulumi/pulumi");
const PAGE = 8;
const OTHER = "222222222222";

let h: ProviderHarness;
let macie: any;

beforeAll(async () => {
  h = await startProviderHarness({ config: { pageSizes: { ListManagedDataIdentifiers: PAGE } } });
  for (const region of [REGION, "eu-west-1", "ap-southeast-2"]) await h.enableMacie(ACCOUNT, region);
  macie = loadPackage();
});
afterAll(() => h?.stop());
afterEach(async () => {
  pulumi.runtime.setAllConfig({});
  await h.em.admin.setFaults({ realRateLimits: false });
});

/** Every managed data identifier, read through the SDK's own paginator. */
async function listedBySdk(accountId = ACCOUNT, region = REGION) {
  const items: { id?: string; category?: string }[] = [];
  for await (const page of paginateListManagedDataIdentifiers({ client: h.client(accountId, region) }, {})) items.push(...(page.items ?? []));
  return items;
}

const valueOf = <T>(o: { apply(f: (v: T) => void): unknown }) => new Promise<T>((resolve) => o.apply((v) => resolve(v)));

describe("getManagedDataIdentifiers", () => {
  it("reads every page: each identifier once, in Macie's order, one call per page", async () => {
    const expected = await listedBySdk();
    const pages = Math.ceil(expected.length / PAGE);
    expect(pages).toBeGreaterThan(2);

    const { result, operations } = await h.countCalls(() => macie.getManagedDataIdentifiers());
    expect(result.items).toEqual(expected);
    expect(result.ids).toEqual(expected.map((m) => m.id));
    expect(new Set(result.ids).size).toBe(result.ids.length);
    expect(result.items).toContainEqual({ id: "CREDIT_CARD_NUMBER", category: "FINANCIAL_INFORMATION" });
    expect(result).toMatchObject({ accountId: ACCOUNT, region: REGION });
    expect(operations.ListManagedDataIdentifiers).toBe(pages);
    // Each later page was asked for with the token the page before it returned.
    const requests = (await h.em.admin.requests()).filter((r) => r.operation === "ListManagedDataIdentifiers").slice(-pages);
    expect(requests[0].body.nextToken).toBeUndefined();
    for (const r of requests.slice(1)) expect(typeof r.body.nextToken).toBe("string");
  });

  it("an error on a later page fails the lookup, naming it, the operation, the account and Region", async () => {
    await h.em.admin.setFaults({ realRateLimits: false, rules: { ListManagedDataIdentifiers: { error: { nth: 2, type: "AccessDeniedException" } } } });
    const { result, operations } = await h.countCalls(() => macie.getManagedDataIdentifiers().catch((e: Error) => e));
    expect(result).toBeInstanceOf(Error);
    expect(result.message).toMatch(/^getManagedDataIdentifiers: ListManagedDataIdentifiers failed in account 111111111111, us-east-1: AccessDeniedException: /);
    expect(operations.ListManagedDataIdentifiers).toBe(2);
  });

  it("throttling is retried: the lookup still returns the whole list", async () => {
    await h.em.admin.setFaults({ realRateLimits: false, rules: { ListManagedDataIdentifiers: { error: { count: 1, type: "ThrottlingException" } } } });
    const { result, failed } = await h.countCalls(() => macie.getManagedDataIdentifiers());
    expect(failed.ListManagedDataIdentifiers).toEqual({ ThrottlingException: 1 });
    expect(result.items).toEqual(await listedBySdk());
  });

  it("Macie not enabled: the error says so, and how to make the lookup wait for a macie.Account", async () => {
    const err = await h.asAccount(OTHER, () => macie.getManagedDataIdentifiers().catch((e: Error) => e));
    expect(err.message).toBe(
      "getManagedDataIdentifiers: Macie is not enabled in account 222222222222, us-east-1, and ListManagedDataIdentifiers needs it. " +
        "Declare a macie.Account and make the lookup wait for it: getManagedDataIdentifiersOutput({}, { dependsOn: [account] }).",
    );
  });

  it("goes where resources go: the region argument, else the stack's aws:region, else the environment", async () => {
    const regionOf = async (fn: () => Promise<{ region: string }>) => {
      const since = (await h.em.admin.requests()).at(-1)?.seq ?? 0;
      const { region } = await fn();
      const calls = (await h.em.admin.requests(since)).filter((r) => r.operation === "ListManagedDataIdentifiers");
      expect(new Set(calls.map((r) => r.region))).toEqual(new Set([region]));
      return region;
    };
    expect(await regionOf(() => macie.getManagedDataIdentifiers())).toBe(REGION);
    pulumi.runtime.setAllConfig({ "aws:region": "ap-southeast-2" });
    expect(await regionOf(() => macie.getManagedDataIdentifiers())).toBe("ap-southeast-2");
    expect(await regionOf(() => macie.getManagedDataIdentifiers({ region: "eu-west-1" }))).toBe("eu-west-1");
  });

  it("the Output form takes Inputs and resolves to the same result", async () => {
    const out = macie.getManagedDataIdentifiersOutput({ region: pulumi.output(Promise.resolve("eu-west-1")) });
    expect(pulumi.Output.isInstance(out)).toBe(true);
    const result = await valueOf<any>(out);
    expect(result).toEqual(await macie.getManagedDataIdentifiers({ region: "eu-west-1" }));
    expect(result.region).toBe("eu-west-1");
    expect(result.ids.length).toBeGreaterThan(PAGE);
  });
});

describe("getCallerIdentity", () => {
  it("returns the account, Region and ARN of the credentials, with no Macie call (Macie need not be enabled)", async () => {
    const { result, calls } = await h.asAccount("333333333333", () => h.countCalls(() => macie.getCallerIdentity()));
    expect(result).toEqual({ accountId: "333333333333", region: REGION, arn: "arn:aws:iam::333333333333:user/macie-local" });
    expect(calls).toBe(0);
  });

  it("with assumeRoleArn: the role's account", async () => {
    const result = await macie.getCallerIdentity({ assumeRoleArn: `arn:aws:iam::${OTHER}:role/MacieAudit`, region: "eu-west-1" });
    expect(result).toMatchObject({ accountId: OTHER, region: "eu-west-1" });
    expect(result.arn).toMatch(new RegExp(`^arn:aws:(iam|sts)::${OTHER}:`));
  });

  it("the Output form takes Inputs", async () => {
    const result = await valueOf<any>(macie.getCallerIdentityOutput({ region: pulumi.output("ca-central-1") }));
    expect(result).toEqual({ accountId: ACCOUNT, region: "ca-central-1", arn: `arn:aws:iam::${ACCOUNT}:user/macie-local` });
  });

  it("credentials that reach no account: the error names the lookup and says what to check", async () => {
    const err = await h.withEnv({ AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_ACCESS_KEY_ID: "AKIAUNREACHABLE" }, () => macie.getCallerIdentity().catch((e: Error) => e));
    expect(err.message).toMatch(/^getCallerIdentity: cannot determine the AWS account for Macie in us-east-1: .*Check the AWS credentials/);
  });
});
