/**
 * A catalogue of invalid inputs for AutomatedDiscoveryConfiguration and RevealConfiguration. Each
 * is driven as `pulumi up` drives a new resource (check, then create only if check passed): check
 * must reject it with the expected property path and rule, and the emulator must record no call
 * for the whole catalogue.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startProviderHarness, type ProviderHarness } from "../helpers/provider";
import { describeBadInputs, pathOf, type BadInput } from "../helpers/badInputs";

const DISCOVERY = "AutomatedDiscoveryConfiguration";
const REVEAL = "RevealConfiguration";
const KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ENABLED = { status: "ENABLED", kmsKeyId: KEY };

const CASES: BadInput[] = [
  { what: "no status", type: DISCOVERY, args: {}, property: "status", reason: /is required/ },
  { what: "status in lower case", type: DISCOVERY, args: { status: "enabled" }, property: "status", reason: /^must be one of ENABLED, DISABLED$/ },
  { what: "status PAUSED (an Account status)", type: DISCOVERY, args: { status: "PAUSED" }, property: "status", reason: /must be one of ENABLED, DISABLED/ },
  {
    what: "autoEnableOrganizationMembers as a boolean",
    type: DISCOVERY,
    args: { status: "ENABLED", autoEnableOrganizationMembers: true },
    property: "autoEnableOrganizationMembers",
    reason: /^must be one of ALL, NEW, NONE$/,
  },
  { what: "an unknown input", type: DISCOVERY, args: { status: "ENABLED", autoEnable: "ALL" }, property: "autoEnable", reason: /is not a known property/ },

  { what: "no configuration", type: REVEAL, args: {}, property: "configuration", reason: /is required/ },
  { what: "configuration without status", type: REVEAL, args: { configuration: { kmsKeyId: KEY } }, property: "configuration.status", reason: /is required/ },
  { what: "ENABLED without a key", type: REVEAL, args: { configuration: { status: "ENABLED" } }, property: "configuration.kmsKeyId", reason: /is required when status is ENABLED/ },
  {
    what: "DISABLED with a key",
    type: REVEAL,
    args: { configuration: { status: "DISABLED", kmsKeyId: KEY } },
    property: "configuration.kmsKeyId",
    reason: /must not be set when status is DISABLED/,
  },
  {
    what: "a key given as a bare name",
    type: REVEAL,
    args: { configuration: { status: "ENABLED", kmsKeyId: "my-key" } },
    property: "configuration.kmsKeyId",
    reason: /must be a KMS key ARN, key ID, alias name \(alias\/\.\.\.\) or alias ARN/,
    got: '"my-key"',
  },
  {
    what: "a key ARN of another service",
    type: REVEAL,
    args: { configuration: { status: "ENABLED", kmsKeyId: "arn:aws:s3:::bucket" } },
    property: "configuration.kmsKeyId",
    reason: /must be a KMS key ARN/,
  },
  {
    what: "ASSUME_ROLE without roleName",
    type: REVEAL,
    args: { configuration: ENABLED, retrievalConfiguration: { retrievalMode: "ASSUME_ROLE" } },
    property: "retrievalConfiguration.roleName",
    reason: /is required when retrievalMode is ASSUME_ROLE/,
  },
  {
    what: "CALLER_CREDENTIALS with a roleName",
    type: REVEAL,
    args: { configuration: ENABLED, retrievalConfiguration: { retrievalMode: "CALLER_CREDENTIALS", roleName: "MacieReveal" } },
    property: "retrievalConfiguration.roleName",
    reason: /must not be set when retrievalMode is CALLER_CREDENTIALS/,
  },
  {
    what: "retrievalConfiguration without retrievalMode",
    type: REVEAL,
    args: { configuration: ENABLED, retrievalConfiguration: { roleName: "MacieReveal" } },
    property: "retrievalConfiguration.retrievalMode",
    reason: /is required/,
  },
  {
    what: "an unknown retrievalMode",
    type: REVEAL,
    args: { configuration: ENABLED, retrievalConfiguration: { retrievalMode: "ROLE" } },
    property: "retrievalConfiguration.retrievalMode",
    reason: /must be one of CALLER_CREDENTIALS, ASSUME_ROLE/,
    got: '"ROLE"',
  },
  {
    what: "a role ARN instead of a role name",
    type: REVEAL,
    args: { configuration: ENABLED, retrievalConfiguration: ASSUME("arn:aws:iam::111111111111:role/MacieReveal") },
    property: "retrievalConfiguration.roleName",
    reason: /must be an IAM role name/,
  },
  {
    what: "a role name over 64 characters",
    type: REVEAL,
    args: { configuration: ENABLED, retrievalConfiguration: ASSUME("r".repeat(65)) },
    property: "retrievalConfiguration.roleName",
    reason: /at most 64 characters long \(got 65\)/,
  },
  {
    what: "ASSUME_ROLE with a DISABLED configuration",
    type: REVEAL,
    args: { configuration: { status: "DISABLED" }, retrievalConfiguration: ASSUME("MacieReveal") },
    property: "retrievalConfiguration.retrievalMode",
    reason: /must be CALLER_CREDENTIALS when configuration.status is DISABLED/,
  },
  {
    what: "externalId given as an input (Macie generates it)",
    type: REVEAL,
    args: { configuration: ENABLED, retrievalConfiguration: { ...ASSUME("MacieReveal"), externalId: "abc" } },
    property: "retrievalConfiguration.externalId",
    reason: /is not a known property/,
  },
];

function ASSUME(roleName: string) {
  return { retrievalMode: "ASSUME_ROLE", roleName };
}

let h: ProviderHarness;

beforeAll(async () => {
  h = await startProviderHarness();
  await h.enableMacie();
});
afterAll(() => h?.stop());

describeBadInputs("AutomatedDiscoveryConfiguration and RevealConfiguration: check rejects each invalid input with its property path and rule", CASES, 15, () => h);

describe("check reports every failure at once", () => {
  test("a reveal configuration with three independent mistakes gets three failures", async () => {
    const { failures } = await h.check(REVEAL, {
      __name: "bad",
      configuration: { status: "ENABLED" },
      retrievalConfiguration: { retrievalMode: "ASSUME_ROLE", roleName: "bad role" },
      region: "Europe",
    });
    expect(failures.map(pathOf).sort()).toEqual(["configuration.kmsKeyId", "region", "retrievalConfiguration.roleName"]);
  });

  test("values unknown during preview pass: the rules run again at up", async () => {
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const { failures } = await h.check(REVEAL, {
      __name: "preview",
      configuration: { status: UNKNOWN, kmsKeyId: UNKNOWN },
      retrievalConfiguration: { retrievalMode: "ASSUME_ROLE", roleName: UNKNOWN },
    });
    expect(failures).toEqual([]);
  });
});
