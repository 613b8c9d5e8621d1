/**
 * macie.OrganizationRollout on the real engine against macie-local: an organization of a
 * management account, a delegated administrator and three members, rolled out to three Regions by
 * one stack (the program is examples/org-rollout). Then a fourth Region is added and one removed:
 * the engine's planned steps and the Regions of the mutating Macie calls must touch that Region
 * only. Figures (resources, time of each up, calls) are printed, never asserted.
 */
import {
  DescribeOrganizationConfigurationCommand,
  GetAutomatedDiscoveryConfigurationCommand,
  GetClassificationExportConfigurationCommand,
  GetFindingsPublicationConfigurationCommand,
  GetMacieSessionCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
} from "@aws-sdk/client-macie2";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, REPO, runTypeScriptProgram, startE2e, TestStack, type E2e, type Plan } from "./harness";

const PROGRAM = path.join(REPO, "examples/org-rollout/index.ts");
const PROJECT = "macie-org-rollout";
const MANAGEMENT = "100000000000";
const ADMIN = "111111111111";
const MEMBERS = ["222222222222", "333333333333", "444444444444"];
const BUCKET = "org-macie-results";
// One central key (and bucket) in us-east-1 for every Region: all are Regions enabled by default.
const KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];
const ADDED = "sa-east-1";
const REMOVED = "eu-west-1";

/** The children the component declares for one Region, and what each becomes in a plan. */
function childrenOf(region: string): string[] {
  return ["admin", "macie", "org-config", "security-hub", "discovery", "export", ...MEMBERS.map((m) => `member-${m}`)].map((p) => `org-${region}-${p}`);
}
const PER_REGION = childrenOf("x").length; // 9
const all = (regions: string[], op: string) => Object.fromEntries(regions.flatMap(childrenOf).map((n) => [n, op]));

describe.sequential("OrganizationRollout: five accounts, three Regions, one stack", () => {
  let e2e: E2e;
  let stack: TestStack;
  const figures: string[] = [];

  beforeAll(async () => {
    e2e = await startE2e({
      config: { organization: { managementAccountId: MANAGEMENT, memberAccountIds: [ADMIN, ...MEMBERS] } },
    });
    stack = await TestStack.create(e2e, "rollout", async () => runTypeScriptProgram(PROGRAM), {
      projectName: PROJECT,
      account: { accountId: ADMIN },
      config: {
        [`${PROJECT}:regions`]: JSON.stringify(REGIONS),
        [`${PROJECT}:administratorAccountId`]: ADMIN,
        [`${PROJECT}:managementRoleArn`]: `arn:aws:iam::${MANAGEMENT}:role/MacieDelegation`,
        [`${PROJECT}:memberAccountIds`]: JSON.stringify(MEMBERS),
        [`${PROJECT}:findingsBucket`]: BUCKET,
        [`${PROJECT}:findingsKeyArn`]: KEY,
      },
    });
  });
  afterAll(async () => {
    console.log(`rollout figures:\n  ${figures.join("\n  ")}`);
    await e2e?.cleanup();
  });

  const setRegions = (regions: string[]) => stack.stack.setConfig(`${PROJECT}:regions`, { value: JSON.stringify(regions) });

  /** The last request's sequence number, to read the requests an operation made. */
  async function lastSeq(): Promise<number> {
    const log = await e2e.emulator.admin.requests();
    return log.length ? log[log.length - 1].seq : 0;
  }

  /** The Regions of the mutating Macie calls made since `seq`, with their count. */
  async function mutatingRegionsSince(seq: number): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const r of await e2e.emulator.admin.requests(seq)) if (r.mutating) out[r.region] = (out[r.region] ?? 0) + 1;
    return out;
  }

  async function timed(what: string, run: () => Promise<Plan>): Promise<Plan> {
    const started = Date.now();
    const plan = await run();
    const total = Object.values(plan.calls).reduce((a, b) => a + b, 0);
    figures.push(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s, ${total} Macie calls (${plan.mutatingCalls} mutating)`);
    return plan;
  }

  /** Everything the rollout sets in one Region, read back through the SDK, with exact counts. */
  async function expectRolledOut(region: string): Promise<void> {
    const admins = (await e2e.emulator.client(MANAGEMENT, region).send(new ListOrganizationAdminAccountsCommand({}))).adminAccounts;
    expect(admins, region).toEqual([{ accountId: ADMIN, status: "ENABLED" }]);
    const admin = e2e.emulator.client(ADMIN, region);
    expect(await admin.send(new GetMacieSessionCommand({}))).toMatchObject({ status: "ENABLED", findingPublishingFrequency: "FIFTEEN_MINUTES" });
    expect((await admin.send(new DescribeOrganizationConfigurationCommand({}))).autoEnable).toBe(true);
    const members = (await admin.send(new ListMembersCommand({ onlyAssociated: "false" }))).members ?? [];
    expect(members.map((m) => [m.accountId, m.relationshipStatus]).sort()).toEqual(MEMBERS.map((m) => [m, "Enabled"]));
    expect((await admin.send(new GetFindingsPublicationConfigurationCommand({}))).securityHubConfiguration).toEqual({
      publishClassificationFindings: true,
      publishPolicyFindings: true,
    });
    expect(await admin.send(new GetAutomatedDiscoveryConfigurationCommand({}))).toMatchObject({ status: "ENABLED", autoEnableOrganizationMembers: "ALL" });
    expect((await admin.send(new GetClassificationExportConfigurationCommand({}))).configuration?.s3Destination).toEqual({
      bucketName: BUCKET,
      kmsKeyArn: KEY,
      keyPrefix: "macie/",
    });
  }

  /** A Region the rollout left: no designation, no members, settings back to Macie's defaults. */
  async function expectTornDown(region: string): Promise<void> {
    const admins = (await e2e.emulator.client(MANAGEMENT, region).send(new ListOrganizationAdminAccountsCommand({}))).adminAccounts;
    expect(admins, region).toEqual([]);
    const admin = e2e.emulator.client(ADMIN, region);
    expect((await admin.send(new ListMembersCommand({ onlyAssociated: "false" }))).members ?? []).toEqual([]);
    expect((await admin.send(new GetFindingsPublicationConfigurationCommand({}))).securityHubConfiguration).toEqual({
      publishClassificationFindings: false,
      publishPolicyFindings: true,
    });
    expect((await admin.send(new GetAutomatedDiscoveryConfigurationCommand({}))).status).toBe("DISABLED");
    expect((await admin.send(new GetClassificationExportConfigurationCommand({}))).configuration?.s3Destination).toBeUndefined();
    // Kept on purpose (retainOnDelete, docs/components.md): Macie stays enabled in the administrator account.
    expect((await admin.send(new GetMacieSessionCommand({}))).status).toBe("ENABLED");
  }

  it("one up rolls Macie out to three Regions; a second preview is clean", async () => {
    const up = await timed(`up, ${REGIONS.length} Regions`, () => stack.up());
    expect(changes(up)).toEqual({ org: "create", ...all(REGIONS, "create") });
    for (const region of REGIONS) await expectRolledOut(region);
    const state = await stack.exportState();
    const macieResources = (state.deployment.resources ?? []).filter((r: any) => r.type.startsWith("pulumi-nodejs:dynamic/macie:"));
    expect(macieResources).toHaveLength(REGIONS.length * PER_REGION);
    figures.push(`resources: ${macieResources.length} Macie resources + 1 component, ${REGIONS.length} Regions, 5 accounts`);
    expect((await stack.outputs()).regions).toEqual(REGIONS);

    const preview = await timed("second preview", () => stack.preview());
    expect(changes(preview)).toEqual({});
    expect(preview.mutatingCalls).toBe(0);
  });

  it(`adding ${ADDED} creates only ${ADDED}'s resources and calls Macie only there`, async () => {
    await setRegions([...REGIONS, ADDED]);
    const preview = await stack.preview();
    expect(changes(preview)).toEqual(all([ADDED], "create"));
    expect(preview.mutatingCalls).toBe(0);
    const since = await lastSeq();
    const up = await timed(`up, adding ${ADDED}`, () => stack.up());
    expect(changes(up)).toEqual(all([ADDED], "create"));
    expect(Object.keys(await mutatingRegionsSince(since))).toEqual([ADDED]);
    for (const region of [...REGIONS, ADDED]) await expectRolledOut(region);
  });

  it(`removing ${REMOVED} deletes only ${REMOVED}'s resources and calls Macie only there`, async () => {
    const kept = [...REGIONS, ADDED].filter((r) => r !== REMOVED);
    await setRegions(kept);
    const preview = await stack.preview();
    expect(changes(preview)).toEqual(all([REMOVED], "delete"));
    const since = await lastSeq();
    const up = await timed(`up, removing ${REMOVED}`, () => stack.up());
    expect(changes(up)).toEqual(all([REMOVED], "delete"));
    expect(Object.keys(await mutatingRegionsSince(since))).toEqual([REMOVED]);
    await expectTornDown(REMOVED);
    for (const region of kept) await expectRolledOut(region);
    const again = await stack.preview();
    expect(changes(again)).toEqual({});
    expect(again.mutatingCalls).toBe(0);
  });

  it("destroy tears every Region down cleanly", async () => {
    const kept = [...REGIONS, ADDED].filter((r) => r !== REMOVED);
    const destroy = await timed("destroy", () => stack.destroy());
    expect(changes(destroy)).toEqual({ org: "delete", ...all(kept, "delete") });
    for (const region of kept) await expectTornDown(region);
  });
});
