/**
 * The settings of automated sensitive data discovery on the real engine: ClassificationScope,
 * SensitivityInspectionTemplate, AutomatedDiscoveryAccount and ResourceProfile, declared by the
 * delegated Macie administrator of an organization with two member accounts. One stack, in
 * order: up → clean preview → an in-place edit of each → drift, refresh, converge → a second
 * declaration refused at preview → destroy restoring Macie's defaults.
 */
import {
  BatchUpdateAutomatedDiscoveryAccountsCommand,
  CreateMemberCommand,
  EnableOrganizationAdminAccountCommand,
  GetAutomatedDiscoveryConfigurationCommand,
  GetClassificationScopeCommand,
  GetResourceProfileCommand,
  GetSensitivityInspectionTemplateCommand,
  ListAutomatedDiscoveryAccountsCommand,
  UpdateClassificationScopeCommand,
  UpdateResourceProfileCommand,
  UpdateSensitivityInspectionTemplateCommand,
} from "@aws-sdk/client-macie2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, loadMacie, startE2e, TestStack, type E2e } from "./harness";

const MANAGEMENT = "100000000000";
const ADMIN = "200000000000";
const M1 = "200000000001";
const M2 = "200000000002";
const BUCKET_ARN = "arn:aws:s3:::customer-exports";
const SETTINGS = {
  scope: "ClassificationScope",
  template: "SensitivityInspectionTemplate",
  "m1-discovery": "AutomatedDiscoveryAccount",
  "exports-profile": "ResourceProfile",
};

/** The knobs a test turns; the program reads them on every run. */
interface Spec {
  excluded: string[];
  description: string;
  memberStatus: "ENABLED" | "DISABLED";
  override?: 100;
  /** A second scope of the same account and Region (refused). */
  secondScope?: boolean;
}

function program(spec: Spec) {
  return async () => {
    const macie = loadMacie();
    // Macie is enabled in the administrator account by its designation; members are made in beforeAll.
    const discovery = new macie.AutomatedDiscoveryConfiguration("discovery", { status: "ENABLED", autoEnableOrganizationMembers: "NEW" });
    const afterDiscovery = { dependsOn: [discovery] };
    const badge = new macie.CustomDataIdentifier("badge", { regex: "BADGE-[0-9]{4}" });
    const testCards = new macie.AllowList("test-cards", { criteria: { regex: "4111-1111-1111-[0-9]{4}" } });
    const scope = new macie.ClassificationScope("scope", { excludes: { bucketNames: spec.excluded } }, afterDiscovery);
    if (spec.secondScope) new macie.ClassificationScope("other-scope", { excludes: { bucketNames: ["other-bucket"] } }, afterDiscovery);
    const template = new macie.SensitivityInspectionTemplate(
      "template",
      { description: spec.description, includes: { customDataIdentifierIds: [badge.id], allowListIds: [testCards.id] } },
      afterDiscovery,
    );
    new macie.AutomatedDiscoveryAccount("m1-discovery", { accountId: M1, status: spec.memberStatus }, afterDiscovery);
    const profile = new macie.ResourceProfile("exports-profile", { resourceArn: BUCKET_ARN, sensitivityScoreOverride: spec.override }, afterDiscovery);
    return { scopeId: scope.id, templateId: template.id, badgeId: badge.id, allowListId: testCards.id, score: profile.sensitivityScore };
  };
}

describe.sequential("automated discovery settings on the real engine", () => {
  let e2e: E2e;
  let stack: TestStack;
  let outputs: Record<string, any>;
  const spec: Spec = { excluded: ["access-logs", "Legacy_Backups", "tmp-uploads"], description: "Automated discovery with the badge identifier", memberStatus: "DISABLED", override: 100 };

  beforeAll(async () => {
    e2e = await startE2e({ config: { organization: { managementAccountId: MANAGEMENT, memberAccountIds: [ADMIN, M1, M2] } } });
    await e2e.emulator.client(MANAGEMENT).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ADMIN }));
    for (const accountId of [M1, M2]) await e2e.emulator.client(ADMIN).send(new CreateMemberCommand({ account: { accountId } }));
    stack = await TestStack.create(e2e, "discovery-settings", program(spec), { account: { accountId: ADMIN } });
  });
  afterAll(async () => {
    await stack?.remove().catch(() => undefined);
    await e2e?.cleanup();
  });

  const macie = () => stack.client();
  const excluded = async () => (await macie().send(new GetClassificationScopeCommand({ id: outputs.scopeId }))).s3?.excludes?.bucketNames;
  const template = () => macie().send(new GetSensitivityInspectionTemplateCommand({ id: outputs.templateId }));
  const memberStatus = async (accountId = M1) =>
    (await macie().send(new ListAutomatedDiscoveryAccountsCommand({ accountIds: [accountId] }))).items?.[0]?.status;
  const overridden = async () => (await macie().send(new GetResourceProfileCommand({ resourceArn: BUCKET_ARN }))).sensitivityScoreOverridden;

  it("up takes over the scope, the template, a member's status and a bucket's profile", async () => {
    const up = await stack.up();
    expect(changes(up)).toMatchObject(Object.fromEntries(Object.keys(SETTINGS).map((n) => [n, "create"])));
    for (const [name, type] of Object.entries(SETTINGS)) expect(up.resources[name].type).toBe(`pulumi-nodejs:dynamic/macie:${type}`);
    outputs = await stack.outputs();
    const config = await macie().send(new GetAutomatedDiscoveryConfigurationCommand({}));
    expect(outputs.scopeId).toBe(config.classificationScopeId);
    expect(outputs.templateId).toBe(config.sensitivityInspectionTemplateId);
    expect(await excluded()).toEqual(spec.excluded);
    expect((await template()).includes).toEqual({ allowListIds: [outputs.allowListId], customDataIdentifierIds: [outputs.badgeId], managedDataIdentifierIds: [] });
    expect(await memberStatus()).toBe("DISABLED");
    // Existing members keep their status under NEW: M2's was DISABLED with the administrator's discovery.
    expect(await memberStatus(M2)).toBe("DISABLED");
    expect(await overridden()).toBe(true);
    expect(outputs.score).toBe(100);
  });

  it("a second preview plans nothing and makes no mutating call", async () => {
    const plan = await stack.preview();
    expect(changes(plan)).toEqual({});
    expect(plan.mutatingCalls).toBe(0);
  });

  it("an in-place edit of each: the preview names the buckets added and removed, and the scope's up sends only those", async () => {
    Object.assign(spec, { excluded: ["access-logs", "Legacy_Backups", "staging-data"], description: "Badge numbers and test cards", memberStatus: "ENABLED", override: undefined });
    stack.program = program(spec);
    const plan = await stack.preview({ diff: false });
    expect(changes(plan)).toEqual(Object.fromEntries(Object.keys(SETTINGS).map((n) => [n, "update"])));
    expect(plan.mutatingCalls).toBe(0);
    expect(plan.stdout).toContain('ClassificationScope "scope": excludes 1 more S3 bucket from automated discovery: staging-data');
    expect(plan.stdout).toContain('ClassificationScope "scope": stops excluding 1 S3 bucket: tmp-uploads');

    const since = (await e2e.emulator.admin.requests()).at(-1)?.seq ?? 0;
    const up = await stack.up();
    expect(changes(up)).toEqual(Object.fromEntries(Object.keys(SETTINGS).map((n) => [n, "update"])));
    const sent = (await e2e.emulator.admin.requests(since)).filter((r) => r.operation === "UpdateClassificationScope").map((r) => (r.body as any).s3.excludes);
    expect(sent).toEqual([
      { operation: "ADD", bucketNames: ["staging-data"] },
      { operation: "REMOVE", bucketNames: ["tmp-uploads"] },
    ]);
    expect(await excluded()).toEqual(["access-logs", "Legacy_Backups", "staging-data"]);
    expect((await template()).description).toBe("Badge numbers and test cards");
    expect(await memberStatus()).toBe("ENABLED");
    expect(await overridden()).toBe(false);
    expect(changes(await stack.preview())).toEqual({});
  });

  it("drift made outside Pulumi is reported by refresh and converged by the next up", async () => {
    await macie().send(new UpdateClassificationScopeCommand({ id: outputs.scopeId, s3: { excludes: { operation: "ADD", bucketNames: ["by-hand"] } } }));
    await macie().send(new UpdateSensitivityInspectionTemplateCommand({ id: outputs.templateId, description: "changed by hand" }));
    await macie().send(new BatchUpdateAutomatedDiscoveryAccountsCommand({ accounts: [{ accountId: M1, status: "DISABLED" }] }));
    await macie().send(new UpdateResourceProfileCommand({ resourceArn: BUCKET_ARN, sensitivityScoreOverride: 100 }));

    const refresh = await stack.refresh();
    expect(refresh.mutatingCalls).toBe(0);
    expect((await stack.resourceState("scope")).excludes.bucketNames).toEqual(["access-logs", "Legacy_Backups", "staging-data", "by-hand"]);
    expect((await stack.resourceState("template")).description).toBe("changed by hand");
    expect((await stack.resourceState("m1-discovery")).status).toBe("DISABLED");
    expect((await stack.resourceState("exports-profile")).sensitivityScoreOverride).toBe(100);

    const plan = await stack.preview();
    expect(changes(plan)).toEqual(Object.fromEntries(Object.keys(SETTINGS).map((n) => [n, "update"])));
    await stack.up();
    expect(await excluded()).toEqual(["access-logs", "Legacy_Backups", "staging-data"]);
    expect((await template()).description).toBe("Badge numbers and test cards");
    expect(await memberStatus()).toBe("ENABLED");
    expect(await overridden()).toBe(false);
    const after = await stack.preview();
    expect(changes(after)).toEqual({});
    expect(after.mutatingCalls).toBe(0);
  });

  it("a second scope of the same account and Region fails the preview, naming both resources", async () => {
    stack.program = program({ ...spec, secondScope: true });
    const failed = await stack.preview().catch((e: Error) => e);
    expect(failed).toBeInstanceOf(Error);
    // The engine checks the two in either order: the one checked second gets the failure.
    expect(String((failed as Error).message)).toMatch(
      /resource '(other-scope|scope)' has a problem: ClassificationScope "(other-scope|scope)" declares the classification scope of the account of the stack's credentials, us-east-1, which ClassificationScope "(scope|other-scope)" of this deployment already declares/,
    );
    const named = /ClassificationScope "([a-z-]+)" declares .* ClassificationScope "([a-z-]+)" of this deployment/.exec((failed as Error).message)!;
    expect([named[1], named[2]].sort()).toEqual(["other-scope", "scope"]);
    stack.program = program(spec);
    expect(changes(await stack.preview())).toEqual({});
  });

  it("destroy restores Macie's defaults: no bucket excluded, the default template, the member's status, no override", async () => {
    await macie().send(new UpdateResourceProfileCommand({ resourceArn: BUCKET_ARN, sensitivityScoreOverride: 100 })); // to see it removed
    await macie().send(new BatchUpdateAutomatedDiscoveryAccountsCommand({ accounts: [{ accountId: M1, status: "DISABLED" }] }));
    // The settings first, while automated discovery is still enabled (its delete disables it for every member).
    const urns = (await stack.exportState()).deployment.resources
      .filter((r: any) => Object.values(SETTINGS).some((type) => r.type === `pulumi-nodejs:dynamic/macie:${type}`))
      .map((r: any) => r.urn);
    const partial = await stack.destroy({ target: urns });
    expect(changes(partial)).toEqual(Object.fromEntries(Object.keys(SETTINGS).map((n) => [n, "delete"])));
    expect(await excluded()).toEqual([]);
    const t = await template();
    expect(t.description).toBeUndefined();
    expect(t.includes).toEqual({ allowListIds: [], customDataIdentifierIds: [], managedDataIdentifierIds: [] });
    expect(await memberStatus()).toBe("ENABLED"); // what NEW gives a member
    expect(await overridden()).toBe(false);

    const rest = await stack.destroy();
    expect(changes(rest)).toEqual({ discovery: "delete", badge: "delete", "test-cards": "delete" });
    expect((await macie().send(new GetAutomatedDiscoveryConfigurationCommand({}))).status).toBe("DISABLED");
  });
});
