// The lookups as a user's program calls them, run by the language host. Each value the program
// sees is appended to the file named by the config `log`, with the phase (preview or up), so that
// the test can tell which values were known during the preview.
const fs = require("node:fs");
const pulumi = require("@pulumi/pulumi");
const macie = require("pulumi-macie");

const config = new pulumi.Config();
const log = (what) => (value) => {
  fs.appendFileSync(config.require("log"), JSON.stringify({ phase: pulumi.runtime.isDryRun() ? "preview" : "up", what, value }) + "\n");
  return value;
};

// Who and where: the plain form (a Promise) and the Output form.
macie.getCallerIdentity().then(log("getCallerIdentity"));
const caller = macie.getCallerIdentityOutput().apply(log("getCallerIdentityOutput"));

// Macie's managed data identifiers once Macie is enabled, and a job that uses the credit card ones.
const account = new macie.Account("macie", {});
const managed = macie.getManagedDataIdentifiersOutput({}, { dependsOn: [account] }).apply(log("getManagedDataIdentifiersOutput"));
const cards = managed.ids.apply((ids) => ids.filter((id) => id.startsWith("CREDIT_CARD_")));
new macie.ClassificationJob(
  "cards",
  {
    jobType: "ONE_TIME",
    s3JobDefinition: { bucketDefinitions: [{ accountId: caller.accountId, buckets: ["payments"] }] },
    managedDataIdentifierSelector: "INCLUDE",
    managedDataIdentifierIds: cards,
  },
  { dependsOn: [account] },
);

exports.callerAccountId = caller.accountId;
exports.callerRegion = caller.region;
exports.callerArn = caller.arn;
exports.managedCount = managed.ids.length;
exports.cards = cards;
