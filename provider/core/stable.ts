/**
 * Stable outputs in previews: an in-place update of one resource must not preview a replacement
 * of the resources that consume its account id, Region, ARN or id.
 *
 * Why this is needed: during a preview, the engine answers an update of a dynamic resource with
 * the new inputs as its outputs (the dynamic-provider plugin does not support provider previews,
 * and drops a diff's `stables`). Every computed output of a resource that is being updated is then
 * unknown, and a consumer whose replace-triggering input holds it (a job's bucket definitions
 * holding `account.accountId`) plans a replacement that `up` does not carry out.
 *
 * How: the two halves of a preview meet in the dynamic-provider plugin, one process for the whole
 * deployment, and the engine always diffs a resource before its consumers can be registered.
 * - In the program, each resource marks its stable outputs (the location, and its definition's
 *   `stableOutputs`) with the owner hash of the resource. A consumer's constructor finds marked
 *   outputs in its arguments, at any depth of plain objects and arrays, and sends their places as
 *   the bookkeeping input `__stableSources`: `[path, owner hash, output name]`.
 * - In the plugin, `diff` notes every resource it plans to update in place (or to leave alone),
 *   with the old values of its stable outputs; a replacement erases the note.
 * - The consumer's `check` puts the noted old value wherever its input still holds the unknown
 *   value at a noted place. Anything else stays unknown: a producer that is created or replaced,
 *   an output that can change in an update (a status), and values computed from outputs
 *   (`apply`, `interpolate`), whose origin the program does not keep.
 *
 * The marks and notes are keyed by `Symbol.for` on shared objects, so that two copies of
 * pulumi-macie (a component library's and the program's) understand each other.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ownerHash } from "./ownership";
import { UNKNOWN } from "./schema";

/** The input that carries the places of stable outputs in a consumer's arguments. */
export const STABLE_SOURCES_KEY = "__stableSources";

/** A place in the inputs (keys and array indexes), the producer's owner hash, and its output. */
export type StableSource = [path: (string | number)[], owner: string, output: string];

const MARK = Symbol.for("pulumi-macie.stable-output");
const NOTES = Symbol.for("pulumi-macie.updated-in-place");

interface Mark {
  owner: pulumi.Input<string>;
  output: string;
}

// ---------------------------------------------------------------------------------------------
// In the program

/** Marks the resource's outputs `names` as stable, under its owner identity. */
export function markStableOutputs(resource: object, owner: pulumi.Input<string>, names: readonly string[]): void {
  for (const output of names) {
    const value = (resource as Record<string, unknown>)[output];
    if (value && typeof value === "object" && !Object.prototype.hasOwnProperty.call(value, MARK)) {
      Object.defineProperty(value, MARK, { value: { owner, output } satisfies Mark });
    }
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(v));

/**
 * The marked outputs found in a resource's arguments, with their places; undefined when there
 * are none, so that the inputs of a resource that consumes none stay as they were.
 */
export function stableSourcesOf(args: object, all: typeof pulumi.all): pulumi.Input<StableSource[]> | undefined {
  const found: { path: (string | number)[]; mark: Mark }[] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    if (path.length > 32 || !value || typeof value !== "object") return;
    const mark = (value as Record<symbol, Mark | undefined>)[MARK];
    if (mark) found.push({ path, mark });
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  for (const [k, v] of Object.entries(args)) if (!k.startsWith("__")) walk(v, [k]);
  if (found.length === 0) return undefined;
  // The owners are known at preview (they come from URNs); no dependency on the producers.
  return all(found.map((f) => f.mark.owner)).apply((owners) =>
    found.map((f, i): StableSource => [f.path, ownerHash(owners[i]), f.mark.output]),
  );
}

// ---------------------------------------------------------------------------------------------
// In the dynamic-provider plugin

function notes(): Map<string, Record<string, unknown>> {
  const g = globalThis as Record<symbol, Map<string, Record<string, unknown>> | undefined>;
  return (g[NOTES] ??= new Map());
}

/**
 * Called by `diff`: the resource of `owner` is updated in place or left alone (`replaced` false),
 * so its stable outputs keep the values of the state `olds`; or it is replaced, and they may not.
 */
export function noteDiff(owner: string, names: readonly string[], olds: Record<string, unknown>, replaced: boolean): void {
  const key = ownerHash(owner);
  if (replaced) {
    notes().delete(key);
    return;
  }
  const values: Record<string, unknown> = {};
  for (const name of names) if (olds[name] !== undefined && olds[name] !== UNKNOWN) values[name] = olds[name];
  notes().set(key, values);
}

/**
 * The inputs with each unknown value at a place of `__stableSources` replaced by the noted value
 * of its producer's output, when that producer was noted as updated in place. Returns `news`
 * itself when nothing is replaced.
 */
export function withStableValues(news: Record<string, any>): Record<string, any> {
  const sources = news[STABLE_SOURCES_KEY];
  if (!Array.isArray(sources)) return news;
  let out = news;
  for (const source of sources) {
    if (!Array.isArray(source) || source.length !== 3) continue;
    const [place, owner, output] = source as StableSource;
    const value = notes().get(owner)?.[output];
    if (value === undefined || !Array.isArray(place) || place.length === 0) continue;
    if (valueAt(out, place) !== UNKNOWN) continue;
    if (out === news) out = structuredClone(news);
    setAt(out, place, value);
  }
  return out;
}

function valueAt(bag: unknown, place: (string | number)[]): unknown {
  let v = bag;
  for (const key of place) {
    if (!v || typeof v !== "object" || !Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

function setAt(bag: Record<string, any>, place: (string | number)[], value: unknown): void {
  let v: any = bag;
  for (const key of place.slice(0, -1)) v = v[key];
  v[place[place.length - 1]] = value;
}
