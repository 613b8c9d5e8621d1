/**
 * Where the provider's calls go under the real engine: the stack's `aws:region` and `aws:profile`
 * reach the dynamic-provider plugin (through its `configure`), and win over the environment.
 * The engine runs with AWS_REGION=us-east-1 and the keys of account 111111111111 in its
 * environment; the stack says eu-west-1 and a profile of account 333333333333.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, loadMacie, startE2e, TestStack, type E2e } from "./harness";

describe.sequential("stack configuration chooses the Region and the credentials", () => {
  let e2e: E2e;
  let stack: TestStack;

  beforeAll(async () => {
    e2e = await startE2e();
    const credentials = path.join(e2e.dir, "aws-credentials");
    fs.writeFileSync(credentials, "[security]\naws_access_key_id = 333333333333\naws_secret_access_key = from-profile\n");
    stack = await TestStack.create(e2e, "connection", async () => {
      const macie = loadMacie();
      const account = new macie.Account("macie", { findingPublishingFrequency: "ONE_HOUR" });
      return { accountId: account.accountId, region: account.region };
    });
    await stack.stack.setConfig("aws:region", { value: "eu-west-1" });
    await stack.stack.setConfig("aws:profile", { value: "security" });
    // The engine (and so the plugin) runs with the workspace's environment.
    (stack.stack.workspace as { envVars: Record<string, string> }).envVars.AWS_SHARED_CREDENTIALS_FILE = credentials;
  });
  afterAll(async () => e2e?.cleanup());

  it("creates Macie in the configured Region of the profile's account, not the environment's", async () => {
    const up = await stack.up();
    expect(changes(up)).toEqual({ macie: "create" });
    const outputs = await stack.outputs();
    expect(outputs).toMatchObject({ accountId: "333333333333", region: "eu-west-1" });
    const world = await e2e.emulator.admin.state();
    expect(world.accounts["333333333333"]?.["eu-west-1"]?.session?.findingPublishingFrequency).toBe("ONE_HOUR");
    expect(world.accounts["111111111111"]?.["us-east-1"]?.session).toBeUndefined();
    expect(world.accounts["333333333333"]?.["us-east-1"]?.session).toBeUndefined();
  });

  it("keeps the profile's keys out of the state", async () => {
    const text = JSON.stringify(await stack.exportState());
    expect(text).not.toContain("from-profile");
    expect(text).not.toContain("aws_secret_access_key");
  });

  it("destroys in the same Region and account", async () => {
    await stack.destroy();
    const world = await e2e.emulator.admin.state();
    expect(world.accounts["333333333333"]?.["eu-west-1"]?.session).toBeUndefined();
  });
});
