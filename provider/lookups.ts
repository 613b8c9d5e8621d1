/**
 * Lookups: read-only calls made by the program itself, as Pulumi packages' `getX` / `getXOutput`
 * functions are. Each comes in two forms: `getX(args)`, a Promise of plain values, and
 * `getXOutput(args, opts)`, an Output that takes Inputs and may wait for resources (`dependsOn`).
 *
 * They run in the program's process, not in the dynamic-provider plugin, and connect as resources
 * do (connection.ts): the lookup's `region`, else the stack's `aws:region`, else the environment;
 * credentials from the SDK's chain or the stack's `aws:profile`, through `assumeRoleArn` if given.
 * They change nothing, so they run during previews too, and their results are known there.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ListManagedDataIdentifiersResponse } from "@aws-sdk/client-macie2";
import { macie2 } from "./core/sdk";
import { makeCallContext } from "./core/calls";
import { connect, type Connection, type StackConfig } from "./core/connection";
import { isNotEnabled } from "./core/definition";
import { allPages } from "./core/claim";

/** Where a lookup's calls go; as a resource's connection inputs. */
export interface LookupArgs {
  /** The Region. Default: the stack's `aws:region`, then the SDK's chain (`AWS_REGION`, ...). */
  region?: string;
  /** A role to assume for the call (STS AssumeRole, session name `pulumi-macie`), to look in another account. */
  assumeRoleArn?: string;
}

/** `LookupArgs` of the Output form: each may be an Output. */
export interface LookupOutputArgs {
  region?: pulumi.Input<string>;
  assumeRoleArn?: pulumi.Input<string>;
}

/** Options of the Output forms. */
export interface LookupOutputOptions {
  /**
   * Resources that must exist before the lookup runs, such as the `macie.Account` that enables
   * Macie. While one of them is still to be created (a preview), the result is unknown; the
   * result's consumers depend on them too.
   */
  dependsOn?: pulumi.Input<pulumi.Resource> | pulumi.Input<pulumi.Input<pulumi.Resource>[]>;
}

/** One of the data identifiers Macie provides (ListManagedDataIdentifiers). */
export interface ManagedDataIdentifier {
  /** Its id, as jobs' `managedDataIdentifierIds` take it: `CREDIT_CARD_NUMBER`, `AWS_CREDENTIALS`, ... */
  id: string;
  /** CREDENTIALS, FINANCIAL_INFORMATION or PERSONAL_INFORMATION. */
  category: string;
}

export interface GetManagedDataIdentifiersResult {
  /** The account the list was read in. */
  accountId: string;
  region: string;
  /** Every managed data identifier, in Macie's order, every page read. */
  items: ManagedDataIdentifier[];
  /** Their ids, in the same order. */
  ids: string[];
}

export interface GetCallerIdentityResult {
  /** The account the credentials (or `assumeRoleArn`) act in. */
  accountId: string;
  /** The Region the calls go to. */
  region: string;
  /** The ARN of the caller: a user, or a role's session. */
  arn: string;
}

/** The stack's `aws:region` and `aws:profile`, as the plugin's `configure` gets them. */
function programConfig(): StackConfig {
  const aws = new pulumi.Config("aws");
  return { region: aws.get("region"), profile: aws.get("profile") };
}

/** A connection for a lookup; its failure names the lookup. */
async function lookupConnection(lookup: string, args: LookupArgs): Promise<Connection> {
  try {
    return await connect({ region: args.region, assumeRoleArn: args.assumeRoleArn }, programConfig());
  } catch (e) {
    throw new Error(`${lookup}: ${(e as Error).message}`);
  }
}

/**
 * The data identifiers that Macie provides, to pick a job's `managedDataIdentifierIds` from
 * without a typo. Needs Macie enabled in the account; one ListManagedDataIdentifiers call per page
 * (and, once per connection, STS GetCallerIdentity).
 */
export async function getManagedDataIdentifiers(args: LookupArgs = {}): Promise<GetManagedDataIdentifiersResult> {
  const lookup = "getManagedDataIdentifiers";
  const conn = await lookupConnection(lookup, args);
  const ctx = makeCallContext(conn);
  let summaries;
  try {
    summaries = await allPages((nextToken) => ctx.send<ListManagedDataIdentifiersResponse>(new macie2.ListManagedDataIdentifiersCommand({ nextToken })));
  } catch (e) {
    if (isNotEnabled(e)) {
      throw new Error(
        `${lookup}: Macie is not enabled in account ${conn.accountId}, ${conn.region}, and ListManagedDataIdentifiers needs it. ` +
          `Declare a macie.Account and make the lookup wait for it: getManagedDataIdentifiersOutput({}, { dependsOn: [account] }).`,
      );
    }
    throw new Error(`${lookup}: ${(e as Error).message}`);
  }
  const items = summaries.map((m) => ({ id: m.id ?? "", category: m.category ?? "" }));
  return { accountId: conn.accountId, region: conn.region, items, ids: items.map((m) => m.id) };
}

/** `getManagedDataIdentifiers` as an Output: its arguments may be Outputs, and it may wait for resources. */
export function getManagedDataIdentifiersOutput(args: LookupOutputArgs = {}, opts: LookupOutputOptions = {}): pulumi.Output<GetManagedDataIdentifiersResult> {
  return afterDependencies(opts).apply(() => pulumi.output(args).apply((a) => getManagedDataIdentifiers(a as LookupArgs)));
}

/** The account, Region and ARN the credentials act as (STS GetCallerIdentity, once per connection). */
export async function getCallerIdentity(args: LookupArgs = {}): Promise<GetCallerIdentityResult> {
  const conn = await lookupConnection("getCallerIdentity", args);
  return { accountId: conn.accountId, region: conn.region, arn: conn.arn };
}

/** `getCallerIdentity` as an Output: its arguments may be Outputs, and it may wait for resources. */
export function getCallerIdentityOutput(args: LookupOutputArgs = {}, opts: LookupOutputOptions = {}): pulumi.Output<GetCallerIdentityResult> {
  return afterDependencies(opts).apply(() => pulumi.output(args).apply((a) => getCallerIdentity(a as LookupArgs)));
}

/**
 * An Output that resolves once every resource of `dependsOn` exists: a custom resource's `id` is
 * known once it is created (unknown in the preview of its create), a component's `urn` at once.
 * It carries those resources, so the lookup's consumers depend on them as well.
 */
function afterDependencies(opts: LookupOutputOptions): pulumi.Output<unknown> {
  const { dependsOn } = opts;
  if (dependsOn === undefined) return pulumi.output(undefined);
  return pulumi
    .output(dependsOn as pulumi.Input<pulumi.Resource | pulumi.Resource[]>)
    .apply((deps) => pulumi.all((Array.isArray(deps) ? deps : [deps]).map((r) => (pulumi.CustomResource.isInstance(r) ? r.id : r.urn))));
}
