// The stack behind the review report's fixtures (scripts/review-fixtures.js) and its end-to-end
// test (test/e2e/review.test.ts): a team's Macie baseline, a component holding the resources.
// Stack config `review:step` picks the version of the program:
//
// - `base` (default): Macie enabled, two custom data identifiers, an allow list, a findings
//   filter, a daily job, a one-time audit job, an invited member and the publication setting;
// - `change`, a realistic pull request: the daily job scans one more bucket (replace); the
//   identifier of the audit job gets a stricter regex (replace, and so the audit job that uses
//   it); the filter also archives Medium findings (update); the allow list goes (delete); an
//   identifier gets one more tag (update);
// - `invalid`: the change with a mistake (a filter action Macie does not have): preview fails;
// - `teardown`: nothing declared, so everything is deleted.
//
// Plain JavaScript, so that each run starts without a compile.
const pulumi = require("@pulumi/pulumi");
const macie = require("pulumi-macie");

const ACCOUNT = "111111111111";
const step = new pulumi.Config("review").get("step") ?? "base";
const change = step === "change" || step === "invalid";

if (step !== "teardown") {
  const baseline = new pulumi.ComponentResource("acme:security:MacieBaseline", "baseline");
  const account = new macie.Account("macie", { findingPublishingFrequency: "FIFTEEN_MINUTES" }, { parent: baseline });
  const opts = { parent: baseline, dependsOn: [account] };

  const employeeId = new macie.CustomDataIdentifier(
    "employee-id",
    { regex: "EMP-[0-9]{6}", keywords: ["employee"], tags: change ? { team: "security", dataClass: "hr" } : { team: "security" } },
    opts,
  );
  const projectCode = new macie.CustomDataIdentifier(
    "project-code",
    { regex: change ? "PRJ-[A-Z]{3,8}-[0-9]{2}" : "PRJ-[A-Z]{3,8}", description: "Internal project codes" },
    opts,
  );
  if (!change) new macie.AllowList("test-ids", { criteria: { regex: "EMP-000[0-9]{3}" }, description: "Test employees" }, opts);
  new macie.FindingsFilter(
    "archive-low",
    {
      action: step === "invalid" ? "DELETE" : "ARCHIVE",
      description: "Archive low-severity findings",
      findingCriteria: { criterion: { "severity.description": { eq: change ? ["Low", "Medium"] : ["Low"] } } },
    },
    opts,
  );
  new macie.ClassificationJob(
    "nightly",
    {
      jobType: "SCHEDULED",
      scheduleFrequency: { dailySchedule: {} },
      s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: change ? ["customer-data", "orders-eu"] : ["customer-data"] }] },
      customDataIdentifierIds: [employeeId.id],
      tags: { team: "security" },
    },
    opts,
  );
  new macie.ClassificationJob(
    "audit",
    {
      jobType: "ONE_TIME",
      s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ["finance-archive"] }] },
      customDataIdentifierIds: [projectCode.id],
    },
    opts,
  );
  new macie.Member("auditor", { accountId: "333333333333", email: "security+333@example.com", invite: true }, opts);
  new macie.FindingsPublicationConfiguration("publication", { publishClassificationFindings: true, publishPolicyFindings: true }, opts);
  baseline.registerOutputs({});
}
