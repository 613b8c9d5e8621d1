/**
 * A catalogue of invalid inputs for the settings of automated sensitive data discovery:
 * ClassificationScope, SensitivityInspectionTemplate, AutomatedDiscoveryAccount and
 * ResourceProfile. Each is driven as `pulumi up` drives a new resource (check, then create only if
 * check passed): check must reject it with the expected property path and rule, and the emulator
 * must record no call for the whole catalogue.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startProviderHarness, type ProviderHarness } from "../helpers/provider";
import { describeBadInputs, pathOf, type BadInput } from "../helpers/badInputs";

const SCOPE = "ClassificationScope";
const TEMPLATE = "SensitivityInspectionTemplate";
const MEMBER = "AutomatedDiscoveryAccount";
const PROFILE = "ResourceProfile";
const BUCKET_ARN = "arn:aws:s3:::customer-exports";

const CASES: BadInput[] = [
  { what: "excludes as a list of names", type: SCOPE, args: { excludes: ["logs"] }, property: "excludes", reason: /^must be an object$/ },
  { what: "bucketNames as one string", type: SCOPE, args: { excludes: { bucketNames: "logs" } }, property: "excludes.bucketNames", reason: /: must be a list;/, got: '"logs"' },
  { what: "a bucket name of 2 characters", type: SCOPE, args: { excludes: { bucketNames: ["ok-bucket", "ab"] } }, property: "excludes.bucketNames[1]", reason: /at least 3 characters/, got: '"ab"' },
  { what: "a bucket name of 256 characters", type: SCOPE, args: { excludes: { bucketNames: ["b".repeat(256)] } }, property: "excludes.bucketNames[0]", reason: /at most 255 characters long \(got 256\)/ },
  { what: "an S3 URL instead of a name", type: SCOPE, args: { excludes: { bucketNames: ["s3://logs"] } }, property: "excludes.bucketNames[0]", reason: /must be an S3 bucket name/, got: '"s3://logs"' },
  { what: "a bucket and a prefix", type: SCOPE, args: { excludes: { bucketNames: ["logs/2024"] } }, property: "excludes.bucketNames[0]", reason: /must be an S3 bucket name/ },
  { what: "a bucket listed twice", type: SCOPE, args: { excludes: { bucketNames: ["logs", "data", "logs"] } }, property: "excludes.bucketNames[2]", reason: /duplicates an earlier item \(excludes.bucketNames\[0\]\)/ },
  { what: "includes (scopes only exclude)", type: SCOPE, args: { excludes: { bucketNames: ["logs"] }, includes: { bucketNames: ["data"] } }, property: "includes", reason: /is not a known property \(known: excludes, region, assumeRoleArn\)/ },
  { what: "the API's s3 level", type: SCOPE, args: { excludes: { s3: { bucketNames: ["logs"] } } }, property: "excludes.s3", reason: /is not a known property \(known: bucketNames\)/ },

  { what: "an empty description", type: TEMPLATE, args: { description: "" }, property: "description", reason: /at least 1 characters/ },
  { what: "a description of 201 characters", type: TEMPLATE, args: { description: "d".repeat(201) }, property: "description", reason: /at most 200 characters long \(got 201\)/ },
  { what: "includes as a list", type: TEMPLATE, args: { includes: ["CREDIT_CARD_NUMBER"] }, property: "includes", reason: /^must be an object$/ },
  { what: "customDataIdentifierIds as one string", type: TEMPLATE, args: { includes: { customDataIdentifierIds: "abc" } }, property: "includes.customDataIdentifierIds", reason: /: must be a list;/ },
  { what: "an empty allow list id", type: TEMPLATE, args: { includes: { allowListIds: [""] } }, property: "includes.allowListIds[0]", reason: /at least 1 characters/ },
  { what: "a managed id that is not a string", type: TEMPLATE, args: { includes: { managedDataIdentifierIds: [42] } }, property: "includes.managedDataIdentifierIds[0]", reason: /: must be a string;/, got: "42" },
  {
    what: "a managed id included twice",
    type: TEMPLATE,
    args: { includes: { managedDataIdentifierIds: ["CREDIT_CARD_NUMBER", "CREDIT_CARD_NUMBER"] } },
    property: "includes.managedDataIdentifierIds[1]",
    reason: /duplicates an earlier item/,
  },
  {
    what: "a managed id both included and excluded",
    type: TEMPLATE,
    args: { includes: { managedDataIdentifierIds: ["CREDIT_CARD_NUMBER"] }, excludes: { managedDataIdentifierIds: ["AWS_CREDENTIALS", "CREDIT_CARD_NUMBER"] } },
    property: "excludes.managedDataIdentifierIds[1]",
    reason: /CREDIT_CARD_NUMBER is also in includes.managedDataIdentifierIds: a managed data identifier is either included or excluded/,
  },
  {
    what: "custom identifiers excluded (only managed ones can be)",
    type: TEMPLATE,
    args: { excludes: { customDataIdentifierIds: ["abc"] } },
    property: "excludes.customDataIdentifierIds",
    reason: /is not a known property \(known: managedDataIdentifierIds\)/,
  },

  { what: "no accountId", type: MEMBER, args: { status: "ENABLED" }, property: "accountId", reason: /is required/ },
  { what: "an accountId of 11 digits", type: MEMBER, args: { accountId: "22222222222", status: "ENABLED" }, property: "accountId", reason: /must be a 12-digit AWS account ID/ },
  { what: "an accountId as a number", type: MEMBER, args: { accountId: 222222222222, status: "ENABLED" }, property: "accountId", reason: /must be a string/ },
  { what: "no status", type: MEMBER, args: { accountId: "222222222222" }, property: "status", reason: /is required/ },
  { what: "status PAUSED (a member session status)", type: MEMBER, args: { accountId: "222222222222", status: "PAUSED" }, property: "status", reason: /^must be one of ENABLED, DISABLED$/ },

  { what: "no resourceArn", type: PROFILE, args: { sensitivityScoreOverride: 100 }, property: "resourceArn", reason: /is required/ },
  { what: "a bucket name instead of its ARN", type: PROFILE, args: { resourceArn: "customer-exports" }, property: "resourceArn", reason: /must be the ARN of an S3 bucket, arn:aws:s3:::<bucket name>/ },
  { what: "the ARN of another service", type: PROFILE, args: { resourceArn: "arn:aws:sqs:us-east-1:111111111111:queue" }, property: "resourceArn", reason: /must be the ARN of an S3 bucket/ },
  { what: "an object's ARN", type: PROFILE, args: { resourceArn: "arn:aws:s3:::customer-exports/2024/data.csv" }, property: "resourceArn", reason: /must be an S3 bucket name/ },
  { what: "a score override of 50", type: PROFILE, args: { resourceArn: BUCKET_ARN, sensitivityScoreOverride: 50 }, property: "sensitivityScoreOverride", reason: /must be 100, the maximum score \(Macie's only override\)/ },
  { what: "a score override as a string", type: PROFILE, args: { resourceArn: BUCKET_ARN, sensitivityScoreOverride: "100" }, property: "sensitivityScoreOverride", reason: /must be 100/ },
  { what: "suppressDataIdentifiers as one object", type: PROFILE, args: { resourceArn: BUCKET_ARN, suppressDataIdentifiers: { id: "X", type: "MANAGED" } }, property: "suppressDataIdentifiers", reason: /^must be a list$/ },
  {
    what: "a suppressed type in lower case",
    type: PROFILE,
    args: { resourceArn: BUCKET_ARN, suppressDataIdentifiers: [{ id: "CREDIT_CARD_NUMBER", type: "managed" }] },
    property: "suppressDataIdentifiers[0].type",
    reason: /must be one of CUSTOM, MANAGED/,
    got: '"managed"',
  },
  { what: "a suppressed entry without id", type: PROFILE, args: { resourceArn: BUCKET_ARN, suppressDataIdentifiers: [{ type: "MANAGED" }] }, property: "suppressDataIdentifiers[0].id", reason: /is required/ },
  {
    what: "a detection suppressed twice",
    type: PROFILE,
    args: { resourceArn: BUCKET_ARN, suppressDataIdentifiers: [{ id: "CREDIT_CARD_NUMBER", type: "MANAGED" }, { type: "MANAGED", id: "CREDIT_CARD_NUMBER" }] },
    property: "suppressDataIdentifiers[1]",
    reason: /duplicates an earlier item \(suppressDataIdentifiers\[0\]\)/,
  },
];

let h: ProviderHarness;

beforeAll(async () => {
  h = await startProviderHarness();
  await h.enableMacie();
});
afterAll(() => h?.stop());

describeBadInputs("ClassificationScope, SensitivityInspectionTemplate, AutomatedDiscoveryAccount, ResourceProfile: check rejects each invalid input with its property path and rule", CASES, 30, () => h);

describe("check reports every failure at once", () => {
  test("a profile with three independent mistakes gets three failures", async () => {
    const { failures } = await h.check(PROFILE, {
      __name: "bad",
      resourceArn: "customer-exports",
      sensitivityScoreOverride: 99,
      suppressDataIdentifiers: [{ id: "X", type: "BOTH" }],
    });
    expect(failures.map(pathOf).sort()).toEqual(["resourceArn", "sensitivityScoreOverride", "suppressDataIdentifiers[0].type"]);
  });

  test("values unknown during preview pass, and an unknown bucket claims no setting yet", async () => {
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const preview = (name: string) => h.check(PROFILE, { __name: name, resourceArn: UNKNOWN, suppressDataIdentifiers: [{ id: UNKNOWN, type: "CUSTOM" }] });
    expect((await preview("one")).failures).toEqual([]);
    expect((await preview("two")).failures).toEqual([]);
    const scope = await h.check(SCOPE, { __name: "scope", excludes: { bucketNames: ["logs", UNKNOWN] } });
    expect(scope.failures).toEqual([]);
  });
});
