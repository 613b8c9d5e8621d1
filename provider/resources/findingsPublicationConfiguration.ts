/**
 * macie.FindingsPublicationConfiguration: which Macie findings are published to AWS Security Hub
 * (Put/GetFindingsPublicationConfiguration). One per account and Region.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  GetFindingsPublicationConfigurationCommand,
  type GetFindingsPublicationConfigurationResponse,
  PutFindingsPublicationConfigurationCommand,
} from "@aws-sdk/client-macie2";
import type { CallContext, ConnectionArgs } from "../core/definition";
import { defineResource } from "../core/definition";
import { MacieResource } from "../core/provider";
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

const notEnabled = (e: unknown) => /not enabled/i.test((e as Error).message);

async function put(ctx: CallContext, settings: Inputs, clientToken?: string) {
  await ctx.send(
    new PutFindingsPublicationConfigurationCommand({
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
    return { id: `${ctx.accountId}:${ctx.region}`, outs: {} };
  },

  async read(ctx) {
    try {
      const c = await ctx.send<GetFindingsPublicationConfigurationResponse>(new GetFindingsPublicationConfigurationCommand({}));
      const hub = c.securityHubConfiguration;
      return {
        publishClassificationFindings: hub?.publishClassificationFindings ?? SERVICE_DEFAULTS.publishClassificationFindings,
        publishPolicyFindings: hub?.publishPolicyFindings ?? SERVICE_DEFAULTS.publishPolicyFindings,
      };
    } catch (e) {
      if (notEnabled(e)) return undefined; // Macie disabled: the configuration went with it
      throw e;
    }
  },

  async update(ctx, _id, _olds, news) {
    await put(ctx, news);
    return {};
  },

  async delete(ctx) {
    // There is no delete operation: deleting the resource restores Macie's defaults.
    try {
      await put(ctx, SERVICE_DEFAULTS);
    } catch (e) {
      if (!notEnabled(e)) throw e;
    }
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
    super(definition, name, args, [], opts);
  }
}
