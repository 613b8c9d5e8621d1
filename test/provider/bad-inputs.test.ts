/**
 * A catalogue of invalid inputs for CustomDataIdentifier, FindingsFilter and ClassificationJob.
 * Each is driven as `pulumi up` drives a new resource (check, then create only if check passed):
 * check must reject it with the expected property path and rule, and the emulator must record no
 * mutating call for the whole catalogue (a case that slipped through check would create).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startProviderHarness, type ProviderHarness } from "../helpers/provider";
import { describeBadInputs, pathOf, type BadInput } from "../helpers/badInputs";

const CDI = { regex: "\\d{4}-\\d{4}" };
const FILTER = { action: "ARCHIVE", findingCriteria: { criterion: { "severity.description": { eq: ["High"] } } } };
const BUCKETS = { bucketDefinitions: [{ accountId: "111111111111", buckets: ["my-bucket"] }] };
const JOB = { jobType: "ONE_TIME", s3JobDefinition: BUCKETS };
const SCHEDULED = { jobType: "SCHEDULED", s3JobDefinition: BUCKETS, scheduleFrequency: { dailySchedule: {} } };

const times = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));
const scope = (term: Record<string, unknown>) => ({ ...BUCKETS, scoping: { includes: { and: [term] } } });

type Case = BadInput;

const CASES: Case[] = [
  // CustomDataIdentifier
  { what: "no regex", type: "CustomDataIdentifier", args: {}, property: "regex", reason: /is required/ },
  { what: "regex over 512 characters", type: "CustomDataIdentifier", args: { regex: "a".repeat(513) }, property: "regex", reason: /at most 512 characters/ },
  { what: "regex with an unclosed group", type: "CustomDataIdentifier", args: { regex: "(\\d+" }, property: "regex", reason: /not a valid regular expression.*\( without a matching \)/ },
  { what: "regex with an unclosed class", type: "CustomDataIdentifier", args: { regex: "[a-z+" }, property: "regex", reason: /without a closing \]/ },
  { what: "regex quantifier with nothing to repeat", type: "CustomDataIdentifier", args: { regex: "*abc" }, property: "regex", reason: /nothing to repeat/ },
  { what: "regex range out of order", type: "CustomDataIdentifier", args: { regex: "[z-a]" }, property: "regex", reason: /range out of order: z-a/ },
  { what: "regex {min,max} reversed", type: "CustomDataIdentifier", args: { regex: "\\d{5,2}" }, property: "regex", reason: /minimum is above its maximum/ },
  { what: "name over 128 characters", type: "CustomDataIdentifier", args: { ...CDI, name: "n".repeat(129) }, property: "name", reason: /at most 128/ },
  { what: "description over 512 characters", type: "CustomDataIdentifier", args: { ...CDI, description: "d".repeat(513) }, property: "description", reason: /at most 512/ },
  { what: "51 keywords", type: "CustomDataIdentifier", args: { ...CDI, keywords: times(51, (i) => `keyword${i}`) }, property: "keywords", reason: /at most 50 items/ },
  { what: "a keyword of 2 characters", type: "CustomDataIdentifier", args: { ...CDI, keywords: ["ok!", "ab"] }, property: "keywords[1]", reason: /at least 3 characters/ },
  { what: "11 ignore words", type: "CustomDataIdentifier", args: { ...CDI, ignoreWords: times(11, (i) => `ignore${i}`) }, property: "ignoreWords", reason: /at most 10 items/ },
  { what: "an ignore word of 3 characters", type: "CustomDataIdentifier", args: { ...CDI, ignoreWords: ["abc"] }, property: "ignoreWords[0]", reason: /at least 4 characters/ },
  { what: "maximumMatchDistance 0", type: "CustomDataIdentifier", args: { ...CDI, maximumMatchDistance: 0 }, property: "maximumMatchDistance", reason: /at least 1/ },
  { what: "maximumMatchDistance 301", type: "CustomDataIdentifier", args: { ...CDI, maximumMatchDistance: 301 }, property: "maximumMatchDistance", reason: /at most 300/ },
  { what: "maximumMatchDistance not an integer", type: "CustomDataIdentifier", args: { ...CDI, maximumMatchDistance: 2.5 }, property: "maximumMatchDistance", reason: /must be an integer/ },
  {
    what: "four severity levels",
    type: "CustomDataIdentifier",
    args: { ...CDI, severityLevels: times(4, (i) => "LOW").map((severity, i) => ({ severity, occurrencesThreshold: i + 1 })) },
    property: "severityLevels",
    reason: /at most 3 items/,
  },
  {
    what: "two MEDIUM severity levels",
    type: "CustomDataIdentifier",
    args: { ...CDI, severityLevels: [{ severity: "MEDIUM", occurrencesThreshold: 1 }, { severity: "MEDIUM", occurrencesThreshold: 5 }] },
    property: "severityLevels[1].severity",
    reason: /at most one level per severity/,
  },
  {
    what: "severity thresholds not ascending",
    type: "CustomDataIdentifier",
    args: { ...CDI, severityLevels: [{ severity: "HIGH", occurrencesThreshold: 5 }, { severity: "LOW", occurrencesThreshold: 10 }] },
    property: "severityLevels[0].occurrencesThreshold",
    reason: /greater than the LOW threshold \(10\)/,
  },
  {
    what: "unknown severity",
    type: "CustomDataIdentifier",
    args: { ...CDI, severityLevels: [{ severity: "CRITICAL", occurrencesThreshold: 1 }] },
    property: "severityLevels[0].severity",
    reason: /must be one of LOW, MEDIUM, HIGH/,
  },
  {
    what: "occurrencesThreshold 0",
    type: "CustomDataIdentifier",
    args: { ...CDI, severityLevels: [{ severity: "LOW", occurrencesThreshold: 0 }] },
    property: "severityLevels[0].occurrencesThreshold",
    reason: /at least 1/,
  },
  { what: "a test sample over 1000 characters", type: "CustomDataIdentifier", args: { ...CDI, testCases: [{ sampleText: "x".repeat(1001), expectMatches: 0 }] }, property: "testCases[0].sampleText", reason: /at most 1000/ },
  { what: "a negative expected match count", type: "CustomDataIdentifier", args: { ...CDI, testCases: [{ sampleText: "1234-5678", expectMatches: -1 }] }, property: "testCases[0].expectMatches", reason: /at least 0/ },
  { what: "a test case without its expectation", type: "CustomDataIdentifier", args: { ...CDI, testCases: [{ sampleText: "1234-5678" }] }, property: "testCases[0].expectMatches", reason: /is required/ },
  { what: "a reserved tag key", type: "CustomDataIdentifier", args: { ...CDI, tags: { "aws:owner": "x" } }, property: 'tags["aws:owner"]', reason: /reserved/ },
  { what: "a misspelt property", type: "CustomDataIdentifier", args: { ...CDI, keyword: ["abc"] }, property: "keyword", reason: /not a known property/ },

  // FindingsFilter
  { what: "no action", type: "FindingsFilter", args: { findingCriteria: FILTER.findingCriteria }, property: "action", reason: /is required/ },
  { what: "an unknown action", type: "FindingsFilter", args: { ...FILTER, action: "DELETE" }, property: "action", reason: /must be one of ARCHIVE, NOOP/ },
  { what: "a name of 2 characters", type: "FindingsFilter", args: { ...FILTER, name: "ab" }, property: "name", reason: /at least 3 characters/ },
  { what: "a name of 65 characters", type: "FindingsFilter", args: { ...FILTER, name: "n".repeat(65) }, property: "name", reason: /at most 64/ },
  { what: "a description over 512 characters", type: "FindingsFilter", args: { ...FILTER, description: "d".repeat(513) }, property: "description", reason: /at most 512/ },
  { what: "no findingCriteria", type: "FindingsFilter", args: { action: "NOOP" }, property: "findingCriteria", reason: /is required/ },
  { what: "no criterion", type: "FindingsFilter", args: { ...FILTER, findingCriteria: { criterion: {} } }, property: "findingCriteria.criterion", reason: /at least one criterion/ },
  { what: "a criterion without operators", type: "FindingsFilter", args: { ...FILTER, findingCriteria: { criterion: { type: {} } } }, property: "findingCriteria.criterion.type", reason: /at least one operator/ },
  {
    what: "a string where an integer goes",
    type: "FindingsFilter",
    args: { ...FILTER, findingCriteria: { criterion: { "severity.score": { gt: "5" } } } },
    property: 'findingCriteria.criterion["severity.score"].gt',
    reason: /must be an integer/,
    got: '"5"',
  },
  {
    what: "a fraction on a dotted field",
    type: "FindingsFilter",
    args: { ...FILTER, findingCriteria: { criterion: { "severity.score": { gte: 1.5 } } } },
    property: 'findingCriteria.criterion["severity.score"].gte',
    reason: /must be an integer/,
    got: "1.5",
  },
  {
    what: "a single string where a list goes",
    type: "FindingsFilter",
    args: { ...FILTER, findingCriteria: { criterion: { "resourcesAffected.s3Bucket.name": { eq: "my-bucket" } } } },
    property: 'findingCriteria.criterion["resourcesAffected.s3Bucket.name"].eq',
    reason: /must be a list/,
    got: '"my-bucket"',
  },
  {
    what: "an empty eq list",
    type: "FindingsFilter",
    args: { ...FILTER, findingCriteria: { criterion: { category: { eq: [] } } } },
    property: "findingCriteria.criterion.category.eq",
    reason: /at least 1 item/,
  },
  {
    what: "eqExactMatch on a field that does not take it",
    type: "FindingsFilter",
    args: { ...FILTER, findingCriteria: { criterion: { type: { eqExactMatch: ["SensitiveData:S3Object/Personal"] } } } },
    property: "findingCriteria.criterion.type.eqExactMatch",
    reason: /not supported for type/,
  },
  {
    what: "an unknown operator",
    type: "FindingsFilter",
    args: { ...FILTER, findingCriteria: { criterion: { type: { contains: ["Policy"] } } } },
    property: "findingCriteria.criterion.type.contains",
    reason: /not a known property/,
  },
  {
    what: "a misspelt finding field",
    type: "FindingsFilter",
    args: { ...FILTER, findingCriteria: { criterion: { "severity.descripton": { eq: ["High"] } } } },
    property: 'findingCriteria.criterion["severity.descripton"]',
    reason: /^[^;]*: is not a finding field Macie can filter on; did you mean "severity\.description"\?$/,
  },
  {
    what: "a finding field in the wrong case",
    type: "FindingsFilter",
    args: { ...FILTER, findingCriteria: { criterion: { "Severity.Score": { gte: 2 } } } },
    property: 'findingCriteria.criterion["Severity.Score"]',
    reason: /did you mean "severity\.score"\?$/,
  },
  {
    what: "a classification result field under its path in a finding",
    type: "FindingsFilter",
    args: { ...FILTER, findingCriteria: { criterion: { "classificationDetails.result.sensitiveData.category": { eq: ["CREDENTIALS"] } } } },
    property: 'findingCriteria.criterion["classificationDetails.result.sensitiveData.category"]',
    reason: /did you mean "sensitiveData\.category"\?$/,
  },
  {
    what: "a finding field with no near name",
    type: "FindingsFilter",
    args: { ...FILTER, findingCriteria: { criterion: { colour: { eq: ["red"] } } } },
    property: "findingCriteria.criterion.colour",
    reason: /is not a finding field Macie can filter on \(fields are named as in a finding/,
  },
  {
    what: "a severity Macie does not have",
    type: "FindingsFilter",
    args: { ...FILTER, findingCriteria: { criterion: { "severity.description": { eq: ["High", "Hgh"] } } } },
    property: 'findingCriteria.criterion["severity.description"].eq[1]',
    reason: /must be one of High, Low, Medium/,
    got: '"Hgh"',
  },
  {
    what: "a boolean field compared with yes",
    type: "FindingsFilter",
    args: { ...FILTER, findingCriteria: { criterion: { archived: { neq: ["yes"] } } } },
    property: "findingCriteria.criterion.archived.neq[0]",
    reason: /must be one of true, false/,
    got: '"yes"',
  },
  {
    what: "a range on a text field",
    type: "FindingsFilter",
    args: { ...FILTER, findingCriteria: { criterion: { "resourcesAffected.s3Bucket.name": { gt: 5 } } } },
    property: 'findingCriteria.criterion["resourcesAffected.s3Bucket.name"].gt',
    reason: /not supported for resourcesAffected\.s3Bucket\.name, which holds text: gt, gte, lt and lte compare numbers and dates/,
  },
  { what: "position 0", type: "FindingsFilter", args: { ...FILTER, position: 0 }, property: "position", reason: /at least 1/ },

  // ClassificationJob
  { what: "no jobType", type: "ClassificationJob", args: { s3JobDefinition: BUCKETS }, property: "jobType", reason: /is required/ },
  { what: "an unknown jobType", type: "ClassificationJob", args: { ...JOB, jobType: "WEEKLY" }, property: "jobType", reason: /must be one of ONE_TIME, SCHEDULED/ },
  { what: "no s3JobDefinition", type: "ClassificationJob", args: { jobType: "ONE_TIME" }, property: "s3JobDefinition", reason: /is required/ },
  {
    what: "bucketDefinitions and bucketCriteria together",
    type: "ClassificationJob",
    args: { ...JOB, s3JobDefinition: { ...BUCKETS, bucketCriteria: { includes: { and: [{ simpleCriterion: { key: "S3_BUCKET_NAME", values: ["b"] } }] } } } },
    property: "s3JobDefinition",
    reason: /exactly one of bucketDefinitions, bucketCriteria/,
  },
  { what: "neither bucketDefinitions nor bucketCriteria", type: "ClassificationJob", args: { ...JOB, s3JobDefinition: {} }, property: "s3JobDefinition", reason: /exactly one of bucketDefinitions, bucketCriteria/ },
  {
    what: "an account id of 3 digits",
    type: "ClassificationJob",
    args: { ...JOB, s3JobDefinition: { bucketDefinitions: [{ accountId: "123", buckets: ["b-1"] }] } },
    property: "s3JobDefinition.bucketDefinitions[0].accountId",
    reason: /12-digit/,
  },
  {
    what: "a bucket name with a space",
    type: "ClassificationJob",
    args: { ...JOB, s3JobDefinition: { bucketDefinitions: [{ accountId: "111111111111", buckets: ["customer-data", "my bucket"] }] } },
    property: "s3JobDefinition.bucketDefinitions[0].buckets[1]",
    reason: /must be an S3 bucket name: letters, digits, dots/,
    got: '"my bucket"',
  },
  {
    what: "a bucket name over 255 characters",
    type: "ClassificationJob",
    args: { ...JOB, s3JobDefinition: { bucketDefinitions: [{ accountId: "111111111111", buckets: ["b".repeat(256)] }] } },
    property: "s3JobDefinition.bucketDefinitions[0].buckets[0]",
    reason: /at most 255 characters long \(got 256\)/,
  },
  {
    what: "an account without buckets",
    type: "ClassificationJob",
    args: { ...JOB, s3JobDefinition: { bucketDefinitions: [{ accountId: "111111111111", buckets: [] }] } },
    property: "s3JobDefinition.bucketDefinitions[0].buckets",
    reason: /at least 1 item/,
  },
  {
    what: "1,001 buckets",
    type: "ClassificationJob",
    args: {
      ...JOB,
      s3JobDefinition: {
        bucketDefinitions: [
          { accountId: "111111111111", buckets: times(600, (i) => `bucket-a-${i}`) },
          { accountId: "222222222222", buckets: times(401, (i) => `bucket-b-${i}`) },
        ],
      },
    },
    property: "s3JobDefinition.bucketDefinitions",
    reason: /at most 1000 buckets in all \(got 1001\)/,
  },
  { what: "SCHEDULED without a schedule", type: "ClassificationJob", args: { ...SCHEDULED, scheduleFrequency: undefined }, property: "scheduleFrequency", reason: /required when jobType is SCHEDULED/ },
  { what: "ONE_TIME with a schedule", type: "ClassificationJob", args: { ...JOB, scheduleFrequency: { dailySchedule: {} } }, property: "scheduleFrequency", reason: /must not be set when jobType is ONE_TIME/ },
  { what: "ONE_TIME with initialRun", type: "ClassificationJob", args: { ...JOB, initialRun: true }, property: "initialRun", reason: /only to SCHEDULED jobs/ },
  {
    what: "two schedules at once",
    type: "ClassificationJob",
    args: { ...SCHEDULED, scheduleFrequency: { dailySchedule: {}, weeklySchedule: { dayOfWeek: "MONDAY" } } },
    property: "scheduleFrequency",
    reason: /exactly one of dailySchedule, weeklySchedule, monthlySchedule/,
  },
  { what: "day of month 32", type: "ClassificationJob", args: { ...SCHEDULED, scheduleFrequency: { monthlySchedule: { dayOfMonth: 32 } } }, property: "scheduleFrequency.monthlySchedule.dayOfMonth", reason: /at most 31/ },
  { what: "an unknown weekday", type: "ClassificationJob", args: { ...SCHEDULED, scheduleFrequency: { weeklySchedule: { dayOfWeek: "FUNDAY" } } }, property: "scheduleFrequency.weeklySchedule.dayOfWeek", reason: /must be one of SUNDAY/ },
  { what: "samplingPercentage 0", type: "ClassificationJob", args: { ...JOB, samplingPercentage: 0 }, property: "samplingPercentage", reason: /at least 1/ },
  { what: "samplingPercentage 101", type: "ClassificationJob", args: { ...JOB, samplingPercentage: 101 }, property: "samplingPercentage", reason: /at most 100/ },
  { what: "31 custom data identifiers", type: "ClassificationJob", args: { ...JOB, customDataIdentifierIds: times(31, (i) => `cdi-${i}`) }, property: "customDataIdentifierIds", reason: /at most 30 items/ },
  { what: "a custom data identifier listed twice", type: "ClassificationJob", args: { ...JOB, customDataIdentifierIds: ["cdi-1", "cdi-1"] }, property: "customDataIdentifierIds[1]", reason: /duplicates an earlier item/ },
  { what: "11 allow lists", type: "ClassificationJob", args: { ...JOB, allowListIds: times(11, (i) => `list-${i}`) }, property: "allowListIds", reason: /at most 10 items/ },
  { what: "an unknown selector", type: "ClassificationJob", args: { ...JOB, managedDataIdentifierSelector: "SOME" }, property: "managedDataIdentifierSelector", reason: /must be one of ALL, EXCLUDE, INCLUDE, NONE, RECOMMENDED/ },
  { what: "INCLUDE without identifiers", type: "ClassificationJob", args: { ...JOB, managedDataIdentifierSelector: "INCLUDE" }, property: "managedDataIdentifierIds", reason: /required \(at least one\) when managedDataIdentifierSelector is INCLUDE/ },
  {
    what: "managed identifiers with the default selector",
    type: "ClassificationJob",
    args: { ...JOB, managedDataIdentifierIds: ["CREDIT_CARD_NUMBER"] },
    property: "managedDataIdentifierIds",
    reason: /must not be set when managedDataIdentifierSelector is RECOMMENDED/,
  },
  { what: "NONE without custom identifiers", type: "ClassificationJob", args: { ...JOB, managedDataIdentifierSelector: "NONE" }, property: "customDataIdentifierIds", reason: /at least one custom data identifier when managedDataIdentifierSelector is NONE/ },
  { what: "a desired status Macie sets itself", type: "ClassificationJob", args: { ...JOB, jobStatus: "CANCELLED" }, property: "jobStatus", reason: /must be one of RUNNING, USER_PAUSED/ },
  { what: "a description over 200 characters", type: "ClassificationJob", args: { ...JOB, description: "d".repeat(201) }, property: "description", reason: /at most 200/ },
  { what: "a name over 500 characters", type: "ClassificationJob", args: { ...JOB, name: "n".repeat(501) }, property: "name", reason: /at most 500/ },
  {
    what: "OBJECT_KEY compared with EQ",
    type: "ClassificationJob",
    args: { ...JOB, s3JobDefinition: scope({ simpleScopeTerm: { key: "OBJECT_KEY", comparator: "EQ", values: ["logs/"] } }) },
    property: "s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.comparator",
    reason: /must be one of STARTS_WITH for key OBJECT_KEY/,
  },
  {
    what: "an object size that is not a number",
    type: "ClassificationJob",
    args: { ...JOB, s3JobDefinition: scope({ simpleScopeTerm: { key: "OBJECT_SIZE", comparator: "GT", values: ["big"] } }) },
    property: "s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.values[0]",
    reason: /object size in bytes/,
  },
  {
    what: "two last-modified dates",
    type: "ClassificationJob",
    args: { ...JOB, s3JobDefinition: scope({ simpleScopeTerm: { key: "OBJECT_LAST_MODIFIED_DATE", comparator: "GT", values: ["2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"] } }) },
    property: "s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.values",
    reason: /exactly one value for key OBJECT_LAST_MODIFIED_DATE/,
  },
  {
    what: "a scope term of both kinds",
    type: "ClassificationJob",
    args: {
      ...JOB,
      s3JobDefinition: scope({
        simpleScopeTerm: { key: "OBJECT_EXTENSION", comparator: "EQ", values: ["pdf"] },
        tagScopeTerm: { key: "TAG", comparator: "EQ", tagValues: [{ key: "k", value: "v" }], target: "S3_OBJECT" },
      }),
    },
    property: "s3JobDefinition.scoping.includes.and[0]",
    reason: /exactly one of simpleScopeTerm, tagScopeTerm/,
  },
  {
    what: "an unknown bucket criterion key",
    type: "ClassificationJob",
    args: { ...JOB, s3JobDefinition: { bucketCriteria: { includes: { and: [{ simpleCriterion: { key: "BUCKET_REGION", comparator: "EQ", values: ["us-east-1"] } }] } } } },
    property: "s3JobDefinition.bucketCriteria.includes.and[0].simpleCriterion.key",
    reason: /must be one of ACCOUNT_ID/,
  },
  {
    what: "a bucket tag criterion with neither key nor value",
    type: "ClassificationJob",
    args: { ...JOB, s3JobDefinition: { bucketCriteria: { excludes: { and: [{ tagCriterion: { comparator: "EQ", tagValues: [{}] } }] } } } },
    property: "s3JobDefinition.bucketCriteria.excludes.and[0].tagCriterion.tagValues[0]",
    reason: /at least one of key, value/,
  },
  { what: "a Region that is not one", type: "ClassificationJob", args: { ...JOB, region: "mars-1" }, property: "region", reason: /AWS Region name/ },
];

let h: ProviderHarness;

beforeAll(async () => {
  h = await startProviderHarness();
  await h.enableMacie();
});
afterAll(() => h?.stop());

describeBadInputs("check rejects each invalid input with its property path and rule", CASES, 30, () => h);

describe("check reports every failure at once", () => {
  test("a job with four independent mistakes gets four failures", async () => {
    const { failures } = await h.check("ClassificationJob", {
      __name: "bad",
      jobType: "SCHEDULED",
      s3JobDefinition: { bucketDefinitions: [{ accountId: "1", buckets: ["b-1"] }] },
      samplingPercentage: 200,
      description: "d".repeat(300),
    });
    expect(failures.map(pathOf).sort()).toEqual(["description", "s3JobDefinition.bucketDefinitions[0].accountId", "samplingPercentage", "scheduleFrequency"]);
  });

  test("a filter with a bad name, a bad action and two bad operators gets all four", async () => {
    const { failures } = await h.check("FindingsFilter", {
      __name: "bad",
      name: "x",
      action: "HIDE",
      findingCriteria: { criterion: { "severity.score": { gt: "1" }, "sensitiveData.category": { eqExactMatch: "PERSONAL_INFORMATION" } } },
    });
    expect(failures.map(pathOf).sort()).toEqual([
      "action",
      'findingCriteria.criterion["sensitiveData.category"].eqExactMatch',
      'findingCriteria.criterion["severity.score"].gt',
      "name",
    ]);
  });
});

describe("valid inputs pass, and unknown values (preview) are tolerated", () => {
  const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

  test.each([
    ["CustomDataIdentifier", { ...CDI, keywords: ["employee"], severityLevels: [{ severity: "LOW", occurrencesThreshold: 1 }, { severity: "HIGH", occurrencesThreshold: 20 }] }],
    ["CustomDataIdentifier", { regex: "\\Q1.2\\E\\d++(?P<x>[[:digit:]]{2,})(?i)" }],
    ["FindingsFilter", { ...FILTER, position: 1, findingCriteria: { criterion: { "severity.score": { gte: 2, lt: 3 }, "sensitiveData.category": { eqExactMatch: ["PERSONAL_INFORMATION"] } } } }],
    [
      "FindingsFilter",
      {
        ...FILTER,
        findingCriteria: {
          criterion: {
            archived: { eq: ["false"] },
            createdAt: { gte: 1700000000000 },
            "classificationDetails.originType": { neq: ["AUTOMATED_SENSITIVE_DATA_DISCOVERY"] },
            "resourcesAffected.s3Object.tags.key": { eqExactMatch: ["pii"] },
            "policyDetails.actor.userIdentity.type": { eq: ["Root"] },
            type: { eq: ["Policy:IAMUser/S3BucketPublic"] },
          },
        },
      },
    ],
    ["ClassificationJob", { ...JOB, initialRun: false }],
    // Legacy bucket names (capitals, underscores, up to 255 characters), as Macie's API model allows.
    ["ClassificationJob", { ...JOB, s3JobDefinition: { bucketDefinitions: [{ accountId: "111111111111", buckets: ["Legacy_Data.2017", "b".repeat(255)] }] } }],
    ["ClassificationJob", { ...SCHEDULED, initialRun: true, managedDataIdentifierSelector: "INCLUDE", managedDataIdentifierIds: ["CREDIT_CARD_NUMBER"], jobStatus: "USER_PAUSED" }],
    [
      "ClassificationJob",
      {
        ...JOB,
        s3JobDefinition: {
          bucketCriteria: { includes: { and: [{ tagCriterion: { comparator: "EQ", tagValues: [{ key: "team" }] } }] } },
          scoping: { excludes: { and: [{ simpleScopeTerm: { key: "OBJECT_LAST_MODIFIED_DATE", comparator: "LT", values: ["2024-01-31T14:31:13Z"] } }] } },
        },
      },
    ],
    ["CustomDataIdentifier", { regex: U, keywords: U, severityLevels: [{ severity: U, occurrencesThreshold: 1 }, { severity: "LOW", occurrencesThreshold: U }] }],
    ["FindingsFilter", { action: U, findingCriteria: { criterion: { "severity.description": U, "severity.score": { gte: U }, category: { eq: [U] } } } }],
    ["ClassificationJob", { jobType: U, s3JobDefinition: U, scheduleFrequency: U, managedDataIdentifierSelector: U, managedDataIdentifierIds: U }],
    ["ClassificationJob", { ...JOB, managedDataIdentifierSelector: "INCLUDE", managedDataIdentifierIds: U }],
  ])("%s %j", async (type, args) => {
    const { failures } = await h.check(type, { ...args, __name: "good" });
    expect(failures).toEqual([]);
  });
});
