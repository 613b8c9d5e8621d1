/**
 * pulumi-macie: every Amazon Macie setting as a Pulumi resource.
 *
 * Each class is a dynamic resource of type `pulumi-nodejs:dynamic/macie:<ClassName>`; docs/resources.md
 * describes their inputs, outputs, what updates in place, what replaces, and what delete does.
 */
export { Account, type AccountArgs } from "./resources/account";
export { OrganizationAdminAccount, type OrganizationAdminAccountArgs } from "./resources/organizationAdminAccount";
export { OrganizationConfiguration, type OrganizationConfigurationArgs } from "./resources/organizationConfiguration";
export { Member, type MemberArgs } from "./resources/member";
export { InvitationAccepter, type InvitationAccepterArgs } from "./resources/invitationAccepter";
export { CustomDataIdentifier, type CustomDataIdentifierArgs } from "./resources/customDataIdentifier";
export { FindingsFilter, type FindingsFilterArgs } from "./resources/findingsFilter";
export { ClassificationExportConfiguration, type ClassificationExportConfigurationArgs } from "./resources/classificationExportConfiguration";
export { FindingsPublicationConfiguration, type FindingsPublicationConfigurationArgs } from "./resources/findingsPublicationConfiguration";
export { ClassificationJob, type ClassificationJobArgs } from "./resources/classificationJob";
export { AllowList, type AllowListArgs } from "./resources/allowList";
export { AutomatedDiscoveryConfiguration, type AutomatedDiscoveryConfigurationArgs } from "./resources/automatedDiscoveryConfiguration";
export { RevealConfiguration, type RevealConfigurationArgs } from "./resources/revealConfiguration";
export {
  OrganizationRollout,
  ORGANIZATION_ROLLOUT_TYPE,
  exportRegionProblem,
  type OrganizationRolloutArgs,
  type OrganizationRolloutRegion,
  type OrganizationRolloutSecurityHubArgs,
  type OrganizationRolloutAutomatedDiscoveryArgs,
} from "./components/organizationRollout";
