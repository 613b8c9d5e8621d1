/**
 * macie.OrganizationRollout: Amazon Macie for a whole AWS organization, in a list of Regions, in one
 * stack and one `pulumi up`.
 *
 * Per Region: the management account (through a role) designates the delegated Macie
 * administrator; in the administrator account, Macie is enabled with the publishing frequency,
 * new organization accounts are enabled automatically, the existing member accounts are added,
 * findings go to Security Hub, automated sensitive data discovery runs for the organization, and
 * discovery results go to one central bucket and KMS key. docs/components.md has the details.
 *
 * Every child is named `<name>-<region>-<part>`: adding a Region adds only that Region's
 * children, removing one deletes only its children, and the `<name>-` prefix lets Pulumi carry
 * the children along when the component is renamed with an alias.
 */
import * as pulumi from "@pulumi/pulumi";
import { Account } from "../resources/account";
import { AutomatedDiscoveryConfiguration } from "../resources/automatedDiscoveryConfiguration";
import { ClassificationExportConfiguration, type ClassificationExportConfigurationS3Destination } from "../resources/classificationExportConfiguration";
import { FindingsPublicationConfiguration } from "../resources/findingsPublicationConfiguration";
import { Member } from "../resources/member";
import { OrganizationAdminAccount } from "../resources/organizationAdminAccount";
import { OrganizationConfiguration } from "../resources/organizationConfiguration";

/** The Pulumi type token of the component. Part of every child's URN: never change it (or add an alias). */
export const ORGANIZATION_ROLLOUT_TYPE = "pulumi-macie:index:OrganizationRollout";

/**
 * Regions that AWS accounts must opt in to. Macie cannot store the discovery results of a Region
 * that is enabled by default in a bucket of an opt-in Region, and an opt-in Region's results only
 * in a bucket of that Region or of a default Region (Macie API reference,
 * PutClassificationExportConfiguration). The KMS key must be in the bucket's Region, so the key
 * ARN tells the bucket's Region.
 */
export const OPT_IN_REGIONS: readonly string[] = [
  "af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
  "ap-southeast-6", "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1",
  "me-central-1", "me-south-1", "mx-central-1",
];

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ACCOUNT = /^\d{12}$/;

/** Security Hub publication settings of the administrator account. */
export interface OrganizationRolloutSecurityHubArgs {
  /** Publish sensitive data findings to AWS Security Hub. Default: true. */
  publishClassificationFindings?: pulumi.Input<boolean>;
  /** Publish policy findings to AWS Security Hub. Default: true. */
  publishPolicyFindings?: pulumi.Input<boolean>;
}

/** Automated sensitive data discovery for the organization. */
export interface OrganizationRolloutAutomatedDiscoveryArgs {
  /** ENABLED runs automated discovery for the administrator (and, per `autoEnableOrganizationMembers`, the members). Default: ENABLED. */
  status?: pulumi.Input<"ENABLED" | "DISABLED">;
  /**
   * Which member accounts get automated discovery: ALL (existing and new), NEW (accounts that join
   * later) or NONE. Default: ALL (Macie's own default for an administrator).
   */
  autoEnableOrganizationMembers?: pulumi.Input<"ALL" | "NEW" | "NONE">;
}

export interface OrganizationRolloutArgs {
  /**
   * The Regions to roll Macie out to, such as `["us-east-1", "eu-west-1"]`. Each Region gets its
   * own children, named after it: adding a Region creates only that Region's resources, removing
   * one deletes only that Region's. A plain list (not an Output), since it decides which resources exist.
   */
  regions: string[];
  /**
   * The account to designate as the delegated Macie administrator, in every Region (an
   * organization has one, the same everywhere). The admin-side resources act in this account: run
   * the stack with its credentials, or set `administratorRoleArn`.
   */
  administratorAccountId: string;
  /**
   * A role in the organization's management account, which alone may designate the delegated
   * administrator (STS AssumeRole, session name `pulumi-macie`). Example:
   * `arn:aws:iam::111122223333:role/MacieDelegation`.
   */
  managementRoleArn: string;
  /**
   * A role in the administrator account, when the stack runs with other credentials. Leave unset
   * when the stack runs as the administrator account.
   */
  administratorRoleArn?: string;
  /**
   * Accounts of the organization that already exist and should be Macie members of the
   * administrator (Organizations-managed: no email, no invitation), in every Region. Accounts
   * that join the organization later are enabled by `autoEnable`. A plain list: adding an account
   * adds one Member per Region, removing one removes those Members (the account's own Macie stays enabled).
   */
  memberAccountIds?: string[];
  /** Enable Macie automatically for accounts that join the organization. Default: true. */
  autoEnable?: pulumi.Input<boolean>;
  /** How often Macie publishes policy-finding updates (EventBridge, Security Hub). Default: FIFTEEN_MINUTES. */
  findingPublishingFrequency?: pulumi.Input<"FIFTEEN_MINUTES" | "ONE_HOUR" | "SIX_HOURS">;
  /** Which findings go to AWS Security Hub. Default: both kinds. */
  securityHub?: OrganizationRolloutSecurityHubArgs;
  /** Automated sensitive data discovery. Default: ENABLED for ALL member accounts. */
  automatedDiscovery?: OrganizationRolloutAutomatedDiscoveryArgs;
  /**
   * The central S3 bucket and KMS key for sensitive data discovery results, the same for every
   * Region (`FindingsExportDestination.s3Destination` of `pulumi-macie/aws` fits here). The key
   * must be a symmetric customer managed key in the bucket's Region; the bucket must be in a Region
   * enabled by default, or in the rolled-out Region itself when that is an opt-in Region (checked
   * from the key's Region once the ARN is known). Unset: no export configuration is managed.
   */
  findingsExport?: pulumi.Input<ClassificationExportConfigurationS3Destination>;
}

/** The children of one Region, for `dependsOn` and for their outputs. */
export interface OrganizationRolloutRegion {
  /** The Region. */
  region: string;
  /** The designation of the delegated administrator in this Region (acts in the management account). */
  organizationAdmin: OrganizationAdminAccount;
  /** Macie in the administrator account. Depend on it to add resources (jobs, filters) in this Region. */
  account: Account;
  /** Auto-enable for new organization accounts. */
  organizationConfiguration: OrganizationConfiguration;
  /** Security Hub publication. */
  publication: FindingsPublicationConfiguration;
  /** Automated sensitive data discovery for the organization. */
  automatedDiscovery: AutomatedDiscoveryConfiguration;
  /** The discovery results export, when `findingsExport` is set. */
  findingsExport?: ClassificationExportConfiguration;
  /** The members, by account ID. */
  members: Record<string, Member>;
  /** Every child of the Region: `dependsOn: rollout.regions["eu-west-1"].resources` waits for the whole Region. */
  resources: pulumi.Resource[];
}

/** Checks the plain-value arguments at once and reports every problem together. */
function validate(args: OrganizationRolloutArgs): void {
  const problems: string[] = [];
  if (!Array.isArray(args.regions) || args.regions.length === 0) problems.push("regions: must list at least one Region");
  for (const r of args.regions ?? []) if (!REGION.test(r)) problems.push(`regions: ${JSON.stringify(r)} is not an AWS Region name such as us-east-1`);
  const dupes = (list: string[]) => list.filter((x, i) => list.indexOf(x) !== i);
  for (const r of new Set(dupes(args.regions ?? []))) problems.push(`regions: ${r} is listed twice`);
  if (!ACCOUNT.test(String(args.administratorAccountId))) problems.push("administratorAccountId: must be a 12-digit account ID");
  for (const m of args.memberAccountIds ?? []) {
    if (!ACCOUNT.test(m)) problems.push(`memberAccountIds: ${JSON.stringify(m)} is not a 12-digit account ID`);
    // Macie refuses it: an account is never both the administrator and a member.
    if (m === args.administratorAccountId) problems.push(`memberAccountIds: ${m} is the administrator account; it cannot also be a member`);
  }
  for (const m of new Set(dupes(args.memberAccountIds ?? []))) problems.push(`memberAccountIds: ${m} is listed twice`);
  if (problems.length) throw new Error(`invalid OrganizationRollout arguments:\n  ${problems.join("\n  ")}`);
}

/**
 * Why Macie would refuse to store `region`'s results in the bucket of this key (the key's Region is
 * the bucket's), or undefined when it would not: a bucket of an opt-in Region holds only that
 * Region's results.
 */
export function exportRegionProblem(region: string, kmsKeyArn: string | undefined): string | undefined {
  const keyRegion = /^arn:[^:]+:kms:([^:]+):/.exec(kmsKeyArn ?? "")?.[1];
  if (!keyRegion || keyRegion === region || !OPT_IN_REGIONS.includes(keyRegion)) return undefined;
  return (
    `findingsExport: the results of ${region} cannot be stored in a bucket of the opt-in Region ${keyRegion} ` +
    "(the KMS key's Region is the bucket's); use a bucket in a Region enabled by default"
  );
}

/** The destination, refused at `up` (once the key ARN is known) where Macie would refuse it. */
function destinationFor(region: string, destination: pulumi.Input<ClassificationExportConfigurationS3Destination>) {
  return pulumi.output(destination).apply((d) => {
    const problem = exportRegionProblem(region, d.kmsKeyArn);
    if (problem) throw new Error(problem);
    return d;
  });
}

/**
 * Amazon Macie for an AWS organization in a list of Regions, from one stack: designation of the
 * delegated administrator from the management account, and the administrator's settings.
 *
 * Deleting a Region's children (removing the Region, or destroying the stack) removes the
 * designation and the members, and restores Macie's defaults for the settings; it leaves Macie
 * enabled in the administrator account (`retainOnDelete`): Macie refuses to disable the delegated
 * administrator, and disabling would delete the account's findings.
 */
export class OrganizationRollout extends pulumi.ComponentResource {
  /** The delegated Macie administrator account. */
  readonly administratorAccountId: pulumi.Output<string>;
  /** The Regions rolled out, in the order given. */
  readonly regionNames: string[];
  /** Each Region's children, by Region. */
  readonly regions: Record<string, OrganizationRolloutRegion>;
  /** Each Region's classification scope (which buckets automated discovery excludes), by Region. */
  readonly classificationScopeIds: pulumi.Output<Record<string, string>>;
  /** Each Region's sensitivity inspection template (identifiers and allow lists of automated discovery), by Region. */
  readonly sensitivityInspectionTemplateIds: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: OrganizationRolloutArgs, opts?: pulumi.ComponentResourceOptions) {
    validate(args); // before super: bad arguments register nothing
    super(ORGANIZATION_ROLLOUT_TYPE, name, {}, opts);
    const adminId = args.administratorAccountId;
    const asAdmin = (region: string) => ({ region, ...(args.administratorRoleArn !== undefined ? { assumeRoleArn: args.administratorRoleArn } : {}) });

    this.regions = {};
    for (const region of args.regions) {
      const child = (part: string) => `${name}-${region}-${part}`;
      // The management account designates the administrator. Its create waits (bounded) until
      // Macie lists the administrator: the admin-side calls below depend on it.
      const organizationAdmin = new OrganizationAdminAccount(
        child("admin"),
        { adminAccountId: adminId, region, assumeRoleArn: args.managementRoleArn },
        { parent: this },
      );
      // Designation enables Macie in the administrator account; this adopts that session and sets
      // the frequency. retainOnDelete: Macie refuses DisableMacie for a delegated administrator
      // (macie-local: while it is one in any Region), and disabling would delete the findings.
      const account = new Account(
        child("macie"),
        { ...asAdmin(region), findingPublishingFrequency: args.findingPublishingFrequency ?? "FIFTEEN_MINUTES" },
        { parent: this, dependsOn: [organizationAdmin], retainOnDelete: true },
      );
      // Everything else needs the designation (Macie answers 403 before it) and the session.
      const after = { parent: this, dependsOn: [account] };
      const organizationConfiguration = new OrganizationConfiguration(child("org-config"), { ...asAdmin(region), autoEnable: args.autoEnable ?? true }, after);
      const publication = new FindingsPublicationConfiguration(
        child("security-hub"),
        {
          ...asAdmin(region),
          publishClassificationFindings: args.securityHub?.publishClassificationFindings ?? true,
          publishPolicyFindings: args.securityHub?.publishPolicyFindings ?? true,
        },
        after,
      );
      const automatedDiscovery = new AutomatedDiscoveryConfiguration(
        child("discovery"),
        {
          ...asAdmin(region),
          status: args.automatedDiscovery?.status ?? "ENABLED",
          autoEnableOrganizationMembers: args.automatedDiscovery?.autoEnableOrganizationMembers ?? "ALL",
        },
        after,
      );
      const findingsExport =
        args.findingsExport === undefined
          ? undefined
          : new ClassificationExportConfiguration(child("export"), { ...asAdmin(region), s3Destination: destinationFor(region, args.findingsExport) }, after);
      const members: Record<string, Member> = {};
      for (const accountId of args.memberAccountIds ?? []) {
        members[accountId] = new Member(child(`member-${accountId}`), { ...asAdmin(region), accountId }, after);
      }
      const resources: pulumi.Resource[] = [organizationAdmin, account, organizationConfiguration, publication, automatedDiscovery];
      if (findingsExport) resources.push(findingsExport);
      resources.push(...Object.values(members));
      this.regions[region] = { region, organizationAdmin, account, organizationConfiguration, publication, automatedDiscovery, findingsExport, members, resources };
    }

    this.administratorAccountId = pulumi.output(adminId);
    this.regionNames = [...args.regions];
    const byRegion = (pick: (r: OrganizationRolloutRegion) => pulumi.Output<string>) =>
      pulumi.all(Object.fromEntries(Object.values(this.regions).map((r) => [r.region, pick(r)]))) as pulumi.Output<Record<string, string>>;
    this.classificationScopeIds = byRegion((r) => r.automatedDiscovery.classificationScopeId);
    this.sensitivityInspectionTemplateIds = byRegion((r) => r.automatedDiscovery.sensitivityInspectionTemplateId);
    this.registerOutputs({
      administratorAccountId: this.administratorAccountId,
      regionNames: this.regionNames,
      classificationScopeIds: this.classificationScopeIds,
      sensitivityInspectionTemplateIds: this.sensitivityInspectionTemplateIds,
    });
  }
}
