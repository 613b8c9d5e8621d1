/**
 * Creates that survive an interrupted `pulumi up`.
 *
 * When the CLI is killed after Macie committed a create but before the engine recorded it, the
 * object exists in Macie and nowhere in the state. The next `up` creates the resource again. So
 * that it does not make a second object, every object a create makes carries an ownership mark,
 * the tag `pulumi-macie:owner`, whose value is
 *
 *     <owner hash, 24 hex>.<definition hash, 12 hex>
 *
 * - the owner hash identifies the declaring Pulumi resource: organization, project, stack, parent
 *   URN, type and name (see `ownerOf` in provider.ts). Two resources never share it; the same
 *   resource in the next run has the same one;
 * - the definition hash identifies the inputs it was created with (tags aside).
 *
 * Before creating, the create lists the objects that could be its own earlier attempt (same name,
 * or the auto-name pattern of this resource) and reads their marks:
 * - an object of this resource with the same inputs is adopted;
 * - an object of this resource with other inputs (the program changed between the runs) is
 *   updated in place where Macie can (filters, allow lists) or discarded (identifiers are deleted,
 *   jobs cancelled) before the create;
 * - an object without this resource's mark is never adopted. Where Macie requires unique names
 *   (findings filters), one with the wanted name stops the create at once, with its id and the
 *   ways out.
 *
 * An object that the engine tracks for this resource (the one a replacement replaces) carries the
 * same owner mark. It must not be adopted, or the replacement would then delete what it adopted.
 * The engine always diffs a resource before it replaces it, in the same plugin process, so every
 * id seen by diff/read/update/delete is remembered here and skipped by the claim.
 *
 * Why not a creation token derived from the inputs: Macie answers a repeated token with the first
 * response, so a resource deleted and later declared again with the same inputs would get back the
 * id of the deleted object. Tokens stay random per create, reused across retries of that create.
 */
import { createHash } from "node:crypto";
import { containsUnknown } from "./schema";

/** The tag key of the ownership mark. Tags under `pulumi-macie:` are reserved. */
export const OWNER_TAG = "pulumi-macie:owner";
export const RESERVED_TAG_PREFIX = "pulumi-macie:";
/** The input that carries the declaring resource's identity from the program to the provider. */
export const OWNER_KEY = "__owner";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * Input values as Macie sees them: absent, null, [] and {} are the same, and object keys are
 * sorted. The one notion of "same value" of the provider: diff compares with it, and the
 * definition hash (auto-names, the ownership mark) is taken of it, so that two programs that diff
 * as equal also hash equally.
 */
function normalize(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) return v.length ? v.map(normalize) : undefined;
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const n = normalize((v as any)[k]);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v;
}

/** The normalized value as JSON, for comparing and hashing. */
export const canonical = (value: unknown): string => JSON.stringify(normalize(value) ?? null);

export const ownerHash = (owner: string) => sha256(owner).slice(0, 24);

/**
 * The hash of what a create makes: the inputs without tags (they change in place) and without the
 * keys listed in `leaveOut` (create-only values, the name when it is the thing being derived).
 * Undefined while any of them is unknown (during a preview).
 */
export function definitionHash(inputs: Record<string, unknown>, leaveOut: readonly string[] = []): string | undefined {
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(inputs)) if (!k.startsWith("__") && k !== "tags" && !leaveOut.includes(k)) kept[k] = v;
  if (containsUnknown(kept)) return undefined;
  return sha256(canonical(kept)).slice(0, 12);
}

/** The mark's value for an owner and a definition hash. */
export const markOf = (owner: string, definition: string) => `${ownerHash(owner)}.${definition}`;

export interface Mark {
  owner: string;
  definition: string;
}

export function parseMark(value: string | undefined): Mark | undefined {
  const m = /^([0-9a-f]{24})\.([0-9a-f]{12})$/.exec(value ?? "");
  return m ? { owner: m[1], definition: m[2] } : undefined;
}

/**
 * A name that the next run reproduces: the resource name and 7 hex of a hash of the owner and the
 * inputs. A replacement (new inputs) gets a new name, as with Pulumi's random auto-names, and an
 * interrupted run's object has the name the next run asks for when the program did not change.
 * Undefined while an input is unknown.
 */
export function reproducibleName(resourceName: string, owner: string, inputs: Record<string, unknown>, leaveOut: readonly string[], maxLength: number): string | undefined {
  const definition = definitionHash(inputs, leaveOut);
  if (definition === undefined) return undefined;
  const suffix = sha256(`${owner}\0${definition}`).slice(0, 7);
  return `${resourceName.slice(0, Math.max(1, maxLength - suffix.length - 1))}-${suffix}`;
}

/** Whether `name` is one that `reproducibleName` can give for this resource name. */
export function isAutoNameOf(name: string, resourceName: string, maxLength: number): boolean {
  const prefix = resourceName.slice(0, Math.max(1, maxLength - 8));
  return name.length === prefix.length + 8 && name.startsWith(`${prefix}-`) && /^[0-9a-f]{7}$/.test(name.slice(prefix.length + 1));
}

/** Tags without the reserved ones: what the user declared. */
export function userTags(tags: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!tags) return tags;
  const out = Object.fromEntries(Object.entries(tags).filter(([k]) => !k.startsWith(RESERVED_TAG_PREFIX)));
  return Object.keys(out).length ? out : undefined;
}

/** Ids of objects the engine tracks, seen by diff/read/update/delete in this process: never claimed. */
const tracked = new Set<string>();
export const track = (type: string, id: string) => {
  if (id) tracked.add(`${type}\0${id}`);
};
export const isTracked = (type: string, id: string) => tracked.has(`${type}\0${id}`);
