/**
 * macie.Member: an account associated with this Macie administrator account, either by
 * invitation (an email, CreateInvitations) or through AWS Organizations (no email, no invitation).
 */
import * as pulumi from "@pulumi/pulumi";
import type { CreateInvitationsResponse, CreateMemberResponse, GetMemberResponse } from "@aws-sdk/client-macie2";
import { macie2 } from "../core/sdk";
import type { CallContext, ConnectionArgs } from "../core/definition";
import { defineResource, PartialCreateError, unlessGone } from "../core/definition";
import { MacieResource, registration, type GetLocation } from "../core/provider";
import { s } from "../core/schema";
import { applyTags, reportedTags } from "../core/tags";

export interface MemberArgs extends ConnectionArgs {
  /** The AWS account ID of the member account. Changing it replaces the member. */
  accountId: pulumi.Input<string>;
  /**
   * The email address of the member account's root user, for an invitation-based member.
   * Leave it unset for an account of your AWS organization (an Organizations-managed member,
   * associated without invitation). Changing it replaces the member.
   */
  email?: pulumi.Input<string>;
  /**
   * Send a Macie membership invitation (invitation-based members only). Turning it from true to
   * false disassociates the member account; from false to true invites it. Default: false.
   */
  invite?: pulumi.Input<boolean>;
  /** A custom message (up to 80 characters) added to the invitation. Used only when inviting. */
  invitationMessage?: pulumi.Input<string>;
  /**
   * Sent as CreateInvitations' `disableEmailNotification`: true means no email to the member
   * account's root user, as the name says (Macie's reference words it the other way round; the
   * account is notified in AWS Health either way). Used only when inviting.
   */
  disableEmailNotification?: pulumi.Input<boolean>;
  /**
   * ENABLED runs Macie in the member account; PAUSED suspends it (UpdateMemberSession). Applies
   * once the member is associated. Updated in place. Default: ENABLED.
   */
  status?: pulumi.Input<"ENABLED" | "PAUSED">;
  /** Tags of the member in this administrator account. Updated in place, never by replacement. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The relationship between the administrator and the member account, as Macie reports it. */
export type RelationshipStatus =
  | "Enabled"
  | "Paused"
  | "Invited"
  | "Created"
  | "Removed"
  | "Resigned"
  | "EmailVerificationInProgress"
  | "EmailVerificationFailed"
  | "RegionDisabled"
  | "AccountSuspended";

interface Inputs {
  accountId: string;
  email?: string;
  invite: boolean;
  invitationMessage?: string;
  disableEmailNotification?: boolean;
  status: "ENABLED" | "PAUSED";
  tags?: Record<string, string>;
}

interface Outputs {
  arn?: string;
  relationshipStatus?: string;
  administratorAccountId?: string;
  invitedAt?: string;
  updatedAt?: string;
}

const OUTPUTS = [
  "arn",
  "relationshipStatus",
  "administratorAccountId",
  "invitedAt",
  "updatedAt",
] as const;

/**
 * The member's Macie session by relationship status, for the statuses in which the member account
 * is associated (only then can its session be paused or resumed).
 */
const SESSION_OF_ASSOCIATED = new Map<string | undefined, Inputs["status"]>([
  ["Enabled", "ENABLED"],
  ["Paused", "PAUSED"],
]);
const sessionOf = (relationshipStatus: string | undefined) => SESSION_OF_ASSOCIATED.get(relationshipStatus);
/** Relationship statuses that mean an invitation was sent and not withdrawn or resigned from. */
const INVITED = ["Invited", "EmailVerificationInProgress", "EmailVerificationFailed", "Enabled", "Paused", "RegionDisabled", "AccountSuspended"];

const computed = (m: GetMemberResponse): Outputs => ({
  arn: m.arn,
  relationshipStatus: m.relationshipStatus,
  administratorAccountId: m.administratorAccountId ?? m.masterAccountId,
  invitedAt: m.invitedAt?.toISOString(),
  updatedAt: m.updatedAt?.toISOString(),
});

const getMember = (ctx: CallContext, accountId: string) => unlessGone(ctx.send<GetMemberResponse>(new macie2.GetMemberCommand({ id: accountId })));

/** Sends the invitation; throws with Macie's reason when the account was not processed. */
async function invite(ctx: CallContext, inputs: Inputs): Promise<void> {
  const r = await ctx.send<CreateInvitationsResponse>(
    new macie2.CreateInvitationsCommand({
      accountIds: [inputs.accountId],
      message: inputs.invitationMessage,
      disableEmailNotification: inputs.disableEmailNotification,
    }),
  );
  const unprocessed = r.unprocessedAccounts?.find((u) => u.accountId === inputs.accountId) ?? r.unprocessedAccounts?.[0];
  if (unprocessed) {
    throw new Error(
      `Macie did not invite account ${inputs.accountId} from ${ctx.accountId}, ${ctx.region}: ${unprocessed.errorCode ?? "error"}: ${unprocessed.errorMessage ?? "no reason given"}`,
    );
  }
}

/** Pauses or resumes the member's Macie session when the member is associated; otherwise it applies later. */
async function applyStatus(ctx: CallContext, accountId: string, status: Inputs["status"], relationshipStatus: string | undefined): Promise<boolean> {
  const current = sessionOf(relationshipStatus);
  if (!current || current === status) return false;
  await ctx.send(new macie2.UpdateMemberSessionCommand({ id: accountId, status }));
  return true;
}

export const definition = defineResource<Inputs, Outputs>({
  type: "Member",
  schema: s.object({
    accountId: s.accountId().required(),
    email: s.string({ max: 64, pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/, patternReason: "must be an email address" }),
    invite: s.boolean(),
    invitationMessage: s.string({ max: 80 }),
    disableEmailNotification: s.boolean(),
    status: s.enum(["ENABLED", "PAUSED"]),
    tags: s.tags(),
  }),
  replaceOnChanges: ["accountId", "email"],
  stableOutputs: ["arn", "administratorAccountId"],
  // Used when an invitation is sent; changing them later changes nothing in Macie.
  createOnly: ["invitationMessage", "disableEmailNotification"],
  defaults: { invite: false, status: "ENABLED" },
  validate(inputs, failures) {
    if (inputs.invite === true && !inputs.email) {
      failures.push({
        property: "invite",
        reason: "an invitation needs email; an account of your organization (no email) is associated through AWS Organizations, without invitation",
      });
    }
  },

  async create(ctx, inputs) {
    const id = inputs.accountId;
    const account = inputs.email ? { accountId: id, email: inputs.email } : ({ accountId: id } as { accountId: string; email: string });
    let arn: string | undefined;
    try {
      arn = (await ctx.send<CreateMemberResponse>(new macie2.CreateMemberCommand({ account, tags: inputs.tags }))).arn;
    } catch (e) {
      // Already a member (e.g. added by Organizations' auto-enable): adopt it and apply our tags.
      if ((e as Error).name !== "ConflictException") throw e;
      const existing = await getMember(ctx, id);
      if (!existing?.arn) throw e;
      ctx.log(`account ${id} is already a member of ${ctx.accountId}: adopting it`);
      arn = existing.arn;
      await applyTags(ctx, arn, existing.tags, inputs.tags);
    }
    // From here on the member exists: a failure records it rather than orphaning it.
    const sofar = (extra: Partial<Inputs & Outputs>, err: unknown) =>
      new PartialCreateError(`member ${id} was created in ${ctx.accountId}, but ${(err as Error).message}`, id, { arn, ...extra });
    if (inputs.invite) {
      try {
        await invite(ctx, inputs);
      } catch (e) {
        // Recorded as not invited, so that the next `up` sends the invitation again.
        throw sofar({ invite: false }, e);
      }
    }
    try {
      let member = await ctx.waitFor(`member ${id} to be readable after CreateMember`, () => getMember(ctx, id));
      if (await applyStatus(ctx, id, inputs.status, member.relationshipStatus)) member = (await getMember(ctx, id)) ?? member;
      return { id, outs: computed(member) };
    } catch (e) {
      throw sofar({}, e);
    }
  },

  async read(ctx, id, state) {
    const m = await getMember(ctx, id);
    if (!m) return undefined; // deleted outside Pulumi
    const rel = m.relationshipStatus;
    return {
      ...computed(m),
      accountId: id,
      // Invitation-based members: whether an invitation stands (a member that resigned or was
      // disassociated outside Pulumi shows as not invited, and the next `up` invites it again).
      invite: state.email ? INVITED.includes(rel ?? "") : state.invite,
      // The member's session, once associated; before that, the desired status stays as it was.
      status: sessionOf(rel) ?? state.status,
      tags: reportedTags(m.tags),
    };
  },

  async update(ctx, id, olds, news, changed) {
    if (changed.includes("tags")) await applyTags(ctx, olds.arn!, olds.tags, news.tags);
    const relationshipChanges = changed.filter((k) => k === "invite" || k === "status");
    if (relationshipChanges.length === 0) return {}; // a tag-only change makes only tag calls
    if (changed.includes("invite")) {
      if (news.invite) await invite(ctx, news);
      else await ctx.send(new macie2.DisassociateMemberCommand({ id }));
    }
    let member = await getMember(ctx, id);
    if (!member) throw new Error(`member ${id} no longer exists in ${ctx.accountId}, ${ctx.region}; run pulumi refresh`);
    if (changed.includes("status") && (await applyStatus(ctx, id, news.status, member.relationshipStatus))) {
      member = (await getMember(ctx, id)) ?? member;
    }
    return computed(member);
  },

  async delete(ctx, id) {
    const m = await getMember(ctx, id);
    if (!m) return; // already removed
    // Both kinds: an associated member (invited or Organizations-managed) is disassociated first.
    if (sessionOf(m.relationshipStatus)) await unlessGone(ctx.send(new macie2.DisassociateMemberCommand({ id })));
    await unlessGone(ctx.send(new macie2.DeleteMemberCommand({ id })));
  },
});

/**
 * A member account of this Macie administrator account. With `email` and `invite: true` the
 * account is invited (it accepts with a macie.InvitationAccepter in its own stack); without
 * `email` it is an account of your AWS organization, associated without invitation. Deleting it
 * disassociates the member (if associated) and removes it, for both kinds.
 */
export class Member extends MacieResource {
  /** The member account ID. */
  declare readonly accountId: pulumi.Output<string>;
  /** The email address of an invitation-based member; undefined for an Organizations-managed member. */
  declare readonly email: pulumi.Output<string | undefined>;
  /** Whether an invitation was sent (and stands). */
  declare readonly invite: pulumi.Output<boolean>;
  /** The invitation's custom message, as given. */
  declare readonly invitationMessage: pulumi.Output<string | undefined>;
  /** Whether the invitation email was suppressed, as given. */
  declare readonly disableEmailNotification: pulumi.Output<boolean | undefined>;
  /** ENABLED or PAUSED: the member's Macie session, once associated. */
  declare readonly status: pulumi.Output<"ENABLED" | "PAUSED">;
  /** The member's tags. */
  declare readonly tags: pulumi.Output<Record<string, string> | undefined>;
  /** The ARN of the member in the administrator account. */
  declare readonly arn: pulumi.Output<string>;
  /** Macie's relationship status: Created, Invited, Enabled, Paused, Removed, Resigned, ... */
  declare readonly relationshipStatus: pulumi.Output<RelationshipStatus>;
  /** The administrator account of the member. */
  declare readonly administratorAccountId: pulumi.Output<string>;
  /** When the invitation was sent (RFC 3339), if any. */
  declare readonly invitedAt: pulumi.Output<string | undefined>;
  /** When the relationship last changed (RFC 3339). */
  declare readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: MemberArgs, opts?: pulumi.CustomResourceOptions) {
    // Straight to pulumi.CustomResource, so that Pulumi records the program's line; done/failed close
    // registration()'s window of uncaptured stacks (quietStacks, provider.ts).
    const registered = registration(definition, name, args, OUTPUTS, opts);
    try {
      super(registered.type, name, registered.props, opts);
    } catch (e) {
      throw registered.failed(e);
    }
    registered.done(this);
  }

  /**
   * Reads an existing member account of this administrator by the member's account id, as a resource this program does not manage (Pulumi's
   * `get`): its outputs are Macie's values at each run, and `pulumi destroy` leaves it alone. An id
   * that does not exist fails the run. Needs @pulumi/pulumi 3.268 or later.
   */
  static get(name: string, id: pulumi.Input<string>, location?: GetLocation, opts?: pulumi.CustomResourceOptions): Member {
    return new Member(name, { ...location } as MemberArgs, { ...opts, id });
  }
}
