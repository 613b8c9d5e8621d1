/**
 * Shared rules of Macie's account relationships (sessions, administrators, members,
 * Organizations), used by the session, organization, members and invitations domains.
 */
import type { OperationContext, OrganizationModel, RegionState } from "../core/types";
import { own } from "../core/records";
import { cancelActiveJobs } from "./jobs";

/** Relationship statuses in which a member is associated with its administrator. */
export const ASSOCIATED = ["Enabled", "Paused"];

const serviceRoleArn = (accountId: string) =>
  `arn:aws:iam::${accountId}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`;

/** Enables Macie in a Region state that has no session yet (EnableMacie, or on behalf of an administrator). */
export function enableSession(
  ctx: OperationContext,
  state: RegionState,
  accountId: string,
  settings: Partial<Pick<NonNullable<RegionState["session"]>, "status" | "findingPublishingFrequency">> = {},
): void {
  state.session = {
    status: settings.status ?? "ENABLED",
    findingPublishingFrequency: settings.findingPublishingFrequency ?? "FIFTEEN_MINUTES",
    serviceRole: serviceRoleArn(accountId),
    createdAt: ctx.nowIso,
    updatedAt: ctx.nowIso,
  };
}

/**
 * Suspends Macie in a Region state: the session is PAUSED and every active classification job
 * is cancelled (Macie's user guide: suspending Macie cancels the account's jobs, which can never
 * run again); settings and resources are kept.
 */
export function pauseSession(ctx: OperationContext, state: RegionState): void {
  if (!state.session) return;
  if (state.session.status !== "PAUSED") {
    state.session.status = "PAUSED";
    state.session.updatedAt = ctx.nowIso;
  }
  cancelActiveJobs(state, ctx.now, ctx.config);
}

export function resumeSession(ctx: OperationContext, state: RegionState): void {
  if (state.session && state.session.status !== "ENABLED") {
    state.session.status = "ENABLED";
    state.session.updatedAt = ctx.nowIso;
  }
}

/** The organization an account belongs to (as management or member account), if any. */
export function organizationOf(ctx: OperationContext, accountId: string): OrganizationModel | undefined {
  const org = ctx.config.organization;
  if (!org) return undefined;
  return org.managementAccountId === accountId || org.memberAccountIds.includes(accountId) ? org : undefined;
}

/** The delegated Macie administrator of the caller's organization in the caller's Region. */
export function organizationAdmin(ctx: OperationContext): string | undefined {
  return own(ctx.world.organizationAdmins, ctx.region)?.accountId;
}

/** Whether `accountId` is the delegated Macie administrator of the organization in any Region. */
export function isOrganizationAdminAnywhere(ctx: OperationContext, accountId: string): boolean {
  return Object.values(ctx.world.organizationAdmins).some((a) => a.accountId === accountId);
}

/** Whether the state's account is associated with an administrator. */
export function hasAdministrator(state: RegionState): boolean {
  return !!state.administrator && ASSOCIATED.includes(state.administrator.relationshipStatus);
}

/** Whether the state's account administers associated members. */
export function hasAssociatedMembers(state: RegionState): boolean {
  return Object.values(state.members).some((m) => ASSOCIATED.includes(m.relationshipStatus));
}

/** A record without emulator bookkeeping (keys starting with `_`). */
export function publicView<T extends Record<string, any>>(record: T): T {
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(record)) if (!k.startsWith("_")) out[k] = v;
  return out as T;
}
