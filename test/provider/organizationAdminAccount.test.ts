/**
 * macie.OrganizationAdminAccount through the real provider runtime against macie-local, with an
 * organization modelled in the emulator's config. It runs with the management account's
 * credentials (the environment, or assumeRoleArn).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DisableOrganizationAdminAccountCommand,
  EnableOrganizationAdminAccountCommand,
  ListOrganizationAdminAccountsCommand,
} from "@aws-sdk/client-macie2";
import { startProviderHarness, type ProviderHarness } from "../helpers/provider";

const TYPE = "OrganizationAdminAccount";
const MANAGEMENT = "100000000000";
const ADMIN = "200000000000";
const OTHER_ADMIN = "300000000000";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness({
    accountId: MANAGEMENT,
    config: { organization: { managementAccountId: MANAGEMENT, memberAccountIds: [ADMIN, OTHER_ADMIN] } },
  });
});
afterAll(async () => h?.stop());
beforeEach(async () => h.reset());

const admins = async () => (await h.client(MANAGEMENT).send(new ListOrganizationAdminAccountsCommand({}))).adminAccounts ?? [];

describe("OrganizationAdminAccount", () => {
  it("designates the administrator, reads it with one call, and a no-op diff makes no call", async () => {
    const created = await h.countCalls(() => h.up(TYPE, "admin", { adminAccountId: ADMIN }));
    const admin = created.result;
    expect(admin.id).toBe(ADMIN);
    expect(admin.outs).toMatchObject({ adminAccountId: ADMIN, status: "ENABLED", accountId: MANAGEMENT, region: "us-east-1" });
    expect(created.operations).toEqual({ EnableOrganizationAdminAccount: 1, ListOrganizationAdminAccounts: 1 });
    expect(await admins()).toEqual([{ accountId: ADMIN, status: "ENABLED" }]);

    const read = await h.countCalls(() => h.refresh(admin));
    expect(read.operations).toEqual({ ListOrganizationAdminAccounts: 1 });
    expect(read.result!.outs).toEqual(admin.outs);

    const { inputs } = await h.check(TYPE, { adminAccountId: ADMIN, __name: "admin" }, admin.inputs);
    const d = await h.countCalls(() => h.diff(TYPE, admin.id, read.result!.outs, inputs));
    expect(d.result).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(d.operations).toEqual({});
  });

  it("another administrator is a replacement that removes the old one first", async () => {
    const admin = await h.up(TYPE, "admin", { adminAccountId: ADMIN });
    const r = await h.countCalls(() => h.upAgain(admin, { adminAccountId: OTHER_ADMIN }));
    expect(r.result.action).toBe("replace");
    expect(r.result.diff).toEqual({ changes: true, replaces: ["adminAccountId"], deleteBeforeReplace: true });
    expect(r.result.deployed.id).toBe(OTHER_ADMIN);
    expect(r.operations).toMatchObject({ DisableOrganizationAdminAccount: 1, EnableOrganizationAdminAccount: 1 });
    expect(r.failed).toEqual({});
    expect(await admins()).toEqual([{ accountId: OTHER_ADMIN, status: "ENABLED" }]);
  });

  it("delete removes the designation; deleting again is harmless", async () => {
    const admin = await h.up(TYPE, "admin", { adminAccountId: ADMIN });
    const del = await h.countCalls(() => h.destroy(admin));
    expect(del.operations).toEqual({ DisableOrganizationAdminAccount: 1 });
    expect(await admins()).toEqual([]);
    await h.destroy(admin);
  });

  it("an administrator removed outside Pulumi is drift, not an error; the next up designates it again", async () => {
    const admin = await h.up(TYPE, "admin", { adminAccountId: ADMIN });
    await h.client(MANAGEMENT).send(new DisableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
    expect(await h.refresh(admin)).toBeUndefined();
    await h.up(TYPE, "admin", { adminAccountId: ADMIN });
    expect(await admins()).toEqual([{ accountId: ADMIN, status: "ENABLED" }]);
  });

  it("another administrator designated outside Pulumi shows as drift", async () => {
    const admin = await h.up(TYPE, "admin", { adminAccountId: ADMIN });
    await h.client(MANAGEMENT).send(new DisableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
    await h.client(MANAGEMENT).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: OTHER_ADMIN }));
    expect(await h.refresh(admin)).toBeUndefined();
  });

  it("adopts an administrator that is already designated", async () => {
    await h.client(MANAGEMENT).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
    const admin = await h.up(TYPE, "admin", { adminAccountId: ADMIN });
    expect(admin.outs.status).toBe("ENABLED");
  });

  it("works from another account's credentials through assumeRoleArn into the management account", async () => {
    const role = `arn:aws:iam::${MANAGEMENT}:role/OrganizationAccountAccessRole`;
    const admin = await h.asAccount("999999999999", () => h.up(TYPE, "admin", { adminAccountId: ADMIN, assumeRoleArn: role }));
    expect(admin.outs.accountId).toBe(MANAGEMENT);
    expect(await admins()).toEqual([{ accountId: ADMIN, status: "ENABLED" }]);
    await h.asAccount("999999999999", () => h.destroy(admin));
    expect(await admins()).toEqual([]);
  });

  it("run from a member account, it fails with Macie's reason and the account", async () => {
    await expect(h.asAccount(OTHER_ADMIN, () => h.up(TYPE, "admin", { adminAccountId: ADMIN }))).rejects.toThrow(
      /EnableOrganizationAdminAccount failed in account 300000000000, us-east-1: AccessDeniedException: Only the management account/,
    );
  });
});
