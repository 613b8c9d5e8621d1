/**
 * Membership invitations: CreateInvitations, ListInvitations, GetInvitationsCount,
 * AcceptInvitation, DeclineInvitations, DeleteInvitations, GetAdministratorAccount,
 * GetMasterAccount, DisassociateFromAdministratorAccount, DisassociateFromMasterAccount.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  AcceptInvitationCommand,
  AccessDeniedException,
  ConflictException,
  CreateInvitationsCommand,
  CreateMemberCommand,
  DeclineInvitationsCommand,
  DeleteInvitationsCommand,
  DisableMacieCommand,
  DisassociateFromAdministratorAccountCommand,
  DisassociateFromMasterAccountCommand,
  EnableMacieCommand,
  EnableOrganizationAdminAccountCommand,
  GetAdministratorAccountCommand,
  GetInvitationsCountCommand,
  GetMasterAccountCommand,
  GetMemberCommand,
  ListInvitationsCommand,
  ListMembersCommand,
  ResourceNotFoundException,
  ValidationException,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";

const ADMIN = "111111111111";
const MEMBER = "222222222222";
const ADMIN2 = "333333333333";
let em: TestEmulator | undefined;
afterEach(async () => {
  await em?.stop();
  em = undefined;
});

async function setUp(...admins: string[]) {
  em = await startEmulator();
  for (const a of [ADMIN, MEMBER, ...admins]) await em.client(a).send(new EnableMacieCommand({}));
  for (const a of [ADMIN, ...admins]) {
    await em.client(a).send(new CreateMemberCommand({ account: { accountId: MEMBER, email: "member@example.com" } }));
  }
  return { admin: em.client(ADMIN), member: em.client(MEMBER) };
}

describe("the invitation flow", () => {
  it("invites, lists, counts, accepts, and shows the administrator on both sides", async () => {
    const { admin, member } = await setUp();
    const created = await admin.send(new CreateInvitationsCommand({ accountIds: [MEMBER], message: "Join us", disableEmailNotification: true }));
    expect(created.unprocessedAccounts).toEqual([]);
    expect((await admin.send(new GetMemberCommand({ id: MEMBER }))).relationshipStatus).toBe("Invited");
    expect((await admin.send(new GetMemberCommand({ id: MEMBER }))).invitedAt).toBeInstanceOf(Date);

    expect((await member.send(new GetInvitationsCountCommand({}))).invitationsCount).toBe(1);
    const { invitations } = await member.send(new ListInvitationsCommand({}));
    expect(invitations).toHaveLength(1);
    expect(invitations![0]).toMatchObject({ accountId: ADMIN, relationshipStatus: "Invited" });
    expect(invitations![0].invitationId).toMatch(/^[0-9a-f]{32}$/);
    expect(invitations![0].invitedAt).toBeInstanceOf(Date);

    await member.send(new AcceptInvitationCommand({ administratorAccountId: ADMIN, invitationId: invitations![0].invitationId }));
    const { administrator } = await member.send(new GetAdministratorAccountCommand({}));
    expect(administrator).toMatchObject({ accountId: ADMIN, invitationId: invitations![0].invitationId, relationshipStatus: "Enabled" });
    expect((await member.send(new GetMasterAccountCommand({}))).master?.accountId).toBe(ADMIN);
    expect((await member.send(new GetInvitationsCountCommand({}))).invitationsCount).toBe(0);
    expect((await admin.send(new ListMembersCommand({}))).members!.map((m) => [m.accountId, m.relationshipStatus])).toEqual([[MEMBER, "Enabled"]]);
  });

  it("accepts the legacy masterAccount member instead of administratorAccountId", async () => {
    const { admin, member } = await setUp();
    await admin.send(new CreateInvitationsCommand({ accountIds: [MEMBER] }));
    const [inv] = (await member.send(new ListInvitationsCommand({}))).invitations!;
    await member.send(new AcceptInvitationCommand({ masterAccount: ADMIN, invitationId: inv.invitationId }));
    expect((await member.send(new GetAdministratorAccountCommand({}))).administrator?.accountId).toBe(ADMIN);
  });

  it("reports accounts it cannot invite as unprocessed", async () => {
    const { admin, member } = await setUp();
    await admin.send(new CreateInvitationsCommand({ accountIds: [MEMBER] }));
    const [inv] = (await member.send(new ListInvitationsCommand({}))).invitations!;
    await member.send(new AcceptInvitationCommand({ administratorAccountId: ADMIN, invitationId: inv.invitationId }));
    const r = await admin.send(new CreateInvitationsCommand({ accountIds: [MEMBER, "999999999999"] }));
    expect(r.unprocessedAccounts).toEqual([
      { accountId: MEMBER, errorCode: "ClientError", errorMessage: expect.stringContaining("already associated") },
      { accountId: "999999999999", errorCode: "ClientError", errorMessage: expect.stringContaining("add it with CreateMember first") },
    ]);
  });

  it("does not invite Organizations-managed members", async () => {
    em = await startEmulator({ config: { organization: { managementAccountId: "100000000000", memberAccountIds: [ADMIN, MEMBER] } } });
    await em.client("100000000000").send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
    const admin = em.client(ADMIN);
    await admin.send(new CreateMemberCommand({ account: { accountId: MEMBER } as any }));
    const r = await admin.send(new CreateInvitationsCommand({ accountIds: [MEMBER] }));
    expect(r.unprocessedAccounts![0].errorMessage).toContain("AWS Organizations member account; it needs no invitation");
    // ...and such a member cannot leave on its own.
    const leave = await em.client(MEMBER).send(new DisassociateFromAdministratorAccountCommand({})).catch((e) => e);
    expect(leave).toBeInstanceOf(ConflictException);
    expect(leave.message).toContain("only the administrator can disassociate it");
  });

  it("validates accountIds and message, naming the member", async () => {
    const { admin } = await setUp();
    const cases: [any, string][] = [
      [{}, "accountIds is required"],
      [{ accountIds: [] }, "accountIds must have at least 1 items"],
      [{ accountIds: ["12"] }, "accountIds[0] must be a 12-digit AWS account ID"],
      [{ accountIds: [MEMBER], message: "x".repeat(81) }, "message must be at most 80 characters long"],
      [{ accountIds: [MEMBER], disableEmailNotification: "yes" }, "disableEmailNotification must be a boolean"],
    ];
    for (const [input, message] of cases) {
      const err = await admin.send(new CreateInvitationsCommand(input)).catch((e) => e);
      expect(err, message).toBeInstanceOf(ValidationException);
      expect(err.message).toContain(message);
    }
    expect((await admin.send(new GetMemberCommand({ id: MEMBER }))).relationshipStatus).toBe("Created");
  });
});

describe("AcceptInvitation", () => {
  it("refuses an unknown invitation, a wrong administrator and missing members", async () => {
    const { admin, member } = await setUp();
    await admin.send(new CreateInvitationsCommand({ accountIds: [MEMBER] }));
    const [inv] = (await member.send(new ListInvitationsCommand({}))).invitations!;
    const unknown = await member.send(new AcceptInvitationCommand({ administratorAccountId: ADMIN, invitationId: "nope" })).catch((e) => e);
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);
    expect(unknown.message).toContain("There is no invitation nope");
    const wrongAdmin = await member.send(new AcceptInvitationCommand({ administratorAccountId: ADMIN2, invitationId: inv.invitationId })).catch((e) => e);
    expect(wrongAdmin).toBeInstanceOf(ResourceNotFoundException);
    const noId = await member.send(new AcceptInvitationCommand({ administratorAccountId: ADMIN } as any)).catch((e) => e);
    expect(noId).toBeInstanceOf(ValidationException);
    expect(noId.message).toContain("invitationId is required");
    const noAdmin = await member.send(new AcceptInvitationCommand({ invitationId: inv.invitationId } as any)).catch((e) => e);
    expect(noAdmin.message).toContain("administratorAccountId is required");
  });

  it("needs Macie enabled in the member account", async () => {
    em = await startEmulator();
    await em.client(ADMIN).send(new EnableMacieCommand({}));
    await em.client(ADMIN).send(new CreateMemberCommand({ account: { accountId: MEMBER, email: "m@example.com" } }));
    await em.client(ADMIN).send(new CreateInvitationsCommand({ accountIds: [MEMBER] }));
    const err = await em.client(MEMBER).send(new AcceptInvitationCommand({ administratorAccountId: ADMIN, invitationId: "x" })).catch((e) => e);
    expect(err).toBeInstanceOf(AccessDeniedException);
    await em.client(MEMBER).send(new EnableMacieCommand({}));
    expect((await em.client(MEMBER).send(new GetInvitationsCountCommand({}))).invitationsCount).toBe(1);
  });

  it("refuses a second administrator", async () => {
    const { admin, member } = await setUp(ADMIN2);
    await admin.send(new CreateInvitationsCommand({ accountIds: [MEMBER] }));
    await em!.client(ADMIN2).send(new CreateInvitationsCommand({ accountIds: [MEMBER] }));
    const invs = (await member.send(new ListInvitationsCommand({}))).invitations!;
    expect(invs.map((i) => i.accountId).sort()).toEqual([ADMIN, ADMIN2]);
    const first = invs.find((i) => i.accountId === ADMIN)!;
    const second = invs.find((i) => i.accountId === ADMIN2)!;
    await member.send(new AcceptInvitationCommand({ administratorAccountId: ADMIN, invitationId: first.invitationId }));
    const err = await member.send(new AcceptInvitationCommand({ administratorAccountId: ADMIN2, invitationId: second.invitationId })).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictException);
    expect(err.message).toContain(`already associated with administrator account ${ADMIN}`);
  });
});

describe("DeclineInvitations and DeleteInvitations", () => {
  for (const [name, Command] of [
    ["DeclineInvitations", DeclineInvitationsCommand],
    ["DeleteInvitations", DeleteInvitationsCommand],
  ] as const) {
    it(`${name} drops the invitation; the administrator sees the member as Removed; unknown senders are unprocessed`, async () => {
      const { admin, member } = await setUp();
      await admin.send(new CreateInvitationsCommand({ accountIds: [MEMBER] }));
      const r = await member.send(new Command({ accountIds: [ADMIN, ADMIN2] }));
      expect(r.unprocessedAccounts).toEqual([{ accountId: ADMIN2, errorCode: "ClientError", errorMessage: `There is no invitation from account ${ADMIN2}.` }]);
      expect((await member.send(new GetInvitationsCountCommand({}))).invitationsCount).toBe(0);
      expect((await admin.send(new GetMemberCommand({ id: MEMBER }))).relationshipStatus).toBe("Removed");
      const bad = await member.send(new Command({ accountIds: ["x"] })).catch((e) => e);
      expect(bad).toBeInstanceOf(ValidationException);
      expect(bad.message).toContain("accountIds[0] must be a 12-digit AWS account ID");
    });
  }
});

describe("leaving the administrator", () => {
  for (const [name, Command] of [
    ["DisassociateFromAdministratorAccount", DisassociateFromAdministratorAccountCommand],
    ["DisassociateFromMasterAccount", DisassociateFromMasterAccountCommand],
  ] as const) {
    it(`${name} ends the association (Resigned for the administrator); Macie can then be disabled`, async () => {
      const { admin, member } = await setUp();
      await admin.send(new CreateInvitationsCommand({ accountIds: [MEMBER] }));
      const [inv] = (await member.send(new ListInvitationsCommand({}))).invitations!;
      await member.send(new AcceptInvitationCommand({ administratorAccountId: ADMIN, invitationId: inv.invitationId }));
      const blocked = await member.send(new DisableMacieCommand({})).catch((e) => e);
      expect(blocked).toBeInstanceOf(ConflictException);
      await member.send(new Command({}));
      expect(await member.send(new GetAdministratorAccountCommand({}))).not.toHaveProperty("administrator");
      expect((await admin.send(new GetMemberCommand({ id: MEMBER }))).relationshipStatus).toBe("Resigned");
      const again = await member.send(new Command({})).catch((e) => e);
      expect(again).toBeInstanceOf(ResourceNotFoundException);
      expect(again.message).toContain("is not associated with an administrator account");
      await member.send(new DisableMacieCommand({}));
    });
  }
});
