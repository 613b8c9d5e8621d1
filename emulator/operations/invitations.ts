/**
 * Membership invitations and the member's view of its administrator: CreateInvitations (by the
 * administrator), then, in the member account, ListInvitations, GetInvitationsCount,
 * AcceptInvitation, DeclineInvitations, DeleteInvitations, GetAdministratorAccount
 * (GetMasterAccount) and DisassociateFromAdministratorAccount (DisassociateFromMasterAccount).
 *
 * An invitation is recorded in the member account's state in the same Region, with status
 * Invited; accepting it associates the accounts (Enabled on both sides).
 *
 * macie-local's choices where the reference is silent:
 * - `message` is at most 80 characters. The SDK documentation says "as many as 80 alphanumeric
 *   characters" (the 2021 reference sets no limit); macie-local checks the length only, so that a
 *   message with spaces and punctuation is accepted.
 * - A declined or deleted invitation leaves the administrator's member record as Removed; a
 *   member that leaves its administrator shows as Resigned.
 * - An Organizations-managed member cannot leave on its own: 409 ConflictException (its
 *   administrator disassociates it).
 */
import { conflict, notFound, validation, type Operation, type OperationContext } from "../core/types";
import { own } from "../core/records";
import { accountId, maxResults, optionalBoolean, optionalString, paginate, requiredList, requiredString } from "../core/validate";
import { ASSOCIATED, hasAdministrator, hasAssociatedMembers, isOrganizationAdminAnywhere, publicView } from "./relationships";

type Unprocessed = { accountId: string; errorCode: "ClientError" | "InternalError"; errorMessage: string };

function accountIds(value: unknown, member = "accountIds"): string[] {
  const list = requiredList<unknown>(value, member, { min: 1, max: 50 });
  return list.map((v, i) => accountId(v, `${member}[${i}]`));
}

function pendingInvitations(ctx: OperationContext) {
  return Object.values(ctx.scope().invitations)
    .filter((i) => i.relationshipStatus === "Invited")
    .sort((a, b) => a.invitedAt.localeCompare(b.invitedAt) || a.accountId.localeCompare(b.accountId));
}

/**
 * Removes the caller's pending invitations from the given administrators (decline or delete),
 * marking the administrator's member record Removed.
 */
function dropInvitations(ctx: OperationContext, ids: string[]): { unprocessedAccounts: Unprocessed[] } {
  const state = ctx.scope();
  const unprocessedAccounts: Unprocessed[] = [];
  for (const adminId of ids) {
    const found = Object.entries(state.invitations).filter(([, inv]) => inv.accountId === adminId);
    if (found.length === 0) {
      unprocessedAccounts.push({ accountId: adminId, errorCode: "ClientError", errorMessage: `There is no invitation from account ${adminId}.` });
      continue;
    }
    for (const [id] of found) delete state.invitations[id];
    const record = own(ctx.scope(adminId).members, ctx.accountId);
    if (record && record.relationshipStatus === "Invited") {
      record.relationshipStatus = "Removed";
      record.updatedAt = ctx.nowIso;
    }
  }
  return { unprocessedAccounts };
}

function administratorView(ctx: OperationContext) {
  const a = ctx.scope().administrator;
  return a ? publicView({ accountId: a.accountId, invitationId: a.invitationId, invitedAt: a.invitedAt, relationshipStatus: a.relationshipStatus }) : undefined;
}

function leaveAdministrator(ctx: OperationContext) {
  const state = ctx.scope();
  const a = state.administrator;
  if (!a) throw notFound(`Account ${ctx.accountId} is not associated with an administrator account in ${ctx.region}.`);
  const record = own(ctx.scope(a.accountId).members, ctx.accountId);
  if (record?._managedBy === "ORGANIZATION") {
    throw conflict(
      `Account ${ctx.accountId} is an AWS Organizations member account of administrator ${a.accountId}; ` +
        "only the administrator can disassociate it (DisassociateMember).",
    );
  }
  delete state.administrator;
  if (record) {
    record.relationshipStatus = "Resigned";
    record.updatedAt = ctx.nowIso;
  }
  return {};
}

export const operations: Operation[] = [
  {
    name: "CreateInvitations",
    method: "POST",
    path: "/invitations",
    mutating: true,
    handle(ctx, { body }) {
      const ids = accountIds(body.accountIds);
      optionalBoolean(body.disableEmailNotification, "disableEmailNotification");
      optionalString(body.message, "message", { max: 80 });
      const state = ctx.scope();
      if (hasAdministrator(state)) {
        throw conflict(`Account ${ctx.accountId} is a member of administrator account ${state.administrator!.accountId}; a member account cannot invite members.`);
      }
      const unprocessedAccounts: Unprocessed[] = [];
      const reject = (id: string, errorMessage: string) => unprocessedAccounts.push({ accountId: id, errorCode: "ClientError", errorMessage });
      for (const id of ids) {
        const member = own(state.members, id);
        if (!member) {
          reject(id, `Account ${id} is not a member account of ${ctx.accountId}: add it with CreateMember first.`);
          continue;
        }
        if (member._managedBy === "ORGANIZATION") {
          reject(id, `Account ${id} is an AWS Organizations member account; it needs no invitation.`);
          continue;
        }
        if (ASSOCIATED.includes(member.relationshipStatus)) {
          reject(id, `Account ${id} is already associated with account ${ctx.accountId}.`);
          continue;
        }
        if (isOrganizationAdminAnywhere(ctx, id)) {
          reject(id, `Account ${id} is the delegated Macie administrator of its organization and cannot be a member account.`);
          continue;
        }
        const memberState = ctx.scope(id);
        const invitationId = ctx.newId();
        for (const [old, inv] of Object.entries(memberState.invitations)) if (inv.accountId === ctx.accountId) delete memberState.invitations[old];
        memberState.invitations[invitationId] = { accountId: ctx.accountId, invitationId, invitedAt: ctx.nowIso, relationshipStatus: "Invited" };
        member.relationshipStatus = "Invited";
        member.invitedAt = ctx.nowIso;
        member.updatedAt = ctx.nowIso;
      }
      return { unprocessedAccounts };
    },
  },
  {
    name: "ListInvitations",
    method: "GET",
    path: "/invitations",
    mutating: false,
    handle(ctx, { query }) {
      const max = maxResults(query.maxResults);
      const { page, nextToken } = paginate(pendingInvitations(ctx), max, query.nextToken);
      return { invitations: page, nextToken };
    },
  },
  {
    name: "GetInvitationsCount",
    method: "GET",
    path: "/invitations/count",
    mutating: false,
    handle(ctx) {
      return { invitationsCount: pendingInvitations(ctx).length };
    },
  },
  {
    name: "AcceptInvitation",
    method: "POST",
    path: "/invitations/accept",
    mutating: true,
    handle(ctx, { body }) {
      const invitationId = requiredString(body.invitationId, "invitationId", { min: 1 });
      if ((body.administratorAccountId ?? null) === null && (body.masterAccount ?? null) === null) {
        throw validation("administratorAccountId is required");
      }
      const adminId =
        body.administratorAccountId !== undefined && body.administratorAccountId !== null
          ? accountId(body.administratorAccountId, "administratorAccountId")
          : accountId(body.masterAccount, "masterAccount");
      const state = ctx.scope();
      const invitation = own(state.invitations, invitationId);
      if (!invitation || invitation.accountId !== adminId) {
        throw notFound(`There is no invitation ${invitationId} from account ${adminId} for account ${ctx.accountId} in ${ctx.region}.`);
      }
      if (hasAdministrator(state)) {
        throw conflict(`Account ${ctx.accountId} is already associated with administrator account ${state.administrator!.accountId}.`);
      }
      if (isOrganizationAdminAnywhere(ctx, ctx.accountId) || hasAssociatedMembers(state)) {
        throw conflict(`Account ${ctx.accountId} is an administrator account and cannot become a member account.`);
      }
      const record = own(ctx.scope(adminId).members, ctx.accountId);
      if (!record) {
        throw notFound(`Account ${adminId} no longer lists account ${ctx.accountId} as a member; the invitation is void.`);
      }
      delete state.invitations[invitationId];
      state.administrator = { accountId: adminId, invitationId, invitedAt: invitation.invitedAt, relationshipStatus: "Enabled" };
      record.relationshipStatus = state.session?.status === "PAUSED" ? "Paused" : "Enabled";
      state.administrator.relationshipStatus = record.relationshipStatus;
      record.updatedAt = ctx.nowIso;
      return {};
    },
  },
  {
    name: "DeclineInvitations",
    method: "POST",
    path: "/invitations/decline",
    mutating: true,
    handle(ctx, { body }) {
      return dropInvitations(ctx, accountIds(body.accountIds));
    },
  },
  {
    name: "DeleteInvitations",
    method: "POST",
    path: "/invitations/delete",
    mutating: true,
    handle(ctx, { body }) {
      return dropInvitations(ctx, accountIds(body.accountIds));
    },
  },
  {
    name: "GetAdministratorAccount",
    method: "GET",
    path: "/administrator",
    mutating: false,
    handle(ctx) {
      const administrator = administratorView(ctx);
      return administrator ? { administrator } : {};
    },
  },
  {
    name: "GetMasterAccount",
    method: "GET",
    path: "/master",
    mutating: false,
    handle(ctx) {
      const master = administratorView(ctx);
      return master ? { master } : {};
    },
  },
  {
    name: "DisassociateFromAdministratorAccount",
    method: "POST",
    path: "/administrator/disassociate",
    mutating: true,
    handle: leaveAdministrator,
  },
  {
    name: "DisassociateFromMasterAccount",
    method: "POST",
    path: "/master/disassociate",
    mutating: true,
    handle: leaveAdministrator,
  },
];
