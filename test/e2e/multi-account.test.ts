/**
 * Two accounts, two stacks: the administrator's stack (examples/multi-account/admin) invites the
 * member, and the member's stack (examples/multi-account/member), run with the member account's
 * credentials, accepts. Then a tag change on the member, and destroy in both orders.
 */
import { GetAdministratorAccountCommand, GetMemberCommand, GetMacieSessionCommand } from "@aws-sdk/client-macie2";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, REPO, runTypeScriptProgram, startE2e, TestStack, type E2e } from "./harness";

const ADMIN = "111111111111";
const MEMBER = "222222222222";
const ADMIN_PROGRAM = path.join(REPO, "examples/multi-account/admin/index.ts");
const MEMBER_PROGRAM = path.join(REPO, "examples/multi-account/member/index.ts");

describe.sequential("multi-account: an administrator stack invites, the member's stack accepts", () => {
  let e2e: E2e;
  let admin: TestStack;
  let member: TestStack;
  let memberTags: Record<string, string> = { team: "security" };

  function adminProgram() {
    return async () => runTypeScriptProgram(ADMIN_PROGRAM);
  }

  beforeAll(async () => {
    e2e = await startE2e();
    const project = "macie-multi-account-admin"; // the example's Pulumi.yaml name: its config namespace
    admin = await TestStack.create(e2e, "admin", adminProgram(), {
      projectName: project,
      account: { accountId: ADMIN },
      config: {
        [`${project}:memberAccountId`]: MEMBER,
        [`${project}:memberEmail`]: "security+member@example.com",
        [`${project}:memberTags`]: JSON.stringify(memberTags),
      },
    });
    member = await TestStack.create(e2e, "member", async () => runTypeScriptProgram(MEMBER_PROGRAM), {
      projectName: "macie-multi-account-member",
      account: { accountId: MEMBER },
      config: { "macie-multi-account-member:administratorAccountId": ADMIN },
    });
  });
  afterAll(async () => {
    await member?.destroy().catch(() => undefined);
    await admin?.destroy().catch(() => undefined);
    await e2e?.cleanup();
  });

  async function upBoth() {
    expect(changes(await admin.up())).toEqual({ macie: "create", member: "create" });
    expect(changes(await member.up())).toEqual({ macie: "create", administrator: "create" });
  }

  async function expectAssociated() {
    const asAdmin = e2e.emulator.client(ADMIN);
    const asMember = e2e.emulator.client(MEMBER);
    expect((await asAdmin.send(new GetMemberCommand({ id: MEMBER }))).relationshipStatus).toBe("Enabled");
    const administrator = await asMember.send(new GetAdministratorAccountCommand({}));
    expect(administrator.administrator).toMatchObject({ accountId: ADMIN, relationshipStatus: "Enabled" });
  }

  it("the admin invites, the member (with its own credentials) accepts, and both previews are then clean", async () => {
    await upBoth();
    await expectAssociated();
    expect((await member.outputs()).memberAccountId).toBe(MEMBER);
    for (const stack of [admin, member]) {
      const plan = await stack.preview();
      expect(changes(plan)).toEqual({});
      expect(plan.mutatingCalls).toBe(0);
    }
  });

  it("a tag change on the member is an in-place update", async () => {
    memberTags = { team: "security", tier: "production" };
    await admin.stack.setConfig("macie-multi-account-admin:memberTags", { value: JSON.stringify(memberTags) });
    const plan = await admin.preview();
    expect(changes(plan)).toEqual({ member: "update" });
    const up = await admin.up();
    expect(Object.keys(up.calls).filter((op) => /^(Create|Update|Delete|Disassociate|Tag|Untag)/.test(op))).toEqual(["TagResource"]);
    const got = await e2e.emulator.client(ADMIN).send(new GetMemberCommand({ id: MEMBER }));
    expect(got.tags).toEqual(memberTags);
    expect(got.relationshipStatus).toBe("Enabled");
  });

  it("destroy works with the administrator's stack first", async () => {
    const adminDestroy = await admin.destroy();
    expect(changes(adminDestroy)).toEqual({ macie: "delete", member: "delete" });
    await expect(e2e.emulator.client(ADMIN).send(new GetMacieSessionCommand({}))).rejects.toThrow(/not enabled/i);
    const memberDestroy = await member.destroy();
    expect(changes(memberDestroy)).toEqual({ macie: "delete", administrator: "delete" });
    await expect(e2e.emulator.client(MEMBER).send(new GetMacieSessionCommand({}))).rejects.toThrow(/not enabled/i);
  });

  it("destroy works with the member's stack first", async () => {
    await upBoth();
    await expectAssociated();
    const memberDestroy = await member.destroy();
    expect(changes(memberDestroy)).toEqual({ macie: "delete", administrator: "delete" });
    await expect(e2e.emulator.client(MEMBER).send(new GetMacieSessionCommand({}))).rejects.toThrow(/not enabled/i);
    const adminDestroy = await admin.destroy();
    expect(changes(adminDestroy)).toEqual({ macie: "delete", member: "delete" });
    await expect(e2e.emulator.client(ADMIN).send(new GetMacieSessionCommand({}))).rejects.toThrow(/not enabled/i);
  });
});
