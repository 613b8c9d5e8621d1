/**
 * Member accounts, as their administrator sees them (`/members`, `/macie/members/{id}`):
 * CreateMember, GetMember, ListMembers, DeleteMember, DisassociateMember, UpdateMemberSession.
 *
 * Two kinds of members:
 * - Organizations-managed: the organization's delegated Macie administrator adds an account of
 *   its organization; no email and no invitation; the member is Enabled at once and gets Macie
 *   enabled.
 * - Invitation-based: CreateMember with an email (status Created), then CreateInvitations
 *   (Invited), then the member accepts (Enabled).
 *
 * macie-local's choices where the reference is silent: DeleteMember of an associated
 * Organizations-managed member answers 400 ValidationException (use DisassociateMember first),
 * the behaviour Terraform users meet on destroy; for an invitation-based member it also ends the
 * association. `onlyAssociated` (default true) keeps members whose status is Enabled or Paused.
 */
import { conflict, notFound, quotaExceeded, validation, type Operation, type OperationContext } from "../core/types";
import { own, quotaOf } from "../core/records";
import { accountId, maxResults, optionalTags, paginate, queryBoolean, requiredEnum, requiredObject, requiredString } from "../core/validate";
import {
  ASSOCIATED,
  enableSession,
  hasAdministrator,
  isOrganizationAdminAnywhere,
  organizationAdmin,
  organizationOf,
  pauseSession,
  publicView,
  resumeSession,
} from "./relationships";
import { MACIE_STATUS } from "./session";

/** The member record of the caller (an administrator), or 404. */
function memberOf(ctx: OperationContext, id: string): Record<string, any> {
  const member = own(ctx.scope().members, id);
  if (!member) {
    throw notFound(`Account ${id} is not a member account of administrator account ${ctx.accountId} in ${ctx.region}.`);
  }
  return member;
}

/** Ends an administrator-member association from the administrator's side. */
function disassociate(ctx: OperationContext, member: Record<string, any>): void {
  const memberState = ctx.scope(member.accountId);
  if (memberState.administrator?.accountId === ctx.accountId) delete memberState.administrator;
  for (const [id, inv] of Object.entries(memberState.invitations)) if (inv.accountId === ctx.accountId) delete memberState.invitations[id];
  member.relationshipStatus = "Removed";
  member.updatedAt = ctx.nowIso;
}

const EMAIL_RE = /^[^@\s]+@[^@\s]+$/;

/** Relationship statuses of a member record whose association has ended (it may be created again). */
const ENDED = ["Removed", "Resigned"];

export const operations: Operation[] = [
  {
    name: "CreateMember",
    method: "POST",
    path: "/members",
    mutating: true,
    handle(ctx, { body }) {
      const account = requiredObject(body.account, "account");
      const memberId = accountId(account.accountId, "account.accountId");
      const tags = optionalTags(body.tags) ?? {};
      const state = ctx.scope();
      const byOrganization = organizationAdmin(ctx) === ctx.accountId && !!organizationOf(ctx, memberId);
      let email: string | undefined;
      if (byOrganization) {
        if (account.email !== undefined && account.email !== null) email = requiredString(account.email, "account.email");
      } else {
        email = requiredString(account.email, "account.email", { min: 1 });
        if (!EMAIL_RE.test(email)) throw validation(`account.email must be an email address, got ${JSON.stringify(email)}`);
      }
      if (memberId === ctx.accountId) throw validation("account.accountId must not be the administrator's own account id");
      if (hasAdministrator(state)) {
        throw conflict(
          `Account ${ctx.accountId} is a member of administrator account ${state.administrator!.accountId}; a member account cannot have members.`,
        );
      }
      if (isOrganizationAdminAnywhere(ctx, memberId)) {
        throw conflict(`Account ${memberId} is the delegated Macie administrator of its organization; an administrator account cannot be a member account.`);
      }
      const existing = own(state.members, memberId);
      if (existing && !ENDED.includes(existing.relationshipStatus)) {
        throw conflict(`Account ${memberId} is already a member account of ${ctx.accountId} (relationshipStatus ${existing.relationshipStatus}).`);
      }
      const memberState = ctx.scope(memberId);
      if (hasAdministrator(memberState) && memberState.administrator!.accountId !== ctx.accountId) {
        throw conflict(`Account ${memberId} is already associated with administrator account ${memberState.administrator!.accountId}.`);
      }
      const limit = quotaOf(ctx.config, "membersPerAdministrator");
      const count = Object.values(state.members).filter((m) => !ENDED.includes(m.relationshipStatus)).length;
      if (!existing && count >= limit) {
        throw quotaExceeded(`Administrator account ${ctx.accountId} already has ${count} member accounts, the quota (${limit}).`);
      }
      const arn = ctx.arn("member", memberId);
      const member: Record<string, any> = {
        accountId: memberId,
        administratorAccountId: ctx.accountId,
        masterAccountId: ctx.accountId,
        arn,
        email,
        relationshipStatus: "Created",
        tags,
        updatedAt: ctx.nowIso,
        _managedBy: byOrganization ? "ORGANIZATION" : "INVITATION",
      };
      if (byOrganization) {
        member.relationshipStatus = "Enabled";
        if (!memberState.session) enableSession(ctx, memberState, memberId);
        memberState.administrator = { accountId: ctx.accountId, relationshipStatus: "Enabled" };
      }
      state.members[memberId] = member;
      return { arn };
    },
  },
  {
    name: "GetMember",
    method: "GET",
    path: "/members/{id}",
    mutating: false,
    handle(ctx, { labels }) {
      return publicView(memberOf(ctx, labels.id));
    },
  },
  {
    name: "ListMembers",
    method: "GET",
    path: "/members",
    mutating: false,
    handle(ctx, { query }) {
      const max = maxResults(query.maxResults);
      const onlyAssociated = queryBoolean(query, "onlyAssociated", true);
      const members = Object.values(ctx.scope().members)
        .filter((m) => !onlyAssociated || ASSOCIATED.includes(m.relationshipStatus))
        .sort((a, b) => a.accountId.localeCompare(b.accountId))
        .map(publicView);
      const { page, nextToken } = paginate(members, max, query.nextToken);
      return { members: page, nextToken };
    },
  },
  {
    name: "DeleteMember",
    method: "DELETE",
    path: "/members/{id}",
    mutating: true,
    handle(ctx, { labels }) {
      const member = memberOf(ctx, labels.id);
      if (member._managedBy === "ORGANIZATION" && ASSOCIATED.includes(member.relationshipStatus)) {
        throw validation(
          `Account ${member.accountId} is an AWS Organizations member account associated with your account; ` +
            "disassociate it (DisassociateMember) before deleting it.",
        );
      }
      if (member.relationshipStatus !== "Removed") disassociate(ctx, member);
      delete ctx.scope().members[member.accountId];
      return {};
    },
  },
  {
    name: "DisassociateMember",
    method: "POST",
    path: "/members/disassociate/{id}",
    mutating: true,
    handle(ctx, { labels }) {
      const member = memberOf(ctx, labels.id);
      disassociate(ctx, member);
      return {};
    },
  },
  {
    name: "UpdateMemberSession",
    method: "PATCH",
    path: "/macie/members/{id}",
    mutating: true,
    handle(ctx, { labels, body }) {
      const status = requiredEnum(body.status, "status", MACIE_STATUS);
      const member = memberOf(ctx, labels.id);
      if (!ASSOCIATED.includes(member.relationshipStatus)) {
        throw conflict(
          `Account ${member.accountId} is not associated with administrator account ${ctx.accountId} (relationshipStatus ${member.relationshipStatus}); ` +
            "only an associated member's Macie status can be changed.",
        );
      }
      const memberState = ctx.scope(member.accountId);
      if (status === "PAUSED") pauseSession(ctx, memberState);
      else resumeSession(ctx, memberState);
      const relationshipStatus = status === "PAUSED" ? "Paused" : "Enabled";
      if (member.relationshipStatus !== relationshipStatus) {
        member.relationshipStatus = relationshipStatus;
        member.updatedAt = ctx.nowIso;
      }
      if (memberState.administrator?.accountId === ctx.accountId) memberState.administrator.relationshipStatus = relationshipStatus;
      return {};
    },
  },
];
