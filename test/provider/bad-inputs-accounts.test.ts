/**
 * A catalogue of invalid inputs for the account-level resources: Account, OrganizationAdminAccount,
 * OrganizationConfiguration, Member, InvitationAccepter, ClassificationExportConfiguration,
 * FindingsPublicationConfiguration, and the connection inputs every resource takes. Each is driven
 * as `pulumi up` drives a new resource (check, then create only if check passed): check must
 * reject it with the expected property path and rule, and the emulator must record no mutating
 * call for the whole catalogue.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startProviderHarness, type ProviderHarness } from "../helpers/provider";
import { describeBadInputs, type BadInput } from "../helpers/badInputs";

const KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const DEST = { bucketName: "discovery-results", kmsKeyArn: KEY };
const MEMBER = { accountId: "222222222222", email: "security@example.com" };

type Case = BadInput;

const CASES: Case[] = [
  // Account
  { what: "status not ENABLED or PAUSED", type: "Account", args: { status: "DISABLED" }, property: "status", reason: /^must be one of ENABLED, PAUSED$/ },
  { what: "unknown publishing frequency", type: "Account", args: { findingPublishingFrequency: "DAILY" }, property: "findingPublishingFrequency", reason: /must be one of FIFTEEN_MINUTES, ONE_HOUR, SIX_HOURS/ },
  { what: "status lower case", type: "Account", args: { status: "enabled" }, property: "status", reason: /must be one of ENABLED, PAUSED/ },
  { what: "a misspelt input", type: "Account", args: { findingsPublishingFrequency: "ONE_HOUR" }, property: "findingsPublishingFrequency", reason: /is not a known property/ },
  // Connection inputs (every resource)
  { what: "region that is not a Region name", type: "Account", args: { region: "US East" }, property: "region", reason: /must be an AWS Region name/ },
  { what: "assumeRoleArn of a user, not a role", type: "Account", args: { assumeRoleArn: "arn:aws:iam::123456789012:user/admin" }, property: "assumeRoleArn", reason: /must be an IAM role ARN/ },
  { what: "assumeRoleArn not an ARN", type: "InvitationAccepter", args: { administratorAccountId: "111111111111", assumeRoleArn: "MacieMember" }, property: "assumeRoleArn", reason: /must be an IAM role ARN/ },
  // OrganizationAdminAccount
  { what: "no adminAccountId", type: "OrganizationAdminAccount", args: {}, property: "adminAccountId", reason: /is required/ },
  { what: "adminAccountId of 11 digits", type: "OrganizationAdminAccount", args: { adminAccountId: "12345678901" }, property: "adminAccountId", reason: /12-digit AWS account ID/ },
  { what: "adminAccountId as a number", type: "OrganizationAdminAccount", args: { adminAccountId: 123456789012 }, property: "adminAccountId", reason: /must be a string/ },
  // OrganizationConfiguration
  { what: "no autoEnable", type: "OrganizationConfiguration", args: {}, property: "autoEnable", reason: /is required/ },
  { what: "autoEnable as a string", type: "OrganizationConfiguration", args: { autoEnable: "true" }, property: "autoEnable", reason: /must be a boolean/ },
  // Member
  { what: "no accountId", type: "Member", args: { email: "a@example.com" }, property: "accountId", reason: /is required/ },
  { what: "accountId with letters", type: "Member", args: { ...MEMBER, accountId: "22222222222x" }, property: "accountId", reason: /12-digit AWS account ID/ },
  { what: "email without @", type: "Member", args: { ...MEMBER, email: "security.example.com" }, property: "email", reason: /must be an email address/ },
  { what: "invite without email", type: "Member", args: { accountId: "222222222222", invite: true }, property: "invite", reason: /an invitation needs email/ },
  { what: "invitation message over 80 characters", type: "Member", args: { ...MEMBER, invite: true, invitationMessage: "m".repeat(81) }, property: "invitationMessage", reason: /at most 80 characters/ },
  { what: "status RUNNING", type: "Member", args: { ...MEMBER, status: "RUNNING" }, property: "status", reason: /must be one of ENABLED, PAUSED/ },
  { what: "a tag key starting with aws:", type: "Member", args: { ...MEMBER, tags: { "aws:team": "x" } }, property: 'tags["aws:team"]', reason: /must not start with aws:/ },
  { what: "a tag value over 256 characters", type: "Member", args: { ...MEMBER, tags: { team: "v".repeat(257) } }, property: "tags.team", reason: /at most 256 characters/ },
  {
    what: "51 tags",
    type: "Member",
    args: { ...MEMBER, tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) },
    property: "tags",
    reason: /at most 50 entries/,
  },
  { what: "invite as a string", type: "Member", args: { ...MEMBER, invite: "yes" }, property: "invite", reason: /must be a boolean/ },
  // InvitationAccepter
  { what: "no administratorAccountId", type: "InvitationAccepter", args: {}, property: "administratorAccountId", reason: /is required/ },
  { what: "administratorAccountId with dashes", type: "InvitationAccepter", args: { administratorAccountId: "1111-1111-1111" }, property: "administratorAccountId", reason: /12-digit AWS account ID/ },
  // ClassificationExportConfiguration
  { what: "no s3Destination", type: "ClassificationExportConfiguration", args: {}, property: "s3Destination", reason: /is required/ },
  { what: "no bucketName", type: "ClassificationExportConfiguration", args: { s3Destination: { kmsKeyArn: KEY } }, property: "s3Destination.bucketName", reason: /is required/ },
  { what: "no kmsKeyArn", type: "ClassificationExportConfiguration", args: { s3Destination: { bucketName: "results" } }, property: "s3Destination.kmsKeyArn", reason: /is required/ },
  { what: "bucket name with a slash", type: "ClassificationExportConfiguration", args: { s3Destination: { ...DEST, bucketName: "results/macie" } }, property: "s3Destination.bucketName", reason: /must be an S3 bucket name/ },
  { what: "bucket name of 2 characters", type: "ClassificationExportConfiguration", args: { s3Destination: { ...DEST, bucketName: "ab" } }, property: "s3Destination.bucketName", reason: /at least 3 characters/ },
  { what: "bucket name over 255 characters", type: "ClassificationExportConfiguration", args: { s3Destination: { ...DEST, bucketName: "r".repeat(256) } }, property: "s3Destination.bucketName", reason: /at most 255 characters/ },
  { what: "a KMS alias instead of a key ARN", type: "ClassificationExportConfiguration", args: { s3Destination: { ...DEST, kmsKeyArn: "alias/macie" } }, property: "s3Destination.kmsKeyArn", reason: /must be the ARN of a KMS key.*alias is not accepted/ },
  { what: "expectedBucketOwner not an account", type: "ClassificationExportConfiguration", args: { s3Destination: { ...DEST, expectedBucketOwner: "me" } }, property: "s3Destination.expectedBucketOwner", reason: /12-digit AWS account ID/ },
  { what: "an empty keyPrefix", type: "ClassificationExportConfiguration", args: { s3Destination: { ...DEST, keyPrefix: "" } }, property: "s3Destination.keyPrefix", reason: /at least 1 characters/ },
  { what: "s3Destination as a list", type: "ClassificationExportConfiguration", args: { s3Destination: [DEST] }, property: "s3Destination", reason: /must be an object/ },
  // FindingsPublicationConfiguration
  { what: "publishClassificationFindings as a string", type: "FindingsPublicationConfiguration", args: { publishClassificationFindings: "false" }, property: "publishClassificationFindings", reason: /must be a boolean/ },
  { what: "publishPolicyFindings as a number", type: "FindingsPublicationConfiguration", args: { publishPolicyFindings: 1 }, property: "publishPolicyFindings", reason: /must be a boolean/ },
  { what: "Security Hub settings nested as in the API", type: "FindingsPublicationConfiguration", args: { securityHubConfiguration: { publishPolicyFindings: true } }, property: "securityHubConfiguration", reason: /is not a known property/ },
];

let h: ProviderHarness;

beforeAll(async () => {
  h = await startProviderHarness();
  await h.enableMacie();
});
afterAll(() => h?.stop());

describeBadInputs("check rejects each invalid account-level input with its property path and rule", CASES, 15, () => h);

describe("valid account-level inputs pass", () => {
  test.each([
    ["Account", { status: "PAUSED", findingPublishingFrequency: "SIX_HOURS", region: "eu-west-1" }],
    ["OrganizationAdminAccount", { adminAccountId: "200000000000", assumeRoleArn: "arn:aws:iam::100000000000:role/OrganizationAccountAccessRole" }],
    ["OrganizationConfiguration", { autoEnable: false }],
    ["Member", { ...MEMBER, invite: true, invitationMessage: "Please join", disableEmailNotification: true, status: "PAUSED", tags: { team: "sec" } }],
    ["Member", { accountId: "300000000000" }],
    ["InvitationAccepter", { administratorAccountId: "111111111111" }],
    ["ClassificationExportConfiguration", { s3Destination: { ...DEST, keyPrefix: "macie/", expectedBucketOwner: "111111111111" } }],
    // A legacy bucket name (capitals, underscores, up to 255 characters), as Macie's API model allows.
    ["ClassificationExportConfiguration", { s3Destination: { ...DEST, bucketName: "Macie_Results.2017" } }],
    ["ClassificationExportConfiguration", { s3Destination: { ...DEST, bucketName: "r".repeat(255) } }],
    ["FindingsPublicationConfiguration", {}],
  ])("%s %j", async (type, args) => {
    const { failures } = await h.check(type, { ...args, __name: "good" });
    expect(failures).toEqual([]);
  });
});
