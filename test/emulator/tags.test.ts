/** Tags by ARN: TagResource, UntagResource, ListTagsForResource; and ListManagedDataIdentifiers. */
import { afterEach, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  AccessDeniedException,
  CreateMemberCommand,
  EnableMacieCommand,
  ListManagedDataIdentifiersCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  ValidationException,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";
import { emptyRegionState, type World } from "../../emulator";
import { MANAGED_DATA_IDENTIFIER_IDS } from "../../emulator/operations/managedDataIdentifiers";

const ACCOUNT = "111111111111";
const arn = (type: string, id: string, region = "us-east-1", account = ACCOUNT) => `arn:aws:macie2:${region}:${account}:${type}/${id}`;
let em: TestEmulator | undefined;
afterEach(async () => {
  await em?.stop();
  em = undefined;
});

/** An enabled account whose state holds one record of every taggable type (and a deleted identifier). */
async function startWithResources() {
  const state = emptyRegionState();
  state.session = {
    status: "ENABLED",
    findingPublishingFrequency: "FIFTEEN_MINUTES",
    serviceRole: "role",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
  };
  state.jobs.j1 = { jobId: "j1", jobArn: arn("classification-job", "j1"), tags: { k: "job" } };
  state.customDataIdentifiers.c1 = { id: "c1", arn: arn("custom-data-identifier", "c1"), tags: { k: "cdi" }, deleted: false };
  state.customDataIdentifiers.gone = { id: "gone", arn: arn("custom-data-identifier", "gone"), tags: {}, deleted: true };
  state.findingsFilters.f1 = { id: "f1", arn: arn("findings-filter", "f1"), tags: { k: "filter" } };
  state.allowLists.a1 = { id: "a1", arn: arn("allow-list", "a1"), tags: { k: "allow" } };
  state.members["222222222222"] = { accountId: "222222222222", arn: arn("member", "222222222222"), tags: { k: "member" }, relationshipStatus: "Created" };
  const world: World = { version: 1, accounts: { [ACCOUNT]: { "us-east-1": state } }, organizationAdmins: {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "macie-tags-"));
  fs.writeFileSync(path.join(dir, "state.json"), JSON.stringify(world));
  em = await startEmulator({ statePath: path.join(dir, "state.json") });
  return em.client(ACCOUNT);
}

describe("tags", () => {
  it("are listed, added and removed on every taggable resource type", async () => {
    const c = await startWithResources();
    const cases: [string, string, string][] = [
      ["classification-job", "j1", "job"],
      ["custom-data-identifier", "c1", "cdi"],
      ["findings-filter", "f1", "filter"],
      ["allow-list", "a1", "allow"],
      ["member", "222222222222", "member"],
    ];
    for (const [type, id, value] of cases) {
      const resourceArn = arn(type, id);
      expect((await c.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual({ k: value });
      const tagged = await c.send(new TagResourceCommand({ resourceArn, tags: { k: "changed", extra: "1" } }));
      expect(tagged.$metadata.httpStatusCode).toBe(204);
      expect((await c.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual({ k: "changed", extra: "1" });
      const untagged = await c.send(new UntagResourceCommand({ resourceArn, tagKeys: ["k", "absent"] }));
      expect(untagged.$metadata.httpStatusCode).toBe(204);
      expect((await c.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual({ extra: "1" });
    }
    const world = await em!.admin.state();
    expect(world.accounts[ACCOUNT]["us-east-1"].jobs.j1.tags).toEqual({ extra: "1" });
    const calls = await em!.admin.calls();
    expect(calls.operations.TagResource).toEqual({ succeeded: 5, failed: {}, mutating: true });
    expect(calls.operations.ListTagsForResource.mutating).toBe(false);
  });

  it("work on a member created through the API", async () => {
    em = await startEmulator();
    const c = em.client(ACCOUNT);
    await c.send(new EnableMacieCommand({}));
    const { arn: memberArn } = await c.send(new CreateMemberCommand({ account: { accountId: "222222222222", email: "m@example.com" } }));
    expect((await c.send(new ListTagsForResourceCommand({ resourceArn: memberArn! }))).tags).toEqual({});
    await c.send(new TagResourceCommand({ resourceArn: memberArn!, tags: { env: "prod" } }));
    expect((await c.send(new ListTagsForResourceCommand({ resourceArn: memberArn! }))).tags).toEqual({ env: "prod" });
  });

  it("answer 404 for unknown resources, deleted identifiers, and other accounts or Regions", async () => {
    const c = await startWithResources();
    for (const resourceArn of [
      arn("findings-filter", "nope"),
      arn("custom-data-identifier", "gone"),
      arn("findings-filter", "f1", "eu-west-1"),
      arn("findings-filter", "f1", "us-east-1", "999999999999"),
    ]) {
      for (const cmd of [
        new ListTagsForResourceCommand({ resourceArn }),
        new TagResourceCommand({ resourceArn, tags: { a: "b" } }),
        new UntagResourceCommand({ resourceArn, tagKeys: ["a"] }),
      ]) {
        const err: any = await c.send(cmd as any).catch((e) => e);
        expect(err, resourceArn).toBeInstanceOf(ResourceNotFoundException);
        expect(err.message).toContain(`The resource ${resourceArn} was not found`);
      }
    }
  });

  it("validate the ARN, the tags and the tag keys, naming the member", async () => {
    const c = await startWithResources();
    const f1 = arn("findings-filter", "f1");
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`t${i}`, "v"]));
    const cases: [any, string][] = [
      [new ListTagsForResourceCommand({ resourceArn: "not-an-arn" }), "resourceArn must be a Macie ARN"],
      [new ListTagsForResourceCommand({ resourceArn: arn("usage", "x") }), 'resourceArn names resource type "usage", which has no tags'],
      [new TagResourceCommand({ resourceArn: f1 } as any), "tags is required"],
      [new TagResourceCommand({ resourceArn: f1, tags: { "aws:reserved": "x" } }), 'tags key "aws:reserved" must not begin with aws:'],
      [new TagResourceCommand({ resourceArn: f1, tags: { ["k".repeat(129)]: "x" } }), "must be 1-128 characters long"],
      [new TagResourceCommand({ resourceArn: f1, tags: { k: "v".repeat(257) } }), "tags.k must be at most 256 characters long"],
      [new TagResourceCommand({ resourceArn: f1, tags: fifty }), "a resource can have at most 50 tags"],
      [new UntagResourceCommand({ resourceArn: f1 } as any), "tagKeys is required"],
    ];
    for (const [cmd, message] of cases) {
      const err = await c.send(cmd).catch((e: any) => e);
      expect(err, message).toBeInstanceOf(ValidationException);
      expect(err.message).toContain(message);
    }
    expect((await c.send(new ListTagsForResourceCommand({ resourceArn: f1 }))).tags).toEqual({ k: "filter" });
  });

  it("need Macie enabled", async () => {
    em = await startEmulator();
    const err = await em.client(ACCOUNT).send(new ListTagsForResourceCommand({ resourceArn: arn("member", "222222222222") })).catch((e) => e);
    expect(err).toBeInstanceOf(AccessDeniedException);
  });
});

describe("ListManagedDataIdentifiers", () => {
  it("lists the managed data identifiers with their categories", async () => {
    em = await startEmulator();
    const c = em.client(ACCOUNT);
    await c.send(new EnableMacieCommand({}));
    const { items, nextToken } = await c.send(new ListManagedDataIdentifiersCommand({}));
    expect(nextToken).toBeUndefined();
    expect(items!.map((i) => i.id)).toEqual([...MANAGED_DATA_IDENTIFIER_IDS]);
    expect(items).toContainEqual({ id: "AWS_CREDENTIALS", category: "CREDENTIALS" });
    expect(items).toContainEqual({ id: "CREDIT_CARD_NUMBER", category: "FINANCIAL_INFORMATION" });
    expect(items).toContainEqual({ id: "USA_SOCIAL_SECURITY_NUMBER", category: "PERSONAL_INFORMATION" });
    const bad = await c.send(new ListManagedDataIdentifiersCommand({ nextToken: "bogus!" })).catch((e) => e);
    expect(bad).toBeInstanceOf(ValidationException);
  });

  it("pages by the config's pageSizes: every identifier once, in order", async () => {
    em = await startEmulator({ config: { pageSizes: { ListManagedDataIdentifiers: 8 } } });
    const c = em.client(ACCOUNT);
    await c.send(new EnableMacieCommand({}));
    const pages: number[] = [];
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await c.send(new ListManagedDataIdentifiersCommand({ nextToken }));
      pages.push(page.items!.length);
      ids.push(...page.items!.map((i) => i.id!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(ids).toEqual([...MANAGED_DATA_IDENTIFIER_IDS]);
    expect(pages.length).toBe(Math.ceil(MANAGED_DATA_IDENTIFIER_IDS.length / 8));
    expect(pages.slice(0, -1).every((n) => n === 8)).toBe(true);
  });

  it("refuses a page size below 1 at start", async () => {
    await expect(startEmulator({ config: { pageSizes: { ListManagedDataIdentifiers: 0 } } })).rejects.toThrow(/pageSizes.ListManagedDataIdentifiers must be an integer >= 1/);
  });
});
