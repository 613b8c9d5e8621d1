// Every kind of creatable pulumi-macie resource in one stack, for test/e2e/chaos.test.ts: the
// CLI is killed at many points of its `pulumi up`, and the next `up` must converge with exactly
// one Macie object per resource. Plain JavaScript, so that each run starts without a compile.
//
// Accounts (macie-local, see docs/emulator.md): the stack runs as the Macie administrator
// 111111111111; the organization's management account 100000000000 designates it; 222222222222
// is an Organizations-managed member; 333333333333 is invited and accepts through a role.
const pulumi = require("@pulumi/pulumi");
const macie = require("pulumi-macie");

const ADMIN = "111111111111";
const role = (account) => `arn:aws:iam::${account}:role/MacieAdmin`;

const orgAdmin = new macie.OrganizationAdminAccount("org-admin", { adminAccountId: ADMIN, assumeRoleArn: role("100000000000") });
// Macie refuses to disable the delegated administrator, and destroy deletes this before the
// designation: kept on destroy, as docs/components.md advises.
const account = new macie.Account("macie", { findingPublishingFrequency: "FIFTEEN_MINUTES" }, { dependsOn: [orgAdmin], retainOnDelete: true });
const after = { dependsOn: [account] };

new macie.OrganizationConfiguration("org-config", { autoEnable: true }, after);
const orgMember = new macie.Member("org-member", { accountId: "222222222222" }, after);
const invited = new macie.Member("invited", { accountId: "333333333333", email: "security+333@example.com", invite: true }, after);
const invitedMacie = new macie.Account("invited-macie", { assumeRoleArn: role("333333333333") });
new macie.InvitationAccepter("accept", { administratorAccountId: ADMIN, assumeRoleArn: role("333333333333") }, { dependsOn: [invited, invitedMacie] });

const employeeId = new macie.CustomDataIdentifier("employee-id", { regex: "EMP-[0-9]{6}", keywords: ["employee"], tags: { owner: "security" } }, after);
const projectCode = new macie.CustomDataIdentifier("project-code", { name: "chaos-project-code", regex: "PRJ-[A-Z]{3,8}" }, after);
const testIds = new macie.AllowList("test-ids", { criteria: { regex: "EMP-000[0-9]{3}" } }, after);
new macie.FindingsFilter("archive-low", {
  name: "chaos-archive-low", // an explicit name: Macie wants filter names unique
  action: "ARCHIVE",
  findingCriteria: { criterion: { "severity.description": { eq: ["Low"] } } },
}, after);
new macie.FindingsFilter("high", { action: "NOOP", findingCriteria: { criterion: { "severity.description": { eq: ["High"] } } } }, after);
new macie.ClassificationExportConfiguration("export", {
  s3Destination: { bucketName: "chaos-findings", kmsKeyArn: "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
}, after);
new macie.FindingsPublicationConfiguration("publication", { publishClassificationFindings: true, publishPolicyFindings: true }, after);
const discovery = new macie.AutomatedDiscoveryConfiguration("discovery", { status: "ENABLED" }, after);
// Settings of automated discovery, which creates take over and deletes restore (no object is made).
const afterDiscovery = { dependsOn: [account, discovery] };
new macie.ClassificationScope("scope", { excludes: { bucketNames: ["chaos-sandbox"] } }, afterDiscovery);
new macie.SensitivityInspectionTemplate("template", { includes: { customDataIdentifierIds: [employeeId.id], allowListIds: [testIds.id] } }, afterDiscovery);
// A member's automated discovery, and a bucket's sensitivity score: settings too.
new macie.AutomatedDiscoveryAccount("member-discovery", { accountId: "222222222222", status: "DISABLED" }, { dependsOn: [account, discovery, orgMember] });
new macie.ResourceProfile("customer-data-profile", { resourceArn: "arn:aws:s3:::customer-data", sensitivityScoreOverride: 100 }, afterDiscovery);
new macie.RevealConfiguration("reveal", { configuration: { status: "ENABLED", kmsKeyId: "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab" } }, after);
const buckets = { bucketDefinitions: [{ accountId: ADMIN, buckets: ["customer-data"] }] };
new macie.ClassificationJob("audit", {
  jobType: "ONE_TIME",
  s3JobDefinition: buckets,
  customDataIdentifierIds: [employeeId.id, projectCode.id],
  allowListIds: [testIds.id],
}, after);
new macie.ClassificationJob("weekly", {
  jobType: "SCHEDULED",
  scheduleFrequency: { weeklySchedule: { dayOfWeek: "MONDAY" } },
  s3JobDefinition: buckets,
  customDataIdentifierIds: [employeeId.id],
}, after);

exports.accountId = account.accountId;
