/**
 * macie.InvitationAccepter: a member account accepts the Macie membership invitation of an
 * administrator account (ListInvitations, AcceptInvitation), and leaves it on delete
 * (DisassociateFromAdministratorAccount).
 */
import * as pulumi from "@pulumi/pulumi";
import type { GetAdministratorAccountResponse, Invitation, ListInvitationsResponse } from "@aws-sdk/client-macie2";
import { macie2 } from "../core/sdk";
import type { CallContext, ConnectionArgs } from "../core/definition";
import { defineResource, unlessGone } from "../core/definition";
import { MacieResource, registration } from "../core/provider";
import { s } from "../core/schema";

export interface InvitationAccepterArgs extends ConnectionArgs {
  /**
   * The administrator account whose invitation to accept. Run this resource with the member
   * account's credentials (its own stack, or `assumeRoleArn` a role in the member account).
   * Changing it replaces the resource: the member leaves the old administrator first.
   */
  administratorAccountId: pulumi.Input<string>;
}

interface Inputs {
  administratorAccountId: string;
}

interface Outputs {
  invitationId?: string;
}

const OUTPUTS = ["invitationId"] as const;

/** Relationship statuses in which the account is associated with its administrator. */
const ASSOCIATED = ["Enabled", "Paused"];

/** The account's administrator relationship, when it is associated with `administratorAccountId`. */
async function associatedWith(ctx: CallContext, administratorAccountId: string): Promise<Invitation | undefined> {
  const a = (await unlessGone(ctx.send<GetAdministratorAccountResponse>(new macie2.GetAdministratorAccountCommand({}))))?.administrator;
  return a?.accountId === administratorAccountId && ASSOCIATED.includes(a.relationshipStatus ?? "") ? a : undefined;
}

/** The newest pending invitation from the administrator, reading every page. */
async function pendingInvitation(ctx: CallContext, administratorAccountId: string): Promise<Invitation | undefined> {
  const found: Invitation[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ctx.send<ListInvitationsResponse>(new macie2.ListInvitationsCommand({ nextToken }));
    found.push(...(page.invitations ?? []).filter((i) => i.accountId === administratorAccountId && i.relationshipStatus === "Invited"));
    nextToken = page.nextToken || undefined;
  } while (nextToken);
  return found.sort((a, b) => (b.invitedAt?.getTime() ?? 0) - (a.invitedAt?.getTime() ?? 0))[0];
}

export const definition = defineResource<Inputs, Outputs>({
  type: "InvitationAccepter",
  schema: s.object({ administratorAccountId: s.accountId().required() }),
  replaceOnChanges: ["administratorAccountId"],
  // A member has one administrator: leave the old one before accepting another's invitation.
  deleteBeforeReplace: true,

  async create(ctx, inputs) {
    const admin = inputs.administratorAccountId;
    // Already associated (accepted earlier, outside Pulumi): adopt the relationship.
    const existing = await associatedWith(ctx, admin);
    if (existing) return { id: admin, outs: { invitationId: existing.invitationId } };
    // The administrator's stack may still be sending the invitation: wait for it, bounded.
    const invitation = await ctx.waitFor(`a Macie invitation from administrator account ${admin}`, () => pendingInvitation(ctx, admin));
    await ctx.send(new macie2.AcceptInvitationCommand({ administratorAccountId: admin, invitationId: invitation.invitationId }));
    return { id: admin, outs: { invitationId: invitation.invitationId } };
  },

  async read(ctx, id) {
    const a = await associatedWith(ctx, id);
    // No longer associated with this administrator (left or removed outside Pulumi): drift.
    return a ? { administratorAccountId: id, invitationId: a.invitationId } : undefined;
  },

  async delete(ctx) {
    await unlessGone(ctx.send(new macie2.DisassociateFromAdministratorAccountCommand({}))); // the administrator already removed this member
  },
});

/**
 * Accepts the Macie membership invitation of an administrator account, in the member account.
 * Create waits (bounded by PULUMI_MACIE_WAIT_SECONDS) for the invitation to arrive, so the
 * administrator's and the member's stacks may run in any order; an existing association is
 * adopted. Deleting it disassociates the member account from its administrator.
 */
export class InvitationAccepter extends MacieResource {
  /** The administrator account. */
  declare readonly administratorAccountId: pulumi.Output<string>;
  /** The ID of the accepted invitation. */
  declare readonly invitationId: pulumi.Output<string>;

  constructor(name: string, args: InvitationAccepterArgs, opts?: pulumi.CustomResourceOptions) {
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
}
