/**
 * macie-local answers the two STS calls a Macie tool needs at the same endpoint, so one
 * AWS_ENDPOINT_URL points a whole tool at it. Driven by the real @aws-sdk/client-sts.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from "@aws-sdk/client-sts";
import { GetMacieSessionCommand, EnableMacieCommand, Macie2Client } from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";

let em: TestEmulator;
beforeAll(async () => {
  em = await startEmulator();
});
afterAll(() => em.stop());

const sts = (accessKeyId: string) =>
  new STSClient({ endpoint: em.url, region: "us-east-1", credentials: { accessKeyId, secretAccessKey: "test" } });

describe("STS", () => {
  test("GetCallerIdentity names the account of the access key", async () => {
    const me = await sts("123456789012").send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe("123456789012");
    expect(me.Arn).toContain("123456789012");
    const other = await sts("AKIDEXAMPLE").send(new GetCallerIdentityCommand({}));
    expect(other.Account).toBe("000000000000");
  });

  test("AssumeRole returns credentials that act in the role's account", async () => {
    const out = await sts("111111111111").send(
      new AssumeRoleCommand({ RoleArn: "arn:aws:iam::222222222222:role/MacieAdmin", RoleSessionName: "t" }),
    );
    expect(out.Credentials?.AccessKeyId).toBe("222222222222");
    expect(out.Credentials?.Expiration).toBeInstanceOf(Date);
    const macie = new Macie2Client({
      endpoint: em.url,
      region: "us-east-1",
      credentials: {
        accessKeyId: out.Credentials!.AccessKeyId!,
        secretAccessKey: out.Credentials!.SecretAccessKey!,
        sessionToken: out.Credentials!.SessionToken,
      },
    });
    await macie.send(new EnableMacieCommand({}));
    const state = await em.admin.state();
    expect(state.accounts["222222222222"]["us-east-1"].session).toBeDefined();
    expect(state.accounts["111111111111"]).toBeUndefined();
    await expect(em.client("111111111111").send(new GetMacieSessionCommand({}))).rejects.toThrow(/not enabled/);
  });

  test("AssumeRole refuses what is not a role ARN, and other actions are refused by name", async () => {
    await expect(
      sts("111111111111").send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::2222:user/x", RoleSessionName: "t" })),
    ).rejects.toThrow(/not a role ARN/);
  });

  test("STS calls are not counted as Macie operations", async () => {
    await em.admin.reset({ counters: true });
    await sts("111111111111").send(new GetCallerIdentityCommand({}));
    expect((await em.admin.calls()).totals.calls).toBe(0);
  });
});
