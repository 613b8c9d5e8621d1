/**
 * The sensitivity inspection template of automated sensitive data discovery over HTTP with the
 * real SDK: Get/Update/ListSensitivityInspectionTemplates, referenced ids, limits, members and
 * DisableMacie.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AcceptInvitationCommand,
  CreateAllowListCommand,
  CreateCustomDataIdentifierCommand,
  CreateInvitationsCommand,
  CreateMemberCommand,
  DeleteAllowListCommand,
  DeleteCustomDataIdentifierCommand,
  DisableMacieCommand,
  EnableMacieCommand,
  GetAutomatedDiscoveryConfigurationCommand,
  GetSensitivityInspectionTemplateCommand,
  ListInvitationsCommand,
  ListSensitivityInspectionTemplatesCommand,
  UpdateSensitivityInspectionTemplateCommand,
  type Macie2Client,
  type UpdateSensitivityInspectionTemplateRequest,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";
import { expectMacieError } from "../helpers/errors";

let em: TestEmulator;
let nextAccount = 620000000000;

beforeAll(async () => {
  em = await startEmulator();
});
afterAll(async () => {
  await em.stop();
});

/** A fresh account with Macie enabled, and its template id. */
async function account(): Promise<{ c: Macie2Client; id: string; accountId: string }> {
  const accountId = String(nextAccount++);
  const c = em.client(accountId);
  await c.send(new EnableMacieCommand({}));
  const { sensitivityInspectionTemplateId } = await c.send(new GetAutomatedDiscoveryConfigurationCommand({}));
  return { c, id: sensitivityInspectionTemplateId!, accountId };
}

const DEFAULT = {
  excludes: { managedDataIdentifierIds: [] },
  includes: { allowListIds: [], customDataIdentifierIds: [], managedDataIdentifierIds: [] },
};

const template = async (c: Macie2Client, id: string) => {
  const { $metadata, ...got } = await c.send(new GetSensitivityInspectionTemplateCommand({ id }));
  return got;
};
const put = (c: Macie2Client, id: string, settings: Omit<UpdateSensitivityInspectionTemplateRequest, "id">) =>
  c.send(new UpdateSensitivityInspectionTemplateCommand({ id, ...settings }));

async function cdi(c: Macie2Client, name: string): Promise<string> {
  return (await c.send(new CreateCustomDataIdentifierCommand({ name, regex: "EMP-[0-9]{6}" }))).customDataIdentifierId!;
}
async function allowList(c: Macie2Client, name: string): Promise<string> {
  return (await c.send(new CreateAllowListCommand({ name, criteria: { regex: "TEST-[0-9]+" } }))).id!;
}

describe("the sensitivity inspection template", () => {
  it("exists once Macie is enabled, with the id GetAutomatedDiscoveryConfiguration gives, and Macie's defaults", async () => {
    const { c, id } = await account();
    expect(await template(c, id)).toEqual({ ...DEFAULT, name: "automated-sensitive-data-discovery", sensitivityInspectionTemplateId: id });
  });

  it("is listed, alone", async () => {
    const { c, id } = await account();
    const listed = await c.send(new ListSensitivityInspectionTemplatesCommand({ maxResults: 1 }));
    expect(listed.sensitivityInspectionTemplates).toEqual([{ id, name: "automated-sensitive-data-discovery" }]);
    expect(listed.nextToken).toBeUndefined();
    await expectMacieError(c.send(new ListSensitivityInspectionTemplatesCommand({ maxResults: 0 })), "ValidationException", "maxResults must be at least 1");
    await expectMacieError(c.send(new ListSensitivityInspectionTemplatesCommand({ maxResults: 26 })), "ValidationException", "maxResults must be at most 25");
    await expectMacieError(c.send(new ListSensitivityInspectionTemplatesCommand({ nextToken: "garbage!" })), "ValidationException", "nextToken is invalid");
  });

  it("takes a description, excluded managed identifiers, and included allow lists, custom and managed identifiers", async () => {
    const { c, id } = await account();
    const employee = await cdi(c, "employee-id");
    const testNumbers = await allowList(c, "test-numbers");
    const settings = {
      description: "Tuned for the payments estate",
      excludes: { managedDataIdentifierIds: ["ADDRESS", "NAME"] },
      includes: { allowListIds: [testNumbers], customDataIdentifierIds: [employee], managedDataIdentifierIds: ["CREDIT_CARD_NUMBER_(NO_KEYWORD)", "SOME_NEWER_IDENTIFIER"] },
    };
    expect(await put(c, id, settings)).toMatchObject({ $metadata: { httpStatusCode: 200 } });
    expect(await template(c, id)).toEqual({ ...settings, name: "automated-sensitive-data-discovery", sensitivityInspectionTemplateId: id });
  });

  it("is replaced as a whole: what an update leaves out goes back to the default", async () => {
    const { c, id } = await account();
    await put(c, id, { description: "first", excludes: { managedDataIdentifierIds: ["NAME"] }, includes: { managedDataIdentifierIds: ["BIRTH_DATE"] } });
    await put(c, id, { description: "second" });
    expect(await template(c, id)).toMatchObject({ ...DEFAULT, description: "second" });
    await put(c, id, {});
    expect(await template(c, id)).not.toHaveProperty("description");
  });

  it("takes an allow list alone", async () => {
    const { c, id } = await account();
    const list = await allowList(c, "alone");
    await put(c, id, { includes: { allowListIds: [list] } });
    expect((await template(c, id)).includes).toEqual({ allowListIds: [list], customDataIdentifierIds: [], managedDataIdentifierIds: [] });
  });

  it("keeps an identifier or allow list deleted after it was included", async () => {
    const { c, id } = await account();
    const employee = await cdi(c, "employee-id");
    const list = await allowList(c, "test-numbers");
    await put(c, id, { includes: { allowListIds: [list], customDataIdentifierIds: [employee] } });
    await c.send(new DeleteCustomDataIdentifierCommand({ id: employee }));
    await c.send(new DeleteAllowListCommand({ id: list }));
    expect((await template(c, id)).includes).toMatchObject({ allowListIds: [list], customDataIdentifierIds: [employee] });
  });
});

describe("validation", () => {
  const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const cases: [string, any, string, string?][] = [
    ["a description of 201 characters", { description: "d".repeat(201) }, "ValidationException", "description must be at most 200 characters long"],
    ["a description that is not a string", { description: 42 }, "ValidationException", "description must be a string"],
    ["a managed identifier id of the wrong shape", { excludes: { managedDataIdentifierIds: ["credit card"] } }, "ValidationException", "excludes.managedDataIdentifierIds[0] must be a managed data identifier id"],
    ["an empty managed identifier id", { includes: { managedDataIdentifierIds: [""] } }, "ValidationException", "includes.managedDataIdentifierIds[0] must be at least 1"],
    ["a managed identifier listed twice", { includes: { managedDataIdentifierIds: ["NAME", "NAME"] } }, "ValidationException", 'includes.managedDataIdentifierIds[1] "NAME" is listed more than once'],
    [
      "a managed identifier both included and excluded",
      { includes: { managedDataIdentifierIds: ["PHONE_NUMBER"] }, excludes: { managedDataIdentifierIds: ["PHONE_NUMBER"] } },
      "ValidationException",
      "managed data identifier PHONE_NUMBER cannot be both",
    ],
    ["31 custom data identifiers", { includes: { customDataIdentifierIds: ids(31, "cdi-") } }, "ValidationException", "includes.customDataIdentifierIds must have at most 30 items"],
    ["11 allow lists", { includes: { allowListIds: ids(11, "list-") } }, "ValidationException", "includes.allowListIds must have at most 10 items"],
    ["a custom data identifier that does not exist", { includes: { customDataIdentifierIds: ["nope"] } }, "ResourceNotFoundException", "includes.customDataIdentifierIds[0]: custom data identifier nope was not found"],
    ["an allow list that does not exist", { includes: { allowListIds: ["nope"] } }, "ResourceNotFoundException", "includes.allowListIds[0]: allow list nope was not found"],
  ];
  for (const [what, settings, type, message] of cases) {
    it(`refuses ${what} and keeps the template`, async () => {
      const { c, id } = await account();
      await put(c, id, { description: "kept" });
      await expectMacieError(put(c, id, settings), type, message!);
      expect(await template(c, id)).toMatchObject({ ...DEFAULT, description: "kept" });
    });
  }

  it("takes a description of 200 characters", async () => {
    const { c, id } = await account();
    await put(c, id, { description: "d".repeat(200) });
    expect((await template(c, id)).description).toHaveLength(200);
  });

  it("refuses a deleted custom data identifier", async () => {
    const { c, id } = await account();
    const gone = await cdi(c, "gone");
    await c.send(new DeleteCustomDataIdentifierCommand({ id: gone }));
    await expectMacieError(put(c, id, { includes: { customDataIdentifierIds: [gone] } }), "ResourceNotFoundException", `custom data identifier ${gone} was deleted`);
  });

  it("refuses another account's custom data identifier", async () => {
    const a = await account();
    const b = await account();
    const theirs = await cdi(a.c, "theirs");
    await expectMacieError(put(b.c, b.id, { includes: { customDataIdentifierIds: [theirs] } }), "ResourceNotFoundException", theirs);
  });

  it("answers 404 for another id", async () => {
    const a = await account();
    const b = await account();
    await expectMacieError(a.c.send(new GetSensitivityInspectionTemplateCommand({ id: b.id })), "ResourceNotFoundException", `Sensitivity inspection template ${b.id} was not found`);
    await expectMacieError(put(a.c, b.id, { description: "x" }), "ResourceNotFoundException", b.id);
    expect(await template(b.c, b.id)).not.toHaveProperty("description");
  });
});

describe("who and when", () => {
  it("needs Macie enabled", async () => {
    const c = em.client(String(nextAccount++));
    await expectMacieError(c.send(new GetSensitivityInspectionTemplateCommand({ id: "abc" })), "AccessDeniedException", "Macie is not enabled");
    await expectMacieError(put(c, "abc", {}), "AccessDeniedException", "Macie is not enabled");
    await expectMacieError(c.send(new ListSensitivityInspectionTemplatesCommand({})), "AccessDeniedException", "Macie is not enabled");
  });

  it("goes back to the default when Macie is disabled, with the same id when Macie is enabled again", async () => {
    const { c, id } = await account();
    await put(c, id, { description: "tuned", excludes: { managedDataIdentifierIds: ["NAME"] } });
    await c.send(new DisableMacieCommand({}));
    await c.send(new EnableMacieCommand({}));
    expect((await c.send(new GetAutomatedDiscoveryConfigurationCommand({}))).sensitivityInspectionTemplateId).toBe(id);
    expect(await template(c, id)).toEqual({ ...DEFAULT, name: "automated-sensitive-data-discovery", sensitivityInspectionTemplateId: id });
  });

  it("is read but not updated by a member account", async () => {
    const admin = await account();
    const member = await account();
    await admin.c.send(new CreateMemberCommand({ account: { accountId: member.accountId, email: "m@example.com" } }));
    await admin.c.send(new CreateInvitationsCommand({ accountIds: [member.accountId] }));
    const [invitation] = (await member.c.send(new ListInvitationsCommand({}))).invitations!;
    await member.c.send(new AcceptInvitationCommand({ administratorAccountId: admin.accountId, invitationId: invitation.invitationId }));
    await expectMacieError(put(member.c, member.id, { description: "mine" }), "AccessDeniedException", "sensitivity inspection template", admin.accountId);
    expect(await template(member.c, member.id)).not.toHaveProperty("description");
  });
});
