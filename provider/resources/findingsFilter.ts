/**
 * macie.FindingsFilter: a saved rule that archives (suppresses) or just names a set of findings.
 *
 * Every setting updates in place: UpdateFindingsFilter is a partial PATCH, and the update sends
 * only the members that changed. Tags change through TagResource / UntagResource.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CreateFindingsFilterResponse, GetFindingsFilterResponse, ListFindingsFiltersResponse, UpdateFindingsFilterRequest } from "@aws-sdk/client-macie2";
import { macie2 } from "../core/sdk";
import type { CallContext, ConnectionArgs } from "../core/definition";
import { defineResource, PartialCreateError, unlessGone } from "../core/definition";
import { MacieResource, registration, type GetLocation } from "../core/provider";
import { type Failures, type ObjectRule, closest, isSet, join, s, UNKNOWN } from "../core/schema";
import { applyTags, reportedTags } from "../core/tags";
import { allPages } from "../core/claim";
import { EXACT_MATCH_FIELDS, FINDING_FIELDS, type FieldKind } from "./findingFields";

export const FINDINGS_FILTER_ACTIONS = ["ARCHIVE", "NOOP"] as const;

/** The operators of one criterion: string lists for eq/neq/eqExactMatch, integers for the rest. */
export interface CriterionOperators {
  /** The field equals one of these values (OR). */
  eq?: pulumi.Input<pulumi.Input<string>[]>;
  /** The field equals none of these values. */
  neq?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The field exactly matches all of these values (AND). Macie accepts it only for
   * `customDataIdentifiers.detections.arn|name`, `resourcesAffected.s3Bucket.tags.key|value`,
   * `resourcesAffected.s3Object.tags.key|value`, `sensitiveData.category` and
   * `sensitiveData.detections.type`.
   */
  eqExactMatch?: pulumi.Input<pulumi.Input<string>[]>;
  /** The field is greater than this integer (dates: epoch milliseconds). */
  gt?: pulumi.Input<number>;
  /** The field is greater than or equal to this integer. */
  gte?: pulumi.Input<number>;
  /** The field is less than this integer. */
  lt?: pulumi.Input<number>;
  /** The field is less than or equal to this integer. */
  lte?: pulumi.Input<number>;
}

export interface FindingCriteria {
  /**
   * Conditions by finding field, joined with AND. Keys are Macie's finding field names, dots
   * included, e.g. `severity.description`, `resourcesAffected.s3Bucket.name`, `type`.
   */
  criterion: pulumi.Input<Record<string, pulumi.Input<CriterionOperators>>>;
}

export interface FindingsFilterArgs extends ConnectionArgs {
  /**
   * The filter's name (3-64 characters). Default: the resource name with a random suffix.
   * Updated in place.
   */
  name?: pulumi.Input<string>;
  /** ARCHIVE suppresses (auto-archives) the matching findings; NOOP only saves the filter. Updated in place. */
  action: pulumi.Input<"ARCHIVE" | "NOOP">;
  /** A description (at most 512 characters). Updated in place. */
  description?: pulumi.Input<string>;
  /** Which findings the filter matches: at least one criterion, each with at least one operator. Updated in place. */
  findingCriteria: pulumi.Input<FindingCriteria>;
  /**
   * The filter's position (an integer of at least 1) in the order Macie applies filters.
   * Default: Macie places the filter last, and the provider does not track that position.
   * Updated in place.
   */
  position?: pulumi.Input<number>;
  /** Tags (at most 50). Updated in place. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

interface Inputs {
  name: string;
  action: "ARCHIVE" | "NOOP";
  description?: string;
  findingCriteria: { criterion: Record<string, Record<string, string[] | number>> };
  position?: number;
  tags?: Record<string, string>;
}

interface Outputs {
  arn?: string;
}

/** The computed outputs (the core adds every input as an Output too). */
const OUTPUTS = ["arn"] as const;

/** Operators and their values: lists of strings, or integers (int64; dates as epoch milliseconds). */
const OPERATORS = {
  eq: s.list(s.string().required(), { min: 1 }),
  neq: s.list(s.string().required(), { min: 1 }),
  eqExactMatch: s.list(s.string().required(), { min: 1 }),
  gt: s.integer(),
  gte: s.integer(),
  lt: s.integer(),
  lte: s.integer(),
};

const atLeastOneOperator: ObjectRule = (ops, path, f) => {
  if (!Object.keys(OPERATORS).some((k) => isSet(ops[k]))) {
    f.push({ property: path, reason: `must have at least one operator: ${Object.keys(OPERATORS).join(", ")}` });
  }
};

const OPERATORS_SCHEMA = s.object(OPERATORS, atLeastOneOperator).required();

const RANGE_OPERATORS = ["gt", "gte", "lt", "lte"];
const LIST_OPERATORS = ["eq", "neq", "eqExactMatch"];

/** The rule a finding field's kind sets on its operators and values (findingFields.ts). */
function checkAgainstField(field: string, kind: FieldKind, ops: Record<string, any>, at: string, f: Failures) {
  if (isSet(ops.eqExactMatch) && !EXACT_MATCH_FIELDS.includes(field)) {
    f.push({ property: join(at, "eqExactMatch"), reason: `is not supported for ${field}; Macie accepts it only for ${EXACT_MATCH_FIELDS.join(", ")}`, showValue: false });
  }
  if (kind !== "number" && kind !== "date") {
    for (const op of RANGE_OPERATORS.filter((k) => isSet(ops[k]))) {
      const what = Array.isArray(kind) ? "one of a set of values" : kind === "boolean" ? "a boolean" : kind;
      f.push({ property: join(at, op), reason: `is not supported for ${field}, which holds ${what}: gt, gte, lt and lte compare numbers and dates`, showValue: false });
    }
  }
  const allowed = kind === "boolean" ? ["true", "false"] : Array.isArray(kind) ? kind : undefined;
  if (!allowed) return;
  for (const op of LIST_OPERATORS) {
    if (!Array.isArray(ops[op])) continue;
    ops[op].forEach((value: unknown, i: number) => {
      if (typeof value === "string" && value !== UNKNOWN && !allowed.includes(value)) f.push({ property: `${join(at, op)}[${i}]`, reason: `must be one of ${allowed.join(", ")}` });
    });
  }
}

const criterionSchema = s.custom((v, path, f) => {
  if (typeof v !== "object" || Array.isArray(v) || v === null) return f.push({ property: path, reason: "must be a map of finding fields to operators" });
  const fields = Object.entries(v as Record<string, any>);
  if (fields.length === 0) f.push({ property: path, reason: "must have at least one criterion (a finding field and its operators)" });
  for (const [field, ops] of fields) {
    const at = join(path, field); // field names contain dots: quoted, ["severity.description"]
    OPERATORS_SCHEMA.check(ops, at, f);
    const kind = Object.prototype.hasOwnProperty.call(FINDING_FIELDS, field) ? FINDING_FIELDS[field] : undefined;
    if (kind === undefined) {
      const near = closest(field, Object.keys(FINDING_FIELDS));
      const hint = near.length ? `; did you mean ${near.map((n) => JSON.stringify(n)).join(" or ")}?` : " (fields are named as in a finding, e.g. severity.description, resourcesAffected.s3Bucket.name)";
      f.push({ property: at, reason: `is not a finding field Macie can filter on${hint}`, showValue: false });
    } else if (ops && typeof ops === "object" && !Array.isArray(ops)) {
      checkAgainstField(field, kind, ops, at, f);
    }
  }
});

const schema = s.object({
  name: s.string({ min: 3, max: 64 }).required(),
  action: s.enum(FINDINGS_FILTER_ACTIONS).required(),
  description: s.string({ max: 512 }),
  findingCriteria: s.object({ criterion: criterionSchema.required() }).required(),
  position: s.integer({ min: 1 }),
  tags: s.tags({ marked: true }),
});

/** Reads the filter; undefined when it does not exist. */
const get = (ctx: CallContext, id: string) => unlessGone(ctx.send<GetFindingsFilterResponse>(new macie2.GetFindingsFilterCommand({ id })));

/** The members of UpdateFindingsFilter for the changed settings (a PATCH: only these change). */
function patchOf(news: Inputs, changed: string[]): Omit<UpdateFindingsFilterRequest, "id"> {
  const patch: Omit<UpdateFindingsFilterRequest, "id"> = {};
  if (changed.includes("name")) patch.name = news.name;
  if (changed.includes("action")) patch.action = news.action;
  // A removed description is cleared; a removed position is left where it is (Macie has no "unset").
  if (changed.includes("description")) patch.description = news.description ?? "";
  if (changed.includes("findingCriteria")) patch.findingCriteria = news.findingCriteria;
  if (changed.includes("position") && news.position !== undefined) patch.position = news.position;
  return patch;
}

export const definition = defineResource<Inputs, Outputs>({
  type: "FindingsFilter",
  schema,
  replaceOnChanges: [],
  stableOutputs: ["arn"],
  autoName: { property: "name", maxLength: 64 },
  claim: {
    noun: "findings filter",
    // The list gives names and tags: one call finds an interrupted create's filter.
    list: (ctx) =>
      allPages(async (nextToken) => {
        const page = await ctx.send<ListFindingsFiltersResponse>(new macie2.ListFindingsFiltersCommand({ nextToken }));
        return { items: page.findingsFilterListItems, nextToken: page.nextToken };
      }).then((items) => items.map((f) => ({ id: f.id!, name: f.name, tags: f.tags ?? {} }))),
    changedInputs: "update",
    uniqueNames: true,
  },

  async create(ctx, inputs) {
    const { id, arn } = await ctx.send<CreateFindingsFilterResponse>(
      new macie2.CreateFindingsFilterCommand({
        name: inputs.name,
        action: inputs.action,
        description: inputs.description,
        findingCriteria: inputs.findingCriteria,
        position: inputs.position,
        tags: inputs.tags,
        clientToken: ctx.clientToken,
      }),
    );
    if (!id) throw new Error("CreateFindingsFilter returned no id");
    if (arn) return { id, outs: { arn } };
    try {
      const created = await ctx.waitFor(`findings filter ${id} to become readable`, () => get(ctx, id));
      return { id, outs: { arn: created.arn } };
    } catch (e) {
      throw new PartialCreateError((e as Error).message, id, {});
    }
  },

  async read(ctx, id, state) {
    const found = await get(ctx, id);
    if (!found) return undefined; // deleted outside Pulumi: gone
    return {
      arn: found.arn,
      name: found.name,
      action: found.action as Inputs["action"],
      description: found.description || undefined,
      findingCriteria: found.findingCriteria as Inputs["findingCriteria"],
      // Macie gives every filter a position; it is tracked only when the program sets one (or on
      // import), so that an unset position does not show as drift.
      position: state.position !== undefined || state.action === undefined ? found.position : undefined,
      tags: reportedTags(found.tags),
    };
  },

  async update(ctx, id, olds, news, changed) {
    const patch = patchOf(news, changed);
    if (Object.keys(patch).length > 0) await ctx.send(new macie2.UpdateFindingsFilterCommand({ id, ...patch }));
    if (changed.includes("tags")) await applyTags(ctx, olds.arn!, olds.tags, news.tags);
    return {}; // the arn carries over
  },

  async delete(ctx, id) {
    await unlessGone(ctx.send(new macie2.DeleteFindingsFilterCommand({ id }))); // already deleted: done
  },
});

/**
 * A findings filter: a saved set of criteria that suppresses (ARCHIVE) or only names (NOOP) the
 * Macie findings it matches. Every setting updates in place, sending only what changed.
 */
export class FindingsFilter extends MacieResource {
  /** The filter's name. */
  declare readonly name: pulumi.Output<string>;
  /** ARCHIVE or NOOP. */
  declare readonly action: pulumi.Output<"ARCHIVE" | "NOOP">;
  /** The description. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** The criteria, as Macie has them. */
  declare readonly findingCriteria: pulumi.Output<pulumi.Unwrap<FindingCriteria>>;
  /** The position, when the program sets one. */
  declare readonly position: pulumi.Output<number | undefined>;
  /** The filter's tags. */
  declare readonly tags: pulumi.Output<Record<string, string> | undefined>;
  /** The filter's ARN. */
  declare readonly arn: pulumi.Output<string>;

  constructor(name: string, args: FindingsFilterArgs, opts?: pulumi.CustomResourceOptions) {
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
   * Reads an existing findings filter by its id, as a resource this program does not manage (Pulumi's
   * `get`): its outputs are Macie's values at each run, and `pulumi destroy` leaves it alone. An id
   * that does not exist fails the run. Needs @pulumi/pulumi 3.268 or later.
   */
  static get(name: string, id: pulumi.Input<string>, location?: GetLocation, opts?: pulumi.CustomResourceOptions): FindingsFilter {
    return new FindingsFilter(name, { ...location } as FindingsFilterArgs, { ...opts, id });
  }
}
