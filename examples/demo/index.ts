/**
 * The demo: one stack that turns Amazon Macie on and configures all of it.
 *
 * - Macie itself (`macie.Account`), publishing findings every 15 minutes;
 * - two custom data identifiers, each checked against sample text before it is created;
 * - an allow list of test employee numbers, which the one-time audit ignores;
 * - two findings filters: one archives the noise, one saves a view of what matters;
 * - where sensitive-data findings are exported (an S3 bucket and KMS key) and which findings go
 *   to Security Hub;
 * - a weekly classification job, and a one-time job for a first audit, both using the custom
 *   data identifiers;
 * - automated sensitive data discovery, tuned: its template adds the custom data identifiers and
 *   the allow list, and its scope skips the sandbox bucket.
 *
 * Offline (`npm run demo`) the bucket and key below are placeholders that macie-local accepts.
 * Against real Macie set your own (see README.md):
 *   pulumi config set exportBucket my-findings-bucket
 *   pulumi config set exportKmsKeyArn arn:aws:kms:us-east-1:123456789012:key/...
 *   pulumi config set --path 'scanBuckets[0]' my-data-bucket
 */
import * as pulumi from "@pulumi/pulumi";
import * as macie from "pulumi-macie";

const config = new pulumi.Config();
const exportBucket = config.get("exportBucket") ?? "macie-demo-findings";
const exportKmsKeyArn =
  config.get("exportKmsKeyArn") ?? "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const scanBuckets = config.getObject<string[]>("scanBuckets") ?? ["macie-demo-customer-data", "macie-demo-hr-exports"];

// Macie first: everything else needs it enabled, so everything else depends on it.
const account = new macie.Account("macie", {
  status: "ENABLED",
  findingPublishingFrequency: "FIFTEEN_MINUTES",
});
const afterMacie = { dependsOn: [account] };

// Custom data identifiers. `testCases` run through TestCustomDataIdentifier before the create:
// a regex that does not match what it should fails the preview's `up`, and nothing is created.
const employeeId = new macie.CustomDataIdentifier(
  "employee-id",
  {
    description: "Employee numbers such as EMP-004211, near an HR keyword",
    regex: "EMP-[0-9]{6}",
    keywords: ["employee", "badge", "payroll"],
    maximumMatchDistance: 50,
    severityLevels: [
      { occurrencesThreshold: 1, severity: "LOW" },
      { occurrencesThreshold: 20, severity: "MEDIUM" },
      { occurrencesThreshold: 100, severity: "HIGH" },
    ],
    testCases: [
      { sampleText: "payroll export: employee EMP-004211, badge 17", expectMatches: 1 },
      { sampleText: "ticket TCK-004211 closed", expectMatches: 0 },
    ],
    tags: { owner: "security", dataClass: "hr" },
  },
  afterMacie,
);

const projectCode = new macie.CustomDataIdentifier(
  "project-code",
  {
    description: "Internal project code names such as PRJ-ORCA-7",
    regex: "PRJ-[A-Z]{3,8}-[0-9]{1,2}",
    ignoreWords: ["PRJ-TEST-0", "PRJ-DEMO-1"],
    testCases: [{ sampleText: "PRJ-ORCA-7 and PRJ-LYNX-12 are confidential", expectMatches: 2 }],
    tags: { owner: "security" },
  },
  afterMacie,
);

// An allow list: the employee numbers of test fixtures (EMP-000xxx) are not sensitive data.
const testEmployees = new macie.AllowList(
  "test-employees",
  {
    description: "Employee numbers of test fixtures",
    criteria: { regex: "EMP-000[0-9]{3}" },
    tags: { owner: "security" },
  },
  afterMacie,
);

// Findings filters: archive low-severity findings about the sandbox buckets, and keep a saved
// view of high-severity findings.
const archiveSandboxNoise = new macie.FindingsFilter(
  "archive-sandbox-noise",
  {
    action: "ARCHIVE",
    description: "Low-severity findings in sandbox buckets are expected",
    position: 1,
    findingCriteria: {
      criterion: {
        "severity.description": { eq: ["Low"] },
        "resourcesAffected.s3Bucket.name": { eq: ["macie-demo-sandbox"] },
      },
    },
    tags: { owner: "security" },
  },
  afterMacie,
);

const highSeverity = new macie.FindingsFilter(
  "high-severity",
  {
    action: "NOOP",
    description: "Saved view: high-severity sensitive-data findings",
    position: 2,
    findingCriteria: {
      criterion: {
        "severity.description": { eq: ["High"] },
        category: { eq: ["CLASSIFICATION"] },
      },
    },
  },
  afterMacie,
);

// Where findings go.
const findingsExport = new macie.ClassificationExportConfiguration(
  "findings-export",
  { s3Destination: { bucketName: exportBucket, keyPrefix: "macie/findings/", kmsKeyArn: exportKmsKeyArn } },
  afterMacie,
);

const publication = new macie.FindingsPublicationConfiguration(
  "security-hub-publication",
  { publishClassificationFindings: true, publishPolicyFindings: true },
  afterMacie,
);

// Classification jobs. Their definition cannot change in Macie, so changing it replaces the job
// (the new one is created, then the old one cancelled).
const scope = { bucketDefinitions: [{ accountId: account.accountId, buckets: scanBuckets }] };

const weeklyScan = new macie.ClassificationJob(
  "weekly-scan",
  {
    description: "Weekly scan of the customer data buckets",
    jobType: "SCHEDULED",
    scheduleFrequency: { weeklySchedule: { dayOfWeek: "MONDAY" } },
    initialRun: true,
    samplingPercentage: 100,
    s3JobDefinition: scope,
    customDataIdentifierIds: [employeeId.id, projectCode.id],
    managedDataIdentifierSelector: "RECOMMENDED",
    tags: { owner: "security", cadence: "weekly" },
  },
  afterMacie,
);

const firstAudit = new macie.ClassificationJob(
  "first-audit",
  {
    description: "One-time audit of everything, with every managed data identifier",
    jobType: "ONE_TIME",
    samplingPercentage: 50,
    s3JobDefinition: scope,
    customDataIdentifierIds: [employeeId.id],
    allowListIds: [testEmployees.id],
    managedDataIdentifierSelector: "ALL",
    tags: { owner: "security", cadence: "once" },
  },
  afterMacie,
);

// Automated sensitive data discovery samples every bucket continuously, with no job. Its template
// (one per account and Region) adds the demo's custom data identifiers and allow list to Macie's
// recommended managed identifiers; its scope skips the sandbox bucket, whose findings are noise.
const discovery = new macie.AutomatedDiscoveryConfiguration("automated-discovery", { status: "ENABLED" }, afterMacie);
const afterDiscovery = { dependsOn: [discovery] };

const discoveryTemplate = new macie.SensitivityInspectionTemplate(
  "discovery-template",
  {
    description: "Macie's recommended identifiers, plus employee numbers and project codes",
    includes: { customDataIdentifierIds: [employeeId.id, projectCode.id], allowListIds: [testEmployees.id] },
  },
  afterDiscovery,
);

const discoveryScope = new macie.ClassificationScope(
  "discovery-scope",
  { excludes: { bucketNames: ["macie-demo-sandbox"] } },
  afterDiscovery,
);

export const macieAccount = { accountId: account.accountId, region: account.region, serviceRole: account.serviceRole };
export const customDataIdentifiers = { employeeId: employeeId.id, projectCode: projectCode.id };
export const allowList = testEmployees.arn;
export const findingsFilters = { archiveSandboxNoise: archiveSandboxNoise.arn, highSeverity: highSeverity.arn };
export const findingsExportDestination = findingsExport.s3Destination;
export const securityHub = {
  publishClassificationFindings: publication.publishClassificationFindings,
  publishPolicyFindings: publication.publishPolicyFindings,
};
export const automatedDiscovery = {
  status: discovery.status,
  sensitivityInspectionTemplateId: discoveryTemplate.id,
  classificationScopeId: discoveryScope.id,
  excludedBuckets: discoveryScope.excludes.apply((e) => e?.bucketNames ?? []),
};
export const jobs = {
  weeklyScan: { jobId: weeklyScan.jobId, status: weeklyScan.status, arn: weeklyScan.jobArn },
  firstAudit: { jobId: firstAudit.jobId, status: firstAudit.status, arn: firstAudit.jobArn },
};
