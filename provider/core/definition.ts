/**
 * What a resource file describes, and what the shared core turns into a Pulumi dynamic provider.
 *
 * A resource file (provider/resources/*.ts) holds, side by side: its arguments and outputs with
 * TSDoc, its input schema, its replace/update table, and its mapping onto Macie calls. The core
 * (runtime.ts) does everything generic: validation in `check`, auto-naming, defaults, the pure
 * `diff`, connection handling, retries, error rewriting and the shape of the state.
 */
import type { Macie2Client } from "@aws-sdk/client-macie2";
import type { ObjectSchema, CheckFailure } from "./schema";

/** Inputs every resource accepts, to choose where it lives. */
export interface ConnectionArgs {
  /**
   * The AWS Region of this resource. Defaults to the stack's `aws:region`, then the AWS SDK's
   * usual chain (`AWS_REGION`, the profile). Changing it replaces the resource.
   */
  region?: string;
  /**
   * A role to assume for this resource's calls, to manage another account: for example the member
   * account that accepts an invitation, or the Organizations management account that designates
   * the Macie administrator. Changing it to a role of another account replaces the resource.
   */
  assumeRoleArn?: string;
}

/** What a resource's Macie calls get: a client for its connection, and helpers. */
export interface CallContext {
  /** The Macie client for this resource's account and Region. */
  macie: Macie2Client;
  /** The account the client acts in. */
  accountId: string;
  /** The Region the client acts in. */
  region: string;
  /**
   * Send a Macie command with the project's retry policy (throttling and 5xx are retried with
   * backoff up to a deadline) and with Macie's errors rewritten into actionable messages.
   */
  send<Output>(command: { constructor: { name: string } } & object): Promise<Output>;
  /**
   * Wait, bounded, until `probe` returns a value other than undefined (for eventual consistency
   * or for something another account must do first). `what` names what is awaited, for the
   * error message when the wait runs out.
   */
  waitFor<T>(what: string, probe: () => Promise<T | undefined>, opts?: { timeoutMs?: number; intervalMs?: number }): Promise<T>;
  /** A stable idempotency token for this create, reused across the provider's own retries. */
  clientToken: string;
  /** Log a line to the Pulumi engine (visible with `--logtostderr -v=9` / in plugin logs). */
  log(message: string): void;
}

/** A Macie error, as the SDK raises it. */
export interface MacieApiError extends Error {
  name: string;
  $metadata?: { httpStatusCode?: number };
}

export const isNotFound = (e: unknown) => (e as MacieApiError)?.name === "ResourceNotFoundException";

/** Macie's answer to any call in an account and Region where Macie is not enabled (or was disabled). */
export const isNotEnabled = (e: unknown) => (e as MacieApiError)?.name === "AccessDeniedException" && /not enabled/i.test((e as MacieApiError).message);

/**
 * The call's result, or undefined when it fails because what it targets is gone: by default a
 * ResourceNotFoundException; `gone` widens that where the resource goes with Macie itself (the
 * session, the configurations). Reads use it to report drift, deletes to treat "already gone" as done.
 */
export async function unlessGone<T>(call: Promise<T>, gone: (e: unknown) => boolean = isNotFound): Promise<T | undefined> {
  try {
    return await call;
  } catch (e) {
    if (gone(e)) return undefined;
    throw e;
  }
}

/** The id of a resource an account has one of per Region (the session, a configuration). */
export const locationId = (ctx: { accountId: string; region: string }) => `${ctx.accountId}:${ctx.region}`;

/**
 * The description of one Macie resource.
 *
 * `I` is the input bag after `check` (defaults applied, names generated), `O` the computed outputs.
 * The state the engine keeps is always `{...inputs, ...outputs, accountId, region}`.
 */
export interface ResourceDefinition<I extends Record<string, any> = any, O extends Record<string, any> = any> {
  /** The class name, which is also the Pulumi type: `pulumi-nodejs:dynamic/macie:<type>`. */
  type: string;
  /** Validation of the inputs (the core adds the connection inputs). */
  schema: ObjectSchema;
  /** Input properties whose change forces replacement. Every other input updates in place. */
  replaceOnChanges: readonly string[];
  /**
   * A replace rule that depends on values rather than on which property changed (an allow list's
   * criteria replace only when they switch between regex and S3 words list). Given the state and
   * the new inputs (which may hold unknowns), returns the input properties that force replacement,
   * added to those of `replaceOnChanges`. Pure: no API call, like the rest of `diff`.
   */
  replaceWhen?(olds: Record<string, any>, news: Record<string, any>): string[];
  /**
   * Input properties that never produce a diff: values used only at create time (test cases,
   * an invitation's message).
   */
  createOnly?: readonly string[];
  /**
   * Computed outputs that an in-place update never changes (an ARN, a job id, the service role), in
   * addition to the account id and Region that every resource has. A preview gives consumers of
   * these outputs their current values while the resource is being updated (see stable.ts).
   */
  stableOutputs?: readonly (keyof O & string)[];
  /**
   * Replace by deleting first: for resources of which an account has only one (the Macie session,
   * a configuration), where creating the replacement first would touch the same thing.
   */
  deleteBeforeReplace?: boolean;
  /** Values of optional inputs that Macie applies when they are not set, recorded in the state so that diffs stay quiet. */
  defaults?: Partial<I>;
  /**
   * Auto-naming: the input to fill, when it is not set, with `<resource name>-<7 hex>`, a hash of
   * the resource's identity and inputs that the next run reproduces (see ownership.ts).
   */
  autoName?: { property: string; maxLength: number };
  /**
   * How a create finds and adopts its own earlier, interrupted attempt (see ownership.ts). For the
   * resources an account has many of; the others (the session, the configurations, members)
   * already take over what exists.
   */
  claim?: Claim;
  /**
   * For a setting an account has one of (per Region, or per member account or bucket) rather than
   * an object the program creates: the setting in words, from the inputs ("the classification
   * scope", "the overrides of S3 bucket logs"). It names the setting in errors and tells one from
   * another: a second resource declaring the same one in a deployment is refused (singleton.ts).
   */
  singleton?(inputs: I): string;
  /**
   * Lines that name what an in-place change will do (the buckets a scope's update adds and
   * removes), printed by `diff`: the engine shows them under the stack in previews and updates,
   * since a dynamic provider cannot return a detailed diff. Pure, like the rest of `diff`.
   */
  describeChanges?(olds: Record<string, any>, news: Record<string, any>): string[];
  /** Rules that span several inputs and need known values; pushed into `failures`. */
  validate?(inputs: I, failures: CheckFailure[]): void;
  /**
   * Create the resource. On a failure after the resource exists, throw a `PartialCreateError` so
   * the engine records it instead of orphaning it.
   */
  create(ctx: CallContext, inputs: I): Promise<{ id: string; outs: O }>;
  /**
   * Read the real state. Return the current values of the inputs Macie reports and the computed
   * outputs, or `undefined` when the resource no longer exists (the engine then drops it, and
   * the next `up` creates it again).
   */
  read(ctx: CallContext, id: string, state: I & O): Promise<Partial<I & O> | undefined>;
  /** Update in place. `changed` lists the input properties that differ. Returns the computed outputs. */
  update?(ctx: CallContext, id: string, olds: I & O, news: I, changed: string[]): Promise<O>;
  /** Delete (or whatever undoes the resource in Macie: cancel a job, clear a configuration). */
  delete(ctx: CallContext, id: string, state: I & O): Promise<void>;
}

/** An object that may be a create's earlier attempt. */
export interface ClaimCandidate {
  id: string;
  name?: string;
  /** Its tags, when the list operation gives them. */
  tags?: Record<string, string>;
}

export interface Claim {
  /** Every live object of the type in the account and Region, with its name. */
  list(ctx: CallContext): Promise<ClaimCandidate[]>;
  /** One object's tags, when `list` does not give them; undefined when it is gone. */
  tagsOf?(ctx: CallContext, id: string): Promise<Record<string, string> | undefined>;
  /**
   * What becomes of this resource's earlier object when the program changed since: `update` it in
   * place (what Macie can change), or `discard` it (delete or cancel) and create anew.
   */
  changedInputs: "update" | "discard";
  /** Macie wants names unique per account and Region: another's object with the name stops the create. */
  uniqueNames?: boolean;
  /** The kind of object in Macie's words, for messages ("findings filter"). */
  noun: string;
}

/**
 * An error after a create made something: the engine records the resource with this id and
 * these properties (as a resource that failed to initialize) rather than forgetting it.
 */
export class PartialCreateError extends Error {
  constructor(message: string, readonly id: string, readonly properties: Record<string, unknown>, readonly reasons: string[] = [message]) {
    super(message);
  }
}

export function defineResource<I extends Record<string, any>, O extends Record<string, any>>(
  definition: ResourceDefinition<I, O>,
): ResourceDefinition<I, O> {
  return definition;
}
