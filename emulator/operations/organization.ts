/**
 * Macie with AWS Organizations (`/admin`, `/admin/configuration`): the delegated Macie
 * administrator and the organization configuration.
 *
 * Rules (Macie REST API reference, "AWS Organizations - Macie Administrator"): only the
 * organization's management account designates or removes the delegated administrator; an
 * organization has one delegated administrator (the same account in every Region); an
 * administrator is never a member of another administrator; the designated account gets Macie
 * enabled.
 *
 * macie-local's choices where the reference is silent:
 * - The management account's calls to /admin need no Macie session of its own.
 * - An account outside any organization (or any account when the config has no `organization`)
 *   gets 400 ValidationException "... is not a member of an organization in AWS Organizations",
 *   echoing Organizations' AWSOrganizationsNotInUseException.
 * - DisableOrganizationAdminAccount takes effect at once (no lingering DISABLING_IN_PROGRESS);
 *   the administrator's Organizations-managed members are disassociated.
 */
import { accessDenied, conflict, notFound, validation, type Operation, type OperationContext } from "../core/types";
import { accountId, maxResults, optionalString, paginate, queryValue, requiredBoolean } from "../core/validate";
import { own, quotaOf } from "../core/records";
import { ASSOCIATED, enableSession, hasAdministrator, organizationAdmin, organizationOf } from "./relationships";

function requireOrganization(ctx: OperationContext) {
  const org = organizationOf(ctx, ctx.accountId);
  if (!org) {
    throw validation(
      `Account ${ctx.accountId} is not a member of an organization in AWS Organizations` +
        (ctx.config.organization ? "." : " (macie-local has no organization: set \"organization\" in its config file)."),
    );
  }
  return org;
}

function requireManagementAccount(ctx: OperationContext, action: string) {
  const org = requireOrganization(ctx);
  if (org.managementAccountId !== ctx.accountId) {
    throw accessDenied(
      `Only the management account of the organization (${org.managementAccountId}) can ${action}; account ${ctx.accountId} is a member account.`,
    );
  }
  return org;
}

function requireDelegatedAdmin(ctx: OperationContext) {
  requireOrganization(ctx);
  const admin = organizationAdmin(ctx);
  if (admin !== ctx.accountId) {
    throw accessDenied(
      `Account ${ctx.accountId} is not the delegated Macie administrator of its organization in ${ctx.region}` +
        (admin ? ` (that is ${admin}).` : " (the organization has none)."),
    );
  }
}

export const operations: Operation[] = [
  {
    name: "EnableOrganizationAdminAccount",
    method: "POST",
    path: "/admin",
    mutating: true,
    requiresMacie: false,
    idempotent: true,
    handle(ctx, { body }) {
      optionalString(body.clientToken, "clientToken");
      const adminAccountId = accountId(body.adminAccountId, "adminAccountId");
      const org = requireManagementAccount(ctx, "designate the delegated Macie administrator");
      if (!organizationOf(ctx, adminAccountId)) {
        throw validation(`adminAccountId ${adminAccountId} is not an account of the organization of management account ${org.managementAccountId}.`);
      }
      for (const [region, admin] of Object.entries(ctx.world.organizationAdmins)) {
        if (admin.accountId === adminAccountId) continue;
        throw conflict(
          `The organization already has a delegated Macie administrator, ${admin.accountId} (in ${region}). ` +
            "An organization has one delegated administrator, the same in every Region: remove it first (DisableOrganizationAdminAccount).",
        );
      }
      const adminState = ctx.scope(adminAccountId);
      if (hasAdministrator(adminState)) {
        throw conflict(
          `Account ${adminAccountId} is a member of administrator account ${adminState.administrator!.accountId} in ${ctx.region}; ` +
            "an administrator account cannot be a member account. Disassociate it first.",
        );
      }
      if (!adminState.session) enableSession(ctx, adminState, adminAccountId);
      ctx.world.organizationAdmins[ctx.region] = { accountId: adminAccountId, status: "ENABLED" };
      return {};
    },
  },
  {
    name: "DisableOrganizationAdminAccount",
    method: "DELETE",
    path: "/admin",
    mutating: true,
    requiresMacie: false,
    handle(ctx, { query }) {
      const adminAccountId = accountId(queryValue(query, "adminAccountId"), "adminAccountId");
      requireManagementAccount(ctx, "remove the delegated Macie administrator");
      const current = own(ctx.world.organizationAdmins, ctx.region);
      if (!current || current.accountId !== adminAccountId) {
        throw notFound(
          `Account ${adminAccountId} is not the delegated Macie administrator of the organization in ${ctx.region}` +
            (current ? ` (that is ${current.accountId}).` : " (there is none)."),
        );
      }
      delete ctx.world.organizationAdmins[ctx.region];
      // The administrator's Organizations-managed members lose their association.
      const adminState = ctx.scope(adminAccountId);
      for (const member of Object.values(adminState.members)) {
        if (member._managedBy !== "ORGANIZATION") continue;
        const memberState = ctx.scope(member.accountId);
        if (memberState.administrator?.accountId === adminAccountId) delete memberState.administrator;
        delete adminState.members[member.accountId];
      }
      return {};
    },
  },
  {
    name: "ListOrganizationAdminAccounts",
    method: "GET",
    path: "/admin",
    mutating: false,
    requiresMacie: false,
    handle(ctx, { query }) {
      const max = maxResults(query.maxResults);
      requireManagementAccount(ctx, "list the delegated Macie administrator");
      const admin = own(ctx.world.organizationAdmins, ctx.region);
      const { page, nextToken } = paginate(admin ? [{ accountId: admin.accountId, status: admin.status }] : [], max, query.nextToken);
      return { adminAccounts: page, nextToken };
    },
  },
  {
    name: "DescribeOrganizationConfiguration",
    method: "GET",
    path: "/admin/configuration",
    mutating: false,
    handle(ctx) {
      requireDelegatedAdmin(ctx);
      const state = ctx.scope();
      const memberCount = Object.values(state.members).filter((m) => ASSOCIATED.includes(m.relationshipStatus)).length;
      const limit = quotaOf(ctx.config, "membersPerAdministrator");
      return { autoEnable: state.organizationConfiguration.autoEnable, maxAccountLimitReached: memberCount >= limit };
    },
  },
  {
    name: "UpdateOrganizationConfiguration",
    method: "PATCH",
    path: "/admin/configuration",
    mutating: true,
    handle(ctx, { body }) {
      const autoEnable = requiredBoolean(body.autoEnable, "autoEnable");
      requireDelegatedAdmin(ctx);
      ctx.scope().organizationConfiguration = { autoEnable };
      return {};
    },
  },
];
