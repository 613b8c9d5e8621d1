/**
 * The review report: Markdown for a pull-request comment, or plain text for a terminal. Both
 * say the same things in the same order (plan.ts orders the changes: deletes, replacements,
 * updates, creates); only the layout differs.
 */
import { consequenceOf } from "./consequences";
import { describeBlocked, describeGate, type Gate, type GateResult } from "./gate";
import { showValue, UNKNOWN, type MacieChange, type Named, type Op, type PropertyChange, type Review } from "./plan";

export type Format = "markdown" | "text";

/** How each layout writes code and values. */
interface Style {
  code(s: string): string;
  value(v: unknown): string;
}

const MARKDOWN: Style = {
  code: (s) => {
    // A span needs a fence longer than any run of backticks inside it.
    const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length));
    const fence = "`".repeat(longest + 1);
    return longest ? `${fence} ${s} ${fence}` : `\`${s}\``;
  },
  value: (v) => (v === UNKNOWN ? "(known after apply)" : MARKDOWN.code(showValue(v))),
};

const TEXT: Style = {
  code: (s) => s,
  value: (v) => showValue(v),
};

const VERBS: Record<string, string> = { create: "Create", update: "Update in place", replace: "Replace", delete: "Delete" };
/** The engine's own marks, for the text layout. */
const MARKS: Record<string, string> = { create: "+", update: "~", replace: "+-", delete: "-" };
const COUNTED: Record<string, string> = { create: "to create", update: "to update", replace: "to replace", delete: "to delete" };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "1 to delete, 3 to replace, 2 to update", in the report's order. */
function counts(changes: Named[]): string {
  const by = new Map<string, number>();
  for (const c of changes) by.set(c.op, (by.get(c.op) ?? 0) + 1);
  return [...by].map(([op, n]) => `${n} ${COUNTED[op] ?? op}`).join(", ");
}

/** The summary of the plan, in sentences: what changes in Macie first. */
function summary(review: Review, style: Style): string[] {
  const parts: string[] = [];
  if (review.macie.length === 0) parts.push("No Macie resource changes.");
  else parts.push(`${plural(review.macie.length, "Macie resource changes", "Macie resources change")}: ${counts(review.macie)}.`);
  if (review.others.length > 0) parts.push(`${plural(review.others.length, "other resource changes", "other resources change")}.`);
  const { count, named } = review.unchanged;
  if (count > 0) {
    const names = named.length === count ? `: ${named.map((n) => `${n.kind} ${style.code(n.name)}`).join(", ")}` : "";
    parts.push(`Unchanged: ${plural(count, "resource")}${names}.`);
  }
  return parts;
}

/** One changed property, in words. */
function property(p: PropertyChange, op: Op, style: Style): string {
  const at = style.code(p.path);
  switch (p.change) {
    case "added":
      return op === "create" ? `${at}: ${style.value(p.value)}` : `${at}: added ${style.value(p.value)}`;
    case "removed":
      return `${at}: removed (was ${style.value(p.value)})`;
    case "changed":
      return `${at}: ${style.value(p.old)} → ${style.value(p.value)}`;
    case "items":
      return `${at}: ${[
        p.added.length > 0 && `added ${p.added.map((v) => style.value(v)).join(", ")}`,
        p.removed.length > 0 && `removed ${p.removed.map((v) => style.value(v)).join(", ")}`,
      ]
        .filter(Boolean)
        .join("; ")}`;
  }
}

/** What names the object in Macie: its name and id, and the replacement's new name. */
function identity(c: MacieChange, style: Style): string | undefined {
  if (c.op === "create") return undefined; // the properties say it all
  const parts: string[] = [];
  if (c.macieName !== undefined && c.macieName !== UNKNOWN) parts.push(`Macie name ${style.code(c.macieName)}`);
  if (c.id) parts.push(`id ${style.code(c.id)}`);
  let text = parts.join(", ");
  if (c.newAutoName === UNKNOWN) text += "; the replacement's name is known after apply";
  else if (c.newAutoName !== undefined) text += `; the replacement is named ${style.code(c.newAutoName)}`;
  text = text.replace(/^; t/, "T");
  return text ? `${text[0].toUpperCase()}${text.slice(1)}.` : undefined;
}

/** Why the engine replaces the resource (after "Replaced because of"): the inputs, and the changes of this plan it follows. */
function reasons(c: MacieChange, style: Style): string | undefined {
  if (c.op !== "replace" || c.replaceReasons.length === 0) return undefined;
  const keys = c.replaceReasons.map((r) => style.code(r)).join(", ");
  const follows = c.follows.map((f) => `${f.kind} ${style.code(f.name)}, which this plan ${f.op === "delete" ? "deletes" : "replaces"}`);
  return `${keys}${follows.length ? `: it uses ${follows.join("; ")}` : ""}.`;
}

/** Consequence sentences use backticks for code; the style decides how they look. */
const prose = (s: string, style: Style) => s.replace(/`([^`]+)`/g, (_m, code) => style.code(code));

interface Section {
  heading: { op: Op; kind: string; name: string };
  identity?: string;
  reasons?: string;
  properties: string[];
  consequence?: string;
}

function sections(review: Review, style: Style): Section[] {
  return review.macie.map((c) => {
    const consequence = consequenceOf(c);
    return {
      heading: { op: c.op, kind: c.kind, name: c.name },
      identity: identity(c, style),
      reasons: reasons(c, style),
      properties: c.properties.map((p) => property(p, c.op, style)),
      consequence: consequence && prose(consequence, style),
    };
  });
}

const title = (review: Review) => (review.project && review.stack ? `${review.project}/${review.stack}` : undefined);

// ---------------------------------------------------------------------------------------------
// Markdown

/** A fenced block that no line of `text` can close. */
function fenced(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

export function renderMarkdown(review: Review, gate?: { gate: Gate; result: GateResult }): string {
  const s = MARKDOWN;
  const out: string[] = [];
  const where = title(review);
  out.push(`## Macie changes${where ? ` in ${s.code(where)}` : ""}`);
  if (review.failed) {
    out.push("**The preview failed**, so there is no plan to review. The engine reported:");
    out.push(fenced(review.errors.join("\n")));
    return `${out.join("\n\n")}\n`;
  }
  const [first, ...rest] = summary(review, s);
  out.push([`**${first}**`, ...rest].join(" "));
  for (const sec of sections(review, s)) {
    out.push(`### ${VERBS[sec.heading.op] ?? sec.heading.op} ${sec.heading.kind} ${s.code(sec.heading.name)}`);
    const lines = [sec.identity, sec.reasons && `**Replaced because of** ${sec.reasons}`].filter(Boolean) as string[];
    if (lines.length) out.push(lines.join("<br>\n"));
    if (sec.properties.length) out.push(sec.properties.map((p) => `- ${p}`).join("\n"));
    if (sec.consequence) out.push(`**In Macie:** ${sec.consequence}`);
  }
  if (review.others.length > 0) {
    out.push("### Other resources");
    out.push(review.others.map((o) => `- ${VERBS[o.op] ?? o.op} ${s.code(o.kind)} ${s.code(o.name)}`).join("\n"));
  }
  if (gate?.result.active) out.push(gateMarkdown(gate.gate, gate.result));
  return `${out.join("\n\n")}\n`;
}

function gateMarkdown(gate: Gate, result: GateResult): string {
  if (result.blocked.length === 0) return `---\n\n**CI gate: passed** (${describeGate(gate)}).`;
  const lines = result.blocked.map((b) => `- ${describeBlocked(b, MARKDOWN.code)}`);
  return `---\n\n**CI gate: blocked.** This plan changes what the team protects:\n\n${lines.join("\n")}`;
}

// ---------------------------------------------------------------------------------------------
// Text

const WIDTH = 100;

/** Wraps `text` at WIDTH columns: the first line starts with `first`, the next ones with `indent`. */
function wrap(text: string, first: string, indent: string): string {
  const lines: string[] = [];
  let line = first;
  let words = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (words > 0 && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = `${indent}${word}`;
    } else line = words > 0 || (line !== "" && !line.endsWith(" ")) ? `${line} ${word}` : `${line}${word}`;
    words += 1;
  }
  lines.push(line);
  return lines.join("\n");
}

export function renderText(review: Review, gate?: { gate: Gate; result: GateResult }): string {
  const s = TEXT;
  const out: string[] = [];
  const where = title(review);
  out.push(`Macie changes${where ? ` in ${where}` : ""}`);
  if (review.failed) {
    out.push("The preview failed, so there is no plan to review. The engine reported:");
    for (const e of review.errors) out.push(`  ${e}`);
    return `${out.join("\n")}\n`;
  }
  out.push(wrap(summary(review, s).join(" "), "", ""));
  for (const sec of sections(review, s)) {
    out.push("");
    out.push(`${(MARKS[sec.heading.op] ?? "?").padStart(2)} ${sec.heading.op} ${sec.heading.kind} ${sec.heading.name}`);
    if (sec.identity) out.push(`     ${sec.identity}`);
    if (sec.reasons) out.push(wrap(`Replaced because of ${sec.reasons}`, "     ", "       "));
    for (const p of sec.properties) out.push(`     ${p}`);
    if (sec.consequence) out.push(wrap(sec.consequence, "     In Macie:", "       "));
  }
  if (review.others.length > 0) {
    out.push("", "Other resources:");
    for (const o of review.others) out.push(`${(MARKS[o.op] ?? "?").padStart(2)} ${o.op} ${o.kind} ${o.name}`);
  }
  if (gate?.result.active) {
    out.push("");
    if (gate.result.blocked.length === 0) out.push(`CI gate: passed (${describeGate(gate.gate)}).`);
    else out.push("CI gate: blocked. This plan changes what the team protects:", ...gate.result.blocked.map((b) => `  ${describeBlocked(b)}`));
  }
  return `${out.join("\n")}\n`;
}

export function render(review: Review, format: Format, gate?: { gate: Gate; result: GateResult }): string {
  return format === "markdown" ? renderMarkdown(review, gate) : renderText(review, gate);
}
