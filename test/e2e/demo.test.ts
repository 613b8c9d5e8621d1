/**
 * The demo program (examples/demo, the root Pulumi.yaml) on the real engine, run as `pulumi up`
 * runs it: the CLI starts the Node.js language host, which type-checks and runs the TypeScript
 * program; the providers run in the dynamic-provider plugin. One stack, in order:
 * preview → up → clean second preview → state hygiene → drift, refresh, converge → destroy.
 */
import {
  BatchGetCustomDataIdentifiersCommand,
  DeleteFindingsFilterCommand,
  DescribeClassificationJobCommand,
  GetAutomatedDiscoveryConfigurationCommand,
  GetClassificationExportConfigurationCommand,
  GetClassificationScopeCommand,
  GetFindingsPublicationConfigurationCommand,
  GetMacieSessionCommand,
  GetSensitivityInspectionTemplateCommand,
  ListAllowListsCommand,
  ListFindingsFiltersCommand,
  PutClassificationExportConfigurationCommand,
  PutFindingsPublicationConfigurationCommand,
  UpdateClassificationJobCommand,
} from "@aws-sdk/client-macie2";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, REPO, startE2e, TestStack, type E2e } from "./harness";

// Credentials that must never reach the state: macie-local maps this key to the account and
// verifies signatures made with the secret.
const ACCESS_KEY_ID = "AKIAE2EDEMOHYGIENE01";
const SECRET = "demo-secret-that-must-not-leak-7Qx9";
const ACCOUNT = "111111111111";
/** A one-time run lasts a day of emulator time: it ends when the test moves the clock, never by itself. */
const ONE_TIME_RUN_MS = 24 * 60 * 60_000;

const DEMO_RESOURCES = {
  macie: "Account",
  "employee-id": "CustomDataIdentifier",
  "project-code": "CustomDataIdentifier",
  "test-employees": "AllowList",
  "archive-sandbox-noise": "FindingsFilter",
  "high-severity": "FindingsFilter",
  "findings-export": "ClassificationExportConfiguration",
  "security-hub-publication": "FindingsPublicationConfiguration",
  "weekly-scan": "ClassificationJob",
  "first-audit": "ClassificationJob",
  "automated-discovery": "AutomatedDiscoveryConfiguration",
  "discovery-template": "SensitivityInspectionTemplate",
  "discovery-scope": "ClassificationScope",
};

describe.sequential("the demo stack (examples/demo via the root Pulumi.yaml) on the real engine", () => {
  let e2e: E2e;
  let stack: TestStack;
  const stackName = `e2e-demo-${process.pid}`;
  let outputs: Record<string, any>;

  beforeAll(async () => {
    e2e = await startE2e({
      config: {
        accessKeys: { [ACCESS_KEY_ID]: ACCOUNT },
        secretKeys: { [ACCESS_KEY_ID]: SECRET },
        // Macie's real quota on CreateClassificationJob (0.1 requests/s), as `npm run demo` has it.
        // Whether the engine's two creates come within 10 s of each other depends on the machine,
        // so the first one is also refused (an injected ThrottlingException, which spends the
        // quota's token too): the provider's retries run on every machine.
        faults: { realRateLimits: true, rules: { CreateClassificationJob: { error: { count: 1, type: "ThrottlingException" } } } },
        // No run ends by itself (the demo's own macie-local runs jobs for 2 s): weekly-scan stays
        // RUNNING, first-audit RUNNING until the destroy test moves the clock past its run.
        jobs: { oneTimeRunMs: ONE_TIME_RUN_MS, scheduledRunMs: -1 },
      },
    });
    fs.mkdirSync(path.join(REPO, ".work/stacks"), { recursive: true }); // Pulumi.yaml: stackConfigDir
    stack = await TestStack.local(e2e, stackName, REPO, {
      account: { accountId: ACCOUNT, accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET },
    });
  });
  afterAll(async () => {
    await stack?.remove().catch(() => undefined);
    fs.rmSync(path.join(REPO, `.work/stacks/Pulumi.${stackName}.yaml`), { force: true });
    await e2e?.cleanup();
  });

  it("a fresh stack's preview plans exactly the demo's creates, and makes no mutating Macie call", async () => {
    const plan = await stack.preview();
    expect(changes(plan)).toEqual(Object.fromEntries(Object.keys(DEMO_RESOURCES).map((name) => [name, "create"])));
    for (const [name, type] of Object.entries(DEMO_RESOURCES)) {
      expect(plan.resources[name].type).toBe(`pulumi-nodejs:dynamic/macie:${type}`);
    }
    expect(plan.mutatingCalls).toBe(0);
  });

  it("up creates them all in Macie, riding out the throttling of CreateClassificationJob", async () => {
    const up = await stack.up();
    expect(changes(up)).toEqual(Object.fromEntries(Object.keys(DEMO_RESOURCES).map((name) => [name, "create"])));
    // Throttled (the first create always, others by the quota), and retried by the provider.
    const jobCalls = (await e2e.emulator.admin.calls()).operations.CreateClassificationJob;
    expect(jobCalls.succeeded).toBe(2);
    expect(jobCalls.failed.ThrottlingException).toBeGreaterThanOrEqual(1);
    outputs = await stack.outputs();
    expect(outputs.macieAccount).toMatchObject({ accountId: ACCOUNT, region: "us-east-1" });

    const macie = stack.client();
    expect((await macie.send(new GetMacieSessionCommand({}))).findingPublishingFrequency).toBe("FIFTEEN_MINUTES");
    const cdis = await macie.send(
      new BatchGetCustomDataIdentifiersCommand({ ids: Object.values(outputs.customDataIdentifiers) as string[] }),
    );
    expect(cdis.customDataIdentifiers?.map((c) => c.deleted)).toEqual([false, false]);
    const filters = await macie.send(new ListFindingsFiltersCommand({}));
    expect(filters.findingsFilterListItems?.map((f) => f.action).sort()).toEqual(["ARCHIVE", "NOOP"]);
    const weekly = await macie.send(new DescribeClassificationJobCommand({ jobId: outputs.jobs.weeklyScan.jobId }));
    expect(weekly).toMatchObject({ jobType: "SCHEDULED", scheduleFrequency: { weeklySchedule: { dayOfWeek: "MONDAY" } } });
    expect(weekly.customDataIdentifierIds?.sort()).toEqual(Object.values(outputs.customDataIdentifiers).sort());
    const once = await macie.send(new DescribeClassificationJobCommand({ jobId: outputs.jobs.firstAudit.jobId }));
    expect(once.jobType).toBe("ONE_TIME");
    const lists = (await macie.send(new ListAllowListsCommand({}))).allowLists ?? [];
    expect(lists.map((l) => l.arn)).toEqual([outputs.allowList]);
    expect(once.allowListIds).toEqual([lists[0].id]);
    const exported = await macie.send(new GetClassificationExportConfigurationCommand({}));
    expect(exported.configuration?.s3Destination).toMatchObject({ bucketName: "macie-demo-findings", keyPrefix: "macie/findings/" });
    const published = await macie.send(new GetFindingsPublicationConfigurationCommand({}));
    expect(published.securityHubConfiguration).toEqual({ publishClassificationFindings: true, publishPolicyFindings: true });
    // Automated discovery, tuned: the template adds the custom identifiers and the allow list, the scope skips the sandbox.
    const discovery = await macie.send(new GetAutomatedDiscoveryConfigurationCommand({}));
    expect(discovery.status).toBe("ENABLED");
    expect(outputs.automatedDiscovery).toMatchObject({
      status: "ENABLED",
      sensitivityInspectionTemplateId: discovery.sensitivityInspectionTemplateId,
      classificationScopeId: discovery.classificationScopeId,
      excludedBuckets: ["macie-demo-sandbox"],
    });
    const template = await macie.send(new GetSensitivityInspectionTemplateCommand({ id: discovery.sensitivityInspectionTemplateId }));
    expect(template.includes?.customDataIdentifierIds?.sort()).toEqual(Object.values(outputs.customDataIdentifiers).sort());
    expect(template.includes?.allowListIds).toEqual([lists[0].id]);
    const scope = await macie.send(new GetClassificationScopeCommand({ id: discovery.classificationScopeId }));
    expect(scope.s3?.excludes?.bucketNames).toEqual(["macie-demo-sandbox"]);
  });

  it("a second preview plans nothing, and the emulator records zero mutating calls during it", async () => {
    const plan = await stack.preview();
    expect(changes(plan)).toEqual({});
    expect(plan.changeSummary).toEqual({ same: Object.keys(DEMO_RESOURCES).length + 1 }); // + the stack
    expect(plan.mutatingCalls).toBe(0);
  });

  it("the exported state holds neither the access key id nor the secret", async () => {
    const state = JSON.stringify(await stack.exportState());
    expect(state).toContain("weekly-scan"); // it is the real state
    expect(state).not.toContain(ACCESS_KEY_ID);
    expect(state).not.toContain(SECRET);
    // And the engine did sign with them: every call was made as the mapped account.
    const requests = await e2e.emulator.admin.requests();
    expect(requests.length).toBeGreaterThan(0);
    expect(new Set(requests.filter((r) => r.operation !== "GetCallerIdentity").map((r) => r.accountId))).toEqual(new Set([ACCOUNT]));
  });

  it("each resource's recorded source position is the demo program's line that declared it", async () => {
    const resources = (await stack.exportState()).deployment.resources ?? [];
    const macieResources = resources.filter((r: any) => r.type.startsWith("pulumi-nodejs:dynamic/macie:"));
    expect(macieResources.length).toBe(Object.keys(DEMO_RESOURCES).length);
    const program = fs.readFileSync(path.join(REPO, "examples/demo/index.ts"), "utf8").split("\n");
    for (const r of macieResources) {
      const name = r.urn.split("::").pop();
      // project:///examples/demo/index.ts#<line>,<column>: the line that says `new macie.<Type>(`,
      // or the first line of that statement (pulumi-macie's own files must not appear).
      const at = /^project:\/\/\/examples\/demo\/index\.ts#(\d+),\d+$/.exec((r as any).sourcePosition ?? "");
      expect(at, `${name}: ${(r as any).sourcePosition}`).not.toBeNull();
      expect(program[Number(at![1]) - 1], name).toMatch(/new macie\.\w+\(/);
    }
  });

  it("drift made outside Pulumi is reported by refresh and converged by the next up", async () => {
    const macie = stack.client();
    const filterId = await stack.resourceId("archive-sandbox-noise");
    const oldJobId = outputs.jobs.weeklyScan.jobId;
    // Four out-of-band changes, through the SDK.
    await macie.send(new DeleteFindingsFilterCommand({ id: filterId }));
    await macie.send(new UpdateClassificationJobCommand({ jobId: oldJobId, jobStatus: "CANCELLED" }));
    await macie.send(
      new PutFindingsPublicationConfigurationCommand({
        securityHubConfiguration: { publishClassificationFindings: false, publishPolicyFindings: true },
      }),
    );
    await macie.send(new PutClassificationExportConfigurationCommand({ configuration: {} }));

    // The untouched resources' plan does not see it (diff makes no call): refresh must.
    const refresh = await stack.refresh();
    expect(refresh.mutatingCalls).toBe(0);
    const state = await stack.exportState();
    const names = (state.deployment.resources ?? []).map((r: any) => r.urn.split("::").pop());
    expect(names, "refresh drops the deleted filter").not.toContain("archive-sandbox-noise");
    expect((await stack.resourceState("security-hub-publication")).publishClassificationFindings).toBe(false);
    if (names.includes("weekly-scan")) expect((await stack.resourceState("weekly-scan")).status).toBe("CANCELLED");
    if (names.includes("findings-export")) expect((await stack.resourceState("findings-export")).s3Destination).toBeFalsy();

    // The plan after refresh puts each one back, and touches nothing else.
    const plan = await stack.preview();
    const planned = changes(plan);
    expect(Object.keys(planned).sort()).toEqual(["archive-sandbox-noise", "findings-export", "security-hub-publication", "weekly-scan"]);
    expect(planned["archive-sandbox-noise"]).toBe("create");
    expect(planned["security-hub-publication"]).toBe("update");
    expect(["create", "replace"]).toContain(planned["weekly-scan"]);
    expect(["create", "update"]).toContain(planned["findings-export"]);

    await stack.up();
    const filters = await macie.send(new ListFindingsFiltersCommand({}));
    expect(filters.findingsFilterListItems?.map((f) => f.action).sort()).toEqual(["ARCHIVE", "NOOP"]);
    const newJobId = (await stack.outputs()).jobs.weeklyScan.jobId;
    expect(newJobId).not.toBe(oldJobId);
    // initialRun, and scheduled runs never end in this test.
    expect((await macie.send(new DescribeClassificationJobCommand({ jobId: newJobId }))).jobStatus).toBe("RUNNING");
    expect((await macie.send(new DescribeClassificationJobCommand({ jobId: oldJobId }))).jobStatus).toBe("CANCELLED");
    expect((await macie.send(new GetFindingsPublicationConfigurationCommand({}))).securityHubConfiguration?.publishClassificationFindings).toBe(true);
    expect((await macie.send(new GetClassificationExportConfigurationCommand({}))).configuration?.s3Destination?.bucketName).toBe(
      "macie-demo-findings",
    );

    const after = await stack.preview();
    expect(changes(after)).toEqual({});
    expect(after.mutatingCalls).toBe(0);
  });

  it("destroy leaves Macie clean: jobs cancelled, identifiers soft-deleted, filters gone, configurations cleared, Macie disabled", async () => {
    const macie = stack.client();
    const current = await stack.outputs();
    const cdiIds = Object.values(current.customDataIdentifiers) as string[];
    // Move the clock past the one-time audit's run: destroy must then leave the COMPLETE job as it
    // is (Macie refuses to cancel it) and cancel the scheduled one, still RUNNING.
    await e2e.emulator.admin.advanceClock(ONE_TIME_RUN_MS);
    expect((await macie.send(new DescribeClassificationJobCommand({ jobId: current.jobs.firstAudit.jobId }))).jobStatus).toBe("COMPLETE");

    // Everything but Macie itself first, so that what destroy did can be read back from Macie
    // (disabling Macie then deletes the account's remaining data, as the real service does).
    const urns = (await stack.exportState()).deployment.resources
      .filter((r: any) => r.type.startsWith("pulumi-nodejs:dynamic/macie:") && !r.type.endsWith(":Account"))
      .map((r: any) => r.urn);
    const partial = await stack.destroy({ target: urns });
    expect(Object.values(changes(partial)).every((op) => op === "delete")).toBe(true);
    expect(Object.keys(changes(partial)).sort()).toEqual(Object.keys(DEMO_RESOURCES).filter((n) => n !== "macie").sort());

    expect((await macie.send(new DescribeClassificationJobCommand({ jobId: current.jobs.weeklyScan.jobId }))).jobStatus).toBe("CANCELLED");
    expect((await macie.send(new DescribeClassificationJobCommand({ jobId: current.jobs.firstAudit.jobId }))).jobStatus).toBe("COMPLETE");
    expect(partial.calls.UpdateClassificationJob, "one cancel: the weekly scan's").toBe(1);
    const cdis = await macie.send(new BatchGetCustomDataIdentifiersCommand({ ids: cdiIds }));
    expect(cdis.customDataIdentifiers?.map((c) => c.deleted)).toEqual([true, true]);
    expect((await macie.send(new ListFindingsFiltersCommand({}))).findingsFilterListItems).toEqual([]);
    expect((await macie.send(new ListAllowListsCommand({}))).allowLists).toEqual([]);
    expect((await macie.send(new GetClassificationExportConfigurationCommand({}))).configuration?.s3Destination).toBeUndefined();
    expect((await macie.send(new GetFindingsPublicationConfigurationCommand({}))).securityHubConfiguration).toEqual({
      publishClassificationFindings: false,
      publishPolicyFindings: true,
    });
    // Automated discovery disabled, its scope and template back to Macie's defaults.
    const discovery = await macie.send(new GetAutomatedDiscoveryConfigurationCommand({}));
    expect(discovery.status).toBe("DISABLED");
    expect((await macie.send(new GetClassificationScopeCommand({ id: discovery.classificationScopeId }))).s3?.excludes?.bucketNames).toEqual([]);
    expect((await macie.send(new GetSensitivityInspectionTemplateCommand({ id: discovery.sensitivityInspectionTemplateId }))).includes).toEqual({
      allowListIds: [],
      customDataIdentifierIds: [],
      managedDataIdentifierIds: [],
    });

    const rest = await stack.destroy();
    expect(changes(rest)).toEqual({ macie: "delete" });
    expect(rest.calls.DisableMacie).toBe(1);
    await expect(macie.send(new GetMacieSessionCommand({}))).rejects.toThrow(/not enabled/i);
    const left = (await stack.exportState()).deployment.resources ?? [];
    expect(left.filter((r: any) => r.type.includes(":macie:"))).toEqual([]);
  });
});
