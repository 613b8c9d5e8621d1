/**
 * The status of automated sensitive data discovery per member account:
 * BatchUpdateAutomatedDiscoveryAccounts and ListAutomatedDiscoveryAccounts, and who decides which
 * settings apply to whom.
 *
 * Rules from the API model and the SDK documentation:
 * - an account's status is ENABLED or DISABLED; BatchUpdate answers, for each account it could not
 *   change, `ACCOUNT_NOT_FOUND` (the account does not exist or the caller is not its Macie
 *   administrator) or `ACCOUNT_PAUSED` (Macie is not enabled for the account: suspended);
 * - ListAutomatedDiscoveryAccounts takes up to 50 `accountIds`, `maxResults` 1-25; without
 *   accountIds it lists every account of the caller's organization;
 * - UpdateAutomatedDiscoveryConfiguration with DISABLED from an administrator disables automated
 *   discovery for all its members; `autoEnableOrganizationMembers` ALL enables it for all existing
 *   and new members, NEW for new members only, NONE for none; with NEW or NONE, members keep the
 *   status they had, and BatchUpdate changes them one by one.
 *
 * Choices where the references are silent (also in docs/emulator.md):
 * - "the caller's organization" is the caller's associated members (status Enabled or Paused),
 *   Organizations-managed or by invitation; the caller itself is not listed and is
 *   ACCOUNT_NOT_FOUND in a batch (its own status is UpdateAutomatedDiscoveryConfiguration's);
 * - a member of an invitation-based administrator follows ALL (that administrator has no
 *   autoEnableOrganizationMembers);
 * - with ALL in force, every UpdateAutomatedDiscoveryConfiguration enables every associated member
 *   again, also those a batch disabled (the SDK documentation: "to enable or disable it for
 *   individual member accounts, specify NEW or NONE");
 * - ENABLED for a member while the administrator's own automated discovery is DISABLED is a
 *   ConflictException for the whole request (nothing changes); DISABLED then changes nothing;
 * - `accounts` needs 1-50 entries (the limit of ListAutomatedDiscoveryAccounts), each with a
 *   12-digit accountId and a status; an account named twice is a ValidationException;
 * - an account in `accountIds` that is not an associated member of the caller is a
 *   ResourceNotFoundException naming it;
 * - a member associated with an administrator is discovered with its administrator's classification
 *   scope and sensitivity inspection template, and may not update its own (AccessDeniedException).
 */
import { type Operation, type OperationContext, type RegionState, accessDenied, conflict, notFound, validation } from "../core/types";
import { own } from "../core/records";
import { accountId, maxResults, paginate, requiredEnum, requiredList, requiredObject } from "../core/validate";
import { ASSOCIATED, hasAdministrator } from "./relationships";

const STATUSES = ["ENABLED", "DISABLED"] as const;
type Status = (typeof STATUSES)[number];

/** The member accounts an administrator's Region state has associated (Enabled or Paused), sorted. */
function associatedMembers(state: RegionState): string[] {
  return Object.values(state.members)
    .filter((m) => ASSOCIATED.includes(m.relationshipStatus))
    .map((m) => m.accountId as string)
    .sort();
}

/**
 * A member's status as its administrator's state holds it: DISABLED while the administrator's own
 * automated discovery is; else the status last set for it, or, for a member associated since the
 * administrator's last configuration change, the one `autoEnableOrganizationMembers` gives.
 */
export function memberDiscoveryStatus(admin: RegionState, memberId: string): Status {
  const config = admin.automatedDiscovery;
  if (config?.status !== "ENABLED") return "DISABLED";
  return own(admin.automatedDiscoveryAccounts, memberId) ?? (config.autoEnableOrganizationMembers === "NONE" ? "DISABLED" : "ENABLED");
}

/**
 * Called by UpdateAutomatedDiscoveryConfiguration before it stores the new configuration: fixes
 * each associated member's current status (so that NEW and NONE leave existing members as they
 * are; a DISABLED configuration reads as DISABLED for all), then applies ALL's "enable every
 * existing member".
 */
export function applyConfigurationToMembers(state: RegionState, status: Status, autoEnable: string | undefined): void {
  const members = associatedMembers(state);
  const next: Record<string, Status> = {};
  for (const m of members) next[m] = status === "ENABLED" && (autoEnable ?? "ALL") === "ALL" ? "ENABLED" : memberDiscoveryStatus(state, m);
  // Entries of accounts no longer associated go: a member that comes back is a new member.
  for (const k of Object.keys(state.automatedDiscoveryAccounts)) delete state.automatedDiscoveryAccounts[k];
  Object.assign(state.automatedDiscoveryAccounts, next);
}

/**
 * Whose automated discovery settings apply to the caller: its administrator's when it is an
 * associated member, else its own.
 */
export function discoverySettings(ctx: OperationContext): { accountId: string; state: RegionState; member: boolean } {
  const own = ctx.scope();
  if (hasAdministrator(own)) {
    const adminId = own.administrator!.accountId;
    return { accountId: adminId, state: ctx.scope(adminId), member: true };
  }
  return { accountId: ctx.accountId, state: own, member: false };
}

/** Refuses a change to automated discovery settings from an associated member (403). */
export function requireOwnSettings(ctx: OperationContext, what: string): void {
  const state = ctx.scope();
  if (hasAdministrator(state)) {
    throw accessDenied(
      `Account ${ctx.accountId} is a member of Macie administrator account ${state.administrator!.accountId}, ` +
        `which manages the ${what} of automated sensitive data discovery for its members in ${ctx.region}`,
    );
  }
}

function batchUpdate(ctx: OperationContext, body: Record<string, any>) {
  const entries = requiredList(body.accounts, "accounts", { min: 1, max: 50 }).map((raw, i) => {
    const e = requiredObject(raw, `accounts[${i}]`);
    return { accountId: accountId(e.accountId, `accounts[${i}].accountId`), status: requiredEnum(e.status, `accounts[${i}].status`, STATUSES) };
  });
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.accountId)) throw validation(`accounts[${i}].accountId ${e.accountId} is listed more than once`);
    seen.add(e.accountId);
  });
  const state = ctx.scope();
  if (entries.some((e) => e.status === "ENABLED") && state.automatedDiscovery?.status !== "ENABLED") {
    throw conflict(
      `Automated sensitive data discovery is disabled for administrator account ${ctx.accountId} in ${ctx.region}; ` +
        "enable it (UpdateAutomatedDiscoveryConfiguration) before enabling it for member accounts",
    );
  }
  const members = new Set(associatedMembers(state));
  const errors: { accountId: string; errorCode: string }[] = [];
  for (const e of entries) {
    if (!members.has(e.accountId)) {
      errors.push({ accountId: e.accountId, errorCode: "ACCOUNT_NOT_FOUND" });
    } else if (own(state.members, e.accountId)!.relationshipStatus === "Paused" || ctx.scope(e.accountId).session?.status !== "ENABLED") {
      errors.push({ accountId: e.accountId, errorCode: "ACCOUNT_PAUSED" });
    } else {
      state.automatedDiscoveryAccounts[e.accountId] = e.status;
    }
  }
  return errors.length > 0 ? { errors } : {};
}

function list(ctx: OperationContext, query: Record<string, string[]>) {
  const state = ctx.scope();
  const members = associatedMembers(state);
  const requested = query.accountIds;
  let ids = members;
  if (requested !== undefined) {
    if (requested.length > 50) throw validation(`accountIds must have at most 50 items, got ${requested.length}`);
    ids = [...new Set(requested.map((a, i) => accountId(a, `accountIds[${i}]`)))];
    const stranger = ids.find((a) => !members.includes(a));
    if (stranger) throw notFound(`Account ${stranger} is not a member account of Macie administrator account ${ctx.accountId} in ${ctx.region}`);
  }
  const items = ids.map((a) => ({ accountId: a, status: memberDiscoveryStatus(state, a) }));
  const { page, nextToken } = paginate(items, maxResults(query.maxResults), query.nextToken);
  return { items: page, nextToken };
}

export const operations: Operation[] = [
  {
    name: "BatchUpdateAutomatedDiscoveryAccounts",
    method: "PATCH",
    path: "/automated-discovery/accounts",
    mutating: true,
    handle: (ctx, req) => batchUpdate(ctx, req.body),
  },
  {
    name: "ListAutomatedDiscoveryAccounts",
    method: "GET",
    path: "/automated-discovery/accounts",
    mutating: false,
    handle: (ctx, req) => list(ctx, req.query),
  },
];
