/**
 * Where a resource's calls go: Region, credentials, account, endpoint.
 *
 * - Region: the resource's `region`, else the stack's `aws:region`, else the SDK's chain.
 * - Credentials: the SDK's default chain, or the stack's `aws:profile`; with `assumeRoleArn`,
 *   temporary credentials of that role. Credentials live only in this process: they never enter
 *   inputs, outputs or the serialized provider.
 * - Endpoint: the SDK's standard `AWS_ENDPOINT_URL_MACIE2` / `AWS_ENDPOINT_URL` (and `_STS`),
 *   which is how the demo and the tests point at macie-local.
 *
 * Clients are made here, inside the plugin process, at call time, and cached per connection.
 * Their requests are paced per account, Region and operation (pacing.ts), across connections.
 */
import type { Macie2Client } from "@aws-sdk/client-macie2";
import type * as Sts from "@aws-sdk/client-sts";
import type * as CredentialProviders from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentityProvider } from "@aws-sdk/types";
import { macie2 } from "./sdk";
import { pace } from "./pacing";

/**
 * Stack configuration the provider reads: set by the dynamic provider's `configure` in the plugin;
 * lookups (lookups.ts) pass the program's own to `connect`.
 */
export interface StackConfig {
  region?: string;
  profile?: string;
}

let stackConfig: StackConfig = {};

export function setStackConfig(config: StackConfig): void {
  stackConfig = { ...config };
}

/** The Region a resource targets, without any call: its own, the stack's, or the environment's. */
export function targetRegion(region?: string, config: StackConfig = stackConfig): string | undefined {
  return region || config.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined;
}

/** The account of a role ARN (`arn:aws:iam::123456789012:role/x`), or undefined. */
export function roleAccount(roleArn?: string): string | undefined {
  return roleArn ? /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1] : undefined;
}

export interface Connection {
  macie: Macie2Client;
  accountId: string;
  region: string;
  /** The caller's ARN (STS GetCallerIdentity), for the caller-identity lookup. */
  arn: string;
}

const connections = new Map<string, Promise<Connection>>();

export function connect(opts: { region?: string; assumeRoleArn?: string }, config: StackConfig = stackConfig): Promise<Connection> {
  const region = targetRegion(opts.region, config);
  // The access key id is part of the key so that a process whose environment changes (tests,
  // the Automation API) never reuses another account's client.
  // The endpoint is too, so that a restarted local endpoint on another port gets fresh clients.
  const key = JSON.stringify([
    region,
    opts.assumeRoleArn,
    config.profile,
    process.env.AWS_ACCESS_KEY_ID,
    process.env.AWS_ENDPOINT_URL_MACIE2 ?? process.env.AWS_ENDPOINT_URL,
  ]);
  let connection = connections.get(key);
  if (!connection) {
    connection = open(region, opts.assumeRoleArn, config.profile);
    connections.set(key, connection);
    connection.catch(() => connections.delete(key)); // a failed connection is tried afresh next time
  }
  return connection;
}

async function open(region: string | undefined, assumeRoleArn: string | undefined, profile: string | undefined): Promise<Connection> {
  // Loaded here, at the first connection, for the reason of sdk.ts.
  /* eslint-disable @typescript-eslint/no-var-requires */
  const { STSClient, GetCallerIdentityCommand } = require("@aws-sdk/client-sts") as typeof Sts;
  const { fromIni, fromTemporaryCredentials } = require("@aws-sdk/credential-providers") as typeof CredentialProviders;
  /* eslint-enable @typescript-eslint/no-var-requires */
  let credentials: AwsCredentialIdentityProvider | undefined = profile ? fromIni({ profile }) : undefined;
  if (assumeRoleArn) {
    credentials = fromTemporaryCredentials({
      params: { RoleArn: assumeRoleArn, RoleSessionName: "pulumi-macie" },
      masterCredentials: credentials,
      clientConfig: region ? { region } : {},
    });
  }
  const common = { ...(region ? { region } : {}), ...(credentials ? { credentials } : {}) };
  const macie = new macie2.Macie2Client(common);
  const resolvedRegion = await macie.config.region();
  const sts = new STSClient({ ...common, region: resolvedRegion });
  let accountId: string | undefined;
  let arn: string | undefined;
  try {
    ({ Account: accountId, Arn: arn } = await sts.send(new GetCallerIdentityCommand({})));
  } catch (e) {
    const err = e as Error;
    throw new Error(
      `cannot determine the AWS account for Macie in ${resolvedRegion}${assumeRoleArn ? ` as ${assumeRoleArn}` : ""}: ` +
        `${err.name}: ${err.message}. Check the AWS credentials (environment, aws:profile) and, for a local endpoint, AWS_ENDPOINT_URL.`,
    );
  } finally {
    sts.destroy();
  }
  if (!accountId) throw new Error(`STS GetCallerIdentity returned no account for ${resolvedRegion}`);
  pace(macie, accountId, resolvedRegion); // requests wait for their turn under Macie's quotas (pacing.ts)
  return { macie, accountId, region: resolvedRegion, arn: arn ?? "" };
}
