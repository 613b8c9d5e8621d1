/**
 * macie.Account: the Macie session of an account in a Region (EnableMacie / DisableMacie).
 */
import * as pulumi from "@pulumi/pulumi";
import type { GetMacieSessionResponse } from "@aws-sdk/client-macie2";
import { macie2 } from "../core/sdk";
import type { ConnectionArgs } from "../core/definition";
import { defineResource, isNotEnabled, locationId, unlessGone } from "../core/definition";
import { MacieResource, registration } from "../core/provider";
import { s } from "../core/schema";

export const FINDING_PUBLISHING_FREQUENCIES = ["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"] as const;
export const SESSION_STATUSES = ["ENABLED", "PAUSED"] as const;

export interface AccountArgs extends ConnectionArgs {
  /**
   * ENABLED runs Macie; PAUSED suspends it (running jobs are cancelled, settings are kept).
   * Updated in place. Default: ENABLED.
   */
  status?: pulumi.Input<"ENABLED" | "PAUSED">;
  /**
   * How often Macie publishes updates to policy findings to EventBridge and Security Hub.
   * Updated in place. Default: FIFTEEN_MINUTES (Macie's default).
   */
  findingPublishingFrequency?: pulumi.Input<"FIFTEEN_MINUTES" | "ONE_HOUR" | "SIX_HOURS">;
}

interface Inputs {
  status: "ENABLED" | "PAUSED";
  findingPublishingFrequency: "FIFTEEN_MINUTES" | "ONE_HOUR" | "SIX_HOURS";
}

interface Outputs {
  serviceRole?: string;
  createdAt?: string;
  updatedAt?: string;
}

/** The computed outputs (the core adds every input as an Output too). */
const OUTPUTS = ["serviceRole", "createdAt", "updatedAt"] as const;

const sessionOutputs = (session: GetMacieSessionResponse): Outputs & Inputs => ({
  status: session.status as Inputs["status"],
  findingPublishingFrequency: session.findingPublishingFrequency as Inputs["findingPublishingFrequency"],
  serviceRole: session.serviceRole,
  createdAt: session.createdAt?.toISOString(),
  updatedAt: session.updatedAt?.toISOString(),
});

export const definition = defineResource<Inputs, Outputs>({
  type: "Account",
  schema: s.object({
    status: s.enum(SESSION_STATUSES),
    findingPublishingFrequency: s.enum(FINDING_PUBLISHING_FREQUENCIES),
  }),
  replaceOnChanges: [],
  stableOutputs: ["serviceRole", "createdAt"],
  // An account has one Macie session: a replacement (another Region or account) disables the old first.
  deleteBeforeReplace: true,
  defaults: { status: "ENABLED", findingPublishingFrequency: "FIFTEEN_MINUTES" },

  async create(ctx, inputs) {
    try {
      await ctx.send(new macie2.EnableMacieCommand({ ...inputs, clientToken: ctx.clientToken }));
    } catch (e) {
      // Macie already enabled: adopt the session and apply our settings, rather than fail.
      if ((e as Error).name !== "ConflictException") throw e;
      ctx.log(`Macie is already enabled in ${ctx.accountId}, ${ctx.region}: adopting the session`);
      await ctx.send(new macie2.UpdateMacieSessionCommand(inputs));
    }
    const session = await ctx.send<GetMacieSessionResponse>(new macie2.GetMacieSessionCommand({}));
    return { id: locationId(ctx), outs: sessionOutputs(session) };
  },

  async read(ctx) {
    const session = await unlessGone(ctx.send<GetMacieSessionResponse>(new macie2.GetMacieSessionCommand({})), isNotEnabled);
    return session && sessionOutputs(session); // undefined: disabled outside Pulumi
  },

  async update(ctx, _id, _olds, news) {
    await ctx.send(new macie2.UpdateMacieSessionCommand({ status: news.status, findingPublishingFrequency: news.findingPublishingFrequency }));
    return sessionOutputs(await ctx.send<GetMacieSessionResponse>(new macie2.GetMacieSessionCommand({})));
  },

  async delete(ctx) {
    await unlessGone(ctx.send(new macie2.DisableMacieCommand({})), isNotEnabled); // already disabled: done
  },
});

/**
 * The Macie session of an account in a Region. Creating it enables Macie (or adopts a session
 * that is already enabled, applying these settings); deleting it disables Macie, which deletes
 * the account's jobs, custom data identifiers, filters and findings in that Region.
 */
export class Account extends MacieResource {
  /** ENABLED or PAUSED, as Macie reports it. */
  declare readonly status: pulumi.Output<"ENABLED" | "PAUSED">;
  /** How often Macie publishes policy-finding updates. */
  declare readonly findingPublishingFrequency: pulumi.Output<"FIFTEEN_MINUTES" | "ONE_HOUR" | "SIX_HOURS">;
  /** The service-linked role Macie uses in the account. */
  declare readonly serviceRole: pulumi.Output<string>;
  /** When Macie was enabled (RFC 3339). */
  declare readonly createdAt: pulumi.Output<string>;
  /** When the session was last changed (RFC 3339). */
  declare readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: AccountArgs = {}, opts?: pulumi.CustomResourceOptions) {
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
