/**
 * macie.AutomatedDiscoveryConfiguration: whether Macie performs automated sensitive data discovery
 * for an account, and for an organization's delegated administrator whether it is enabled
 * automatically for the member accounts (Get/UpdateAutomatedDiscoveryConfiguration). One per
 * account and Region; there is no create or delete operation, only the settings.
 */
import * as pulumi from "@pulumi/pulumi";
import type { GetAutomatedDiscoveryConfigurationResponse } from "@aws-sdk/client-macie2";
import { macie2 } from "../core/sdk";
import type { CallContext, ConnectionArgs } from "../core/definition";
import { defineResource, isNotEnabled, locationId, unlessGone } from "../core/definition";
import { MacieResource, registration } from "../core/provider";
import { s } from "../core/schema";

export interface AutomatedDiscoveryConfigurationArgs extends ConnectionArgs {
  /**
   * ENABLED to start (or resume) automated sensitive data discovery, DISABLED to stop it. For an
   * organization's Macie administrator, DISABLED also disables it for every member account.
   * Updated in place.
   */
  status: pulumi.Input<"ENABLED" | "DISABLED">;
  /**
   * For the delegated Macie administrator of an organization only: enable automated discovery
   * automatically for ALL accounts (existing and new), only NEW member accounts, or NONE. Macie
   * refuses it from any other account. When not set, the resource leaves Macie's value (ALL by
   * default) as it is and does not report it. Updated in place.
   */
  autoEnableOrganizationMembers?: pulumi.Input<"ALL" | "NEW" | "NONE">;
}

interface Inputs {
  status: string;
  autoEnableOrganizationMembers?: string;
}

interface Outputs {
  classificationScopeId?: string;
  sensitivityInspectionTemplateId?: string;
  firstEnabledAt?: string;
  lastUpdatedAt?: string;
  disabledAt?: string;
}

/** The computed outputs (the core adds every input as an Output too). */
const OUTPUTS = ["classificationScopeId", "sensitivityInspectionTemplateId", "firstEnabledAt", "lastUpdatedAt", "disabledAt"] as const;

/** What Macie has when nothing was configured, and what delete restores. */
const SERVICE_DEFAULT_STATUS = "DISABLED";

const iso = (d: Date | undefined) => d?.toISOString();

/**
 * The configuration as Macie reports it. Every output key is present (undefined when Macie leaves
 * it out), so that a value that went away (`disabledAt` once enabled again) leaves the state too.
 */
async function describe(ctx: CallContext) {
  const c = await ctx.send<GetAutomatedDiscoveryConfigurationResponse>(new macie2.GetAutomatedDiscoveryConfigurationCommand({}));
  const outs: Outputs = {
    classificationScopeId: c.classificationScopeId,
    sensitivityInspectionTemplateId: c.sensitivityInspectionTemplateId,
    firstEnabledAt: iso(c.firstEnabledAt),
    lastUpdatedAt: iso(c.lastUpdatedAt),
    disabledAt: iso(c.disabledAt),
  };
  return { status: c.status ?? SERVICE_DEFAULT_STATUS, autoEnableOrganizationMembers: c.autoEnableOrganizationMembers as string | undefined, outs };
}

/** Apply the settings, then read back the dates and ids (the update returns nothing). */
async function apply(ctx: CallContext, inputs: Inputs): Promise<Outputs> {
  await ctx.send(
    new macie2.UpdateAutomatedDiscoveryConfigurationCommand({
      status: inputs.status as "ENABLED" | "DISABLED",
      // Unset: not managed, so not sent (Macie refuses it from an account that is not the administrator).
      autoEnableOrganizationMembers: inputs.autoEnableOrganizationMembers as "ALL" | "NEW" | "NONE" | undefined,
    }),
  );
  return (await describe(ctx)).outs;
}

export const definition = defineResource<Inputs, Outputs>({
  type: "AutomatedDiscoveryConfiguration",
  schema: s.object({
    status: s.enum(["ENABLED", "DISABLED"]).required(),
    autoEnableOrganizationMembers: s.enum(["ALL", "NEW", "NONE"]),
  }),
  replaceOnChanges: [],
  stableOutputs: ["classificationScopeId", "sensitivityInspectionTemplateId"],
  // One per account and Region: a replacement (another Region or account) disables the old one first.
  deleteBeforeReplace: true,

  async create(ctx, inputs) {
    // There is always a configuration (DISABLED until someone enables it): creating this resource adopts it.
    return { id: locationId(ctx), outs: await apply(ctx, inputs) };
  },

  async read(ctx, _id, state) {
    const c = await unlessGone(describe(ctx), isNotEnabled);
    if (!c) return undefined; // Macie disabled: the configuration went with it
    return {
      status: c.status,
      // Reported only when the program manages it: an administrator always has a value (ALL by
      // default), which would otherwise show as a change on every up of a program that leaves it out.
      autoEnableOrganizationMembers: state.autoEnableOrganizationMembers !== undefined ? c.autoEnableOrganizationMembers : undefined,
      ...c.outs,
    };
  },

  async update(ctx, _id, _olds, news) {
    // status is required in every request, so it is sent whatever changed.
    return apply(ctx, news);
  },

  async delete(ctx) {
    // There is no delete operation: deleting the resource restores Macie's default, DISABLED.
    // autoEnableOrganizationMembers is left as it is: sending it fails once the account is no
    // longer the administrator, and it has no effect while discovery is disabled.
    await unlessGone(ctx.send(new macie2.UpdateAutomatedDiscoveryConfigurationCommand({ status: SERVICE_DEFAULT_STATUS })), isNotEnabled); // Macie disabled: nothing left to restore
  },
});

/**
 * Automated sensitive data discovery for an account in a Region: Macie continually samples the
 * account's S3 objects and scores the buckets' sensitivity. Creating it applies the settings to
 * the configuration that always exists (adopting it, no `import` needed); deleting it sets the
 * status back to DISABLED, Macie's default.
 */
export class AutomatedDiscoveryConfiguration extends MacieResource {
  /** ENABLED or DISABLED, as Macie reports it. */
  declare readonly status: pulumi.Output<"ENABLED" | "DISABLED">;
  /** ALL, NEW or NONE, when the program sets it (the organization's administrator only). */
  declare readonly autoEnableOrganizationMembers: pulumi.Output<"ALL" | "NEW" | "NONE" | undefined>;
  /** The classification scope that automated discovery uses (which buckets it excludes). */
  declare readonly classificationScopeId: pulumi.Output<string>;
  /** The sensitivity inspection template that automated discovery uses (which identifiers and allow lists). */
  declare readonly sensitivityInspectionTemplateId: pulumi.Output<string>;
  /** When automated discovery was first enabled (RFC 3339); unset if it never was. */
  declare readonly firstEnabledAt: pulumi.Output<string | undefined>;
  /** When the status or settings last changed (RFC 3339). */
  declare readonly lastUpdatedAt: pulumi.Output<string | undefined>;
  /** When automated discovery was last disabled (RFC 3339); unset while it is enabled. */
  declare readonly disabledAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: AutomatedDiscoveryConfigurationArgs, opts?: pulumi.CustomResourceOptions) {
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
