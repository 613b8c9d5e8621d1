/**
 * The CI gate: which kinds of Macie resource a team protects, and whether a plan touches them.
 *
 * - `--fail-on-replace K`: the plan replaces a K.
 * - `--fail-on-delete K`: the plan deletes a K, or replaces one (a replacement deletes the
 *   existing object too: a replaced Account disables Macie first, a replaced job is cancelled).
 *
 * K is a class name (`ClassificationJob`), a comma-separated list of them, or `*` for every kind.
 */
import type { MacieChange, Review } from "./plan";
import { CONSEQUENCES } from "./consequences";

export interface Gate {
  failOnReplace: string[];
  failOnDelete: string[];
}

export const ANY_KIND = "*";

/** A command-line mistake (an unknown kind, say): the gate must never pass by a typo. */
export class UsageError extends Error {}

/** The kinds named by one or more option values (`A,B`, repeated options), checked against the known kinds. */
export function parseKinds(values: string[], option: string): string[] {
  const kinds = values.flatMap((v) => v.split(",")).map((k) => k.trim()).filter(Boolean);
  for (const kind of kinds) {
    if (kind === ANY_KIND || kind in CONSEQUENCES) continue;
    const near = Object.keys(CONSEQUENCES).find((k) => k.toLowerCase() === kind.toLowerCase());
    throw new UsageError(
      `${option}: unknown kind ${JSON.stringify(kind)}${near ? ` (did you mean ${near}?)` : ""}; ` +
        `the kinds are ${Object.keys(CONSEQUENCES).sort().join(", ")}, or ${ANY_KIND} for all`,
    );
  }
  return kinds;
}

/** Protected changes of one kind that one option forbids: "the plan replaces ClassificationJob audit, nightly". */
export interface Blocked {
  /** What the plan does: "replaces", "deletes", "replaces, and so deletes,". */
  does: string;
  kind: string;
  names: string[];
  /** The option and the value that forbids it: `--fail-on-replace ClassificationJob`, `--fail-on-delete *`. */
  option: string;
}

export interface GateResult {
  /** Whether any protection is set. */
  active: boolean;
  blocked: Blocked[];
}

const protects = (kinds: string[], kind: string) => kinds.includes(ANY_KIND) || kinds.includes(kind);
/** The part of an option's value that matched a kind: the kind itself, or `*`. */
const matched = (kinds: string[], kind: string) => (kinds.includes(kind) ? kind : ANY_KIND);

/** Judges a plan; a failed preview is for the caller to handle (it is no plan). */
export function judge(review: Review, gate: Gate): GateResult {
  const rules: { option: string; kinds: string[]; does: string; matches: (c: MacieChange) => boolean }[] = [
    { option: "--fail-on-replace", kinds: gate.failOnReplace, does: "replaces", matches: (c) => c.op === "replace" && protects(gate.failOnReplace, c.kind) },
    { option: "--fail-on-delete", kinds: gate.failOnDelete, does: "deletes", matches: (c) => c.op === "delete" && protects(gate.failOnDelete, c.kind) },
    {
      option: "--fail-on-delete",
      kinds: gate.failOnDelete,
      does: "replaces, and so deletes,",
      matches: (c) => c.op === "replace" && protects(gate.failOnDelete, c.kind) && !protects(gate.failOnReplace, c.kind),
    },
  ];
  const blocked: Blocked[] = [];
  for (const rule of rules) {
    const byKind = new Map<string, string[]>();
    for (const c of review.macie.filter(rule.matches)) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c.name]);
    for (const [kind, names] of byKind) blocked.push({ does: rule.does, kind, names, option: `${rule.option} ${matched(rule.kinds, kind)}` });
  }
  return { active: gate.failOnReplace.length + gate.failOnDelete.length > 0, blocked };
}

/** One blocked change in words, with `code` for names and the option. */
export function describeBlocked(b: Blocked, code: (s: string) => string = (s) => s): string {
  return `the plan ${b.does} ${b.kind} ${b.names.map(code).join(", ")} (${code(b.option)})`;
}

/** The protections in words, for a passed gate: "no replacement of ClassificationJob; ...". */
export function describeGate(gate: Gate): string {
  const kinds = (k: string[]) => (k.includes(ANY_KIND) ? "any Macie resource" : k.join(", "));
  return [
    gate.failOnReplace.length > 0 && `no replacement of ${kinds(gate.failOnReplace)}`,
    gate.failOnDelete.length > 0 && `no deletion or replacement of ${kinds(gate.failOnDelete)}`,
  ]
    .filter(Boolean)
    .join("; ");
}
