/**
 * macie.CustomDataIdentifier: a regex-based detector of sensitive data, with optional keywords,
 * ignore words and severity thresholds.
 *
 * Macie identifiers are immutable (there is no update operation), so every setting replaces the
 * identifier; only its tags change in place. Delete is Macie's soft delete: the identifier is
 * marked `deleted` and jobs that already use it keep working.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CreateCustomDataIdentifierResponse, GetCustomDataIdentifierResponse, ListCustomDataIdentifiersResponse, TestCustomDataIdentifierResponse } from "@aws-sdk/client-macie2";
import { macie2 } from "../core/sdk";
import type { CallContext, ConnectionArgs } from "../core/definition";
import { defineResource, unlessGone } from "../core/definition";
import { MacieResource, registration, type GetLocation } from "../core/provider";
import { type Failures, s, UNKNOWN } from "../core/schema";
import { applyTags, reportedTags } from "../core/tags";
import { allPages } from "../core/claim";

export const SEVERITIES = ["LOW", "MEDIUM", "HIGH"] as const;
type Severity = (typeof SEVERITIES)[number];

export interface SeverityLevel {
  /**
   * The minimum number of occurrences of matching text in an S3 object for a finding of this
   * severity (at least 1).
   */
  occurrencesThreshold: number;
  /** LOW, MEDIUM or HIGH. */
  severity: Severity;
}

export interface CustomDataIdentifierTestCase {
  /** A sample text (1-1,000 characters) to run the identifier's criteria against. */
  sampleText: string;
  /** How many matches Macie must find in `sampleText` (an integer of at least 0). */
  expectMatches: number;
}

export interface CustomDataIdentifierArgs extends ConnectionArgs {
  /**
   * The identifier's name (at most 128 characters). Default: the resource name with a random
   * suffix. Changing it replaces the identifier.
   */
  name?: pulumi.Input<string>;
  /**
   * The regular expression to match (at most 512 characters), in Macie's PCRE-based dialect.
   * Changing it replaces the identifier.
   */
  regex: pulumi.Input<string>;
  /** A description (at most 512 characters). Changing it replaces the identifier. */
  description?: pulumi.Input<string>;
  /**
   * Character sequences, one of which must precede the matching text within
   * `maximumMatchDistance` characters (at most 50, each 3-90 characters, not case sensitive).
   * Changing them replaces the identifier.
   */
  keywords?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Character sequences that exclude a match that contains them (at most 10, each 4-90
   * characters, case sensitive). Changing them replaces the identifier.
   */
  ignoreWords?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The maximum number of characters between the end of a keyword and the end of the matching
   * text (1-300). Default: 50 (Macie's default). Changing it replaces the identifier.
   */
  maximumMatchDistance?: pulumi.Input<number>;
  /**
   * Severity of findings by number of occurrences: at most one level per severity, thresholds
   * ascending from LOW to HIGH. Default: MEDIUM from 1 occurrence (Macie's default). Changing
   * them replaces the identifier.
   */
  severityLevels?: pulumi.Input<pulumi.Input<SeverityLevel>[]>;
  /** Tags (at most 50). Updated in place, never by replacement. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Samples run through Macie's TestCustomDataIdentifier before the identifier is created. If
   * any sample yields another number of matches than expected, the create fails with the sample
   * and both counts, and nothing is created. Used only when the identifier is created: changing
   * them alone changes nothing.
   */
  testCases?: pulumi.Input<pulumi.Input<CustomDataIdentifierTestCase>[]>;
}

interface Inputs {
  name: string;
  regex: string;
  description?: string;
  keywords?: string[];
  ignoreWords?: string[];
  maximumMatchDistance: number;
  severityLevels: SeverityLevel[];
  tags?: Record<string, string>;
  testCases?: CustomDataIdentifierTestCase[];
}

interface Outputs {
  arn?: string;
}

/** Everything Macie keeps about an identifier: the identifier itself, immutable. */
const DEFINITION = ["name", "regex", "description", "keywords", "ignoreWords", "maximumMatchDistance", "severityLevels"] as const;
/**
 * The computed outputs (the core adds every input as an Output too). Macie's creation time is not
 * one: CreateCustomDataIdentifier does not return it, and reading it back would double the calls
 * of every create for a date that no program uses.
 */
const OUTPUTS = ["arn"] as const;

// ---------------------------------------------------------------------------------------------
// Regex check

/**
 * A structural check of a Macie pattern, without compiling it: Macie's dialect is PCRE-based,
 * not JavaScript's, so compiling with RegExp would refuse valid patterns (`\Q..\E`, possessive
 * quantifiers, `(?P<name>..)`, POSIX classes) and accept some invalid ones. This only reports
 * what is malformed in every regex dialect: a lone trailing backslash, unbalanced parentheses,
 * an unclosed character class, a quantifier with nothing to repeat, a `{min,max}` with min above
 * max, and a character range out of order. Anything else is left to Macie, which checks the
 * pattern at create time (and in TestCustomDataIdentifier when `testCases` are given).
 *
 * Returns the problem, or undefined when the pattern looks well formed.
 */
export function regexProblem(pattern: string): string | undefined {
  let depth = 0;
  // Whether the previous token can take a quantifier (an atom, a group's end, or a quantifier,
  // since PCRE allows a lazy `?` or possessive `+` right after one).
  let previous: "start" | "atom" | "quantifier" | "modified" = "start";
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === "\\") {
      if (i + 1 >= pattern.length) return "ends with a lone backslash";
      if (pattern[i + 1] === "Q") {
        const end = pattern.indexOf("\\E", i + 2);
        i = end < 0 ? pattern.length : end + 2;
      } else i += 2;
      previous = "atom";
      continue;
    }
    if (c === "[") {
      const end = classEnd(pattern, i);
      if (end < 0) return `has a [ at position ${i} without a closing ]`;
      const range = outOfOrderRange(pattern.slice(i + 1, end));
      if (range) return `has a character range out of order: ${range}`;
      i = end + 1;
      previous = "atom";
      continue;
    }
    if (c === "(") {
      if (pattern.startsWith("(?#", i)) {
        const end = pattern.indexOf(")", i);
        if (end < 0) return `has a comment (?# at position ${i} without a closing )`;
        i = end + 1;
        continue;
      }
      depth += 1;
      // Skip `(?` and `(*` so that their ? or * is not taken for a quantifier.
      i += pattern[i + 1] === "?" || pattern[i + 1] === "*" ? 2 : 1;
      previous = "start";
      continue;
    }
    if (c === ")") {
      if (depth === 0) return `has a ) at position ${i} without a matching (`;
      depth -= 1;
      i += 1;
      previous = "atom";
      continue;
    }
    if (c === "|") {
      i += 1;
      previous = "start";
      continue;
    }
    const quantifier = /^(?:[*+?]|\{(\d+)(?:,(\d*))?\})/.exec(pattern.slice(i));
    if (quantifier) {
      const [text, min, max] = quantifier;
      if (previous === "quantifier" && (text === "?" || text === "+")) {
        previous = "modified"; // lazy or possessive
      } else if (previous !== "atom") {
        return `has a quantifier ${text} at position ${i} with nothing to repeat`;
      } else {
        if (max !== undefined && max !== "" && Number(min) > Number(max)) return `has a quantifier ${text} whose minimum is above its maximum`;
        previous = "quantifier";
      }
      i += text.length;
      continue;
    }
    i += 1;
    previous = "atom";
  }
  if (depth > 0) return `has ${depth} ( without a matching )`;
  return undefined;
}

/** Index of the `]` that closes the class opened at `start`, or -1. */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === "^") i += 1;
  if (pattern[i] === "]") i += 1; // a ] first in a class is a literal
  while (i < pattern.length) {
    if (pattern[i] === "\\") i += 2;
    else if (pattern[i] === "[" && pattern[i + 1] === ":") {
      const end = pattern.indexOf(":]", i + 2);
      i = end < 0 ? i + 1 : end + 2; // POSIX class [:digit:]
    } else if (pattern[i] === "]") return i;
    else i += 1;
  }
  return -1;
}

/** The first literal range `a-b` of a class body with a > b (ranges of escapes are left alone). */
function outOfOrderRange(body: string): string | undefined {
  for (let i = 0; i + 2 < body.length; i++) {
    if (body[i] === "\\") {
      i += 1;
      continue;
    }
    if (body[i + 1] === "-" && body[i + 2] !== "\\" && body[i] !== "[" && body[i + 2] !== "]" && body[i] > body[i + 2]) {
      return `${body[i]}-${body[i + 2]}`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Schema

const SEVERITY_LEVEL = s.object({
  occurrencesThreshold: s.integer({ min: 1 }).required(),
  severity: s.enum(SEVERITIES).required(),
});

const TEST_CASE = s.object({
  sampleText: s.string({ min: 1, max: 1000 }).required(),
  expectMatches: s.integer({ min: 0 }).required(),
});

const schema = s.object({
  name: s.string({ min: 1, max: 128 }).required(),
  regex: s
    .custom((v, path, f) => {
      if (typeof v !== "string") return f.push({ property: path, reason: "must be a string" });
      if (v.length < 1) f.push({ property: path, reason: "must not be empty" });
      if (v.length > 512) f.push({ property: path, reason: `must be at most 512 characters long (got ${v.length})` });
      const problem = regexProblem(v);
      if (problem) f.push({ property: path, reason: `is not a valid regular expression: it ${problem}` });
    })
    .required(),
  description: s.string({ max: 512 }),
  keywords: s.list(s.string({ min: 3, max: 90 }).required(), { max: 50 }),
  ignoreWords: s.list(s.string({ min: 4, max: 90 }).required(), { max: 10 }),
  maximumMatchDistance: s.integer({ min: 1, max: 300 }),
  severityLevels: s.list(SEVERITY_LEVEL.required(), { max: 3 }),
  tags: s.tags({ marked: true }),
  testCases: s.list(TEST_CASE.required()),
});

/** severityLevels: one level per severity, thresholds ascending from LOW to HIGH. */
function validateSeverityLevels(levels: unknown, failures: Failures): void {
  if (!Array.isArray(levels)) return;
  const known = levels.filter(
    (l): l is SeverityLevel => !!l && typeof l === "object" && SEVERITIES.includes(l.severity) && Number.isInteger(l.occurrencesThreshold),
  );
  const seen = new Map<string, number>();
  levels.forEach((l, i) => {
    if (!l || typeof l !== "object" || l.severity === UNKNOWN || !SEVERITIES.includes(l.severity)) return;
    if (seen.has(l.severity)) {
      failures.push({ property: `severityLevels[${i}].severity`, reason: `${l.severity} is already given by severityLevels[${seen.get(l.severity)}]: at most one level per severity` });
    } else seen.set(l.severity, i);
  });
  const ordered = [...known].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  for (let k = 1; k < ordered.length; k++) {
    const [lower, higher] = [ordered[k - 1], ordered[k]];
    if (lower.severity !== higher.severity && higher.occurrencesThreshold <= lower.occurrencesThreshold) {
      failures.push({
        property: `severityLevels[${levels.indexOf(higher)}].occurrencesThreshold`,
        reason: `must be greater than the ${lower.severity} threshold (${lower.occurrencesThreshold}): thresholds ascend from LOW to HIGH (got ${higher.occurrencesThreshold})`,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Macie calls

/** The identifier's detection criteria, as TestCustomDataIdentifier and Create take them. */
const criteria = (inputs: Inputs) => ({
  regex: inputs.regex,
  keywords: inputs.keywords,
  ignoreWords: inputs.ignoreWords,
  maximumMatchDistance: inputs.maximumMatchDistance,
});

/** Run every test case; throws (before anything is created) with every case that failed. */
async function runTestCases(ctx: CallContext, inputs: Inputs): Promise<void> {
  const failed: string[] = [];
  for (const [i, test] of (inputs.testCases ?? []).entries()) {
    const { matchCount } = await ctx.send<TestCustomDataIdentifierResponse>(
      new macie2.TestCustomDataIdentifierCommand({ ...criteria(inputs), sampleText: test.sampleText }),
    );
    if (matchCount !== test.expectMatches) {
      failed.push(`testCases[${i}]: expected ${test.expectMatches} match(es), Macie found ${matchCount ?? 0} in ${JSON.stringify(test.sampleText)}`);
    }
  }
  if (failed.length > 0) {
    throw new Error(
      `custom data identifier "${inputs.name}" was not created: ${failed.length} of ${inputs.testCases!.length} test case(s) failed for regex ${JSON.stringify(inputs.regex)}:\n  ` +
        failed.join("\n  "),
    );
  }
}

/** Reads the identifier; undefined when it is unknown or soft-deleted. */
async function get(ctx: CallContext, id: string): Promise<GetCustomDataIdentifierResponse | undefined> {
  const found = await unlessGone(ctx.send<GetCustomDataIdentifierResponse>(new macie2.GetCustomDataIdentifierCommand({ id })));
  return found?.deleted ? undefined : found;
}

/** Severity levels in the state's order when Macie reports the same set in another order. */
function sameOrder(reported: SeverityLevel[] | undefined, wanted: SeverityLevel[] | undefined): SeverityLevel[] | undefined {
  if (!reported || !wanted) return reported;
  const key = (l: SeverityLevel) => `${l.severity}:${l.occurrencesThreshold}`;
  const a = reported.map(key).sort().join();
  const b = wanted.map(key).sort().join();
  return a === b ? wanted : reported;
}

export const definition = defineResource<Inputs, Outputs>({
  type: "CustomDataIdentifier",
  schema,
  replaceOnChanges: DEFINITION,
  stableOutputs: ["arn"],
  createOnly: ["testCases"],
  defaults: { maximumMatchDistance: 50, severityLevels: [{ occurrencesThreshold: 1, severity: "MEDIUM" }] },
  autoName: { property: "name", maxLength: 128 },
  claim: {
    noun: "custom data identifier",
    list: (ctx) =>
      allPages((nextToken) => ctx.send<ListCustomDataIdentifiersResponse>(new macie2.ListCustomDataIdentifiersCommand({ nextToken }))).then((items) =>
        items.map((c) => ({ id: c.id!, name: c.name })),
      ),
    tagsOf: async (ctx, id) => (await get(ctx, id))?.tags ?? undefined,
    // Identifiers are immutable: one made with other settings is deleted, then the create goes on.
    changedInputs: "discard",
  },
  validate(inputs, failures) {
    validateSeverityLevels(inputs.severityLevels, failures);
  },

  async create(ctx, inputs) {
    await runTestCases(ctx, inputs);
    const { customDataIdentifierId: id } = await ctx.send<CreateCustomDataIdentifierResponse>(
      new macie2.CreateCustomDataIdentifierCommand({
        ...criteria(inputs),
        name: inputs.name,
        description: inputs.description,
        severityLevels: inputs.severityLevels,
        tags: inputs.tags,
        clientToken: ctx.clientToken,
      }),
    );
    if (!id) throw new Error("CreateCustomDataIdentifier returned no customDataIdentifierId");
    // One call: the inputs are the identifier (it is immutable), and the ARN follows from the id.
    return { id, outs: { arn: arnOf(ctx, id) } };
  },

  async read(ctx, id, state) {
    const found = await get(ctx, id);
    if (!found) return undefined; // deleted (soft or not) outside Pulumi: gone
    const outs: Partial<Inputs & Outputs> = { arn: found.arn, tags: reportedTags(found.tags) };
    // The definition is immutable in Macie: it can only differ from the state by Macie's own
    // formatting, so the state's values stay, except on import (no state), where Macie's are taken.
    if (state.regex === undefined) {
      Object.assign(outs, {
        name: found.name,
        regex: found.regex,
        description: found.description || undefined,
        keywords: found.keywords?.length ? found.keywords : undefined,
        ignoreWords: found.ignoreWords?.length ? found.ignoreWords : undefined,
        maximumMatchDistance: found.maximumMatchDistance,
        severityLevels: sameOrder(found.severityLevels as SeverityLevel[] | undefined, state.severityLevels),
      });
    }
    return outs;
  },

  async update(ctx, id, olds, news) {
    // Everything but the tags replaces, so an update is a tag change.
    await applyTags(ctx, olds.arn ?? arnOf(ctx, id), olds.tags, news.tags);
    return {}; // the arn carries over
  },

  async delete(ctx, id) {
    await unlessGone(ctx.send(new macie2.DeleteCustomDataIdentifierCommand({ id }))); // already deleted: done
  },
});

/** The ARN partition of a Region: GovCloud and China have their own. */
const PARTITIONS: [regionPrefix: string, partition: string][] = [
  ["us-gov-", "aws-us-gov"],
  ["cn-", "aws-cn"],
];
const partitionOf = (region: string) => PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? "aws";

const arnOf = (ctx: CallContext, id: string) => `arn:${partitionOf(ctx.region)}:macie2:${ctx.region}:${ctx.accountId}:custom-data-identifier/${id}`;

/**
 * A custom data identifier: a regular expression, with optional keywords, ignore words and
 * severity thresholds, that Macie's classification jobs use to find sensitive data.
 *
 * Every setting but `tags` replaces the identifier (Macie identifiers are immutable). Delete is
 * Macie's soft delete. `testCases` are checked through Macie before the identifier is created.
 */
export class CustomDataIdentifier extends MacieResource {
  /** The identifier's name. */
  declare readonly name: pulumi.Output<string>;
  /** The regular expression. */
  declare readonly regex: pulumi.Output<string>;
  /** The description. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** Keywords that must precede a match. */
  declare readonly keywords: pulumi.Output<string[] | undefined>;
  /** Words that exclude a match. */
  declare readonly ignoreWords: pulumi.Output<string[] | undefined>;
  /** Maximum distance between a keyword and a match. */
  declare readonly maximumMatchDistance: pulumi.Output<number>;
  /** Severity thresholds. */
  declare readonly severityLevels: pulumi.Output<SeverityLevel[]>;
  /** The identifier's tags. */
  declare readonly tags: pulumi.Output<Record<string, string> | undefined>;
  /** The test cases the identifier passed when it was created. */
  declare readonly testCases: pulumi.Output<CustomDataIdentifierTestCase[] | undefined>;
  /** The identifier's ARN. */
  declare readonly arn: pulumi.Output<string>;

  constructor(name: string, args: CustomDataIdentifierArgs, opts?: pulumi.CustomResourceOptions) {
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
   * Reads an existing custom data identifier by its id, as a resource this program does not manage (Pulumi's
   * `get`): its outputs are Macie's values at each run, and `pulumi destroy` leaves it alone. An id
   * that does not exist fails the run. Needs @pulumi/pulumi 3.268 or later.
   */
  static get(name: string, id: pulumi.Input<string>, location?: GetLocation, opts?: pulumi.CustomResourceOptions): CustomDataIdentifier {
    return new CustomDataIdentifier(name, { ...location } as CustomDataIdentifierArgs, { ...opts, id });
  }
}
