/**
 * macie.OrganizationConfiguration: whether Macie is enabled automatically for accounts that join
 * the organization (Describe/UpdateOrganizationConfiguration), set by the delegated administrator.
 */
import * as pulumi from "@pulumi/pulumi";
import type { DescribeOrganizationConfigurationResponse } from "@aws-sdk/client-macie2";
import { macie2 } from "../core/sdk";
import type { CallContext, ConnectionArgs } from "../core/definition";
import { defineResource, isNotEnabled, locationId, unlessGone } from "../core/definition";
import { MacieResource, registration } from "../core/provider";
import { s } from "../core/schema";

export interface OrganizationConfigurationArgs extends ConnectionArgs {
  /**
   * Whether Macie is enabled automatically for accounts that are added to the organization.
   * Updated in place. Run this resource with the delegated Macie administrator's credentials.
   */
  autoEnable: pulumi.Input<boolean>;
}

interface Inputs {
  autoEnable: boolean;
}

interface Outputs {
  maxAccountLimitReached?: boolean;
}

const OUTPUTS = ["maxAccountLimitReached"] as const;

async function describe(ctx: CallContext) {
  const c = await ctx.send<DescribeOrganizationConfigurationResponse>(new macie2.DescribeOrganizationConfigurationCommand({}));
  return { autoEnable: !!c.autoEnable, maxAccountLimitReached: !!c.maxAccountLimitReached };
}

export const definition = defineResource<Inputs, Outputs>({
  type: "OrganizationConfiguration",
  schema: s.object({ autoEnable: s.boolean().required() }),
  replaceOnChanges: [],
  // One per administrator account and Region.
  deleteBeforeReplace: true,

  async create(ctx, inputs) {
    // There is always a configuration: creating this resource adopts it and sets autoEnable.
    await ctx.send(new macie2.UpdateOrganizationConfigurationCommand({ autoEnable: inputs.autoEnable }));
    const { maxAccountLimitReached } = await describe(ctx);
    return { id: locationId(ctx), outs: { maxAccountLimitReached } };
  },

  async read(ctx) {
    return unlessGone(describe(ctx), isNotEnabled); // undefined: Macie disabled, the configuration went with it
  },

  async update(ctx, _id, _olds, news) {
    // autoEnable does not change maxAccountLimitReached: the output carries over, no re-read.
    await ctx.send(new macie2.UpdateOrganizationConfigurationCommand({ autoEnable: news.autoEnable }));
    return {};
  },

  async delete(ctx) {
    // The configuration cannot be deleted: deleting the resource restores Macie's default.
    // Macie disabled, or the account is no longer the administrator (both AccessDeniedException):
    // nothing left to restore.
    await unlessGone(ctx.send(new macie2.UpdateOrganizationConfigurationCommand({ autoEnable: false })), (e) => (e as Error).name === "AccessDeniedException");
  },
});

/**
 * The Macie configuration of an AWS organization: whether new accounts get Macie enabled
 * automatically. Declare it in the delegated administrator's stack. Deleting it sets
 * `autoEnable` back to false (Macie's default); accounts already enabled stay enabled.
 */
export class OrganizationConfiguration extends MacieResource {
  /** Whether Macie is enabled automatically for new accounts of the organization. */
  declare readonly autoEnable: pulumi.Output<boolean>;
  /** Whether the administrator has reached the maximum number of member accounts. */
  declare readonly maxAccountLimitReached: pulumi.Output<boolean>;

  constructor(name: string, args: OrganizationConfigurationArgs, opts?: pulumi.CustomResourceOptions) {
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
