/**
 * The claim a create makes before it creates: find this resource's earlier, interrupted attempt in
 * Macie and adopt it, discard what is left over, and refuse a name that someone else's object holds.
 * The rules are in ownership.ts.
 */
import type { CallContext, ClaimCandidate, ResourceDefinition } from "./definition";
import { definitionHash, isAutoNameOf, isTracked, markOf, OWNER_TAG, ownerHash, parseMark, type Mark } from "./ownership";

/** The ownership mark a create puts on what it makes. */
export function markFor(def: ResourceDefinition, owner: string, inputs: Record<string, any>): string {
  return markOf(owner, definitionHash(inputs, def.createOnly ?? [])!);
}

/** The `pulumi-macie:owner` value for an existing object, to adopt it: shown in error messages. */
const adoptionTag = (def: ResourceDefinition, owner: string, inputs: Record<string, any>) => `${OWNER_TAG}=${markFor(def, owner, inputs)}`;

interface Own {
  candidate: ClaimCandidate;
  mark: Mark;
}

/**
 * The objects of a type in an account and Region when this plugin process first looked: one list
 * (every page) per type and place per process, not one per create. An interrupted attempt's
 * object predates the process (its plugin is gone, engine.ts), and the objects this process makes
 * itself are tracked and never claimed, so a later look would find nothing more to claim. A
 * candidate deleted since is skipped when its tags or its read find it gone.
 */
const snapshots = new Map<string, Promise<ClaimCandidate[]>>();

function candidatesOf(def: ResourceDefinition, ctx: CallContext): Promise<ClaimCandidate[]> {
  const key = JSON.stringify([def.type, ctx.accountId, ctx.region]);
  let snapshot = snapshots.get(key);
  if (!snapshot) {
    snapshot = def.claim!.list(ctx);
    snapshots.set(key, snapshot);
    snapshot.catch(() => snapshots.delete(key)); // a failed list is tried again by the next create
  }
  return snapshot;
}

/**
 * Adopts this resource's earlier object, if there is one, and returns its id and computed outputs
 * (after updating it to the inputs where it differs). Returns undefined when the create must go on.
 */
export async function claimEarlierAttempt(
  def: ResourceDefinition,
  ctx: CallContext,
  inputs: Record<string, any>,
  owner: string,
  resourceName: string,
  changedInputs: (olds: Record<string, any>, news: Record<string, any>) => string[],
): Promise<{ id: string; outs: Record<string, any> } | undefined> {
  const claim = def.claim!;
  const wanted: string | undefined = inputs.name;
  const mine = ownerHash(owner);
  const definition = definitionHash(inputs, def.createOnly ?? []);
  const maybeOurs = (c: ClaimCandidate) =>
    c.name !== undefined && (c.name === wanted || (!!def.autoName && !!resourceName && isAutoNameOf(c.name, resourceName, def.autoName.maxLength)));

  const own: Own[] = [];
  for (const candidate of (await candidatesOf(def, ctx)).filter(maybeOurs)) {
    const tags = candidate.tags ?? (await claim.tagsOf?.(ctx, candidate.id));
    if (!tags) continue; // gone meanwhile
    const mark = parseMark(tags[OWNER_TAG]);
    if (mark?.owner === mine) {
      if (!isTracked(def.type, candidate.id)) own.push({ candidate, mark });
    } else if (claim.uniqueNames && candidate.name === wanted) {
      throw new Error(
        `a ${claim.noun} named "${wanted}" already exists in account ${ctx.accountId}, ${ctx.region} (id ${candidate.id}), ` +
          `and this resource did not make it (it has ${mark ? "another resource's" : "no"} ${OWNER_TAG} tag), so it is not adopted. ` +
          `Macie wants ${claim.noun} names unique per account and Region. Ways out: give this resource another name; ` +
          `or delete the existing ${claim.noun} (id ${candidate.id}) if nothing needs it; ` +
          `or, to let this resource take it over, tag it ${adoptionTag(def, owner, inputs)} and run pulumi up again.`,
      );
    }
  }
  if (own.length === 0) return undefined;

  // The object with the same inputs wins; else, where Macie can update it, any of ours.
  const exact = own.find((o) => o.mark.definition === definition);
  let pick = exact ?? (claim.changedInputs === "update" ? own[0] : undefined);
  let current = pick ? await def.read(ctx, pick.candidate.id, inputs as any) : undefined;
  // Gone meanwhile, or changed in a way only a replacement makes (an allow list's kind): not adopted.
  if (!current || (pick !== exact && (def.replaceWhen?.({ ...inputs, ...current }, inputs) ?? []).length > 0)) pick = current = undefined;
  for (const leftover of own.filter((o) => o !== pick)) {
    ctx.log(`discarding ${claim.noun} ${leftover.candidate.id}, left by an interrupted create of this resource with other inputs`);
    await def.delete(ctx, leftover.candidate.id, { ...inputs, name: leftover.candidate.name });
  }
  if (!pick || !current) return undefined;

  const id = pick.candidate.id;
  ctx.log(`adopting ${claim.noun} ${id}, made by an interrupted create of this resource`);
  const olds = { ...inputs, ...current };
  const fields = Object.keys(def.schema.fields);
  const changed = changedInputs(olds, inputs);
  const updated = changed.length > 0 && def.update ? await def.update(ctx, id, olds, inputs, changed) : {};
  const computed = Object.fromEntries(Object.entries(current).filter(([k]) => !fields.includes(k)));
  return { id, outs: { ...computed, ...updated } };
}

/** Every item of a paginated Macie list. */
export async function allPages<T>(page: (nextToken?: string) => Promise<{ items?: T[]; nextToken?: string }>): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const result = await page(nextToken);
    items.push(...(result.items ?? []));
    nextToken = result.nextToken || undefined;
  } while (nextToken);
  return items;
}
