/**
 * macie.OrganizationAdminAccount: the delegated Macie administrator of an AWS organization,
 * designated by the organization's management account (Enable/DisableOrganizationAdminAccount).
 */
import * as pulumi from "@pulumi/pulumi";
import type { AdminAccount, ListOrganizationAdminAccountsResponse } from "@aws-sdk/client-macie2";
import { macie2 } from "../core/sdk";
import type { CallContext, ConnectionArgs } from "../core/definition";
import { defineResource, unlessGone } from "../core/definition";
import { MacieResource, registration } from "../core/provider";
import { s } from "../core/schema";

export interface OrganizationAdminAccountArgs extends ConnectionArgs {
  /**
   * The account to designate as the organization's delegated Macie administrator. An
   * organization has one, the same in every Region. Run this resource with the management
   * account's credentials (or `assumeRoleArn` a role in it). Changing it replaces the resource:
   * the old administrator is removed and the new one designated.
   */
  adminAccountId: pulumi.Input<string>;
}

interface Inputs {
  adminAccountId: string;
}

interface Outputs {
  status?: string;
}

const OUTPUTS = ["status"] as const;

/** The organization's delegated administrators as Macie lists them (every page). */
async function listAdmins(ctx: CallContext): Promise<AdminAccount[]> {
  const admins: AdminAccount[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ctx.send<ListOrganizationAdminAccountsResponse>(new macie2.ListOrganizationAdminAccountsCommand({ nextToken }));
    admins.push(...(page.adminAccounts ?? []));
    nextToken = page.nextToken || undefined;
  } while (nextToken);
  return admins;
}

export const definition = defineResource<Inputs, Outputs>({
  type: "OrganizationAdminAccount",
  schema: s.object({ adminAccountId: s.accountId().required() }),
  replaceOnChanges: ["adminAccountId"],
  // An organization has one administrator: the old one must go before another can be designated.
  deleteBeforeReplace: true,

  async create(ctx, inputs) {
    // Designating the account that already is the administrator succeeds: that adopts it.
    await ctx.send(new macie2.EnableOrganizationAdminAccountCommand({ adminAccountId: inputs.adminAccountId, clientToken: ctx.clientToken }));
    const admin = await ctx.waitFor(`account ${inputs.adminAccountId} to be listed as the delegated Macie administrator`, async () =>
      (await listAdmins(ctx)).find((a) => a.accountId === inputs.adminAccountId),
    );
    return { id: inputs.adminAccountId, outs: { status: admin.status } };
  },

  async read(ctx, id) {
    const admin = (await listAdmins(ctx)).find((a) => a.accountId === id);
    // Removed outside Pulumi (or another account designated): drift, not an error.
    return admin ? { adminAccountId: id, status: admin.status } : undefined;
  },

  async delete(ctx, id) {
    await unlessGone(ctx.send(new macie2.DisableOrganizationAdminAccountCommand({ adminAccountId: id }))); // already removed: done
  },
});

/**
 * The delegated Macie administrator of an AWS organization. Declare it in the stack of the
 * organization's management account; deleting it removes the designation (the administrator's
 * Organizations-managed members lose their association).
 */
export class OrganizationAdminAccount extends MacieResource {
  /** The delegated administrator account. */
  declare readonly adminAccountId: pulumi.Output<string>;
  /** ENABLED, or DISABLING_IN_PROGRESS while the designation is being removed. */
  declare readonly status: pulumi.Output<"ENABLED" | "DISABLING_IN_PROGRESS">;

  constructor(name: string, args: OrganizationAdminAccountArgs, opts?: pulumi.CustomResourceOptions) {
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
