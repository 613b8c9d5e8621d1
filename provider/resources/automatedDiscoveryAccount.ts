/**
 * macie.AutomatedDiscoveryAccount: whether automated sensitive data discovery runs for one member
 * account of this Macie administrator (BatchUpdateAutomatedDiscoveryAccounts,
 * ListAutomatedDiscoveryAccounts). Every associated member has a status, set by the
 * administrator's configuration (`autoEnableOrganizationMembers`) until someone changes it: this
 * resource declares it, it creates nothing. Create takes the status over; delete puts back the
 * status the organization's setting gives a member (ENABLED under ALL or NEW, DISABLED under NONE).
 *
 * BatchUpdateAutomatedDiscoveryAccounts answers 200 with per-account errors in its body
 * (ACCOUNT_NOT_FOUND, ACCOUNT_PAUSED): they are raised as errors here, not ignored.
 */
import * as pulumi from "@pulumi/pulumi";
import type { BatchUpdateAutomatedDiscoveryAccountsResponse, GetAutomatedDiscoveryConfigurationResponse, ListAutomatedDiscoveryAccountsResponse } from "@aws-sdk/client-macie2";
import { macie2 } from "../core/sdk";
import type { CallContext, ConnectionArgs } from "../core/definition";
import { defineResource, isNotEnabled, isNotFound, unlessGone } from "../core/definition";
import { MacieResource, registration } from "../core/provider";
import { s } from "../core/schema";

export interface AutomatedDiscoveryAccountArgs extends ConnectionArgs {
  /**
   * The member account (12 digits), associated with the administrator account this resource runs
   * as (the stack's credentials or `assumeRoleArn`). Changing it replaces the resource.
   */
  accountId: pulumi.Input<string>;
  /**
   * ENABLED to run automated sensitive data discovery for the member account, DISABLED to stop it.
   * Updated in place. Enabling needs the administrator's own automated discovery ENABLED
   * (declare this resource `dependsOn` its AutomatedDiscoveryConfiguration), and that
   * configuration's `autoEnableOrganizationMembers` NEW or NONE: under ALL, Macie enables every
   * member again at each change of the configuration.
   */
  status: pulumi.Input<"ENABLED" | "DISABLED">;
}

type Status = "ENABLED" | "DISABLED";

interface Inputs {
  accountId: string;
  status: Status;
}

interface Outputs {
  administratorAccountId?: string;
}

/** The computed outputs (the core adds every input as an Output too). */
const OUTPUTS = ["administratorAccountId"] as const;

/** Why Macie did not change an account, as its error codes say. */
const ERROR_REASONS: Record<string, string> = {
  ACCOUNT_NOT_FOUND: "the account is not an associated member of this administrator account (or does not exist)",
  ACCOUNT_PAUSED: "Macie is suspended in the member account (its Macie session is PAUSED); resume it first",
};

/** Sets the member's status; the per-account errors of the answer become an error. */
async function setStatus(ctx: CallContext, accountId: string, status: Status): Promise<void> {
  const answer = await ctx.send<BatchUpdateAutomatedDiscoveryAccountsResponse>(
    new macie2.BatchUpdateAutomatedDiscoveryAccountsCommand({ accounts: [{ accountId, status }] }),
  );
  const error = answer.errors?.find((e) => e.accountId === accountId) ?? answer.errors?.[0];
  if (error) {
    const code = error.errorCode ?? "error";
    throw Object.assign(
      new Error(
        `Macie did not set automated discovery to ${status} for member account ${accountId} of administrator account ` +
          `${ctx.accountId}, ${ctx.region}: ${code}: ${ERROR_REASONS[code] ?? "no reason given"}`,
      ),
      { errorCode: code },
    );
  }
}

/** The member's status, or undefined when the account is no associated member (or Macie is disabled). */
async function statusOf(ctx: CallContext, accountId: string): Promise<Status | undefined> {
  const page = await unlessGone(
    ctx.send<ListAutomatedDiscoveryAccountsResponse>(new macie2.ListAutomatedDiscoveryAccountsCommand({ accountIds: [accountId] })),
    (e) => isNotFound(e) || isNotEnabled(e),
  );
  return page?.items?.find((i) => i.accountId === accountId)?.status as Status | undefined;
}

export const definition = defineResource<Inputs, Outputs>({
  type: "AutomatedDiscoveryAccount",
  schema: s.object({
    accountId: s.accountId().required(),
    status: s.enum(["ENABLED", "DISABLED"]).required(),
  }),
  replaceOnChanges: ["accountId"],
  stableOutputs: ["administratorAccountId"],
  singleton: (inputs) => `the automated discovery status of member account ${inputs.accountId}`,

  async create(ctx, inputs) {
    // Every associated member has a status already: creating takes it over.
    await setStatus(ctx, inputs.accountId, inputs.status);
    return { id: inputs.accountId, outs: { administratorAccountId: ctx.accountId } };
  },

  async read(ctx, id) {
    const status = await statusOf(ctx, id);
    if (!status) return undefined; // no longer a member of this administrator: gone
    return { accountId: id, status, administratorAccountId: ctx.accountId };
  },

  async update(ctx, id, _olds, news) {
    await setStatus(ctx, id, news.status);
    return { administratorAccountId: ctx.accountId };
  },

  async delete(ctx, id) {
    // No delete operation: the member gets back the status the organization's setting gives a member.
    const config = await unlessGone(
      ctx.send<GetAutomatedDiscoveryConfigurationResponse>(new macie2.GetAutomatedDiscoveryConfigurationCommand({})),
      isNotEnabled,
    );
    // Macie disabled, or the administrator's discovery DISABLED: every member is disabled with it.
    if (config?.status !== "ENABLED") return;
    const status: Status = config.autoEnableOrganizationMembers === "NONE" ? "DISABLED" : "ENABLED";
    try {
      await setStatus(ctx, id, status);
    } catch (e) {
      // No longer a member: nothing to restore. A suspended member cannot be changed; it keeps its status.
      const code = (e as { errorCode?: string }).errorCode;
      if (code === "ACCOUNT_NOT_FOUND" || code === "ACCOUNT_PAUSED") return console.log(`AutomatedDiscoveryAccount ${id}: ${(e as Error).message}; left as it is`);
      throw e;
    }
  },
});

/**
 * Whether automated sensitive data discovery runs for one member account of a Macie
 * administrator account, in a Region. Creating it sets the member's status (taking it over);
 * deleting it restores the status the organization's `autoEnableOrganizationMembers` gives a
 * member. Declare it once per member account: a second declaration fails the preview.
 */
export class AutomatedDiscoveryAccount extends MacieResource {
  /** The member account. */
  declare readonly accountId: pulumi.Output<string>;
  /** ENABLED or DISABLED, as Macie reports it. */
  declare readonly status: pulumi.Output<Status>;
  /** The administrator account that manages the member (the account this resource runs as). */
  declare readonly administratorAccountId: pulumi.Output<string>;

  constructor(name: string, args: AutomatedDiscoveryAccountArgs, opts?: pulumi.CustomResourceOptions) {
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
