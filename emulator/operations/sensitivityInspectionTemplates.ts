/**
 * The sensitivity inspection template of automated sensitive data discovery (which data
 * identifiers and allow lists it uses): GetSensitivityInspectionTemplate,
 * UpdateSensitivityInspectionTemplate, ListSensitivityInspectionTemplates.
 *
 * Rules from the API model and the SDK documentation:
 * - one template per account and Region, named `automated-sensitive-data-discovery`; its id is the
 *   `sensitivityInspectionTemplateId` of GetAutomatedDiscoveryConfiguration; another id is a
 *   ResourceNotFoundException;
 * - `description` at most 200 characters; `excludes.managedDataIdentifierIds` are managed data
 *   identifiers not to use; `includes` names allow lists, custom data identifiers and managed data
 *   identifiers to use, managed ones in addition to those Macie recommends;
 * - ListSensitivityInspectionTemplates takes `maxResults` 1-25.
 *
 * Choices where the references are silent (also in docs/emulator.md):
 * - the update is a PUT: it replaces description, excludes and includes, so a member left out goes
 *   back to the default (no description, empty lists), as UpdateAllowList does;
 * - referenced ids are checked as for a classification job: an allow list or a custom data
 *   identifier that does not exist (or a deleted custom data identifier) is a
 *   ResourceNotFoundException naming the entry; managed data identifier ids are checked for their
 *   shape only (macie-local knows a subset of Macie's); at most 30 custom data identifiers and 10
 *   allow lists, the per-job limits;
 * - an id listed twice in one list, or a managed data identifier both included and excluded, is a
 *   ValidationException;
 * - the SDK documentation of the includes says they "must specify at least one custom data
 *   identifier or managed data identifier"; Macie's default template includes none and an allow list
 *   alone is a useful template, so macie-local does not enforce it;
 * - an identifier or allow list deleted later stays in the template as set (it simply detects
 *   nothing);
 * - DisableMacie resets the template to the default; its id stays the same when Macie is enabled
 *   again;
 * - an associated member account may read its template but not update it (AccessDeniedException).
 */
import { type Operation, type OperationContext, type RegionState, notFound, validation } from "../core/types";
import { own } from "../core/records";
import { maxResults, optionalList, optionalObject, optionalString, paginate, requiredString } from "../core/validate";
import { sensitivityInspectionTemplateId } from "./automatedDiscovery";
import { requireOwnSettings } from "./automatedDiscoveryAccounts";

export const TEMPLATE_NAME = "automated-sensitive-data-discovery";
/** The shape of a managed data identifier id, as classification jobs check it. */
const MANAGED_ID = /^[A-Z0-9_()]+$/;

export interface Template {
  description?: string;
  excludes: { managedDataIdentifierIds: string[] };
  includes: { allowListIds: string[]; customDataIdentifierIds: string[]; managedDataIdentifierIds: string[] };
}

const DEFAULT_TEMPLATE: Template = {
  excludes: { managedDataIdentifierIds: [] },
  includes: { allowListIds: [], customDataIdentifierIds: [], managedDataIdentifierIds: [] },
};

/** The template of a Region state (Macie's default until updated), a copy. */
export const templateOf = (state: RegionState): Template => structuredClone((state.sensitivityInspectionTemplate as Template) ?? DEFAULT_TEMPLATE);

function checkId(ctx: OperationContext, id: string): void {
  if (id !== sensitivityInspectionTemplateId(ctx)) {
    throw notFound(`Sensitivity inspection template ${id} was not found in account ${ctx.accountId} in ${ctx.region}`);
  }
}

/** A list of distinct non-empty ids. */
function idList(value: unknown, member: string, max?: number): string[] {
  const list = optionalList(value, member, { max }) ?? [];
  const seen = new Set<string>();
  return list.map((raw, i) => {
    const id = requiredString(raw, `${member}[${i}]`, { min: 1 });
    if (seen.has(id)) throw validation(`${member}[${i}] ${JSON.stringify(id)} is listed more than once`);
    seen.add(id);
    return id;
  });
}

function managedIds(value: unknown, member: string): string[] {
  const ids = idList(value, member);
  ids.forEach((id, i) => {
    if (!MANAGED_ID.test(id)) throw validation(`${member}[${i}] must be a managed data identifier id such as CREDIT_CARD_NUMBER, got ${JSON.stringify(id)}`);
  });
  return ids;
}

function update(ctx: OperationContext, id: string, body: Record<string, any>) {
  checkId(ctx, id);
  requireOwnSettings(ctx, "sensitivity inspection template");
  const description = optionalString(body.description, "description", { max: 200 });
  const excludes = optionalObject(body.excludes, "excludes") ?? {};
  const includes = optionalObject(body.includes, "includes") ?? {};
  const template: Template = {
    excludes: { managedDataIdentifierIds: managedIds(excludes.managedDataIdentifierIds, "excludes.managedDataIdentifierIds") },
    includes: {
      allowListIds: idList(includes.allowListIds, "includes.allowListIds", 10),
      customDataIdentifierIds: idList(includes.customDataIdentifierIds, "includes.customDataIdentifierIds", 30),
      managedDataIdentifierIds: managedIds(includes.managedDataIdentifierIds, "includes.managedDataIdentifierIds"),
    },
  };
  if (description !== undefined) template.description = description;
  const both = template.includes.managedDataIdentifierIds.find((m) => template.excludes.managedDataIdentifierIds.includes(m));
  if (both) throw validation(`managed data identifier ${both} cannot be both in includes.managedDataIdentifierIds and in excludes.managedDataIdentifierIds`);

  const state = ctx.scope();
  template.includes.customDataIdentifierIds.forEach((cdiId, i) => {
    const cdi = own(state.customDataIdentifiers, cdiId);
    if (!cdi) throw notFound(`includes.customDataIdentifierIds[${i}]: custom data identifier ${cdiId} was not found`);
    if (cdi.deleted) throw notFound(`includes.customDataIdentifierIds[${i}]: custom data identifier ${cdiId} was deleted`);
  });
  template.includes.allowListIds.forEach((listId, i) => {
    if (!own(state.allowLists, listId)) throw notFound(`includes.allowListIds[${i}]: allow list ${listId} was not found`);
  });
  state.sensitivityInspectionTemplate = { ...template, updatedAt: ctx.nowIso };
  return {};
}

export const operations: Operation[] = [
  {
    name: "GetSensitivityInspectionTemplate",
    method: "GET",
    path: "/templates/sensitivity-inspections/{id}",
    mutating: false,
    handle(ctx, req) {
      checkId(ctx, req.labels.id);
      const { description, excludes, includes } = templateOf(ctx.scope());
      return { description, excludes, includes, name: TEMPLATE_NAME, sensitivityInspectionTemplateId: req.labels.id };
    },
  },
  {
    name: "UpdateSensitivityInspectionTemplate",
    method: "PUT",
    path: "/templates/sensitivity-inspections/{id}",
    mutating: true,
    handle: (ctx, req) => update(ctx, req.labels.id, req.body),
  },
  {
    name: "ListSensitivityInspectionTemplates",
    method: "GET",
    path: "/templates/sensitivity-inspections",
    mutating: false,
    handle(ctx, req) {
      const items = [{ id: sensitivityInspectionTemplateId(ctx), name: TEMPLATE_NAME }];
      const { page, nextToken } = paginate(items, maxResults(req.query.maxResults), req.query.nextToken);
      return { sensitivityInspectionTemplates: page, nextToken };
    },
  },
];
