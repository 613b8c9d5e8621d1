/**
 * macie.ResourceProfile: the overrides of one S3 bucket's profile in automated sensitive data
 * discovery: a sensitivity score set by hand (UpdateResourceProfile) and the detections left out
 * of the score (UpdateResourceProfileDetections; read with ListResourceProfileDetections). Macie
 * makes a profile for each bucket once automated discovery runs: this resource declares the
 * overrides, it creates nothing. Create takes them over; delete removes them (the score is
 * calculated again, every detection counts), Macie's default.
 *
 * One resource for both overrides: they belong to the same bucket's profile, and a program that
 * declares one declares the profile's settings as a whole.
 */
import * as pulumi from "@pulumi/pulumi";
import type { GetResourceProfileResponse, ListResourceProfileDetectionsResponse } from "@aws-sdk/client-macie2";
import { macie2 } from "../core/sdk";
import type { CallContext, ConnectionArgs } from "../core/definition";
import { defineResource, isNotEnabled, isNotFound, unlessGone } from "../core/definition";
import { MacieResource, registration } from "../core/provider";
import { allPages } from "../core/claim";
import { fail, s, UNKNOWN } from "../core/schema";
import { s3BucketName } from "../core/bucketName";

/** A data identifier whose detections do not count in the bucket's score. */
export interface SuppressDataIdentifier {
  /** The identifier: a CustomDataIdentifier's id, or a managed data identifier's id such as `CREDIT_CARD_NUMBER`. */
  id: pulumi.Input<string>;
  /** CUSTOM or MANAGED. */
  type: pulumi.Input<"CUSTOM" | "MANAGED">;
}

export interface ResourceProfileArgs extends ConnectionArgs {
  /**
   * The ARN of the S3 bucket, `arn:aws:s3:::<bucket name>` (an `aws.s3.Bucket`'s `arn`). Changing
   * it replaces the resource (the old bucket's overrides are removed).
   */
  resourceArn: pulumi.Input<string>;
  /**
   * 100 to give the bucket the maximum sensitivity score (Macie's only override value); left out,
   * Macie calculates the score. Updated in place.
   */
  sensitivityScoreOverride?: pulumi.Input<100>;
  /**
   * The data identifiers whose detections in the bucket do not count in its score, each once.
   * Updated in place; left out, every detection counts.
   */
  suppressDataIdentifiers?: pulumi.Input<pulumi.Input<SuppressDataIdentifier>[]>;
}

type Suppressed = { id: string; type: "CUSTOM" | "MANAGED" };

interface Inputs {
  resourceArn: string;
  sensitivityScoreOverride?: number;
  suppressDataIdentifiers?: Suppressed[];
}

interface Outputs {
  sensitivityScore?: number;
  profileUpdatedAt?: string;
}

/** The computed outputs (the core adds every input as an Output too). */
const OUTPUTS = ["sensitivityScore", "profileUpdatedAt"] as const;

/** `arn:<partition>:s3:::<bucket>`: the bucket name is what follows `:::`. */
const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::(.*)$/;
const bucketOf = (resourceArn: string) => BUCKET_ARN.exec(resourceArn)?.[1] ?? resourceArn;

const schema = s.object({
  resourceArn: s
    .custom((v, path, f) => {
      const m = typeof v === "string" ? BUCKET_ARN.exec(v) : null;
      if (!m) return fail(f, path, "must be the ARN of an S3 bucket, arn:aws:s3:::<bucket name>");
      s3BucketName().check(m[1], path, f);
    })
    .required(),
  sensitivityScoreOverride: s.custom((v, path, f) => {
    if (v !== 100) fail(f, path, "must be 100, the maximum score (Macie's only override); leave it out for the score Macie calculates");
  }),
  suppressDataIdentifiers: s.list(s.object({ id: s.string({ min: 1 }).required(), type: s.enum(["CUSTOM", "MANAGED"]).required() })),
});

const key = (d: { id?: string; type?: string }) => `${d.type}:${d.id}`;

/** Macie disabled, no profile yet (automated discovery never ran), or the bucket unknown. */
const gone = (e: unknown) => isNotFound(e) || isNotEnabled(e);

const getProfile = (ctx: CallContext, resourceArn: string) =>
  ctx.send<GetResourceProfileResponse>(new macie2.GetResourceProfileCommand({ resourceArn }));

/** The computed outputs: what automated discovery found, with the overrides applied. */
const outputsOf = (p: GetResourceProfileResponse): Outputs => ({ sensitivityScore: p.sensitivityScore, profileUpdatedAt: p.profileUpdatedAt?.toISOString() });

/**
 * The suppressed detections as Macie lets them be read: ListResourceProfileDetections lists the
 * data identifiers that detected something, each with `suppressed`. One suppressed without
 * detections is not listed: the state's entry stays (it cannot be told apart from one kept).
 */
async function suppressedOf(ctx: CallContext, resourceArn: string, state: Suppressed[] | undefined): Promise<Suppressed[]> {
  const detections = await allPages(async (nextToken) => {
    const page = await ctx.send<ListResourceProfileDetectionsResponse>(new macie2.ListResourceProfileDetectionsCommand({ resourceArn, nextToken }));
    return { items: page.detections, nextToken: page.nextToken };
  });
  const listed = new Map(detections.map((d) => [key(d), d.suppressed === true]));
  const kept = (state ?? []).filter((d) => listed.get(key(d)) !== false);
  const keptKeys = new Set(kept.map(key));
  const added = detections.filter((d) => d.suppressed && !keptKeys.has(key(d))).map((d) => ({ id: d.id!, type: d.type as Suppressed["type"] }));
  return [...kept, ...added];
}

const setOverride = (ctx: CallContext, resourceArn: string, override: number | undefined) =>
  ctx.send(new macie2.UpdateResourceProfileCommand({ resourceArn, sensitivityScoreOverride: override }));

const setSuppressed = (ctx: CallContext, resourceArn: string, suppressed: Suppressed[] | undefined) =>
  ctx.send(new macie2.UpdateResourceProfileDetectionsCommand({ resourceArn, suppressDataIdentifiers: suppressed ?? [] }));

/** Macie's "no resource profile" at create, into what to do. */
function noProfileYet(e: unknown, resourceArn: string, ctx: CallContext): Error {
  if (!isNotFound(e)) return e as Error;
  return new Error(
    `Macie has no profile for ${resourceArn} in account ${ctx.accountId}, ${ctx.region} yet: profiles exist once automated ` +
      `sensitive data discovery runs. Declare an AutomatedDiscoveryConfiguration with status ENABLED and make this resource ` +
      `depend on it (dependsOn). [${(e as Error).message}]`,
  );
}

export const definition = defineResource<Inputs, Outputs>({
  type: "ResourceProfile",
  schema,
  replaceOnChanges: ["resourceArn"],
  singleton: (inputs) => `the profile overrides of S3 bucket ${bucketOf(inputs.resourceArn)}`,
  validate(inputs, f) {
    const seen = new Map<string, number>();
    (Array.isArray(inputs.suppressDataIdentifiers) ? inputs.suppressDataIdentifiers : []).forEach((d, i) => {
      if (!d || typeof d !== "object" || [d.id, d.type].includes(UNKNOWN)) return;
      const earlier = seen.get(key(d));
      if (earlier !== undefined) fail(f, `suppressDataIdentifiers[${i}]`, `duplicates an earlier item (suppressDataIdentifiers[${earlier}])`);
      else seen.set(key(d), i);
    });
  },

  async create(ctx, inputs) {
    // Every profile has both overrides (none by default): creating takes both over.
    try {
      await setOverride(ctx, inputs.resourceArn, inputs.sensitivityScoreOverride);
    } catch (e) {
      throw noProfileYet(e, inputs.resourceArn, ctx);
    }
    await setSuppressed(ctx, inputs.resourceArn, inputs.suppressDataIdentifiers);
    return { id: inputs.resourceArn, outs: outputsOf(await getProfile(ctx, inputs.resourceArn)) };
  },

  async read(ctx, id, state) {
    const profile = await unlessGone(getProfile(ctx, id), gone);
    if (!profile) return undefined; // Macie disabled, or automated discovery no longer runs for the account
    const suppressed = await suppressedOf(ctx, id, state.suppressDataIdentifiers);
    return {
      resourceArn: id,
      sensitivityScoreOverride: profile.sensitivityScoreOverridden ? 100 : undefined,
      suppressDataIdentifiers: suppressed.length ? suppressed : undefined,
      ...outputsOf(profile),
    };
  },

  async update(ctx, id, _olds, news, changed) {
    if (changed.includes("sensitivityScoreOverride")) await setOverride(ctx, id, news.sensitivityScoreOverride);
    if (changed.includes("suppressDataIdentifiers")) await setSuppressed(ctx, id, news.suppressDataIdentifiers);
    return outputsOf(await getProfile(ctx, id)); // the score follows the overrides
  },

  async delete(ctx, id) {
    // No delete operation: the overrides are removed, Macie's default. Macie disabled, or no profile: nothing to remove.
    if ((await unlessGone(setOverride(ctx, id, undefined), gone)) === undefined) return;
    await unlessGone(setSuppressed(ctx, id, []), gone);
  },
});

/**
 * The overrides of one S3 bucket's profile in automated sensitive data discovery: a sensitivity
 * score set to 100 by hand, and the data identifiers whose detections do not count in its score.
 * Creating it takes the bucket's overrides over; deleting it removes them. Declare it once per
 * bucket: a second declaration fails the preview.
 */
export class ResourceProfile extends MacieResource {
  /** The S3 bucket's ARN. */
  declare readonly resourceArn: pulumi.Output<string>;
  /** 100 when the score is set by hand, as Macie reports it. */
  declare readonly sensitivityScoreOverride: pulumi.Output<100 | undefined>;
  /** The suppressed detections, as Macie reports them. */
  declare readonly suppressDataIdentifiers: pulumi.Output<pulumi.Unwrap<SuppressDataIdentifier>[] | undefined>;
  /** The bucket's sensitivity score now: -1 (classification error) to 100, as Macie reports it. */
  declare readonly sensitivityScore: pulumi.Output<number>;
  /** When Macie last recalculated the bucket's statistics and score (RFC 3339). */
  declare readonly profileUpdatedAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: ResourceProfileArgs, opts?: pulumi.CustomResourceOptions) {
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
