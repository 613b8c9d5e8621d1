/**
 * What a `pulumi preview --json` plan does to Macie, as a reviewer reads it: the model behind the
 * review report (render.ts prints it, gate.ts judges it).
 *
 * Why the plan's own diff is not used: for dynamic resources the engine writes `detailedDiff: null`
 * and no `diffReasons`, and a step's outputs list every computed output (`jobArn`, `status`,
 * `statistics` ...) as if the replacement removed it. Only `replaceReasons` is reliable. So the
 * property diff is computed here, from the inputs of the old state and of the new state, without
 * the bookkeeping inputs (every key starting with `__`: the serialized provider, the resource name,
 * the owner, the stable sources) and without pulumi-macie's reserved tags.
 */
import { join, UNKNOWN } from "../core/schema";

/** The type token of every pulumi-macie resource: `pulumi-nodejs:dynamic/macie:<Class>`. */
export const MACIE_TYPE_PREFIX = "pulumi-nodejs:dynamic/macie:";
const STACK_TYPE = "pulumi:pulumi:Stack";
const PROVIDER_TYPE_PREFIX = "pulumi:providers:";
/** Tags that pulumi-macie sets itself (the ownership mark): never the program's. */
const RESERVED_TAG_PREFIX = "pulumi-macie:";
/** The key that marks a secret value in the engine's JSON. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** The input unreadable: no JSON, or not what `pulumi preview --json` prints. */
export class PlanInputError extends Error {}

export type Op = "create" | "update" | "replace" | "delete" | (string & {});

/** One changed value, at a path in the engine's grammar (`s3JobDefinition.bucketDefinitions[0].buckets`). */
export type PropertyChange =
  | { path: string; change: "added"; value: unknown }
  | { path: string; change: "removed"; value: unknown }
  | { path: string; change: "changed"; old: unknown; value: unknown }
  /** A list of plain values that gained or lost items (order aside). */
  | { path: string; change: "items"; added: unknown[]; removed: unknown[] };

/** A resource named in the report: its class (Macie) or type (others), and its Pulumi name. */
export interface Named {
  kind: string;
  name: string;
  op: Op;
}

export interface MacieChange extends Named {
  urn: string;
  /** The Pulumi id of the existing object (absent for a create). */
  id?: string;
  /** Macie's name of the object, when it has one (the new name for a create). */
  macieName?: string;
  /** The name the replacement gets when it is a new auto-name (not a change the program made). */
  newAutoName?: string;
  /** The account and Region the existing object lives in, from its outputs. */
  accountId?: string;
  region?: string;
  replaceReasons: string[];
  /** For a create: every input; otherwise what changed. None for a delete. */
  properties: PropertyChange[];
  /** The program's inputs before and after (bookkeeping keys and reserved tags left out). */
  oldInputs?: Record<string, unknown>;
  newInputs?: Record<string, unknown>;
  /** Changes of this plan that reference this resource (jobs that use this identifier). */
  usedBy: Named[];
  /** Replaced or deleted resources of this plan that this one references (and so follows). */
  follows: Named[];
}

export interface Review {
  project?: string;
  stack?: string;
  /** The preview itself failed (errors in its diagnostics): its steps are not a whole plan. */
  failed: boolean;
  errors: string[];
  /** Changed Macie resources: deletes, replaces, updates, creates, each by kind and name. */
  macie: MacieChange[];
  /** Changed resources of other types (AWS resources, components), the stack left out. */
  others: Named[];
  /** Resources the plan leaves as they are; named when the preview listed them (--show-sames). */
  unchanged: { count: number; named: Named[] };
}

/**
 * Inputs of one resource that hold the ids of other Macie resources, by class: how the report
 * finds the jobs that a replaced identifier or allow list takes with it.
 */
export const REFERENCES: Record<string, Record<string, string>> = {
  ClassificationJob: { customDataIdentifierIds: "CustomDataIdentifier", allowListIds: "AllowList" },
};

/** The order of a report: what cannot be undone first. */
const OP_ORDER = ["delete", "replace", "update", "create"];

// ---------------------------------------------------------------------------------------------
// Reading the plan

/** Parses the output of `pulumi preview --json`; throws PlanInputError when it is not one. */
export function parsePreview(text: string): any {
  if (text.trim() === "") throw new PlanInputError("the input is empty: expected the output of `pulumi preview --json`");
  let json: any;
  try {
    json = JSON.parse(text);
  } catch (e: any) {
    const start = JSON.stringify(text.trim().slice(0, 60));
    throw new PlanInputError(`the input is not JSON (${e.message}); it starts with ${start}. Expected the output of \`pulumi preview --json\``);
  }
  const isPreview =
    json && typeof json === "object" && !Array.isArray(json) && (Array.isArray(json.steps) || Array.isArray(json.diagnostics) || json.changeSummary);
  if (!isPreview) throw new PlanInputError("the input is JSON, but not the output of `pulumi preview --json` (no steps, diagnostics or changeSummary)");
  return json;
}

const typeFromUrn = (urn: string) => (urn.split("::")[2] ?? "").split("$").pop() ?? "";
const nameFromUrn = (urn: string) => urn.split("::").pop() ?? urn;

/** One op per resource: the engine may split a replacement into several steps. */
function opOf(ops: string[]): Op {
  if (ops.some((o) => ["replace", "create-replacement", "delete-replaced", "discard-replaced"].includes(o))) return "replace";
  return ops.find((o) => o !== "same") ?? "same";
}

/** Builds the review from a parsed preview. */
export function buildReview(preview: any): Review {
  const errors = (preview.diagnostics ?? [])
    .filter((d: any) => d?.severity === "error")
    .map((d: any) => String(d.message ?? "").replace(/^error: /, "").trim());

  // Steps by URN, in plan order.
  const byUrn = new Map<string, { ops: string[]; oldState?: any; newState?: any; replaceReasons: string[] }>();
  for (const step of preview.steps ?? []) {
    if (!step?.urn) continue;
    const entry = byUrn.get(step.urn) ?? { ops: [], replaceReasons: [] };
    entry.ops.push(String(step.op));
    entry.oldState ??= step.oldState;
    entry.newState ??= step.newState;
    for (const r of step.replaceReasons ?? []) if (!entry.replaceReasons.includes(r)) entry.replaceReasons.push(r);
    byUrn.set(step.urn, entry);
  }

  const [, stack, project] = /^urn:pulumi:([^:]+)::([^:]+)::/.exec([...byUrn.keys()][0] ?? "") ?? [];
  const macie: MacieChange[] = [];
  const others: Named[] = [];
  const sames: Named[] = [];
  let stackSame = false;
  for (const [urn, step] of byUrn) {
    const type = step.newState?.type ?? step.oldState?.type ?? typeFromUrn(urn);
    const op = opOf(step.ops);
    const name = nameFromUrn(urn);
    if (type === STACK_TYPE) {
      stackSame = op === "same";
      continue;
    }
    if (type.startsWith(PROVIDER_TYPE_PREFIX)) continue;
    const isMacie = type.startsWith(MACIE_TYPE_PREFIX);
    const kind = isMacie ? type.slice(MACIE_TYPE_PREFIX.length) : type;
    if (op === "same") sames.push({ kind, name, op });
    else if (isMacie) macie.push(macieChange(urn, kind, name, op, step));
    else others.push({ kind, name, op });
  }
  linkReferences(macie);

  const sameCount = Number(preview.changeSummary?.same ?? 0) - (stackSame ? 1 : 0);
  const order = (c: Named) => [OP_ORDER.indexOf(c.op) < 0 ? OP_ORDER.length : OP_ORDER.indexOf(c.op), c.kind, c.name] as const;
  const byOrder = (a: Named, b: Named) => {
    const [x, y] = [order(a), order(b)];
    return x[0] - y[0] || x[1].localeCompare(y[1]) || x[2].localeCompare(y[2]);
  };
  return {
    project,
    stack,
    failed: errors.length > 0,
    errors,
    macie: macie.sort(byOrder),
    others: others.sort(byOrder),
    unchanged: { count: Math.max(sameCount, sames.length), named: sames.sort(byOrder) },
  };
}

function macieChange(urn: string, kind: string, name: string, op: Op, step: { oldState?: any; newState?: any; replaceReasons: string[] }): MacieChange {
  const oldInputs = step.oldState ? programInputs(step.oldState.inputs) : undefined;
  const newInputs = step.newState ? programInputs(step.newState.inputs) : undefined;
  let properties: PropertyChange[] = [];
  if (op === "create") properties = diffValues({}, newInputs ?? {});
  else if (op !== "delete" && oldInputs && newInputs) properties = diffValues(oldInputs, newInputs);

  // A replacement without a name in the program gets a new auto-name: a consequence, not a change.
  let newAutoName: string | undefined;
  const nameChange = properties.find((p) => p.path === "name");
  const resourceName = step.newState?.inputs?.__resourceName ?? name;
  if (nameChange?.change === "changed" && isAutoName(nameChange.old, resourceName) && (nameChange.value === UNKNOWN || isAutoName(nameChange.value, resourceName))) {
    newAutoName = nameChange.value === UNKNOWN ? UNKNOWN : String(nameChange.value);
    properties = properties.filter((p) => p !== nameChange);
  }
  const outputs = step.oldState?.outputs ?? {};
  const macieName = (oldInputs ?? newInputs)?.name;
  return {
    kind,
    name,
    op,
    urn,
    id: step.oldState?.id || undefined,
    macieName: typeof macieName === "string" ? macieName : undefined,
    newAutoName,
    accountId: typeof outputs.accountId === "string" ? outputs.accountId : undefined,
    region: typeof outputs.region === "string" ? outputs.region : undefined,
    replaceReasons: step.replaceReasons,
    properties,
    oldInputs,
    newInputs,
    usedBy: [],
    follows: [],
  };
}

/** `<resource name>-<7 hex>`, cut to fit: the names `check` gives (docs/resources.md, Names). */
function isAutoName(value: unknown, resourceName: string): boolean {
  const m = typeof value === "string" ? /^(.+)-[0-9a-f]{7}$/.exec(value) : null;
  return !!m && resourceName.startsWith(m[1]);
}

/** Links each change to the changes of this plan whose ids it references (REFERENCES). */
function linkReferences(changes: MacieChange[]): void {
  const gone = (c: MacieChange) => c.op === "replace" || c.op === "delete";
  for (const user of changes) {
    for (const [input, kind] of Object.entries(REFERENCES[user.kind] ?? {})) {
      const ids = user.oldInputs?.[input];
      if (!Array.isArray(ids)) continue;
      for (const used of changes) {
        if (used.kind !== kind || !used.id || !ids.includes(used.id)) continue;
        used.usedBy.push({ kind: user.kind, name: user.name, op: user.op });
        if (gone(used)) user.follows.push({ kind: used.kind, name: used.name, op: used.op });
      }
    }
  }
}

/** The program's inputs: no bookkeeping keys (`__provider`, `__resourceName`, ...), no reserved tags. */
export function programInputs(bag: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(bag ?? {})) {
    if (k.startsWith("__")) continue;
    if (k === "tags" && v && typeof v === "object" && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v).filter(([t]) => !t.startsWith(RESERVED_TAG_PREFIX)));
    } else out[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The property diff

/** Absent, null and [] are the same to Macie (and to the provider's diff). */
const absent = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const isPlain = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The changes from `olds` to `news`, each at the deepest path that tells what changed: nested
 * objects by key, lists of objects by index, lists of plain values as items added and removed.
 * An unknown value (preview) is a change to "known after apply".
 */
export function diffValues(olds: unknown, news: unknown, path = ""): PropertyChange[] {
  if (absent(olds) && absent(news)) return [];
  if (absent(olds)) return [{ path, change: "added", value: news }];
  if (absent(news)) return [{ path, change: "removed", value: olds }];
  if (olds === UNKNOWN || news === UNKNOWN) return olds === news ? [] : [{ path, change: "changed", old: olds, value: news }];
  if (isObject(olds) && isObject(news) && !(SECRET_SIG in olds) && !(SECRET_SIG in news)) {
    const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].sort();
    return keys.flatMap((k) => diffValues(olds[k], news[k], join(path, k)));
  }
  if (Array.isArray(olds) && Array.isArray(news)) {
    const known = (l: unknown[]) => l.every((v) => isPlain(v) && v !== UNKNOWN);
    if (known(olds) && known(news)) return listItems(path, olds, news);
    const length = Math.max(olds.length, news.length);
    return Array.from({ length }, (_, i) => diffValues(olds[i], news[i], `${path}[${i}]`)).flat();
  }
  return same(olds, news) ? [] : [{ path, change: "changed", old: olds, value: news }];
}

/** A list of plain values: the items added and removed; a new order alone is a changed value. */
function listItems(path: string, olds: unknown[], news: unknown[]): PropertyChange[] {
  const without = (from: unknown[], take: unknown[]) => {
    const rest = [...take];
    return from.filter((v) => {
      const i = rest.findIndex((r) => same(r, v));
      if (i < 0) return true;
      rest.splice(i, 1);
      return false;
    });
  };
  const added = without(news, olds);
  const removed = without(olds, news);
  if (added.length || removed.length) return [{ path, change: "items", added, removed }];
  return same(olds, news) ? [] : [{ path, change: "changed", old: olds, value: news }];
}

/** A value as the report shows it: JSON, with unknowns as (known after apply) and secrets hidden. */
export function showValue(v: unknown): string {
  if (v === UNKNOWN) return "(known after apply)";
  const text = JSON.stringify(v, (_k, x) => (isObject(x) && SECRET_SIG in x ? "(secret)" : x));
  return text.split(JSON.stringify(UNKNOWN)).join("(known after apply)").split('"(secret)"').join("(secret)");
}

export { UNKNOWN };
