/**
 * macie.FindingsPublicationConfiguration: which Macie findings are published to AWS Security Hub
 * (Put/GetFindingsPublicationConfiguration). One per account and Region.
 */
import * as pulumi from "@pulumi/pulumi";
import type { GetFindingsPublicationConfigurationResponse } from "@aws-sdk/client-macie2";
import { macie2 } from "../core/sdk";
import type { CallContext, ConnectionArgs } from "../core/definition";
import { defineResource, isNotEnabled, locationId, unlessGone } from "../core/definition";
import { MacieResource, registration } from "../core/provider";
import { s } from "../core/schema";

export interface FindingsPublicationConfigurationArgs extends ConnectionArgs {
  /** Publish sensitive data findings to Security Hub. Updated in place. Default: false (Macie's default). */
  publishClassificationFindings?: pulumi.Input<boolean>;
  /** Publish policy findings to Security Hub. Updated in place. Default: true (Macie's default). */
  publishPolicyFindings?: pulumi.Input<boolean>;
}

interface Inputs {
  publishClassificationFindings: boolean;
  publishPolicyFindings: boolean;
}

/** No computed outputs besides the location (accountId, region). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
interface Outputs {}

/** What Macie does when nothing was configured, and what delete restores. */
export const SERVICE_DEFAULTS: Inputs = { publishClassificationFindings: false, publishPolicyFindings: true };

async function put(ctx: CallContext, settings: Inputs, clientToken?: string) {
  await ctx.send(
    new macie2.PutFindingsPublicationConfigurationCommand({
      securityHubConfiguration: {
        publishClassificationFindings: settings.publishClassificationFindings,
        publishPolicyFindings: settings.publishPolicyFindings,
      },
      clientToken,
    }),
  );
}

export const definition = defineResource<Inputs, Outputs>({
  type: "FindingsPublicationConfiguration",
  schema: s.object({
    publishClassificationFindings: s.boolean(),
    publishPolicyFindings: s.boolean(),
  }),
  replaceOnChanges: [],
  // One per account and Region: a replacement restores the old one's defaults first.
  deleteBeforeReplace: true,
  defaults: SERVICE_DEFAULTS,

  async create(ctx, inputs) {
    // There is always a configuration (Macie's defaults): creating this resource adopts it.
    await put(ctx, inputs, ctx.clientToken);
    return { id: locationId(ctx), outs: {} };
  },

  async read(ctx) {
    const c = await unlessGone(ctx.send<GetFindingsPublicationConfigurationResponse>(new macie2.GetFindingsPublicationConfigurationCommand({})), isNotEnabled);
    if (!c) return undefined; // Macie disabled: the configuration went with it
    const hub = c.securityHubConfiguration;
    return {
      publishClassificationFindings: hub?.publishClassificationFindings ?? SERVICE_DEFAULTS.publishClassificationFindings,
      publishPolicyFindings: hub?.publishPolicyFindings ?? SERVICE_DEFAULTS.publishPolicyFindings,
    };
  },

  async update(ctx, _id, _olds, news) {
    await put(ctx, news);
    return {};
  },

  async delete(ctx) {
    // There is no delete operation: deleting the resource restores Macie's defaults.
    await unlessGone(put(ctx, SERVICE_DEFAULTS), isNotEnabled); // Macie disabled: nothing left to restore
  },
});

/**
 * Which Macie findings an account publishes to AWS Security Hub in a Region. Creating it
 * overwrites the current settings; deleting it restores Macie's defaults
 * (`publishClassificationFindings: false`, `publishPolicyFindings: true`).
 */
export class FindingsPublicationConfiguration extends MacieResource {
  /** Whether sensitive data findings are published to Security Hub. */
  declare readonly publishClassificationFindings: pulumi.Output<boolean>;
  /** Whether policy findings are published to Security Hub. */
  declare readonly publishPolicyFindings: pulumi.Output<boolean>;

  constructor(name: string, args: FindingsPublicationConfigurationArgs = {}, opts?: pulumi.CustomResourceOptions) {
    // Straight to pulumi.CustomResource, so that Pulumi records the program's line; done/failed close
    // registration()'s window of uncaptured stacks (quietStacks, provider.ts).
    const registered = registration(definition, name, args, [], opts);
    try {
      super(registered.type, name, registered.props, opts);
    } catch (e) {
      throw registered.failed(e);
    }
    registered.done(this);
  }
}
