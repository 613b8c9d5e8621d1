/**
 * macie.InvitationAccepter through the real provider runtime against macie-local. It runs with
 * the member account's connection: the environment's credentials (switched to the member account
 * with `asAccount`), or `assumeRoleArn` into it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AcceptInvitationCommand,
  CreateInvitationsCommand,
  CreateMemberCommand,
  DeleteMemberCommand,
  DisassociateMemberCommand,
  GetAdministratorAccountCommand,
  GetMemberCommand,
  ListInvitationsCommand,
} from "@aws-sdk/client-macie2";
import { startProviderHarness, type ProviderHarness } from "../helpers/provider";

const TYPE = "InvitationAccepter";
const ADMIN = "111111111111";
const OTHER_ADMIN = "444444444444";
const MEMBER = "222222222222";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness({ accountId: MEMBER });
});
afterAll(async () => h?.stop());
beforeEach(async () => {
  await h.reset();
  for (const a of [ADMIN, OTHER_ADMIN, MEMBER]) await h.enableMacie(a);
});

/** The administrator adds and invites MEMBER, through the SDK. */
async function invite(admin = ADMIN) {
  const c = h.client(admin);
  await c.send(new CreateMemberCommand({ account: { accountId: MEMBER, email: "m@example.com" } }));
  await c.send(new CreateInvitationsCommand({ accountIds: [MEMBER] }));
}

/**
 * Resolves once the provider has polled ListInvitations more than `before` times: it is waiting
 * for an invitation (a fixed sleep instead could let the invitation arrive before the first poll).
 */
async function waiting(before: number) {
  while ((await h.em.admin.callsOf("ListInvitations")) <= before) await new Promise((r) => setTimeout(r, 50));
}

const memberStatus = async (admin = ADMIN) => (await h.client(admin).send(new GetMemberCommand({ id: MEMBER }))).relationshipStatus;

describe("InvitationAccepter", () => {
  it("accepts the invitation, reads with one call, and a no-op diff makes no call", async () => {
    await invite();
    const created = await h.countCalls(() => h.up(TYPE, "accept", { administratorAccountId: ADMIN }));
    const acc = created.result;
    expect(created.operations).toEqual({ GetAdministratorAccount: 1, ListInvitations: 1, AcceptInvitation: 1 });
    expect(acc.id).toBe(ADMIN);
    expect(acc.outs).toMatchObject({ administratorAccountId: ADMIN, accountId: MEMBER, region: "us-east-1" });
    expect(acc.outs.invitationId).toEqual(expect.any(String));
    expect(await memberStatus()).toBe("Enabled");

    const read = await h.countCalls(() => h.refresh(acc));
    expect(read.operations).toEqual({ GetAdministratorAccount: 1 });
    expect(read.result!.outs).toEqual(acc.outs);

    const { inputs } = await h.check(TYPE, { administratorAccountId: ADMIN, __name: "accept" }, acc.inputs);
    const d = await h.countCalls(() => h.diff(TYPE, acc.id, read.result!.outs, inputs));
    expect(d.result).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(d.operations).toEqual({});
  });

  it("waits for an invitation that arrives later", async () => {
    const creating = h.withEnv({ PULUMI_MACIE_WAIT_SECONDS: "20" }, () => h.up(TYPE, "accept", { administratorAccountId: ADMIN }));
    // The administrator's stack invites once the member's is waiting, through its own client.
    await waiting(0);
    await invite();
    const acc = await creating;
    expect(acc.outs.invitationId).toEqual(expect.any(String));
    expect(await memberStatus()).toBe("Enabled");
    expect(await h.em.admin.callsOf("ListInvitations")).toBeGreaterThan(1);
  });

  it("a wait that runs out says what it waited for", async () => {
    const err = await h.withEnv({ PULUMI_MACIE_WAIT_SECONDS: "1" }, () => h.up(TYPE, "accept", { administratorAccountId: ADMIN })).catch((e) => e);
    expect(err.message).toBe(
      "timed out after 1 s waiting for a Macie invitation from administrator account 111111111111 in account 222222222222, us-east-1; set PULUMI_MACIE_WAIT_SECONDS to wait longer",
    );
    expect(await h.em.admin.callsOf("AcceptInvitation")).toBe(0);
  });

  it("adopts an invitation accepted outside Pulumi", async () => {
    await invite();
    const c = h.client(MEMBER);
    const { invitations } = await c.send(new ListInvitationsCommand({}));
    await c.send(new AcceptInvitationCommand({ administratorAccountId: ADMIN, invitationId: invitations![0].invitationId }));
    const created = await h.countCalls(() => h.up(TYPE, "accept", { administratorAccountId: ADMIN }));
    expect(created.operations).toEqual({ GetAdministratorAccount: 1 });
    expect(created.result.outs.invitationId).toBe(invitations![0].invitationId);
  });

  it("another administrator is a replacement that leaves the old one first", async () => {
    await invite();
    const acc = await h.up(TYPE, "accept", { administratorAccountId: ADMIN });
    // Macie refuses to add a member that another administrator holds: the new administrator can
    // invite only once the old relationship is gone, which the replacement does first, then waits.
    const polledBefore = await h.em.admin.callsOf("ListInvitations");
    const replacing = h.withEnv({ PULUMI_MACIE_WAIT_SECONDS: "20" }, () => h.upAgain(acc, { administratorAccountId: OTHER_ADMIN }));
    await waiting(polledBefore);
    await invite(OTHER_ADMIN);
    const r = await replacing;
    expect(r.action).toBe("replace");
    expect(r.diff).toEqual({ changes: true, replaces: ["administratorAccountId"], deleteBeforeReplace: true });
    expect(await memberStatus(ADMIN)).toBe("Resigned");
    expect(await memberStatus(OTHER_ADMIN)).toBe("Enabled");
  });

  it("delete leaves the administrator", async () => {
    await invite();
    const acc = await h.up(TYPE, "accept", { administratorAccountId: ADMIN });
    const del = await h.countCalls(() => h.destroy(acc));
    expect(del.operations).toEqual({ DisassociateFromAdministratorAccount: 1 });
    expect(await memberStatus()).toBe("Resigned");
    expect((await h.client(MEMBER).send(new GetAdministratorAccountCommand({}))).administrator).toBeUndefined();
  });

  it("destroy works in either order: after the administrator removed the member", async () => {
    await invite();
    const acc = await h.up(TYPE, "accept", { administratorAccountId: ADMIN });
    await h.client(ADMIN).send(new DisassociateMemberCommand({ id: MEMBER }));
    await h.client(ADMIN).send(new DeleteMemberCommand({ id: MEMBER }));
    expect(await h.refresh(acc)).toBeUndefined(); // drift: no longer associated
    await h.destroy(acc);
  });

  it("runs in the member account through assumeRoleArn", async () => {
    await invite();
    const role = `arn:aws:iam::${MEMBER}:role/MacieMember`;
    const acc = await h.asAccount(ADMIN, () => h.up(TYPE, "accept", { administratorAccountId: ADMIN, assumeRoleArn: role }));
    expect(acc.outs.accountId).toBe(MEMBER);
    expect(await memberStatus()).toBe("Enabled");
    await h.asAccount(ADMIN, () => h.destroy(acc));
    expect(await memberStatus()).toBe("Resigned");
  });
});
