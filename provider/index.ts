/**
 * pulumi-macie: every Amazon Macie setting as a Pulumi resource.
 *
 * Each class is a dynamic resource of type `pulumi-nodejs:dynamic/macie:<ClassName>`; docs/resources.md
 * describes their inputs, outputs, what updates in place, what replaces, and what delete does.
 */
export { Account, type AccountArgs } from "./resources/account";
export { OrganizationAdminAccount, type OrganizationAdminAccountArgs } from "./resources/organizationAdminAccount";
export { OrganizationConfiguration, type OrganizationConfigurationArgs } from "./resources/organizationConfiguration";
export { Member, type MemberArgs, type RelationshipStatus } from "./resources/member";
export { InvitationAccepter, type InvitationAccepterArgs } from "./resources/invitationAccepter";
export {
  CustomDataIdentifier,
  type CustomDataIdentifierArgs,
  type CustomDataIdentifierTestCase,
  type SeverityLevel,
} from "./resources/customDataIdentifier";
export { FindingsFilter, type FindingsFilterArgs, type FindingCriteria, type CriterionOperators } from "./resources/findingsFilter";
export {
  ClassificationExportConfiguration,
  type ClassificationExportConfigurationArgs,
  type ClassificationExportConfigurationS3Destination,
} from "./resources/classificationExportConfiguration";
export { FindingsPublicationConfiguration, type FindingsPublicationConfigurationArgs } from "./resources/findingsPublicationConfiguration";
export {
  ClassificationJob,
  type ClassificationJobArgs,
  type S3JobDefinition,
  type BucketCriteriaBlock,
  type BucketCriterion,
  type TagCriterionPair,
  type JobScopingBlock,
  type JobScopeTerm,
  type JobScheduleFrequency,
  type JobStatus,
  type ManagedDataIdentifierSelector,
} from "./resources/classificationJob";
export { AllowList, type AllowListArgs, type AllowListCriteria, type AllowListStatus, type S3WordsList } from "./resources/allowList";
export { AutomatedDiscoveryConfiguration, type AutomatedDiscoveryConfigurationArgs } from "./resources/automatedDiscoveryConfiguration";
export { ClassificationScope, type ClassificationScopeArgs, type ClassificationScopeExcludes } from "./resources/classificationScope";
export {
  SensitivityInspectionTemplate,
  type SensitivityInspectionTemplateArgs,
  type SensitivityInspectionTemplateIncludes,
  type SensitivityInspectionTemplateExcludes,
} from "./resources/sensitivityInspectionTemplate";
export { AutomatedDiscoveryAccount, type AutomatedDiscoveryAccountArgs } from "./resources/automatedDiscoveryAccount";
export { ResourceProfile, type ResourceProfileArgs, type SuppressDataIdentifier } from "./resources/resourceProfile";
export {
  RevealConfiguration,
  type RevealConfigurationArgs,
  type RevealConfigurationSettings,
  type RevealRetrievalConfiguration,
} from "./resources/revealConfiguration";
export {
  OrganizationRollout,
  ORGANIZATION_ROLLOUT_TYPE,
  exportRegionProblem,
  type OrganizationRolloutArgs,
  type OrganizationRolloutRegion,
  type OrganizationRolloutSecurityHubArgs,
  type OrganizationRolloutAutomatedDiscoveryArgs,
} from "./components/organizationRollout";
export {
  getManagedDataIdentifiers,
  getManagedDataIdentifiersOutput,
  getCallerIdentity,
  getCallerIdentityOutput,
  type LookupArgs,
  type LookupOutputArgs,
  type LookupOutputOptions,
  type ManagedDataIdentifier,
  type GetManagedDataIdentifiersResult,
  type GetCallerIdentityResult,
} from "./lookups";
