/**
 * Automated sensitive data discovery and reveal configurations over HTTP with the real SDK.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EnableMacieCommand,
  EnableOrganizationAdminAccountCommand,
  GetAutomatedDiscoveryConfigurationCommand,
  GetRevealConfigurationCommand,
  UpdateAutomatedDiscoveryConfigurationCommand,
  UpdateRevealConfigurationCommand,
  type Macie2Client,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";
import { expectMacieError } from "../helpers/errors";

const MANAGEMENT = "400000000000";
const DELEGATED_ADMIN = "400000000009";
let em: TestEmulator;
let nextAccount = 400000000100;

beforeAll(async () => {
  em = await startEmulator({ config: { organization: { managementAccountId: MANAGEMENT, memberAccountIds: [DELEGATED_ADMIN] } } });
});
afterAll(async () => {
  await em.stop();
});

async function account(): Promise<Macie2Client> {
  const client = em.client(String(nextAccount++));
  await client.send(new EnableMacieCommand({}));
  return client;
}

describe("automated discovery configuration", () => {
  it("is DISABLED before any update, with the account's scope and template ids", async () => {
    const c = await account();
    const got = await c.send(new GetAutomatedDiscoveryConfigurationCommand({}));
    expect(got.status).toBe("DISABLED");
    expect(got.classificationScopeId).toMatch(/^[0-9a-f]{32}$/);
    expect(got.sensitivityInspectionTemplateId).toMatch(/^[0-9a-f]{32}$/);
    expect(got.firstEnabledAt).toBeUndefined();
    expect(got.autoEnableOrganizationMembers).toBeUndefined();
    expect((await c.send(new GetAutomatedDiscoveryConfigurationCommand({}))).classificationScopeId).toBe(got.classificationScopeId);
  });

  it("records when it was first enabled, last disabled and last updated", async () => {
    const c = await account();
    await c.send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: "ENABLED" }));
    const enabled = await c.send(new GetAutomatedDiscoveryConfigurationCommand({}));
    expect(enabled.status).toBe("ENABLED");
    expect(enabled.firstEnabledAt).toBeInstanceOf(Date);
    expect(enabled.lastUpdatedAt).toEqual(enabled.firstEnabledAt);
    expect(enabled.disabledAt).toBeUndefined();

    await em.admin.advanceClock(60_000);
    await c.send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: "DISABLED" }));
    const disabled = await c.send(new GetAutomatedDiscoveryConfigurationCommand({}));
    expect(disabled.status).toBe("DISABLED");
    expect(disabled.disabledAt!.getTime()).toBe(disabled.lastUpdatedAt!.getTime());
    expect(disabled.disabledAt!.getTime()).toBeGreaterThanOrEqual(enabled.firstEnabledAt!.getTime() + 60_000);

    await c.send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: "ENABLED" }));
    const again = await c.send(new GetAutomatedDiscoveryConfigurationCommand({}));
    expect(again.firstEnabledAt).toEqual(enabled.firstEnabledAt);
    expect(again.disabledAt).toBeUndefined();
  });

  it("validates status", async () => {
    const c = await account();
    await expectMacieError(c.send(new UpdateAutomatedDiscoveryConfigurationCommand({} as any)), "ValidationException", "status is required");
    await expectMacieError(c.send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: "ON" as any })), "ValidationException", "status must be one of ENABLED, DISABLED");
  });

  it("takes autoEnableOrganizationMembers only from the organization's delegated administrator", async () => {
    const c = await account();
    await expectMacieError(
      c.send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: "ENABLED", autoEnableOrganizationMembers: "NEW" })),
      "ValidationException",
      "autoEnableOrganizationMembers applies only to the Macie administrator",
    );
    const management = em.client(MANAGEMENT);
    await management.send(new EnableMacieCommand({}));
    await management.send(new EnableOrganizationAdminAccountCommand({ adminAccountId: DELEGATED_ADMIN }));
    const admin = em.client(DELEGATED_ADMIN);
    expect((await admin.send(new GetAutomatedDiscoveryConfigurationCommand({}))).autoEnableOrganizationMembers).toBe("ALL");
    await admin.send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: "ENABLED", autoEnableOrganizationMembers: "NEW" }));
    expect(await admin.send(new GetAutomatedDiscoveryConfigurationCommand({}))).toMatchObject({ status: "ENABLED", autoEnableOrganizationMembers: "NEW" });
    await expectMacieError(
      admin.send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: "ENABLED", autoEnableOrganizationMembers: "SOME" as any })),
      "ValidationException",
      "autoEnableOrganizationMembers must be one of ALL, NEW, NONE",
    );
  });
});

describe("reveal configuration", () => {
  const KEY_ARN = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  it("is DISABLED with caller credentials before any update", async () => {
    const c = await account();
    expect(await c.send(new GetRevealConfigurationCommand({}))).toMatchObject({
      configuration: { status: "DISABLED" },
      retrievalConfiguration: { retrievalMode: "CALLER_CREDENTIALS" },
    });
  });

  it("enables with a key, switches to an assumed role with a generated external id, and disabling forgets both", async () => {
    const c = await account();
    const enabled = await c.send(new UpdateRevealConfigurationCommand({ configuration: { status: "ENABLED", kmsKeyId: KEY_ARN } }));
    expect(enabled).toMatchObject({ configuration: { status: "ENABLED", kmsKeyId: KEY_ARN }, retrievalConfiguration: { retrievalMode: "CALLER_CREDENTIALS" } });

    const role = await c.send(
      new UpdateRevealConfigurationCommand({
        configuration: { status: "ENABLED", kmsKeyId: "alias/macie-reveal" },
        retrievalConfiguration: { retrievalMode: "ASSUME_ROLE", roleName: "MacieReveal" },
      }),
    );
    expect(role.retrievalConfiguration).toMatchObject({ retrievalMode: "ASSUME_ROLE", roleName: "MacieReveal", externalId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const externalId = role.retrievalConfiguration!.externalId;
    // Updating the role keeps the external id; the settings persist when retrievalConfiguration is left out.
    await c.send(
      new UpdateRevealConfigurationCommand({
        configuration: { status: "ENABLED", kmsKeyId: KEY_ARN },
        retrievalConfiguration: { retrievalMode: "ASSUME_ROLE", roleName: "OtherRole" },
      }),
    );
    await c.send(new UpdateRevealConfigurationCommand({ configuration: { status: "ENABLED", kmsKeyId: KEY_ARN } }));
    expect((await c.send(new GetRevealConfigurationCommand({}))).retrievalConfiguration).toEqual({ retrievalMode: "ASSUME_ROLE", roleName: "OtherRole", externalId });

    await c.send(new UpdateRevealConfigurationCommand({ configuration: { status: "DISABLED" } }));
    expect(await c.send(new GetRevealConfigurationCommand({}))).toMatchObject({
      configuration: { status: "DISABLED" },
      retrievalConfiguration: { retrievalMode: "CALLER_CREDENTIALS" },
    });
    expect((await c.send(new GetRevealConfigurationCommand({}))).configuration!.kmsKeyId).toBeUndefined();
  });

  const cases: [string, any, string][] = [
    ["a missing configuration", {}, "configuration is required"],
    ["a missing status", { configuration: { kmsKeyId: KEY_ARN } }, "configuration.status is required"],
    ["enabling without a key", { configuration: { status: "ENABLED" } }, "configuration.kmsKeyId is required"],
    ["a key that is not an ARN, id or alias", { configuration: { status: "ENABLED", kmsKeyId: "my key" } }, "configuration.kmsKeyId must be a KMS key ARN, key ID, alias name"],
    [
      "ASSUME_ROLE without a role name",
      { configuration: { status: "ENABLED", kmsKeyId: KEY_ARN }, retrievalConfiguration: { retrievalMode: "ASSUME_ROLE" } },
      "retrievalConfiguration.roleName is required",
    ],
    [
      "a role name with CALLER_CREDENTIALS",
      { configuration: { status: "ENABLED", kmsKeyId: KEY_ARN }, retrievalConfiguration: { retrievalMode: "CALLER_CREDENTIALS", roleName: "R" } },
      "retrievalConfiguration.roleName applies only when retrievalMode is ASSUME_ROLE",
    ],
    [
      "an unknown retrieval mode",
      { configuration: { status: "ENABLED", kmsKeyId: KEY_ARN }, retrievalConfiguration: { retrievalMode: "ROLE" } },
      "retrievalConfiguration.retrievalMode must be one of CALLER_CREDENTIALS, ASSUME_ROLE",
    ],
    [
      "an invalid role name",
      { configuration: { status: "ENABLED", kmsKeyId: KEY_ARN }, retrievalConfiguration: { retrievalMode: "ASSUME_ROLE", roleName: "bad role!" } },
      "retrievalConfiguration.roleName must be an IAM role name",
    ],
  ];
  for (const [what, request, message] of cases) {
    it(`refuses ${what}`, async () => {
      const c = await account();
      await expectMacieError(c.send(new UpdateRevealConfigurationCommand(request)), "ValidationException", message);
      expect((await c.send(new GetRevealConfigurationCommand({}))).configuration).toEqual({ status: "DISABLED" });
    });
  }
});
