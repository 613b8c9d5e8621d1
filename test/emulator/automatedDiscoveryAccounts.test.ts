/**
 * Automated sensitive data discovery per member account over HTTP with the real SDK:
 * BatchUpdateAutomatedDiscoveryAccounts and ListAutomatedDiscoveryAccounts, and how the
 * administrator's configuration (status, autoEnableOrganizationMembers) sets members' statuses.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  AcceptInvitationCommand,
  BatchUpdateAutomatedDiscoveryAccountsCommand,
  CreateInvitationsCommand,
  CreateMemberCommand,
  DisassociateMemberCommand,
  EnableMacieCommand,
  EnableOrganizationAdminAccountCommand,
  ListAutomatedDiscoveryAccountsCommand,
  ListInvitationsCommand,
  UpdateAutomatedDiscoveryConfigurationCommand,
  UpdateMemberSessionCommand,
  type AutomatedDiscoveryAccountUpdate,
  type Macie2Client,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";
import { expectMacieError } from "../helpers/errors";

const MANAGEMENT = "630000000000";
const ADMIN = "630000000001";
const M1 = "630000000011";
const M2 = "630000000012";
const M3 = "630000000013";
const OUTSIDER = "630000000099";

let em: TestEmulator | undefined;
afterEach(async () => {
  await em?.stop();
  em = undefined;
});

/** An organization whose delegated administrator has M1 and M2 as members; returns the administrator's client. */
async function organization(): Promise<Macie2Client> {
  em = await startEmulator({ config: { organization: { managementAccountId: MANAGEMENT, memberAccountIds: [ADMIN, M1, M2, M3] } } });
  await em.client(MANAGEMENT).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
  const admin = em.client(ADMIN);
  for (const m of [M1, M2]) await admin.send(new CreateMemberCommand({ account: { accountId: m } }));
  return admin;
}

async function statuses(c: Macie2Client, accountIds?: string[]): Promise<Record<string, string>> {
  const { items } = await c.send(new ListAutomatedDiscoveryAccountsCommand({ accountIds }));
  return Object.fromEntries(items!.map((i) => [i.accountId, i.status]));
}
const batch = (c: Macie2Client, accounts: AutomatedDiscoveryAccountUpdate[]) => c.send(new BatchUpdateAutomatedDiscoveryAccountsCommand({ accounts }));
const configure = (c: Macie2Client, status: "ENABLED" | "DISABLED", autoEnableOrganizationMembers?: "ALL" | "NEW" | "NONE") =>
  c.send(new UpdateAutomatedDiscoveryConfigurationCommand({ status, autoEnableOrganizationMembers }));

describe("members' statuses follow the administrator's configuration", () => {
  it("are DISABLED while the administrator's automated discovery is, and the administrator itself is not listed", async () => {
    const admin = await organization();
    expect(await statuses(admin)).toEqual({ [M1]: "DISABLED", [M2]: "DISABLED" });
  });

  it("ALL (the default) enables every member, also one a batch disabled, at each configuration update", async () => {
    const admin = await organization();
    await configure(admin, "ENABLED");
    expect(await statuses(admin)).toEqual({ [M1]: "ENABLED", [M2]: "ENABLED" });
    const answer = await batch(admin, [{ accountId: M1, status: "DISABLED" }]);
    expect(answer.errors).toBeUndefined();
    expect(await statuses(admin)).toEqual({ [M1]: "DISABLED", [M2]: "ENABLED" });
    await configure(admin, "ENABLED");
    expect(await statuses(admin)).toEqual({ [M1]: "ENABLED", [M2]: "ENABLED" });
  });

  it("NEW keeps existing members as they are and enables new ones", async () => {
    const admin = await organization();
    await configure(admin, "ENABLED", "ALL");
    await batch(admin, [{ accountId: M1, status: "DISABLED" }]);
    await configure(admin, "ENABLED", "NEW");
    expect(await statuses(admin)).toEqual({ [M1]: "DISABLED", [M2]: "ENABLED" });
    await admin.send(new CreateMemberCommand({ account: { accountId: M3 } }));
    expect(await statuses(admin)).toEqual({ [M1]: "DISABLED", [M2]: "ENABLED", [M3]: "ENABLED" });
  });

  it("NONE keeps existing members as they are and leaves new ones disabled", async () => {
    const admin = await organization();
    await configure(admin, "ENABLED", "NONE");
    expect(await statuses(admin)).toEqual({ [M1]: "DISABLED", [M2]: "DISABLED" });
    await batch(admin, [{ accountId: M1, status: "ENABLED" }]);
    await configure(admin, "ENABLED", "NONE");
    await admin.send(new CreateMemberCommand({ account: { accountId: M3 } }));
    expect(await statuses(admin)).toEqual({ [M1]: "ENABLED", [M2]: "DISABLED", [M3]: "DISABLED" });
  });

  it("DISABLED disables every member; enabling again with NONE leaves them disabled, with ALL enables them", async () => {
    const admin = await organization();
    await configure(admin, "ENABLED");
    await configure(admin, "DISABLED");
    expect(await statuses(admin)).toEqual({ [M1]: "DISABLED", [M2]: "DISABLED" });
    await configure(admin, "ENABLED", "NONE");
    expect(await statuses(admin)).toEqual({ [M1]: "DISABLED", [M2]: "DISABLED" });
    await admin.send(new CreateMemberCommand({ account: { accountId: M3 } }));
    expect((await statuses(admin))[M3]).toBe("DISABLED");
    await batch(admin, [{ accountId: M2, status: "ENABLED" }]);
    expect(await statuses(admin)).toEqual({ [M1]: "DISABLED", [M2]: "ENABLED", [M3]: "DISABLED" });
    await configure(admin, "ENABLED", "ALL");
    expect(await statuses(admin)).toEqual({ [M1]: "ENABLED", [M2]: "ENABLED", [M3]: "ENABLED" });
  });

  it("members of an invitation-based administrator follow ALL", async () => {
    em = await startEmulator();
    const admin = em.client(ADMIN);
    await admin.send(new EnableMacieCommand({}));
    const member = em.client(M1);
    await member.send(new EnableMacieCommand({}));
    await admin.send(new CreateMemberCommand({ account: { accountId: M1, email: "m1@example.com" } }));
    await admin.send(new CreateInvitationsCommand({ accountIds: [M1] }));
    const [invitation] = (await member.send(new ListInvitationsCommand({}))).invitations!;
    await member.send(new AcceptInvitationCommand({ administratorAccountId: ADMIN, invitationId: invitation.invitationId }));
    expect(await statuses(admin)).toEqual({ [M1]: "DISABLED" });
    await configure(admin, "ENABLED");
    expect(await statuses(admin)).toEqual({ [M1]: "ENABLED" });
  });
});

describe("BatchUpdateAutomatedDiscoveryAccounts", () => {
  it("reports the accounts it could not change and changes the others", async () => {
    const admin = await organization();
    await configure(admin, "ENABLED", "NONE");
    await batch(admin, [{ accountId: M1, status: "DISABLED" }, { accountId: M2, status: "DISABLED" }]);
    await admin.send(new UpdateMemberSessionCommand({ id: M2, status: "PAUSED" }));
    const { errors } = await batch(admin, [
      { accountId: M1, status: "ENABLED" },
      { accountId: M2, status: "ENABLED" },
      { accountId: OUTSIDER, status: "ENABLED" },
      { accountId: ADMIN, status: "ENABLED" },
    ]);
    expect(errors).toEqual([
      { accountId: M2, errorCode: "ACCOUNT_PAUSED" },
      { accountId: OUTSIDER, errorCode: "ACCOUNT_NOT_FOUND" },
      { accountId: ADMIN, errorCode: "ACCOUNT_NOT_FOUND" },
    ]);
    expect(await statuses(admin)).toEqual({ [M1]: "ENABLED", [M2]: "DISABLED" });
  });

  it("treats a disassociated member as not found", async () => {
    const admin = await organization();
    await configure(admin, "ENABLED");
    await admin.send(new DisassociateMemberCommand({ id: M2 }));
    expect((await batch(admin, [{ accountId: M2, status: "DISABLED" }])).errors).toEqual([{ accountId: M2, errorCode: "ACCOUNT_NOT_FOUND" }]);
    expect(await statuses(admin)).toEqual({ [M1]: "ENABLED" });
  });

  it("refuses to enable members while the administrator's automated discovery is disabled (409), and changes nothing", async () => {
    const admin = await organization();
    await expectMacieError(
      batch(admin, [{ accountId: M1, status: "DISABLED" }, { accountId: M2, status: "ENABLED" }]),
      "ConflictException",
      `Automated sensitive data discovery is disabled for administrator account ${ADMIN}`,
    );
    expect((await batch(admin, [{ accountId: M1, status: "DISABLED" }])).errors).toBeUndefined();
    expect(await statuses(admin)).toEqual({ [M1]: "DISABLED", [M2]: "DISABLED" });
  });

  it("answers every account as not found for an account without members", async () => {
    em = await startEmulator();
    const standalone = em.client(OUTSIDER);
    await standalone.send(new EnableMacieCommand({}));
    await configure(standalone, "ENABLED");
    expect((await batch(standalone, [{ accountId: M1, status: "DISABLED" }])).errors).toEqual([{ accountId: M1, errorCode: "ACCOUNT_NOT_FOUND" }]);
    expect(await statuses(standalone)).toEqual({});
  });

  const cases: [string, any, string][] = [
    ["no accounts", undefined, "accounts is required"],
    ["an empty list", [], "accounts must have at least 1 items"],
    ["51 accounts", Array.from({ length: 51 }, (_, i) => ({ accountId: String(630000000100 + i), status: "DISABLED" })), "accounts must have at most 50 items"],
    ["an account id of 11 digits", [{ accountId: "63000000001", status: "DISABLED" }], "accounts[0].accountId must be a 12-digit AWS account ID"],
    ["a missing account id", [{ status: "DISABLED" }], "accounts[0].accountId is required"],
    ["a missing status", [{ accountId: M1 }], "accounts[0].status is required"],
    ["an unknown status", [{ accountId: M1, status: "PAUSED" }], "accounts[0].status must be one of ENABLED, DISABLED"],
    ["an account listed twice", [{ accountId: M1, status: "DISABLED" }, { accountId: M1, status: "ENABLED" }], `accounts[1].accountId ${M1} is listed more than once`],
  ];
  for (const [what, accounts, message] of cases) {
    it(`refuses ${what}`, async () => {
      const admin = await organization();
      await configure(admin, "ENABLED");
      await expectMacieError(batch(admin, accounts), "ValidationException", message);
      expect(await statuses(admin)).toEqual({ [M1]: "ENABLED", [M2]: "ENABLED" });
    });
  }
});

describe("ListAutomatedDiscoveryAccounts", () => {
  it("lists the accounts asked for, and refuses an account that is not a member (404)", async () => {
    const admin = await organization();
    await configure(admin, "ENABLED");
    expect(await statuses(admin, [M2])).toEqual({ [M2]: "ENABLED" });
    await expectMacieError(statuses(admin, [M1, OUTSIDER]), "ResourceNotFoundException", `Account ${OUTSIDER} is not a member account of Macie administrator account ${ADMIN}`);
  });

  it("pages in account order", async () => {
    const admin = await organization();
    await admin.send(new CreateMemberCommand({ account: { accountId: M3 } }));
    const first = await admin.send(new ListAutomatedDiscoveryAccountsCommand({ maxResults: 2 }));
    expect(first.items!.map((i) => i.accountId)).toEqual([M1, M2]);
    const second = await admin.send(new ListAutomatedDiscoveryAccountsCommand({ maxResults: 2, nextToken: first.nextToken }));
    expect(second.items!.map((i) => i.accountId)).toEqual([M3]);
    expect(second.nextToken).toBeUndefined();
  });

  it("validates accountIds, maxResults and nextToken", async () => {
    const admin = await organization();
    await expectMacieError(statuses(admin, ["not-an-account"]), "ValidationException", "accountIds[0] must be a 12-digit AWS account ID");
    await expectMacieError(statuses(admin, Array.from({ length: 51 }, (_, i) => String(630000000100 + i))), "ValidationException", "accountIds must have at most 50 items");
    await expectMacieError(admin.send(new ListAutomatedDiscoveryAccountsCommand({ maxResults: 26 })), "ValidationException", "maxResults must be at most 25");
    await expectMacieError(admin.send(new ListAutomatedDiscoveryAccountsCommand({ nextToken: "nope!" })), "ValidationException", "nextToken is invalid");
  });

  it("needs Macie enabled", async () => {
    em = await startEmulator();
    const c = em.client(OUTSIDER);
    await expectMacieError(c.send(new ListAutomatedDiscoveryAccountsCommand({})), "AccessDeniedException", "Macie is not enabled");
    await expectMacieError(batch(c, [{ accountId: M1, status: "DISABLED" }]), "AccessDeniedException", "Macie is not enabled");
  });
});
