/**
 * Every operation macie-local implements, by domain. Each domain file owns its part of the
 * service model: the rules of its resources, from the API reference, and nothing about HTTP.
 */
import type { Operation } from "../core/types";
import { operations as session } from "./session";
import { operations as organization } from "./organization";
import { operations as members } from "./members";
import { operations as invitations } from "./invitations";
import { operations as customDataIdentifiers } from "./customDataIdentifiers";
import { operations as findingsFilters } from "./findingsFilters";
import { operations as configurations } from "./configurations";
import { operations as jobs } from "./jobs";
import { operations as allowLists } from "./allowLists";
import { operations as automatedDiscovery } from "./automatedDiscovery";
import { operations as automatedDiscoveryAccounts } from "./automatedDiscoveryAccounts";
import { operations as classificationScopes } from "./classificationScopes";
import { operations as sensitivityInspectionTemplates } from "./sensitivityInspectionTemplates";
import { operations as resourceProfiles } from "./resourceProfiles";
import { operations as tags } from "./tags";
import { operations as managedDataIdentifiers } from "./managedDataIdentifiers";

export const operations: Operation[] = [
  ...session,
  ...organization,
  ...members,
  ...invitations,
  ...customDataIdentifiers,
  ...findingsFilters,
  ...configurations,
  ...jobs,
  ...allowLists,
  ...automatedDiscovery,
  ...automatedDiscoveryAccounts,
  ...classificationScopes,
  ...sensitivityInspectionTemplates,
  ...resourceProfiles,
  ...tags,
  ...managedDataIdentifiers,
];
