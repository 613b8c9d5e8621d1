/** Accounts and Regions are kept apart. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  CreateMemberCommand,
  EnableMacieCommand,
  GetMacieSessionCommand,
  GetMemberCommand,
  ListMembersCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  UpdateMacieSessionCommand,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";

const A = "111111111111";
const B = "222222222222";
let em: TestEmulator;
beforeAll(async () => {
  em = await startEmulator();
});
afterAll(() => em.stop());

describe("isolation", () => {
  it("keeps two accounts and two Regions apart", async () => {
    const aEast = em.client(A, "us-east-1");
    const aWest = em.client(A, "eu-west-1");
    const bEast = em.client(B, "us-east-1");
    await aEast.send(new EnableMacieCommand({ findingPublishingFrequency: "SIX_HOURS" }));
    // Enabled in one account and Region only.
    await expect(aWest.send(new GetMacieSessionCommand({}))).rejects.toBeInstanceOf(AccessDeniedException);
    await expect(bEast.send(new GetMacieSessionCommand({}))).rejects.toBeInstanceOf(AccessDeniedException);

    await aWest.send(new EnableMacieCommand({}));
    await bEast.send(new EnableMacieCommand({}));
    await aWest.send(new UpdateMacieSessionCommand({ status: "PAUSED" }));
    expect((await aEast.send(new GetMacieSessionCommand({}))).status).toBe("ENABLED");
    expect((await aEast.send(new GetMacieSessionCommand({}))).findingPublishingFrequency).toBe("SIX_HOURS");
    expect((await aWest.send(new GetMacieSessionCommand({}))).findingPublishingFrequency).toBe("FIFTEEN_MINUTES");
    expect((await bEast.send(new GetMacieSessionCommand({}))).serviceRole).toContain(`::${B}:`);

    const { arn } = await aEast.send(new CreateMemberCommand({ account: { accountId: "333333333333", email: "m@example.com" } }));
    expect(arn).toContain(":us-east-1:111111111111:");
    expect((await aEast.send(new ListMembersCommand({ onlyAssociated: "false" }))).members).toHaveLength(1);
    expect((await aWest.send(new ListMembersCommand({ onlyAssociated: "false" }))).members).toEqual([]);
    expect((await bEast.send(new ListMembersCommand({ onlyAssociated: "false" }))).members).toEqual([]);
    await expect(aWest.send(new GetMemberCommand({ id: "333333333333" }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(bEast.send(new ListTagsForResourceCommand({ resourceArn: arn }))).rejects.toBeInstanceOf(ResourceNotFoundException);

    const world = await em.admin.state();
    expect(Object.keys(world.accounts[A]).sort()).toEqual(["eu-west-1", "us-east-1"]);
    expect(Object.keys(world.accounts[B])).toEqual(["us-east-1"]);
  });
});
