/**
 * macie.Member through the real provider runtime against macie-local: invitation-based members
 * (an administrator outside any organization) and Organizations-managed members (the delegated
 * administrator of a modelled organization).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AcceptInvitationCommand,
  CreateInvitationsCommand,
  CreateMemberCommand,
  DeleteMemberCommand,
  DisassociateFromAdministratorAccountCommand,
  EnableOrganizationAdminAccountCommand,
  GetMemberCommand,
  ListInvitationsCommand,
  ListTagsForResourceCommand,
  UpdateMemberSessionCommand,
} from "@aws-sdk/client-macie2";
import { startProviderHarness, type Deployed, type ProviderHarness } from "../helpers/provider";

const TYPE = "Member";
const ADMIN = "111111111111";
const MEMBER = "222222222222";
const EMAIL = "security@example.com";
// The organization: its delegated administrator manages ORG_MEMBER without invitation.
const MANAGEMENT = "100000000000";
const ORG_ADMIN = "200000000000";
const ORG_MEMBER = "300000000000";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness({
    accountId: ADMIN,
    config: { organization: { managementAccountId: MANAGEMENT, memberAccountIds: [ORG_ADMIN, ORG_MEMBER] } },
  });
});
afterAll(async () => h?.stop());
beforeEach(async () => {
  await h.reset();
  await h.enableMacie(ADMIN);
  await h.enableMacie(MEMBER);
});

const getMember = (id = MEMBER, admin = ADMIN) => h.client(admin).send(new GetMemberCommand({ id }));

/** The member account accepts the pending invitation from ADMIN, through the SDK. */
async function accept() {
  const c = h.client(MEMBER);
  const { invitations } = await c.send(new ListInvitationsCommand({}));
  const inv = invitations!.find((i) => i.accountId === ADMIN)!;
  await c.send(new AcceptInvitationCommand({ administratorAccountId: ADMIN, invitationId: inv.invitationId }));
}

async function check(args: Record<string, any>, prior?: Deployed) {
  const { inputs, failures } = await h.check(TYPE, { ...args, __name: "member" }, prior?.inputs ?? {});
  expect(failures).toEqual([]);
  return inputs;
}

describe("Member (invitation-based)", () => {
  it("creates the member, reads it with one call, and a no-op diff makes no call", async () => {
    const created = await h.countCalls(() => h.up(TYPE, "member", { accountId: MEMBER, email: EMAIL }));
    const m = created.result;
    expect(created.operations).toEqual({ CreateMember: 1, GetMember: 1 });
    expect(m.id).toBe(MEMBER);
    expect(m.outs).toMatchObject({
      accountId: MEMBER,
      email: EMAIL,
      invite: false,
      status: "ENABLED",
      relationshipStatus: "Created",
      administratorAccountId: ADMIN,
      arn: `arn:aws:macie2:us-east-1:${ADMIN}:member/${MEMBER}`,
      region: "us-east-1",
    });

    const read = await h.countCalls(() => h.refresh(m));
    expect(read.operations).toEqual({ GetMember: 1 });
    expect(read.result!.outs).toEqual(m.outs);

    const d = await h.countCalls(async () => h.diff(TYPE, m.id, read.result!.outs, await check({ accountId: MEMBER, email: EMAIL }, m)));
    expect(d.result).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(d.operations).toEqual({});
  });

  it("invites on create, with the message and email setting, then follows the member's acceptance", async () => {
    const created = await h.countCalls(() =>
      h.up(TYPE, "member", { accountId: MEMBER, email: EMAIL, invite: true, invitationMessage: "Welcome to Macie", disableEmailNotification: true }),
    );
    expect(created.operations).toEqual({ CreateMember: 1, CreateInvitations: 1, GetMember: 1 });
    expect(created.result.outs).toMatchObject({ relationshipStatus: "Invited", invite: true });
    expect(Date.parse(created.result.outs.invitedAt)).not.toBeNaN();
    const sent = (await h.em.admin.requests()).find((r) => r.operation === "CreateInvitations")!;
    expect(sent.body).toMatchObject({ accountIds: [MEMBER], message: "Welcome to Macie", disableEmailNotification: true });

    await accept();
    const refreshed = (await h.refresh(created.result))!;
    expect(refreshed.outs).toMatchObject({ relationshipStatus: "Enabled", invite: true, status: "ENABLED" });
    const d = await h.diff(TYPE, MEMBER, refreshed.outs, await check({ accountId: MEMBER, email: EMAIL, invite: true, invitationMessage: "Welcome to Macie", disableEmailNotification: true }, refreshed));
    expect(d.changes).toBe(false);
  });

  it("invite false -> true invites; true -> false disassociates; all in place", async () => {
    const m = await h.up(TYPE, "member", { accountId: MEMBER, email: EMAIL });
    const invited = await h.countCalls(() => h.upAgain(m, { accountId: MEMBER, email: EMAIL, invite: true }));
    expect(invited.result.action).toBe("update");
    expect(invited.operations).toEqual({ CreateInvitations: 1, GetMember: 1 });
    expect((await getMember()).relationshipStatus).toBe("Invited");
    await accept();

    const removed = await h.countCalls(() => h.upAgain(invited.result.deployed, { accountId: MEMBER, email: EMAIL, invite: false }));
    expect(removed.result.action).toBe("update");
    expect(removed.operations).toEqual({ DisassociateMember: 1, GetMember: 1 });
    expect(removed.result.deployed.outs.relationshipStatus).toBe("Removed");
    expect((await getMember()).relationshipStatus).toBe("Removed");
  });

  it("status pauses and resumes an associated member in place", async () => {
    const m = await h.up(TYPE, "member", { accountId: MEMBER, email: EMAIL, invite: true });
    await accept();
    const live = (await h.refresh(m))!;
    const paused = await h.countCalls(() => h.upAgain(live, { accountId: MEMBER, email: EMAIL, invite: true, status: "PAUSED" }));
    expect(paused.result.action).toBe("update");
    expect(paused.result.diff.replaces).toEqual([]);
    expect(paused.operations).toEqual({ GetMember: 2, UpdateMemberSession: 1 });
    expect(paused.result.deployed.outs).toMatchObject({ status: "PAUSED", relationshipStatus: "Paused" });
    const resumed = await h.upAgain(paused.result.deployed, { accountId: MEMBER, email: EMAIL, invite: true, status: "ENABLED" });
    expect(resumed.deployed.outs).toMatchObject({ status: "ENABLED", relationshipStatus: "Enabled" });
    expect((await getMember()).relationshipStatus).toBe("Enabled");
  });

  it("tags change in place with tag calls only, never by replacement", async () => {
    const m = await h.up(TYPE, "member", { accountId: MEMBER, email: EMAIL, tags: { team: "security" } });
    const arn = m.outs.arn;
    expect((await h.client().send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ team: "security" });

    const add = await h.countCalls(() => h.upAgain(m, { accountId: MEMBER, email: EMAIL, tags: { team: "security", env: "prod" } }));
    expect(add.result.action).toBe("update");
    expect(add.result.diff.replaces).toEqual([]);
    expect(add.operations).toEqual({ TagResource: 1 });

    const change = await h.countCalls(() => h.upAgain(add.result.deployed, { accountId: MEMBER, email: EMAIL, tags: { env: "dev" } }));
    expect(change.operations).toEqual({ UntagResource: 1, TagResource: 1 });
    expect((await h.client().send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ env: "dev" });

    const none = await h.countCalls(() => h.upAgain(change.result.deployed, { accountId: MEMBER, email: EMAIL }));
    expect(none.operations).toEqual({ UntagResource: 1 });
    expect((await h.client().send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags ?? {}).toEqual({});
    expect(none.result.deployed.id).toBe(MEMBER);
  });

  it("accountId and email force replacement; the invitation's message and email setting do not diff", async () => {
    const m = await h.up(TYPE, "member", { accountId: MEMBER, email: EMAIL, invite: true, invitationMessage: "hello" });
    const diffOf = async (args: Record<string, any>) => h.diff(TYPE, m.id, m.outs, await check(args, m));
    expect(await diffOf({ accountId: "333333333333", email: EMAIL, invite: true, invitationMessage: "hello" })).toEqual({
      changes: true,
      replaces: ["accountId"],
      deleteBeforeReplace: false,
    });
    expect(await diffOf({ accountId: MEMBER, email: "other@example.com", invite: true, invitationMessage: "hello" })).toEqual({
      changes: true,
      replaces: ["email"],
      deleteBeforeReplace: false,
    });
    expect((await diffOf({ accountId: MEMBER, email: EMAIL, invite: true, invitationMessage: "changed", disableEmailNotification: true })).changes).toBe(false);
  });

  it("replacing with another account creates the new member and removes the old", async () => {
    await h.enableMacie("333333333333");
    const m = await h.up(TYPE, "member", { accountId: MEMBER, email: EMAIL });
    const r = await h.upAgain(m, { accountId: "333333333333", email: EMAIL });
    expect(r.action).toBe("replace");
    expect(r.deployed.id).toBe("333333333333");
    await expect(getMember()).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    expect((await getMember("333333333333")).relationshipStatus).toBe("Created");
  });

  it("delete disassociates an associated member, then deletes it", async () => {
    const m = await h.up(TYPE, "member", { accountId: MEMBER, email: EMAIL, invite: true });
    await accept();
    const del = await h.countCalls(() => h.destroy(m));
    expect(del.operations).toEqual({ GetMember: 1, DisassociateMember: 1, DeleteMember: 1 });
    await expect(getMember()).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await h.destroy(m); // already gone: fine
  });

  it("delete of a member that never accepted just deletes it", async () => {
    const m = await h.up(TYPE, "member", { accountId: MEMBER, email: EMAIL, invite: true });
    const del = await h.countCalls(() => h.destroy(m));
    expect(del.operations).toEqual({ GetMember: 1, DeleteMember: 1 });
    await expect(getMember()).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("a member deleted outside Pulumi is dropped on refresh", async () => {
    const m = await h.up(TYPE, "member", { accountId: MEMBER, email: EMAIL });
    await h.client(ADMIN).send(new DeleteMemberCommand({ id: MEMBER }));
    expect(await h.refresh(m)).toBeUndefined();
  });

  it("a member that resigned shows as not invited, and the next up invites it again", async () => {
    const m = await h.up(TYPE, "member", { accountId: MEMBER, email: EMAIL, invite: true });
    await accept();
    await h.client(MEMBER).send(new DisassociateFromAdministratorAccountCommand({}));
    const refreshed = (await h.refresh(m))!;
    expect(refreshed.outs).toMatchObject({ relationshipStatus: "Resigned", invite: false });
    const again = await h.countCalls(() => h.upAgain(refreshed, { accountId: MEMBER, email: EMAIL, invite: true }));
    expect(again.result.action).toBe("update");
    expect(again.operations).toMatchObject({ CreateInvitations: 1 });
    expect((await getMember()).relationshipStatus).toBe("Invited");
  });

  it("adopts a member that already exists, applying the program's tags", async () => {
    await h.client(ADMIN).send(new CreateMemberCommand({ account: { accountId: MEMBER, email: EMAIL }, tags: { old: "x" } }));
    await h.client(ADMIN).send(new CreateInvitationsCommand({ accountIds: [MEMBER] }));
    const m = await h.up(TYPE, "member", { accountId: MEMBER, email: EMAIL, tags: { team: "a" } });
    expect(m.outs.relationshipStatus).toBe("Invited");
    expect((await getMember()).tags).toEqual({ team: "a" });
  });

  it("a failed invitation records the member as not invited, and the next up invites it", async () => {
    await h.em.admin.setFaults({ realRateLimits: false, rules: { CreateInvitations: { error: { count: 1, type: "ValidationException" } } } });
    const inputs = await check({ accountId: MEMBER, email: EMAIL, invite: true });
    const err: any = await h.create(TYPE, inputs).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/member 222222222222 was created in 111111111111, but CreateInvitations failed/);
    expect(err.id).toBe(MEMBER);
    expect(err.properties).toMatchObject({ accountId: MEMBER, invite: false, arn: expect.stringContaining(`member/${MEMBER}`) });
    expect((await getMember()).relationshipStatus).toBe("Created");

    const recorded: Deployed = { type: TYPE, name: "member", id: err.id, inputs, outs: err.properties };
    const again = await h.upAgain(recorded, { accountId: MEMBER, email: EMAIL, invite: true });
    expect(again.action).toBe("update");
    expect((await getMember()).relationshipStatus).toBe("Invited");
  });
});

describe("Member (Organizations-managed)", () => {
  beforeEach(async () => {
    await h.client(MANAGEMENT).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ORG_ADMIN }));
  });

  it("is associated without email or invitation, and destroy succeeds", async () => {
    const created = await h.asAccount(ORG_ADMIN, () => h.countCalls(() => h.up(TYPE, "org-member", { accountId: ORG_MEMBER })));
    expect(created.operations).toEqual({ CreateMember: 1, GetMember: 1 });
    const m = created.result;
    expect(m.outs).toMatchObject({ accountId: ORG_MEMBER, relationshipStatus: "Enabled", invite: false, status: "ENABLED", administratorAccountId: ORG_ADMIN });
    expect(m.outs.email).toBeUndefined();

    const read = await h.asAccount(ORG_ADMIN, () => h.countCalls(() => h.refresh(m)));
    expect(read.operations).toEqual({ GetMember: 1 });
    expect(read.result!.outs).toEqual(m.outs);

    const del = await h.asAccount(ORG_ADMIN, () => h.countCalls(() => h.destroy(m)));
    expect(del.operations).toEqual({ GetMember: 1, DisassociateMember: 1, DeleteMember: 1 });
    await expect(getMember(ORG_MEMBER, ORG_ADMIN)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("pauses at create and converges when paused or resumed outside Pulumi", async () => {
    const m = await h.asAccount(ORG_ADMIN, () => h.up(TYPE, "org-member", { accountId: ORG_MEMBER, status: "PAUSED" }));
    expect(m.outs).toMatchObject({ status: "PAUSED", relationshipStatus: "Paused" });
    await h.client(ORG_ADMIN).send(new UpdateMemberSessionCommand({ id: ORG_MEMBER, status: "ENABLED" }));
    const refreshed = (await h.asAccount(ORG_ADMIN, () => h.refresh(m)))!;
    expect(refreshed.outs.status).toBe("ENABLED");
    const again = await h.asAccount(ORG_ADMIN, () => h.upAgain(refreshed, { accountId: ORG_MEMBER, status: "PAUSED" }));
    expect(again.action).toBe("update");
    expect((await getMember(ORG_MEMBER, ORG_ADMIN)).relationshipStatus).toBe("Paused");
  });

  it("cannot be invited: check says invite needs an email", async () => {
    const { failures } = await h.check(TYPE, { accountId: ORG_MEMBER, invite: true, __name: "m" });
    expect(failures).toEqual([{ property: "invite", reason: expect.stringContaining("an invitation needs email") }]);
  });
});
