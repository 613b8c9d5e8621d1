/**
 * Tags by ARN (`/tags/{resourceArn}`): TagResource, UntagResource (both 204) and
 * ListTagsForResource.
 *
 * An ARN `arn:aws:macie2:<region>:<account>:<type>/<id>` names a record of the caller's state:
 * every taggable record keeps its `arn` and a `tags` map. A resource of another account or
 * Region, an unknown type, or a deleted custom data identifier answers 404.
 */
import { notFound, validation, type Operation, type OperationContext, type RegionState, type TaggableResourceType } from "../core/types";
import { optionalTags, required, requiredList } from "../core/validate";
import { own } from "../core/records";

/** Where each taggable resource type lives in a Region state. */
const COLLECTIONS: Record<TaggableResourceType, keyof RegionState> = {
  "classification-job": "jobs",
  "custom-data-identifier": "customDataIdentifiers",
  "findings-filter": "findingsFilters",
  "allow-list": "allowLists",
  member: "members",
};

const ARN_RE = /^arn:aws[a-z-]*:macie2:([a-z0-9-]+):(\d{12}):([a-z-]+)\/(.+)$/;

/** The record an ARN names, or 404. */
function resourceOf(ctx: OperationContext, resourceArn: string): Record<string, any> {
  const m = ARN_RE.exec(resourceArn);
  if (!m) {
    throw validation(`resourceArn must be a Macie ARN (arn:aws:macie2:<region>:<account>:<resource-type>/<id>), got ${JSON.stringify(resourceArn)}`);
  }
  const [, region, account, type, id] = m;
  const collection = own(COLLECTIONS, type);
  if (!collection) {
    throw validation(`resourceArn names resource type "${type}", which has no tags (taggable: ${Object.keys(COLLECTIONS).join(", ")})`);
  }
  const missing = () => notFound(`The resource ${resourceArn} was not found in account ${ctx.accountId}, ${ctx.region}.`);
  if (account !== ctx.accountId || region !== ctx.region) throw missing();
  const records = ctx.scope()[collection] as Record<string, Record<string, any>>;
  const record = own(records, id);
  if (!record || record.deleted === true) throw missing();
  return record;
}

export const operations: Operation[] = [
  {
    name: "TagResource",
    method: "POST",
    path: "/tags/{resourceArn}",
    mutating: true,
    successStatus: 204,
    handle(ctx, { labels, body }) {
      const tags = optionalTags(required(body.tags, "tags"))!;
      const record = resourceOf(ctx, labels.resourceArn);
      const merged = { ...(record.tags ?? {}), ...tags };
      if (Object.keys(merged).length > 50) {
        throw validation(`tags: a resource can have at most 50 tags; ${labels.resourceArn} would have ${Object.keys(merged).length}`);
      }
      record.tags = merged;
      return {};
    },
  },
  {
    name: "UntagResource",
    method: "DELETE",
    path: "/tags/{resourceArn}",
    mutating: true,
    successStatus: 204,
    handle(ctx, { labels, query }) {
      const keys = requiredList<string>(query.tagKeys, "tagKeys", { min: 1, max: 50 });
      const record = resourceOf(ctx, labels.resourceArn);
      const tags = { ...(record.tags ?? {}) };
      for (const k of keys) delete tags[k];
      record.tags = tags;
      return {};
    },
  },
  {
    name: "ListTagsForResource",
    method: "GET",
    path: "/tags/{resourceArn}",
    mutating: false,
    handle(ctx, { labels }) {
      return { tags: { ...(resourceOf(ctx, labels.resourceArn).tags ?? {}) } };
    },
  },
];
