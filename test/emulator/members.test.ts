/**
 * Member accounts as their administrator manages them: CreateMember, GetMember, ListMembers,
 * DeleteMember, DisassociateMember, UpdateMemberSession; invitation-based and
 * Organizations-managed members.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  AcceptInvitationCommand,
  ConflictException,
  CreateInvitationsCommand,
  CreateMemberCommand,
  DeleteMemberCommand,
  DisassociateMemberCommand,
  EnableMacieCommand,
  EnableOrganizationAdminAccountCommand,
  GetAdministratorAccountCommand,
  GetMacieSessionCommand,
  GetMemberCommand,
  ListInvitationsCommand,
  ListMembersCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  UpdateMemberSessionCommand,
  ValidationException,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";

const ADMIN = "111111111111";
const M1 = "222222222222";
const M2 = "333333333333";
const M3 = "444444444444";
let em: TestEmulator | undefined;
afterEach(async () => {
  await em?.stop();
  em = undefined;
});

async function enabled(...accounts: string[]) {
  em = await startEmulator();
  for (const a of accounts) await em.client(a).send(new EnableMacieCommand({}));
  return em;
}

/** Invites and accepts, so that `member` is an associated (Enabled) member of ADMIN. */
async function associate(member: string) {
  const admin = em!.client(ADMIN);
  await admin.send(new CreateMemberCommand({ account: { accountId: member, email: `${member}@example.com` } }));
  await admin.send(new CreateInvitationsCommand({ accountIds: [member] }));
  const m = em!.client(member);
  const [inv] = (await m.send(new ListInvitationsCommand({}))).invitations!;
  await m.send(new AcceptInvitationCommand({ administratorAccountId: ADMIN, invitationId: inv.invitationId }));
}

describe("invitation-based members", () => {
  it("are created with an email and tags, in status Created", async () => {
    await enabled(ADMIN);
    const admin = em!.client(ADMIN);
    const { arn } = await admin.send(new CreateMemberCommand({ account: { accountId: M1, email: "one@example.com" }, tags: { team: "sec" } }));
    expect(arn).toBe(`arn:aws:macie2:us-east-1:${ADMIN}:member/${M1}`);
    const m = await admin.send(new GetMemberCommand({ id: M1 }));
    expect(m).toMatchObject({
      accountId: M1,
      administratorAccountId: ADMIN,
      masterAccountId: ADMIN,
      arn,
      email: "one@example.com",
      relationshipStatus: "Created",
      tags: { team: "sec" },
    });
    expect(m.updatedAt).toBeInstanceOf(Date);
    expect(m).not.toHaveProperty("_managedBy");
  });

  it("validate account, accountId, email and tags, naming the member", async () => {
    await enabled(ADMIN);
    const admin = em!.client(ADMIN);
    const cases: [any, string][] = [
      [{}, "account is required"],
      [{ account: { email: "x@example.com" } }, "account.accountId is required"],
      [{ account: { accountId: "abc", email: "x@example.com" } }, "account.accountId must be a 12-digit AWS account ID"],
      [{ account: { accountId: M1 } }, "account.email is required"],
      [{ account: { accountId: M1, email: "not-an-email" } }, "account.email must be an email address"],
      [{ account: { accountId: ADMIN, email: "me@example.com" } }, "account.accountId must not be the administrator's own account id"],
      [{ account: { accountId: M1, email: "x@example.com" }, tags: { "aws:x": "1" } }, 'tags key "aws:x" must not begin with aws:'],
      [{ account: { accountId: M1, email: "x@example.com" }, tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) }, "tags must have at most 50 tags"],
      [{ account: { accountId: M1, email: "x@example.com" }, tags: { k: "v".repeat(257) } }, "tags.k must be at most 256 characters long"],
    ];
    for (const [input, message] of cases) {
      const err = await admin.send(new CreateMemberCommand(input)).catch((e) => e);
      expect(err, message).toBeInstanceOf(ValidationException);
      expect(err.message).toContain(message);
    }
    expect(await em!.admin.state().then((w) => w.accounts[ADMIN]["us-east-1"].members)).toEqual({});
  });

  it("cannot be created twice, but a removed member can be added again", async () => {
    await enabled(ADMIN, M1);
    const admin = em!.client(ADMIN);
    await admin.send(new CreateMemberCommand({ account: { accountId: M1, email: "one@example.com" } }));
    const again = await admin.send(new CreateMemberCommand({ account: { accountId: M1, email: "one@example.com" } })).catch((e) => e);
    expect(again).toBeInstanceOf(ConflictException);
    expect(again.message).toContain("already a member account");
    await admin.send(new DisassociateMemberCommand({ id: M1 }));
    expect((await admin.send(new GetMemberCommand({ id: M1 }))).relationshipStatus).toBe("Removed");
    await admin.send(new CreateMemberCommand({ account: { accountId: M1, email: "one@example.com" } }));
    expect((await admin.send(new GetMemberCommand({ id: M1 }))).relationshipStatus).toBe("Created");
  });

  it("cannot be an account associated with another administrator, and a member cannot add members", async () => {
    await enabled(ADMIN, M1, M2);
    await associate(M1);
    const other = em!.client(M2);
    const taken = await other.send(new CreateMemberCommand({ account: { accountId: M1, email: "one@example.com" } })).catch((e) => e);
    expect(taken).toBeInstanceOf(ConflictException);
    expect(taken.message).toContain(`already associated with administrator account ${ADMIN}`);
    const fromMember = await em!.client(M1).send(new CreateMemberCommand({ account: { accountId: M3, email: "x@example.com" } })).catch((e) => e);
    expect(fromMember).toBeInstanceOf(ConflictException);
    expect(fromMember.message).toContain("a member account cannot have members");
  });

  it("answer 402 beyond the member quota", async () => {
    em = await startEmulator({ config: { quotas: { membersPerAdministrator: 1 } } });
    const admin = em.client(ADMIN);
    await admin.send(new EnableMacieCommand({}));
    await admin.send(new CreateMemberCommand({ account: { accountId: M1, email: "one@example.com" } }));
    const err = await admin.send(new CreateMemberCommand({ account: { accountId: M2, email: "two@example.com" } })).catch((e) => e);
    expect(err).toBeInstanceOf(ServiceQuotaExceededException);
    expect(err.$metadata.httpStatusCode).toBe(402);
  });

  it("are deleted by DeleteMember, which also ends an association", async () => {
    await enabled(ADMIN, M1);
    await associate(M1);
    const admin = em!.client(ADMIN);
    await admin.send(new DeleteMemberCommand({ id: M1 }));
    await expect(admin.send(new GetMemberCommand({ id: M1 }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect(await em!.client(M1).send(new GetAdministratorAccountCommand({}))).not.toHaveProperty("administrator");
    const again = await admin.send(new DeleteMemberCommand({ id: M1 })).catch((e) => e);
    expect(again).toBeInstanceOf(ResourceNotFoundException);
    expect(again.message).toContain(`Account ${M1} is not a member account of administrator account ${ADMIN}`);
  });

  it("are disassociated by DisassociateMember (status Removed, member side cleared)", async () => {
    await enabled(ADMIN, M1);
    await associate(M1);
    const admin = em!.client(ADMIN);
    await admin.send(new DisassociateMemberCommand({ id: M1 }));
    expect((await admin.send(new GetMemberCommand({ id: M1 }))).relationshipStatus).toBe("Removed");
    expect(await em!.client(M1).send(new GetAdministratorAccountCommand({}))).not.toHaveProperty("administrator");
    await expect(admin.send(new DisassociateMemberCommand({ id: M3 }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe("ListMembers", () => {
  it("lists only associated members by default, all with onlyAssociated=false, and paginates", async () => {
    await enabled(ADMIN, M1, M2);
    await associate(M1);
    await associate(M2);
    const admin = em!.client(ADMIN);
    await admin.send(new CreateMemberCommand({ account: { accountId: M3, email: "three@example.com" } }));
    const assoc = await admin.send(new ListMembersCommand({}));
    expect(assoc.members!.map((m) => [m.accountId, m.relationshipStatus])).toEqual([
      [M1, "Enabled"],
      [M2, "Enabled"],
    ]);
    const all = await admin.send(new ListMembersCommand({ onlyAssociated: "false" }));
    expect(all.members!.map((m) => m.accountId)).toEqual([M1, M2, M3]);
    const page1 = await admin.send(new ListMembersCommand({ onlyAssociated: "false", maxResults: 2 }));
    expect(page1.members!.map((m) => m.accountId)).toEqual([M1, M2]);
    const page2 = await admin.send(new ListMembersCommand({ onlyAssociated: "false", maxResults: 2, nextToken: page1.nextToken }));
    expect(page2.members!.map((m) => m.accountId)).toEqual([M3]);
    expect(page2.nextToken).toBeUndefined();
    const log = await em!.admin.requests();
    expect(log.filter((r) => r.operation === "ListMembers").length).toBe(4);
  });

  it("validates onlyAssociated, maxResults and nextToken", async () => {
    await enabled(ADMIN);
    const admin = em!.client(ADMIN);
    const cases: [any, string][] = [
      [{ onlyAssociated: "maybe" }, "onlyAssociated must be true or false"],
      [{ maxResults: 26 }, "maxResults must be at most 25"],
      [{ nextToken: "garbage!" }, "nextToken is invalid"],
    ];
    for (const [input, message] of cases) {
      const err = await admin.send(new ListMembersCommand(input)).catch((e) => e);
      expect(err).toBeInstanceOf(ValidationException);
      expect(err.message).toContain(message);
    }
  });
});

describe("Organizations-managed members", () => {
  const organization = { managementAccountId: "100000000000", memberAccountIds: [ADMIN, M1, M2] };

  async function orgEmulator() {
    em = await startEmulator({ config: { organization } });
    await em.client("100000000000").send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
    return em.client(ADMIN);
  }

  it("are added by the delegated administrator without email or invitation, Enabled at once, with Macie enabled", async () => {
    const admin = await orgEmulator();
    await admin.send(new CreateMemberCommand({ account: { accountId: M1 } as any, tags: { owner: "org" } }));
    const m = await admin.send(new GetMemberCommand({ id: M1 }));
    expect(m).toMatchObject({ accountId: M1, relationshipStatus: "Enabled", tags: { owner: "org" } });
    expect(m.email).toBeUndefined();
    const member = em!.client(M1);
    expect((await member.send(new GetMacieSessionCommand({}))).status).toBe("ENABLED");
    const { administrator } = await member.send(new GetAdministratorAccountCommand({}));
    expect(administrator).toMatchObject({ accountId: ADMIN, relationshipStatus: "Enabled" });
    expect(administrator?.invitationId).toBeUndefined();
  });

  it("need an email when the account is outside the organization", async () => {
    const admin = await orgEmulator();
    const err = await admin.send(new CreateMemberCommand({ account: { accountId: M3 } as any })).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationException);
    expect(err.message).toContain("account.email is required");
  });

  it("refuse DeleteMember while associated; DisassociateMember then DeleteMember removes them", async () => {
    const admin = await orgEmulator();
    await admin.send(new CreateMemberCommand({ account: { accountId: M1 } as any }));
    const err = await admin.send(new DeleteMemberCommand({ id: M1 })).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationException);
    expect(err.message).toContain("disassociate it (DisassociateMember) before deleting it");
    await admin.send(new DisassociateMemberCommand({ id: M1 }));
    expect(await em!.client(M1).send(new GetAdministratorAccountCommand({}))).not.toHaveProperty("administrator");
    await admin.send(new DeleteMemberCommand({ id: M1 }));
    await expect(admin.send(new GetMemberCommand({ id: M1 }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe("UpdateMemberSession", () => {
  it("pauses and re-enables an associated member's Macie", async () => {
    await enabled(ADMIN, M1);
    await associate(M1);
    const admin = em!.client(ADMIN);
    await admin.send(new UpdateMemberSessionCommand({ id: M1, status: "PAUSED" }));
    expect((await admin.send(new GetMemberCommand({ id: M1 }))).relationshipStatus).toBe("Paused");
    expect((await em!.client(M1).send(new GetMacieSessionCommand({}))).status).toBe("PAUSED");
    expect((await em!.client(M1).send(new GetAdministratorAccountCommand({}))).administrator?.relationshipStatus).toBe("Paused");
    await admin.send(new UpdateMemberSessionCommand({ id: M1, status: "ENABLED" }));
    expect((await admin.send(new GetMemberCommand({ id: M1 }))).relationshipStatus).toBe("Enabled");
    expect((await em!.client(M1).send(new GetMacieSessionCommand({}))).status).toBe("ENABLED");
  });

  it("refuses a member that is not associated, an unknown member and a bad status", async () => {
    await enabled(ADMIN);
    const admin = em!.client(ADMIN);
    await admin.send(new CreateMemberCommand({ account: { accountId: M1, email: "one@example.com" } }));
    const notAssociated = await admin.send(new UpdateMemberSessionCommand({ id: M1, status: "PAUSED" })).catch((e) => e);
    expect(notAssociated).toBeInstanceOf(ConflictException);
    expect(notAssociated.message).toContain("relationshipStatus Created");
    await expect(admin.send(new UpdateMemberSessionCommand({ id: M2, status: "PAUSED" }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    const bad = await admin.send(new UpdateMemberSessionCommand({ id: M1, status: "STOPPED" as any })).catch((e) => e);
    expect(bad).toBeInstanceOf(ValidationException);
    expect(bad.message).toContain("status must be one of ENABLED, PAUSED");
    const missing = await admin.send(new UpdateMemberSessionCommand({ id: M1 } as any)).catch((e) => e);
    expect(missing.message).toContain("status is required");
  });
});
