/**
 * macie.ClassificationScope: the S3 buckets that automated sensitive data discovery skips in an
 * account and Region (Get/UpdateClassificationScope). Macie has one scope per account and Region,
 * made with the account: this resource declares its settings, it creates nothing. Create takes
 * the scope over with the program's list, delete puts Macie's default back (no bucket excluded).
 *
 * Bucket lists can be long, so an update sends only the change: ADD and REMOVE of the difference
 * between Macie's list and the program's, or REPLACE where the new list is shorter than that
 * difference. `diff` prints the buckets an update adds and removes (the engine shows the line
 * under the stack), since a dynamic provider cannot give the engine a detailed diff.
 */
import * as pulumi from "@pulumi/pulumi";
import type { GetAutomatedDiscoveryConfigurationResponse, GetClassificationScopeResponse, S3ClassificationScopeExclusionUpdate } from "@aws-sdk/client-macie2";
import { macie2 } from "../core/sdk";
import type { CallContext, ConnectionArgs } from "../core/definition";
import { defineResource, isNotEnabled, isNotFound, unlessGone } from "../core/definition";
import { MacieResource, registration } from "../core/provider";
import { containsUnknown, s } from "../core/schema";
import { s3BucketName } from "../core/bucketName";
import { inOrderOf, setChange } from "../core/lists";

/** The buckets automated discovery excludes. */
export interface ClassificationScopeExcludes {
  /**
   * The names of the S3 buckets to exclude (3-255 letters, digits, dots, hyphens and underscores:
   * legacy names too), case sensitive, each once. Their order does not matter. Empty or left out:
   * no bucket is excluded, Macie's default.
   */
  bucketNames?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface ClassificationScopeArgs extends ConnectionArgs {
  /**
   * The S3 buckets that automated sensitive data discovery skips. Updated in place: an update
   * sends only the buckets added and removed. Left out: none (Macie's default).
   */
  excludes?: pulumi.Input<ClassificationScopeExcludes>;
}

interface Inputs {
  excludes?: { bucketNames?: string[] };
}

type Outputs = Record<never, never>;

const namesOf = (bag: { excludes?: { bucketNames?: string[] } } | undefined): string[] => bag?.excludes?.bucketNames ?? [];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The scope's excluded bucket names, or undefined when the scope (or Macie) is gone. */
async function excludedNames(ctx: CallContext, id: string): Promise<string[] | undefined> {
  const gone = (e: unknown) => isNotFound(e) || isNotEnabled(e);
  const scope = await unlessGone(ctx.send<GetClassificationScopeResponse>(new macie2.GetClassificationScopeCommand({ id })), gone);
  return scope ? (scope.s3?.excludes?.bucketNames ?? []) : undefined;
}

/**
 * The updates that turn the list `current` into `wanted`, sending the fewest names: ADD the new
 * names and REMOVE the old ones, or REPLACE with the whole list when it is no longer than those
 * (a list emptied is a REPLACE with none). Nothing to change: no update.
 */
export function scopeUpdates(current: string[], wanted: string[]): S3ClassificationScopeExclusionUpdate[] {
  const { added, removed } = setChange(current, wanted);
  if (added.length + removed.length === 0) return [];
  if (wanted.length <= added.length + removed.length) return [{ operation: "REPLACE", bucketNames: wanted }];
  return [
    ...(added.length ? [{ operation: "ADD" as const, bucketNames: added }] : []),
    ...(removed.length ? [{ operation: "REMOVE" as const, bucketNames: removed }] : []),
  ];
}

/** A change of the list in words: one line for the buckets added, one for those removed. */
function describe({ added, removed }: { added: string[]; removed: string[] }): string[] {
  return [
    ...(added.length ? [`excludes ${plural(added.length, "more S3 bucket")} from automated discovery: ${added.join(", ")}`] : []),
    ...(removed.length ? [`stops excluding ${plural(removed.length, "S3 bucket")}: ${removed.join(", ")}`] : []),
  ];
}

async function send(ctx: CallContext, id: string, updates: S3ClassificationScopeExclusionUpdate[]): Promise<void> {
  for (const excludes of updates) await ctx.send(new macie2.UpdateClassificationScopeCommand({ id, s3: { excludes } }));
}

export const definition = defineResource<Inputs, Outputs>({
  type: "ClassificationScope",
  schema: s.object({
    excludes: s.object({ bucketNames: s.list(s3BucketName().required(), { unique: true }) }),
  }),
  replaceOnChanges: [],
  // One per account and Region: a replacement (another Region or account) restores the old one first.
  deleteBeforeReplace: true,
  singleton: () => "the classification scope",
  describeChanges(olds, news) {
    return containsUnknown(news.excludes) ? [] : describe(setChange(namesOf(olds), namesOf(news)));
  },

  async create(ctx, inputs) {
    // The scope exists with the account: find it, and take it over with the program's list.
    const config = await ctx.send<GetAutomatedDiscoveryConfigurationResponse>(new macie2.GetAutomatedDiscoveryConfigurationCommand({}));
    const id = config.classificationScopeId;
    if (!id) throw new Error(`Macie reports no classification scope in account ${ctx.accountId}, ${ctx.region}`);
    await send(ctx, id, [{ operation: "REPLACE", bucketNames: namesOf(inputs) }]);
    return { id, outs: {} };
  },

  async read(ctx, id, state) {
    const names = await excludedNames(ctx, id);
    if (names === undefined) return undefined; // Macie disabled, or another scope: gone
    // In the state's order: Macie's own order is no drift.
    return { excludes: names.length ? { bucketNames: inOrderOf(namesOf(state), names) } : undefined };
  },

  async update(ctx, id, olds, news) {
    // Against Macie's list, not the state's, so that buckets changed outside Pulumi converge too.
    const current = await excludedNames(ctx, id);
    if (current === undefined) throw new Error(`the classification scope ${id} no longer exists in account ${ctx.accountId}, ${ctx.region}; run pulumi refresh`);
    const wanted = namesOf(news);
    await send(ctx, id, scopeUpdates(current, wanted));
    // Changes beyond those diff announced, because Macie's list had changed outside Pulumi.
    const [announced, made] = [setChange(namesOf(olds), wanted), setChange(current, wanted)];
    const beyond = {
      added: made.added.filter((n) => !announced.added.includes(n)),
      removed: made.removed.filter((n) => !announced.removed.includes(n)),
    };
    for (const line of describe(beyond)) console.log(`ClassificationScope ${id}, as it had been changed outside Pulumi, also ${line}`);
    return {};
  },

  async delete(ctx, id) {
    // There is no delete operation: delete restores Macie's default, no bucket excluded.
    const gone = (e: unknown) => isNotFound(e) || isNotEnabled(e);
    await unlessGone(send(ctx, id, [{ operation: "REPLACE", bucketNames: [] }]), gone);
  },
});

/**
 * The classification scope of automated sensitive data discovery in an account and Region: the
 * S3 buckets it skips. Macie has one per account and Region; creating this resource takes it over
 * (the program's list replaces Macie's), deleting it excludes no bucket again, Macie's default.
 * Declare it once per account and Region: a second declaration fails the preview.
 */
export class ClassificationScope extends MacieResource {
  /** The buckets excluded, as Macie has them. */
  declare readonly excludes: pulumi.Output<{ bucketNames?: string[] } | undefined>;

  constructor(name: string, args: ClassificationScopeArgs = {}, opts?: pulumi.CustomResourceOptions) {
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
