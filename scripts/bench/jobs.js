// @ts-check
/**
 * Throttled creates: one Account, then N ONE_TIME classification jobs (BENCH_RESOURCES) that depend
 * on it, so the engine creates the jobs at once, under CreateClassificationJob's quota.
 */
"use strict";
const macie = require("pulumi-macie");

const account = new macie.Account("macie", { status: "ENABLED" });
const n = Number(process.env.BENCH_RESOURCES);
for (let i = 0; i < n; i++) {
  new macie.ClassificationJob(
    `scan-${i}`,
    { jobType: "ONE_TIME", s3JobDefinition: { bucketDefinitions: [{ accountId: account.accountId, buckets: [`data-bucket-${i}`] }] } },
    { dependsOn: [account] },
  );
}
