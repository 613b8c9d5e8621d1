/**
 * macie.AllowList: text or a text pattern that Macie ignores when it inspects S3 objects for
 * sensitive data. Classification jobs use a list through their `allowListIds`.
 *
 * UpdateAllowList is a PUT of name, description and criteria, and it cannot switch a list between
 * a regex and an S3 words list: switching the kind of criteria replaces the list, while a new
 * name, description, regex or words-list location updates it in place. Tags change through
 * TagResource / UntagResource. DeleteAllowList refuses while a job that can still run uses the
 * list, unless the program sets `ignoreJobChecksOnDelete`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CreateAllowListResponse, DescribeClassificationJobResponse, GetAllowListResponse, ListAllowListsResponse, ListClassificationJobsResponse } from "@aws-sdk/client-macie2";
import { macie2 } from "../core/sdk";
import type { CallContext, ConnectionArgs, MacieApiError } from "../core/definition";
import { defineResource, isNotFound, PartialCreateError, unlessGone } from "../core/definition";
import { MacieResource, registration, type GetLocation } from "../core/provider";
import { allPages } from "../core/claim";
import { exactlyOne, isSet, s, UNKNOWN } from "../core/schema";
import { s3BucketName } from "../core/bucketName";
import { applyTags, reportedTags } from "../core/tags";
import { regexProblem } from "./customDataIdentifier";

/** The S3 object that lists the words to ignore, one per line. */
export interface S3WordsList {
  /** The name of the S3 bucket that holds the object (3-255 characters, an S3 bucket name; legacy names with capitals and underscores too). */
  bucketName: pulumi.Input<string>;
  /** The key of the object (1-1,024 characters). */
  objectKey: pulumi.Input<string>;
}

/** What the list ignores: exactly one of a regex or an S3 words list. */
export interface AllowListCriteria {
  /**
   * A regular expression (1-512 characters, Macie's PCRE-based dialect) of the text to ignore.
   * Changing it updates the list in place; switching to `s3WordsList` replaces the list.
   */
  regex?: pulumi.Input<string>;
  /**
   * The S3 object that lists the exact text to ignore. Changing the bucket or key updates the list
   * in place; switching to `regex` replaces the list.
   */
  s3WordsList?: pulumi.Input<S3WordsList>;
}

export interface AllowListArgs extends ConnectionArgs {
  /**
   * The list's name (1-128 characters, on one line). Default: the resource name with a random suffix. Updated
   * in place.
   */
  name?: pulumi.Input<string>;
  /** A description (1-512 characters). Updated in place; removing it clears it. */
  description?: pulumi.Input<string>;
  /**
   * What Macie ignores: exactly one of `regex` or `s3WordsList`. A new value of the same kind
   * updates the list in place; switching between the kinds replaces it (Macie cannot switch a list).
   */
  criteria: pulumi.Input<AllowListCriteria>;
  /** Tags (at most 50). Updated in place, never by replacement. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Delete the list even while classification jobs that are not COMPLETE or CANCELLED use it
   * (Macie's `ignoreJobChecks`); those jobs then run without it. Default: false, and such a delete
   * fails naming the jobs. Set it (and run `pulumi up`) before the destroy or replacement it is
   * meant for: a delete uses the value recorded in the state. Changing it makes no Macie call.
   */
  ignoreJobChecksOnDelete?: pulumi.Input<boolean>;
}

/** The status Macie reports: whether it can use the list's criteria (for an S3 words list, read the object). */
export interface AllowListStatus {
  /** OK, or why Macie cannot use the criteria: S3_OBJECT_NOT_FOUND, S3_OBJECT_ACCESS_DENIED, S3_OBJECT_EMPTY, ... */
  code: string;
  /** Macie's explanation of an error, when it gives one. */
  description?: string;
}

type Criteria = { regex?: string; s3WordsList?: { bucketName: string; objectKey: string } };

interface Inputs {
  name: string;
  description?: string;
  criteria: Criteria;
  tags?: Record<string, string>;
  ignoreJobChecksOnDelete: boolean;
}

interface Outputs {
  arn?: string;
  createdAt?: string;
  updatedAt?: string;
  status?: AllowListStatus;
}

/** The computed outputs (the core adds every input as an Output too). */
const OUTPUTS = ["arn", "createdAt", "updatedAt", "status"] as const;
/** The settings UpdateAllowList carries (all of them, every time: it is a PUT). */
const SETTINGS = ["name", "description", "criteria"];

// ---------------------------------------------------------------------------------------------
// Schema

const regexSchema = s.custom((v, path, f) => {
  if (typeof v !== "string") return f.push({ property: path, reason: "must be a string" });
  if (v.length < 1) f.push({ property: path, reason: "must not be empty" });
  if (v.length > 512) f.push({ property: path, reason: `must be at most 512 characters long (got ${v.length})` });
  const problem = regexProblem(v);
  if (problem) f.push({ property: path, reason: `is not a valid regular expression: it ${problem}` });
});

const schema = s.object({
  // As the API model has them: a name on one line (`^.+$`), a description of at least 1 character.
  name: s.string({ min: 1, max: 128, pattern: /^[^\n\r\u0085\u2028\u2029]*$/, patternReason: "must be on one line (no line breaks)" }).required(),
  description: s.string({ max: 512, pattern: /^[\s\S]+$/, patternReason: "must not be empty (leave it out for no description)" }),
  criteria: s
    .object(
      {
        regex: regexSchema,
        s3WordsList: s.object({
          bucketName: s3BucketName().required(),
          objectKey: s.string({ min: 1, max: 1024 }).required(),
        }),
      },
      exactlyOne("regex", "s3WordsList"),
    )
    .required(),
  tags: s.tags({ marked: true }),
  ignoreJobChecksOnDelete: s.boolean(),
});

/** Which kind of criteria: "regex", "s3WordsList", or UNKNOWN while preview does not know. */
function kindOf(criteria: unknown): string | undefined {
  if (criteria === UNKNOWN) return UNKNOWN;
  if (!criteria || typeof criteria !== "object") return undefined;
  const c = criteria as Record<string, unknown>;
  return isSet(c.regex) ? "regex" : isSet(c.s3WordsList) ? "s3WordsList" : undefined;
}

// ---------------------------------------------------------------------------------------------
// Macie calls

/** Reads the list; undefined when it does not exist. */
const get = (ctx: CallContext, id: string) => unlessGone(ctx.send<GetAllowListResponse>(new macie2.GetAllowListCommand({ id })));

/** The computed outputs of a list as Macie reports it. */
const outputsOf = (found: GetAllowListResponse): Outputs => ({
  arn: found.arn,
  createdAt: found.createdAt?.toISOString(),
  updatedAt: found.updatedAt?.toISOString(),
  status: found.status?.code ? { code: found.status.code, description: found.status.description || undefined } : undefined,
});

/** The criteria with only the kind that is set (as Macie reports them, and as they are sent). */
const criteriaOf = (c: GetAllowListResponse["criteria"]): Criteria =>
  c?.regex !== undefined && c.regex !== null
    ? { regex: c.regex }
    : { s3WordsList: { bucketName: c?.s3WordsList?.bucketName ?? "", objectKey: c?.s3WordsList?.objectKey ?? "" } };

/** Whether DeleteAllowList was refused because jobs that can still run use the list. */
const refusedForJobs = (e: unknown) => {
  const err = e as MacieApiError;
  return err?.name === "ConflictException" || (err?.name === "ValidationException" && /job/i.test(err.message));
};

/**
 * The jobs that are not COMPLETE or CANCELLED and use the list, as `name (jobId)`, for the error
 * of a refused delete (Macie's own message may not name them). Empty when they cannot be found.
 */
async function jobsUsing(ctx: CallContext, id: string): Promise<string[]> {
  const users: string[] = [];
  try {
    let nextToken: string | undefined;
    do {
      const page = await ctx.send<ListClassificationJobsResponse>(
        new macie2.ListClassificationJobsCommand({
          filterCriteria: { excludes: [{ key: "jobStatus", comparator: "EQ", values: ["COMPLETE", "CANCELLED"] }] },
          nextToken,
        }),
      );
      for (const item of page.items ?? []) {
        const job = await ctx.send<DescribeClassificationJobResponse>(new macie2.DescribeClassificationJobCommand({ jobId: item.jobId }));
        if (job.allowListIds?.includes(id)) users.push(`${job.name} (${job.jobId}, ${job.jobStatus})`);
      }
      nextToken = page.nextToken;
    } while (nextToken);
  } catch {
    // Naming the jobs is a courtesy: the refusal is reported either way.
  }
  return users;
}

export const definition = defineResource<Inputs, Outputs>({
  type: "AllowList",
  schema,
  // Replacement depends on the criteria's kind, not on which property changed: see replaceWhen.
  replaceOnChanges: [],
  stableOutputs: ["arn", "createdAt"],
  replaceWhen(olds, news) {
    const [before, after] = [kindOf(olds.criteria), kindOf(news.criteria)];
    // An unknown kind may switch, so preview says replace, as for any unknown replace-forcing value.
    return before !== after || after === UNKNOWN ? ["criteria"] : [];
  },
  defaults: { ignoreJobChecksOnDelete: false },
  autoName: { property: "name", maxLength: 128 },
  claim: {
    noun: "allow list",
    list: (ctx) =>
      allPages(async (nextToken) => {
        const page = await ctx.send<ListAllowListsResponse>(new macie2.ListAllowListsCommand({ nextToken }));
        return { items: page.allowLists, nextToken: page.nextToken };
      }).then((items) => items.map((l) => ({ id: l.id!, name: l.name }))),
    tagsOf: async (ctx, id) => (await get(ctx, id))?.tags ?? undefined,
    // An update cannot switch between regex and words list: such a list is discarded instead.
    changedInputs: "update",
  },

  async create(ctx, inputs) {
    const { id } = await ctx.send<CreateAllowListResponse>(
      new macie2.CreateAllowListCommand({
        name: inputs.name,
        description: inputs.description,
        criteria: criteriaOf(inputs.criteria),
        tags: inputs.tags,
        clientToken: ctx.clientToken,
      }),
    );
    if (!id) throw new Error("CreateAllowList returned no id");
    try {
      // Read back for the dates and the status (a fresh list may read as not found for a moment).
      const created = await ctx.waitFor(`allow list ${id} to become readable`, () => get(ctx, id));
      return { id, outs: outputsOf(created) };
    } catch (e) {
      throw new PartialCreateError((e as Error).message, id, {});
    }
  },

  async read(ctx, id, state) {
    const found = await get(ctx, id);
    if (!found) return undefined; // deleted outside Pulumi: gone
    return {
      ...outputsOf(found),
      name: found.name,
      description: found.description || undefined,
      criteria: criteriaOf(found.criteria),
      tags: reportedTags(found.tags),
      // Not a Macie setting: kept from the state (false on import).
      ignoreJobChecksOnDelete: state.ignoreJobChecksOnDelete ?? false,
    };
  },

  async update(ctx, id, olds, news, changed) {
    let outs: Outputs = {}; // the computed outputs carry over unless read again
    if (SETTINGS.some((k) => changed.includes(k))) {
      // A PUT: name and criteria are required, and a description left out is removed.
      await ctx.send(new macie2.UpdateAllowListCommand({ id, name: news.name, description: news.description, criteria: criteriaOf(news.criteria) }));
      // Read back the new updatedAt, and the status of the new criteria.
      const found = await get(ctx, id);
      if (found) outs = outputsOf(found);
    }
    if (changed.includes("tags")) await applyTags(ctx, olds.arn!, olds.tags, news.tags);
    return outs;
  },

  async delete(ctx, id, state) {
    try {
      await ctx.send(new macie2.DeleteAllowListCommand({ id, ignoreJobChecks: state.ignoreJobChecksOnDelete ? "true" : undefined }));
    } catch (e) {
      if (isNotFound(e)) return; // already deleted
      if (!refusedForJobs(e)) throw e;
      const jobs = await jobsUsing(ctx, id);
      throw new Error(
        `allow list ${state.name ?? id} (${id}) was not deleted: Macie refuses while classification jobs that are not COMPLETE or CANCELLED use it` +
          (jobs.length ? `: ${jobs.join(", ")}` : "") +
          `. Cancel those jobs or let them complete, or set ignoreJobChecksOnDelete: true on the AllowList and run pulumi up before deleting it` +
          ` (the jobs then run without the list). [${(e as Error).message}]`,
      );
    }
  },
});

/**
 * An allow list: text (an S3 words list) or a text pattern (a regex) that Macie ignores when it
 * inspects S3 objects. Classification jobs use it through `allowListIds`.
 *
 * A new name, description, regex or words-list location updates the list in place; switching
 * between regex and words list replaces it. Tags update in place.
 */
export class AllowList extends MacieResource {
  /** The list's name. */
  declare readonly name: pulumi.Output<string>;
  /** The description. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** The criteria, as Macie has them. */
  declare readonly criteria: pulumi.Output<pulumi.Unwrap<AllowListCriteria>>;
  /** The list's tags. */
  declare readonly tags: pulumi.Output<Record<string, string> | undefined>;
  /** Whether a delete ignores the jobs that use the list. */
  declare readonly ignoreJobChecksOnDelete: pulumi.Output<boolean>;
  /** The list's ARN. */
  declare readonly arn: pulumi.Output<string>;
  /** When the list was created (RFC 3339). */
  declare readonly createdAt: pulumi.Output<string>;
  /** When the list's settings last changed (RFC 3339). */
  declare readonly updatedAt: pulumi.Output<string>;
  /** Whether Macie can use the criteria, as Macie reports it: `{code, description}`. */
  declare readonly status: pulumi.Output<AllowListStatus | undefined>;

  constructor(name: string, args: AllowListArgs, opts?: pulumi.CustomResourceOptions) {
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

  /**
   * Reads an existing allow list by its id, as a resource this program does not manage (Pulumi's
   * `get`): its outputs are Macie's values at each run, and `pulumi destroy` leaves it alone. An id
   * that does not exist fails the run. Needs @pulumi/pulumi 3.268 or later.
   */
  static get(name: string, id: pulumi.Input<string>, location?: GetLocation, opts?: pulumi.CustomResourceOptions): AllowList {
    return new AllowList(name, { ...location } as AllowListArgs, { ...opts, id });
  }
}
