/**
 * Tags of taggable Macie resources (jobs, custom data identifiers, findings filters, members,
 * allow lists), updated in place through TagResource / UntagResource: a tag change never
 * replaces a resource.
 */
import { macie2 } from "./sdk";
import type { CallContext } from "./definition";
import { userTags } from "./ownership";

/**
 * Make the resource's tags equal `next`, given that they are `previous`: one UntagResource for
 * the keys that went away, one TagResource for the keys added or changed. Nothing to do: no call.
 */
export async function applyTags(
  ctx: CallContext,
  resourceArn: string,
  previous: Record<string, string> | undefined,
  next: Record<string, string> | undefined,
): Promise<void> {
  const before = previous ?? {};
  const after = next ?? {};
  const removed = Object.keys(before).filter((k) => !(k in after));
  const changed = Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k] !== v));
  if (removed.length > 0) await ctx.send(new macie2.UntagResourceCommand({ resourceArn, tagKeys: removed }));
  if (Object.keys(changed).length > 0) await ctx.send(new macie2.TagResourceCommand({ resourceArn, tags: changed }));
}

/**
 * Tags as Macie reports them, without pulumi-macie's own (the ownership mark), and with "no tags"
 * as undefined so that `{}` and absent compare equal.
 */
export const reportedTags = (tags: Record<string, string> | undefined) => userTags(tags);
