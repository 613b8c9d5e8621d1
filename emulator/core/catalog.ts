/**
 * Every operation of the Macie API (2020-01-01), with its HTTP method, path template and success
 * status, as `@aws-sdk/client-macie2` 3.1048 sends them (the http trait of each command's schema).
 *
 * The wire layer routes by this table as well as by the implemented operations, so that a call
 * to an operation macie-local does not implement is recognised and answered with an error naming
 * it, instead of a bare 404 or, worse, a silent success.
 */
import type { HttpMethod } from "./types";

export interface CatalogEntry {
  name: string;
  method: HttpMethod;
  path: string;
  successStatus: number;
}

// [operation, method, path template, success status]
const ROWS: [string, HttpMethod, string, number][] = [
  ["AcceptInvitation", "POST", "/invitations/accept", 200],
  ["BatchGetCustomDataIdentifiers", "POST", "/custom-data-identifiers/get", 200],
  ["BatchUpdateAutomatedDiscoveryAccounts", "PATCH", "/automated-discovery/accounts", 200],
  ["CreateAllowList", "POST", "/allow-lists", 200],
  ["CreateClassificationJob", "POST", "/jobs", 200],
  ["CreateCustomDataIdentifier", "POST", "/custom-data-identifiers", 200],
  ["CreateFindingsFilter", "POST", "/findingsfilters", 200],
  ["CreateInvitations", "POST", "/invitations", 200],
  ["CreateMember", "POST", "/members", 200],
  ["CreateSampleFindings", "POST", "/findings/sample", 200],
  ["DeclineInvitations", "POST", "/invitations/decline", 200],
  ["DeleteAllowList", "DELETE", "/allow-lists/{id}", 200],
  ["DeleteCustomDataIdentifier", "DELETE", "/custom-data-identifiers/{id}", 200],
  ["DeleteFindingsFilter", "DELETE", "/findingsfilters/{id}", 200],
  ["DeleteInvitations", "POST", "/invitations/delete", 200],
  ["DeleteMember", "DELETE", "/members/{id}", 200],
  ["DescribeBuckets", "POST", "/datasources/s3", 200],
  ["DescribeClassificationJob", "GET", "/jobs/{jobId}", 200],
  ["DescribeOrganizationConfiguration", "GET", "/admin/configuration", 200],
  ["DisableMacie", "DELETE", "/macie", 200],
  ["DisableOrganizationAdminAccount", "DELETE", "/admin", 200],
  ["DisassociateFromAdministratorAccount", "POST", "/administrator/disassociate", 200],
  ["DisassociateFromMasterAccount", "POST", "/master/disassociate", 200],
  ["DisassociateMember", "POST", "/members/disassociate/{id}", 200],
  ["EnableMacie", "POST", "/macie", 200],
  ["EnableOrganizationAdminAccount", "POST", "/admin", 200],
  ["GetAdministratorAccount", "GET", "/administrator", 200],
  ["GetAllowList", "GET", "/allow-lists/{id}", 200],
  ["GetAutomatedDiscoveryConfiguration", "GET", "/automated-discovery/configuration", 200],
  ["GetBucketStatistics", "POST", "/datasources/s3/statistics", 200],
  ["GetClassificationExportConfiguration", "GET", "/classification-export-configuration", 200],
  ["GetClassificationScope", "GET", "/classification-scopes/{id}", 200],
  ["GetCustomDataIdentifier", "GET", "/custom-data-identifiers/{id}", 200],
  ["GetFindings", "POST", "/findings/describe", 200],
  ["GetFindingsFilter", "GET", "/findingsfilters/{id}", 200],
  ["GetFindingsPublicationConfiguration", "GET", "/findings-publication-configuration", 200],
  ["GetFindingStatistics", "POST", "/findings/statistics", 200],
  ["GetInvitationsCount", "GET", "/invitations/count", 200],
  ["GetMacieSession", "GET", "/macie", 200],
  ["GetMasterAccount", "GET", "/master", 200],
  ["GetMember", "GET", "/members/{id}", 200],
  ["GetResourceProfile", "GET", "/resource-profiles", 200],
  ["GetRevealConfiguration", "GET", "/reveal-configuration", 200],
  ["GetSensitiveDataOccurrences", "GET", "/findings/{findingId}/reveal", 200],
  ["GetSensitiveDataOccurrencesAvailability", "GET", "/findings/{findingId}/reveal/availability", 200],
  ["GetSensitivityInspectionTemplate", "GET", "/templates/sensitivity-inspections/{id}", 200],
  ["GetUsageStatistics", "POST", "/usage/statistics", 200],
  ["GetUsageTotals", "GET", "/usage", 200],
  ["ListAllowLists", "GET", "/allow-lists", 200],
  ["ListAutomatedDiscoveryAccounts", "GET", "/automated-discovery/accounts", 200],
  ["ListClassificationJobs", "POST", "/jobs/list", 200],
  ["ListClassificationScopes", "GET", "/classification-scopes", 200],
  ["ListCustomDataIdentifiers", "POST", "/custom-data-identifiers/list", 200],
  ["ListFindings", "POST", "/findings", 200],
  ["ListFindingsFilters", "GET", "/findingsfilters", 200],
  ["ListInvitations", "GET", "/invitations", 200],
  ["ListManagedDataIdentifiers", "POST", "/managed-data-identifiers/list", 200],
  ["ListMembers", "GET", "/members", 200],
  ["ListOrganizationAdminAccounts", "GET", "/admin", 200],
  ["ListResourceProfileArtifacts", "GET", "/resource-profiles/artifacts", 200],
  ["ListResourceProfileDetections", "GET", "/resource-profiles/detections", 200],
  ["ListSensitivityInspectionTemplates", "GET", "/templates/sensitivity-inspections", 200],
  ["ListTagsForResource", "GET", "/tags/{resourceArn}", 200],
  ["PutClassificationExportConfiguration", "PUT", "/classification-export-configuration", 200],
  ["PutFindingsPublicationConfiguration", "PUT", "/findings-publication-configuration", 200],
  ["SearchResources", "POST", "/datasources/search-resources", 200],
  ["TagResource", "POST", "/tags/{resourceArn}", 204],
  ["TestCustomDataIdentifier", "POST", "/custom-data-identifiers/test", 200],
  ["UntagResource", "DELETE", "/tags/{resourceArn}", 204],
  ["UpdateAllowList", "PUT", "/allow-lists/{id}", 200],
  ["UpdateAutomatedDiscoveryConfiguration", "PUT", "/automated-discovery/configuration", 200],
  ["UpdateClassificationJob", "PATCH", "/jobs/{jobId}", 200],
  ["UpdateClassificationScope", "PATCH", "/classification-scopes/{id}", 200],
  ["UpdateFindingsFilter", "PATCH", "/findingsfilters/{id}", 200],
  ["UpdateMacieSession", "PATCH", "/macie", 200],
  ["UpdateMemberSession", "PATCH", "/macie/members/{id}", 200],
  ["UpdateOrganizationConfiguration", "PATCH", "/admin/configuration", 200],
  ["UpdateResourceProfile", "PATCH", "/resource-profiles", 200],
  ["UpdateResourceProfileDetections", "PATCH", "/resource-profiles/detections", 200],
  ["UpdateRevealConfiguration", "PUT", "/reveal-configuration", 200],
  ["UpdateSensitivityInspectionTemplate", "PUT", "/templates/sensitivity-inspections/{id}", 200],
];

export const CATALOG: readonly CatalogEntry[] = ROWS.map(([name, method, path, successStatus]) => ({ name, method, path, successStatus }));
