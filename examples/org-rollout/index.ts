/**
 * Amazon Macie for a whole AWS organization, in every Region of a list, from one stack and one
 * `pulumi up`. Run it with the delegated administrator account's credentials; the management
 * account is reached through a role.
 *
 *   pulumi config set --path 'regions[0]' us-east-1
 *   pulumi config set --path 'regions[1]' eu-west-1
 *   pulumi config set administratorAccountId 111111111111
 *   pulumi config set managementRoleArn arn:aws:iam::100000000000:role/MacieDelegation
 *   pulumi config set --path 'memberAccountIds[0]' 222222222222
 *   pulumi config set findingsBucket my-macie-results                       # optional
 *   pulumi config set findingsKeyArn arn:aws:kms:us-east-1:111111111111:key/...
 *
 * The bucket and key can come from `pulumi-macie/aws`'s FindingsExportDestination (see
 * docs/components.md). test/e2e/rollout.test.ts runs this program on the real engine against
 * macie-local, with five accounts and three, then four, then two Regions.
 */
import * as pulumi from "@pulumi/pulumi";
import * as macie from "pulumi-macie";

const config = new pulumi.Config();
const findingsBucket = config.get("findingsBucket");

const rollout = new macie.OrganizationRollout("org", {
  regions: config.requireObject<string[]>("regions"),
  administratorAccountId: config.require("administratorAccountId"),
  managementRoleArn: config.require("managementRoleArn"),
  memberAccountIds: config.getObject<string[]>("memberAccountIds") ?? [],
  findingPublishingFrequency: "FIFTEEN_MINUTES",
  securityHub: { publishClassificationFindings: true, publishPolicyFindings: true },
  automatedDiscovery: { status: "ENABLED", autoEnableOrganizationMembers: "ALL" },
  findingsExport: findingsBucket
    ? { bucketName: findingsBucket, kmsKeyArn: config.require("findingsKeyArn"), keyPrefix: "macie/" }
    : undefined,
});

export const administratorAccountId = rollout.administratorAccountId;
export const regions = rollout.regionNames;
export const classificationScopeIds = rollout.classificationScopeIds;
