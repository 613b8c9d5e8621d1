/**
 * Macie with AWS Organizations: Enable/DisableOrganizationAdminAccount,
 * ListOrganizationAdminAccounts, Describe/UpdateOrganizationConfiguration.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  AcceptInvitationCommand,
  AccessDeniedException,
  ConflictException,
  CreateInvitationsCommand,
  CreateMemberCommand,
  DescribeOrganizationConfigurationCommand,
  DisableOrganizationAdminAccountCommand,
  EnableMacieCommand,
  EnableOrganizationAdminAccountCommand,
  GetAdministratorAccountCommand,
  GetMacieSessionCommand,
  ListInvitationsCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  ResourceNotFoundException,
  UpdateOrganizationConfigurationCommand,
  ValidationException,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";

const MGMT = "100000000000";
const ADMIN = "200000000000";
const OTHER = "300000000000";
const MEMBER = "400000000000";
const OUTSIDE = "900000000000";
const organization = { managementAccountId: MGMT, memberAccountIds: [ADMIN, OTHER, MEMBER] };

let em: TestEmulator | undefined;
afterEach(async () => {
  await em?.stop();
  em = undefined;
});

describe("without an organization", () => {
  it("answers organization calls as AWS does for an account outside an organization", async () => {
    em = await startEmulator();
    const c = em.client(MGMT);
    for (const cmd of [new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }), new ListOrganizationAdminAccountsCommand({})]) {
      const err: any = await c.send(cmd as any).catch((e) => e);
      expect(err).toBeInstanceOf(ValidationException);
      expect(err.message).toContain(`Account ${MGMT} is not a member of an organization in AWS Organizations`);
    }
    await c.send(new EnableMacieCommand({}));
    const err = await c.send(new DescribeOrganizationConfigurationCommand({})).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationException);
    expect(err.message).toContain('set "organization" in its config file');
  });

  it("treats an account outside the configured organization the same way", async () => {
    em = await startEmulator({ config: { organization } });
    const err = await em.client(OUTSIDE).send(new ListOrganizationAdminAccountsCommand({})).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationException);
    expect(err.message).toContain(`Account ${OUTSIDE} is not a member of an organization`);
  });
});

describe("the delegated Macie administrator", () => {
  it("is designated by the management account, which needs no Macie session; the admin gets Macie enabled", async () => {
    em = await startEmulator({ config: { organization } });
    const mgmt = em.client(MGMT);
    expect((await mgmt.send(new ListOrganizationAdminAccountsCommand({}))).adminAccounts).toEqual([]);
    await mgmt.send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
    expect((await mgmt.send(new ListOrganizationAdminAccountsCommand({}))).adminAccounts).toEqual([{ accountId: ADMIN, status: "ENABLED" }]);
    const session = await em.client(ADMIN).send(new GetMacieSessionCommand({}));
    expect(session.status).toBe("ENABLED");
    // Per Region: nothing designated in another Region yet.
    expect((await em.client(MGMT, "eu-west-1").send(new ListOrganizationAdminAccountsCommand({}))).adminAccounts).toEqual([]);
  });

  it("can only be designated or removed by the management account", async () => {
    em = await startEmulator({ config: { organization } });
    const member = em.client(OTHER);
    for (const cmd of [
      new EnableOrganizationAdminAccountCommand({ adminAccountId: OTHER }),
      new DisableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }),
      new ListOrganizationAdminAccountsCommand({}),
    ]) {
      const err: any = await member.send(cmd as any).catch((e) => e);
      expect(err).toBeInstanceOf(AccessDeniedException);
      expect(err.message).toContain(`Only the management account of the organization (${MGMT})`);
    }
  });

  it("is one per organization, the same account in every Region", async () => {
    em = await startEmulator({ config: { organization } });
    const mgmt = em.client(MGMT);
    await mgmt.send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
    const second = await mgmt.send(new EnableOrganizationAdminAccountCommand({ adminAccountId: OTHER })).catch((e) => e);
    expect(second).toBeInstanceOf(ConflictException);
    expect(second.message).toContain(`already has a delegated Macie administrator, ${ADMIN}`);
    const west = em.client(MGMT, "us-west-2");
    const elsewhere = await west.send(new EnableOrganizationAdminAccountCommand({ adminAccountId: OTHER })).catch((e) => e);
    expect(elsewhere).toBeInstanceOf(ConflictException);
    await west.send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
    expect((await west.send(new ListOrganizationAdminAccountsCommand({}))).adminAccounts).toEqual([{ accountId: ADMIN, status: "ENABLED" }]);
    // Designating the same account again is harmless.
    await mgmt.send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
  });

  it("must be an account of the organization and a valid account id", async () => {
    em = await startEmulator({ config: { organization } });
    const mgmt = em.client(MGMT);
    const outside = await mgmt.send(new EnableOrganizationAdminAccountCommand({ adminAccountId: OUTSIDE })).catch((e) => e);
    expect(outside).toBeInstanceOf(ValidationException);
    expect(outside.message).toContain(`adminAccountId ${OUTSIDE} is not an account of the organization`);
    const bad = await mgmt.send(new EnableOrganizationAdminAccountCommand({ adminAccountId: "12345" })).catch((e) => e);
    expect(bad.message).toContain("adminAccountId must be a 12-digit AWS account ID");
    const missing = await mgmt.send(new EnableOrganizationAdminAccountCommand({} as any)).catch((e) => e);
    expect(missing.message).toContain("adminAccountId is required");
  });

  it("is never a member: an account associated with an administrator cannot be designated, nor can the admin be added as a member", async () => {
    em = await startEmulator({ config: { organization } });
    const other = em.client(OTHER);
    const member = em.client(MEMBER);
    await other.send(new EnableMacieCommand({}));
    await member.send(new EnableMacieCommand({}));
    await other.send(new CreateMemberCommand({ account: { accountId: MEMBER, email: "m@example.com" } }));
    await other.send(new CreateInvitationsCommand({ accountIds: [MEMBER] }));
    const [inv] = (await member.send(new ListInvitationsCommand({}))).invitations!;
    await member.send(new AcceptInvitationCommand({ administratorAccountId: OTHER, invitationId: inv.invitationId }));
    const err = await em.client(MGMT).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: MEMBER })).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictException);
    expect(err.message).toContain("an administrator account cannot be a member account");

    await em.client(MGMT).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
    const add = await other.send(new CreateMemberCommand({ account: { accountId: ADMIN, email: "a@example.com" } })).catch((e) => e);
    expect(add).toBeInstanceOf(ConflictException);
    expect(add.message).toContain(`Account ${ADMIN} is the delegated Macie administrator`);
  });

  it("replays a repeated clientToken", async () => {
    em = await startEmulator({ config: { organization } });
    const mgmt = em.client(MGMT);
    await mgmt.send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN, clientToken: "t1" }));
    await mgmt.send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN, clientToken: "t1" }));
    expect((await em.admin.calls()).operations.EnableOrganizationAdminAccount.succeeded).toBe(2);
    expect((await em.admin.state()).organizationAdmins).toEqual({ "us-east-1": { accountId: ADMIN, status: "ENABLED" } });
  });

  it("is removed by DisableOrganizationAdminAccount, which disassociates its Organizations-managed members", async () => {
    em = await startEmulator({ config: { organization } });
    const mgmt = em.client(MGMT);
    const admin = em.client(ADMIN);
    await mgmt.send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
    await admin.send(new CreateMemberCommand({ account: { accountId: MEMBER, email: undefined as any } }));
    expect((await em.client(MEMBER).send(new GetAdministratorAccountCommand({}))).administrator?.accountId).toBe(ADMIN);

    const wrong = await mgmt.send(new DisableOrganizationAdminAccountCommand({ adminAccountId: OTHER })).catch((e) => e);
    expect(wrong).toBeInstanceOf(ResourceNotFoundException);
    expect(wrong.message).toContain(`that is ${ADMIN}`);
    const bad = await mgmt.send(new DisableOrganizationAdminAccountCommand({ adminAccountId: "x" })).catch((e) => e);
    expect(bad).toBeInstanceOf(ValidationException);

    await mgmt.send(new DisableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
    expect((await mgmt.send(new ListOrganizationAdminAccountsCommand({}))).adminAccounts).toEqual([]);
    expect((await admin.send(new ListMembersCommand({ onlyAssociated: "false" }))).members).toEqual([]);
    expect(await em.client(MEMBER).send(new GetAdministratorAccountCommand({}))).not.toHaveProperty("administrator");
    const again = await mgmt.send(new DisableOrganizationAdminAccountCommand({ adminAccountId: ADMIN })).catch((e) => e);
    expect(again).toBeInstanceOf(ResourceNotFoundException);
  });

  it("validates maxResults of ListOrganizationAdminAccounts", async () => {
    em = await startEmulator({ config: { organization } });
    const err = await em.client(MGMT).send(new ListOrganizationAdminAccountsCommand({ maxResults: 0 })).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationException);
    expect(err.message).toContain("maxResults must be at least 1");
  });
});

describe("the organization configuration", () => {
  it("is read and updated by the delegated administrator", async () => {
    em = await startEmulator({ config: { organization } });
    await em.client(MGMT).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
    const admin = em.client(ADMIN);
    expect(await admin.send(new DescribeOrganizationConfigurationCommand({}))).toMatchObject({ autoEnable: false, maxAccountLimitReached: false });
    await admin.send(new UpdateOrganizationConfigurationCommand({ autoEnable: true }));
    expect((await admin.send(new DescribeOrganizationConfigurationCommand({}))).autoEnable).toBe(true);
    await admin.send(new UpdateOrganizationConfigurationCommand({ autoEnable: false }));
    expect((await admin.send(new DescribeOrganizationConfigurationCommand({}))).autoEnable).toBe(false);
  });

  it("reports maxAccountLimitReached at the member quota", async () => {
    em = await startEmulator({ config: { organization, quotas: { membersPerAdministrator: 1 } } });
    await em.client(MGMT).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
    const admin = em.client(ADMIN);
    await admin.send(new CreateMemberCommand({ account: { accountId: MEMBER, email: undefined as any } }));
    expect((await admin.send(new DescribeOrganizationConfigurationCommand({}))).maxAccountLimitReached).toBe(true);
  });

  it("is refused to an account that is not the delegated administrator, and validates autoEnable", async () => {
    em = await startEmulator({ config: { organization } });
    await em.client(MGMT).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
    const other = em.client(OTHER);
    await other.send(new EnableMacieCommand({}));
    const err = await other.send(new DescribeOrganizationConfigurationCommand({})).catch((e) => e);
    expect(err).toBeInstanceOf(AccessDeniedException);
    expect(err.message).toContain(`is not the delegated Macie administrator of its organization in us-east-1 (that is ${ADMIN})`);
    const update = await other.send(new UpdateOrganizationConfigurationCommand({ autoEnable: true })).catch((e) => e);
    expect(update).toBeInstanceOf(AccessDeniedException);
    const admin = em.client(ADMIN);
    const missing = await admin.send(new UpdateOrganizationConfigurationCommand({} as any)).catch((e) => e);
    expect(missing).toBeInstanceOf(ValidationException);
    expect(missing.message).toContain("autoEnable is required");
  });

  it("needs Macie enabled (403 before EnableMacie)", async () => {
    em = await startEmulator({ config: { organization } });
    const err = await em.client(OTHER).send(new DescribeOrganizationConfigurationCommand({})).catch((e) => e);
    expect(err).toBeInstanceOf(AccessDeniedException);
    expect(err.message).toContain("Macie is not enabled");
  });
});
