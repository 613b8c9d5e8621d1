/**
 * Lists that Macie keeps as sets (a classification scope's buckets, a template's identifiers):
 * their order means nothing to Macie, which may report them in another order than the program's.
 */

const keyOf = (x: unknown) => JSON.stringify(x);

/**
 * `actual` in the order of `reference`: the items `reference` has, in its order, then the others
 * in `actual`'s order. A read reports Macie's items this way, so that Macie's order never shows as
 * drift against the program's.
 */
export function inOrderOf<T>(reference: readonly T[] | undefined, actual: readonly T[]): T[] {
  const present = new Set(actual.map(keyOf));
  const known = (reference ?? []).filter((x) => present.has(keyOf(x)));
  const knownKeys = new Set(known.map(keyOf));
  return [...known, ...actual.filter((x) => !knownKeys.has(keyOf(x)))];
}

/** The items to add and to remove to turn the set `before` into the set `after`. */
export function setChange<T>(before: readonly T[] | undefined, after: readonly T[] | undefined): { added: T[]; removed: T[] } {
  const b = new Set((before ?? []).map(keyOf));
  const a = new Set((after ?? []).map(keyOf));
  return { added: (after ?? []).filter((x) => !b.has(keyOf(x))), removed: (before ?? []).filter((x) => !a.has(keyOf(x))) };
}
