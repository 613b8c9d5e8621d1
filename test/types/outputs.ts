// Compiled (never run) by test/provider/types.test.ts against the built package, as a user's
// program sees it. Each @ts-expect-error line must be an error: with a loose type (string,
// Record<string, any>) it would not be, and the unused directive fails the compile.
import * as pulumi from "@pulumi/pulumi";
import * as macie from "pulumi-macie";

declare const job: macie.ClassificationJob;
declare const account: macie.Account;
declare const member: macie.Member;
declare const filter: macie.FindingsFilter;
declare const list: macie.AllowList;
declare const reveal: macie.RevealConfiguration;
declare const discovery: macie.AutomatedDiscoveryConfiguration;

// Statuses are string unions.
export const status: pulumi.Output<macie.JobStatus> = job.status;
// @ts-expect-error Macie never reports DONE
job.status.apply((s) => s === "DONE");
// @ts-expect-error nor a frequency of a day
account.findingPublishingFrequency.apply((f) => f === "ONE_DAY");
// @ts-expect-error relationship statuses are Macie's own words, capitalized
member.relationshipStatus.apply((r) => r === "ENABLED");
// @ts-expect-error discovery is ENABLED or DISABLED
discovery.status.apply((s) => s === "PAUSED");
// @ts-expect-error selectors are Macie's
job.managedDataIdentifierSelector.apply((s) => s === "SOME");

// Nested outputs are typed.
export const buckets: pulumi.Output<string[] | undefined> = job.s3JobDefinition.apply((d) => d.bucketDefinitions?.[0]?.buckets);
// @ts-expect-error a misspelt member of S3JobDefinition
job.s3JobDefinition.apply((d) => d.bucketDefinition);
export const day = job.scheduleFrequency.apply((f) => f?.weeklySchedule?.dayOfWeek);
// @ts-expect-error a misspelt member of FindingCriteria
filter.findingCriteria.apply((c) => c.criteria);
export const regex: pulumi.Output<string | undefined> = list.criteria.apply((c) => c.regex);
export const mode = reveal.retrievalConfiguration.apply((r) => r.retrievalMode);
// @ts-expect-error retrieval modes are Macie's
reveal.retrievalConfiguration.apply((r) => r.retrievalMode === "ROLE");

// Every nested argument type comes from the package root.
export const definition: macie.S3JobDefinition = {
  bucketDefinitions: [{ accountId: "111111111111", buckets: ["data"] }],
  scoping: { excludes: { and: [{ simpleScopeTerm: { comparator: "STARTS_WITH", key: "OBJECT_KEY", values: ["tmp/"] } }] } },
};
export const schedule: macie.JobScheduleFrequency = { weeklySchedule: { dayOfWeek: "MONDAY" } };
export const criteria: macie.FindingCriteria = { criterion: { "severity.description": { eq: ["High"] } } };
export const levels: macie.SeverityLevel[] = [{ severity: "HIGH", occurrencesThreshold: 10 }];
export const sample: macie.CustomDataIdentifierTestCase = { sampleText: "EMP-000001", expectMatches: 1 };
export const words: macie.AllowListCriteria = { s3WordsList: { bucketName: "lists", objectKey: "words.txt" } };
export const destination: macie.ClassificationExportConfigurationS3Destination = { bucketName: "b", kmsKeyArn: "arn:aws:kms:us-east-1:111111111111:key/k" };
export const settings: macie.RevealConfigurationSettings = { status: "DISABLED" };
export type Nested = [macie.BucketCriteriaBlock, macie.BucketCriterion, macie.TagCriterionPair, macie.JobScopingBlock, macie.JobScopeTerm, macie.CriterionOperators, macie.AllowListStatus, macie.S3WordsList, macie.RevealRetrievalConfiguration, macie.RelationshipStatus, macie.ManagedDataIdentifierSelector];
