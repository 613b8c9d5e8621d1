/**
 * Interrupted runs are safe: the CLI of `pulumi up` is killed (SIGKILL, as a cancelled CI job
 * does) at many points, for a stack with every kind of creatable pulumi-macie resource
 * (test/e2e/programs/chaos). After each kill:
 *
 * 1. nothing after death: the dynamic-provider plugin of the killed run exits by itself (it would
 *    otherwise go on retrying for up to PULUMI_MACIE_RETRY_SECONDS), and no Macie call arrives
 *    after it is gone;
 * 2. recovery is what docs/recovery.md says: `pulumi cancel` when the backend stayed locked, then
 *    `pulumi up`;
 * 3. the next preview plans nothing, and listing Macie through the SDK finds exactly one object per
 *    declared resource: no duplicate, no orphan.
 *
 * Kill points are of two kinds. Precise: just after macie-local commits a given create, while it
 * holds the response (the engine never learns the id). Timed: a fixed delay after the start,
 * wherever that lands. A point that lands after the run finished is still a valid point.
 *
 * The figures (kill points, objects per resource, recovery time, time from kill to the plugin's
 * exit) are printed, never asserted.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DescribeClassificationJobCommand,
  DescribeOrganizationConfigurationCommand,
  GetAdministratorAccountCommand,
  GetAllowListCommand,
  GetClassificationExportConfigurationCommand,
  GetAutomatedDiscoveryConfigurationCommand,
  GetClassificationScopeCommand,
  GetSensitivityInspectionTemplateCommand,
  GetCustomDataIdentifierCommand,
  GetFindingsFilterCommand,
  GetMacieSessionCommand,
  GetResourceProfileCommand,
  ListAutomatedDiscoveryAccountsCommand,
  ListAllowListsCommand,
  ListClassificationJobsCommand,
  ListCustomDataIdentifiersCommand,
  ListFindingsFiltersCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  type Macie2Client,
} from "@aws-sdk/client-macie2";
import { REPO, startE2e, type E2e } from "./harness";
import { CliProject } from "./cli";

const ADMIN = "111111111111";
const MANAGEMENT = "100000000000";
const INVITED = "333333333333";
const PROGRAM = path.join(REPO, "test/e2e/programs/chaos");
/** Resources the program declares, by kind (the stack itself not counted). */
const DECLARED = 22;
/** Bound of each wait (the plugin's exit, a step of recovery): a hang fails here, never a slow machine. */
const BOUND_MS = 120_000;

type KillPoint = { name: string } & ({ afterCommitOf: string } | { afterMs: number });

/** Precise points: just after macie-local commits the create (or first write) of each kind. */
const PRECISE: KillPoint[] = [
  "EnableOrganizationAdminAccount",
  "EnableMacie",
  "CreateMember",
  "AcceptInvitation",
  "CreateCustomDataIdentifier",
  "CreateAllowList",
  "CreateFindingsFilter",
  "PutClassificationExportConfiguration",
  "CreateClassificationJob",
  "UpdateClassificationScope",
  "UpdateSensitivityInspectionTemplate",
  "BatchUpdateAutomatedDiscoveryAccounts",
  "UpdateResourceProfile",
].map((op) => ({ name: `after ${op} commits`, afterCommitOf: op }));
/**
 * Points of `destroy`: just after macie-local commits the delete of an object, the cancel of a job,
 * the reset of a setting, a member's removal, and the disabling of Macie.
 */
const DESTROY_POINTS = ["DeleteCustomDataIdentifier", "UpdateClassificationJob", "UpdateClassificationScope", "DeleteMember", "DisableMacie"];
/**
 * Timed points: a delay after the run's first create reached Macie (the program's start-up time
 * varies too much with the machine's load for delays from the CLI's start to land among the creates).
 */
const TIMED: KillPoint[] = [0, 300, 700, 1000].map((ms) => ({ name: `${ms} ms after the first create`, afterMs: ms }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + BOUND_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(50);
  }
}

describe.sequential("chaos: pulumi up killed at many points, then recovered", () => {
  let e2e: E2e;
  let cli: CliProject;
  let admin: Macie2Client;
  const figures: string[] = [];

  beforeAll(async () => {
    e2e = await startE2e({ config: { organization: { managementAccountId: MANAGEMENT, memberAccountIds: [ADMIN, "222222222222"] } } });
    cli = new CliProject(e2e.dir, PROGRAM, e2e.emulator.url, { accountId: ADMIN });
    admin = e2e.emulator.client(ADMIN);
  });
  afterAll(async () => {
    cli?.killLeftovers();
    console.log(`chaos figures:\n  ${figures.join("\n  ")}`);
    await e2e?.cleanup();
  });

  /** How many live Macie objects of each kind the stack's account has: one per declared resource is the goal. */
  async function census({ invited: countInvited = true } = {}): Promise<Record<string, number>> {
    const cdis = (await admin.send(new ListCustomDataIdentifiersCommand({}))).items ?? [];
    const jobs = ((await admin.send(new ListClassificationJobsCommand({}))).items ?? []).filter((j) => j.jobStatus !== "CANCELLED");
    const members = (await admin.send(new ListMembersCommand({ onlyAssociated: "false" }))).members ?? [];
    const orgAdmins = (await e2e.emulator.client(MANAGEMENT).send(new ListOrganizationAdminAccountsCommand({}))).adminAccounts ?? [];
    const invited = countInvited ? await e2e.emulator.client(INVITED).send(new GetAdministratorAccountCommand({})) : undefined;
    return {
      organizationAdmin: orgAdmins.filter((a) => a.status === "ENABLED").length,
      customDataIdentifiers: cdis.length,
      allowLists: ((await admin.send(new ListAllowListsCommand({}))).allowLists ?? []).length,
      findingsFilters: ((await admin.send(new ListFindingsFiltersCommand({}))).findingsFilterListItems ?? []).length,
      classificationJobs: jobs.length,
      members: members.length,
      ...(invited ? { acceptedInvitations: invited.administrator?.relationshipStatus === "Enabled" ? 1 : 0 } : {}),
    };
  }
  const ONE_EACH = { organizationAdmin: 1, customDataIdentifiers: 2, allowLists: 1, findingsFilters: 2, classificationJobs: 2, members: 2, acceptedInvitations: 1 };

  /** Every id the state holds is a live Macie object, and the singletons are set. */
  async function expectStateMatchesMacie(stack: string): Promise<void> {
    const exported = JSON.parse(await cli.ok(stack, ["stack", "export"]));
    const resources = (exported.deployment.resources ?? []).filter((r: any) => r.type.startsWith("pulumi-nodejs:dynamic/macie:"));
    expect(resources).toHaveLength(DECLARED);
    const byName = (name: string) => resources.find((r: any) => r.urn.endsWith(`::${name}`));
    for (const name of ["employee-id", "project-code"]) {
      expect((await admin.send(new GetCustomDataIdentifierCommand({ id: byName(name).id }))).deleted).toBe(false);
    }
    for (const name of ["archive-low", "high"]) await admin.send(new GetFindingsFilterCommand({ id: byName(name).id }));
    await admin.send(new GetAllowListCommand({ id: byName("test-ids").id }));
    for (const name of ["audit", "weekly"]) {
      expect((await admin.send(new DescribeClassificationJobCommand({ jobId: byName(name).id }))).jobStatus).not.toBe("CANCELLED");
    }
    expect((await admin.send(new GetMacieSessionCommand({}))).findingPublishingFrequency).toBe("FIFTEEN_MINUTES");
    expect((await admin.send(new DescribeOrganizationConfigurationCommand({}))).autoEnable).toBe(true);
    expect((await admin.send(new GetClassificationExportConfigurationCommand({}))).configuration?.s3Destination?.bucketName).toBe("chaos-findings");
    // The settings of automated discovery, taken over once whatever the kill interrupted.
    const ids = await admin.send(new GetAutomatedDiscoveryConfigurationCommand({}));
    expect((await admin.send(new GetClassificationScopeCommand({ id: ids.classificationScopeId }))).s3?.excludes?.bucketNames).toEqual(["chaos-sandbox"]);
    const template = await admin.send(new GetSensitivityInspectionTemplateCommand({ id: ids.sensitivityInspectionTemplateId }));
    expect(template.includes).toMatchObject({ customDataIdentifierIds: [byName("employee-id").id], allowListIds: [byName("test-ids").id] });
    const member = await admin.send(new ListAutomatedDiscoveryAccountsCommand({ accountIds: ["222222222222"] }));
    expect(member.items?.map((i) => i.status)).toEqual(["DISABLED"]);
    const profile = await admin.send(new GetResourceProfileCommand({ resourceArn: "arn:aws:s3:::customer-data" }));
    expect({ overridden: profile.sensitivityScoreOverridden, score: profile.sensitivityScore }).toEqual({ overridden: true, score: 100 });
  }

  /**
   * docs/recovery.md, "failed to load checkpoint: EOF": a kill can leave the file backend's
   * `<stack>.json.attrs` empty (Pulumi writes it beside the checkpoint, not atomically). Removes
   * such a file, as the docs say; returns whether it had to.
   */
  function repairCheckpoint(stack: string): boolean {
    const attrs = path.join(cli.backend, `.pulumi/stacks/macie-chaos/${stack}.json.attrs`);
    if (fs.existsSync(attrs) && fs.statSync(attrs).size === 0) {
      fs.rmSync(attrs);
      return true;
    }
    return false;
  }

  async function pendingOperations(stack: string): Promise<number> {
    return (JSON.parse(await cli.ok(stack, ["stack", "export"])).deployment.pending_operations ?? []).length;
  }

  /**
   * Recovery as docs/recovery.md gives it: the interrupted command again (`pulumi up`, or
   * `pulumi destroy`), and `pulumi cancel` first when the backend stayed locked.
   */
  async function recover(stack: string, command: "up" | "destroy" = "up"): Promise<{ cancelled: boolean; ms: number }> {
    const started = Date.now();
    let run = await cli.run(stack, [command, "--yes", "--skip-preview"]);
    let cancelled = false;
    if (run.code !== 0 && /currently being updated|locked|pulumi cancel/i.test(run.output)) {
      await cli.ok(stack, ["cancel", "--yes"]);
      cancelled = true;
      run = await cli.run(stack, [command, "--yes", "--skip-preview"]);
    }
    if (run.code !== 0) throw new Error(`recovery ${command} of ${stack} failed:\n${run.output}`);
    return { cancelled, ms: Date.now() - started };
  }

  it("a run that is not interrupted creates one object per resource (the baseline the points are checked against)", async () => {
    await cli.init("baseline");
    await cli.ok("baseline", ["up", "--yes", "--skip-preview"]);
    await cli.ok("baseline", ["preview", "--expect-no-changes"]);
    expect(await census()).toEqual(ONE_EACH);
    await expectStateMatchesMacie("baseline");
    const calls = await e2e.emulator.admin.calls();
    figures.push(`baseline: ${DECLARED} resources, ${calls.totals.mutatingCalls} mutating Macie calls`);
    await cli.ok("baseline", ["stack", "rm", "--force", "--yes"]);
  });

  /**
   * Starts `command` on a new stack (`destroy` after an `up`) and kills its CLI just after
   * macie-local commits `operation`; waits for its plugin to exit, and checks that no Macie call
   * comes after it.
   */
  async function killAfterCommit(stack: string, operation: string, command: "up" | "destroy" = "up"): Promise<{ pluginGoneMs: number }> {
    const base = { realRateLimits: false };
    await e2e.emulator.admin.reset();
    await e2e.emulator.admin.setFaults(base);
    await cli.init(stack);
    if (command === "destroy") {
      await cli.ok(stack, ["up", "--yes", "--skip-preview"]);
      expect(await census()).toEqual(ONE_EACH);
    }
    // The operation is committed and its response held: the engine never hears of it.
    await e2e.emulator.admin.setFaults({ ...base, rules: { [operation]: { holdAfterCommit: { count: 1 } } } });
    const run = cli.start(stack, [command, "--yes", "--skip-preview"]);
    const held = await Promise.race([e2e.emulator.admin.holds({ min: 1, waitMs: BOUND_MS }), run.done.then(() => undefined)]);
    if (!held?.length) throw new Error(`${operation} was never held; the ${command} ended:\n${run.output()}`);
    run.child.kill("SIGKILL");
    const killedAt = Date.now();
    await run.done;
    await until("the killed run's plugin to exit", () => cli.plugins().length === 0);
    const pluginGoneMs = Date.now() - killedAt;
    await e2e.emulator.admin.releaseHolds();
    const callsBefore = (await e2e.emulator.admin.calls()).totals.calls;
    await e2e.emulator.admin.setFaults(base);
    cli.killLeftovers();
    expect((await e2e.emulator.admin.calls()).totals.calls).toBe(callsBefore);
    repairCheckpoint(stack);
    return { pluginGoneMs };
  }

  it("nothing after death: a create that Macie keeps throttling is not retried once the CLI is killed", async () => {
    // Every CreateClassificationJob is throttled: the provider would retry it for
    // PULUMI_MACIE_RETRY_SECONDS (900 s), and used to create the job after the CLI was gone.
    await e2e.emulator.admin.reset();
    await e2e.emulator.admin.setFaults({ realRateLimits: false, rules: { CreateClassificationJob: { error: { everyN: 1, type: "ThrottlingException" } } } });
    await cli.init("throttled");
    const run = cli.start("throttled", ["up", "--yes", "--skip-preview"]);
    const throttled = await Promise.race([e2e.emulator.admin.waitForRequests({ min: 2, operation: "CreateClassificationJob", waitMs: BOUND_MS }), run.done.then(() => [])]);
    expect(throttled.length, run.output()).toBeGreaterThanOrEqual(2); // the provider is retrying
    run.child.kill("SIGKILL");
    const killedAt = Date.now();
    await run.done;
    await until("the killed run's plugin to exit", () => cli.plugins().length === 0);
    const goneMs = Date.now() - killedAt;
    // The throttling ends: a plugin still alive would now create the jobs.
    await e2e.emulator.admin.setFaults({ realRateLimits: false });
    const attempts = await e2e.emulator.admin.callsOf("CreateClassificationJob");
    cli.killLeftovers();
    expect(await e2e.emulator.admin.callsOf("CreateClassificationJob")).toBe(attempts);
    expect((await admin.send(new ListClassificationJobsCommand({}))).items ?? []).toEqual([]);
    const last = (await e2e.emulator.admin.requests()).filter((r) => r.operation === "CreateClassificationJob").pop()!;
    figures.push(`throttled create: plugin gone ${goneMs} ms after the kill, last retry ${Date.parse(last.time) - killedAt} ms after it, no job created`);
    // And the next run converges.
    repairCheckpoint("throttled");
    await recover("throttled");
    expect(await census()).toEqual(ONE_EACH);
  });

  describe("recovery recipes of docs/recovery.md", () => {
    it("cancel, refresh (which keeps the pending creates), refresh --clear-pending-creates, then up: the other order converges too", async () => {
      await killAfterCommit("recipe-refresh-first", "CreateCustomDataIdentifier");
      await cli.ok("recipe-refresh-first", ["cancel", "--yes"]);
      const pending = await pendingOperations("recipe-refresh-first");
      expect(pending).toBeGreaterThan(0);
      // A non-interactive refresh without the flag leaves the notes where they are.
      await cli.ok("recipe-refresh-first", ["refresh", "--yes"]);
      expect(await pendingOperations("recipe-refresh-first")).toBe(pending);
      await cli.ok("recipe-refresh-first", ["refresh", "--clear-pending-creates", "--yes"]);
      expect(await pendingOperations("recipe-refresh-first")).toBe(0);
      await cli.ok("recipe-refresh-first", ["up", "--yes", "--skip-preview"]);
      await cli.ok("recipe-refresh-first", ["preview", "--expect-no-changes"]);
      expect(await census()).toEqual(ONE_EACH);
      await cli.ok("recipe-refresh-first", ["stack", "rm", "--force", "--yes"]);
    });

    it("--import-pending-creates exits 0 but records nothing for dynamic resources (a fixed Pulumi would make this fail)", async () => {
      await killAfterCommit("recipe-import", "CreateAllowList");
      await cli.ok("recipe-import", ["cancel", "--yes"]);
      const exported = JSON.parse(await cli.ok("recipe-import", ["stack", "export"]));
      const pending = (exported.deployment.pending_operations ?? []).find((p: any) => p.resource.type.endsWith(":AllowList"));
      expect(pending).toBeDefined();
      const list = ((await admin.send(new ListAllowListsCommand({}))).allowLists ?? [])[0];
      expect(list?.id).toBeDefined();
      const r = await cli.run("recipe-import", ["refresh", "--yes", `--import-pending-creates=${pending.resource.urn}`, `--import-pending-creates=${list!.id}`]);
      const after = JSON.parse(await cli.ok("recipe-import", ["stack", "export"]));
      const recorded = (after.deployment.resources ?? []).find((x: any) => x.urn === pending.resource.urn);
      expect({ code: r.code, recorded: recorded?.id }, r.output).toEqual({ code: 0, recorded: undefined });
      // What works instead: up adopts the list.
      await cli.ok("recipe-import", ["up", "--yes", "--skip-preview"]);
      expect(((await admin.send(new ListAllowListsCommand({}))).allowLists ?? []).map((l) => l.id)).toEqual([list!.id]);
      await cli.ok("recipe-import", ["stack", "rm", "--force", "--yes"]);
    });

    it("an empty checkpoint attributes file: 'failed to load checkpoint: EOF' until it is removed", async () => {
      await e2e.emulator.admin.reset();
      await cli.init("recipe-attrs");
      await cli.ok("recipe-attrs", ["up", "--yes", "--skip-preview"]);
      const attrs = path.join(cli.backend, ".pulumi/stacks/macie-chaos/recipe-attrs.json.attrs");
      expect(fs.existsSync(attrs)).toBe(true);
      fs.writeFileSync(attrs, "");
      const broken = await cli.run("recipe-attrs", ["preview"]);
      expect(broken.code).not.toBe(0);
      expect(broken.output).toContain("failed to load checkpoint: EOF");
      fs.rmSync(attrs);
      await cli.ok("recipe-attrs", ["preview", "--expect-no-changes"]);
      await cli.ok("recipe-attrs", ["stack", "rm", "--force", "--yes"]);
    });
  });

  for (const [i, point] of [...PRECISE, ...TIMED].entries()) {
    it(`killed ${point.name}: the plugin stops, and cancel + up converge to one object per resource`, async () => {
      const stack = `point-${i + 1}`;
      await e2e.emulator.admin.reset();
      const base = { realRateLimits: false };
      if ("afterCommitOf" in point) {
        await e2e.emulator.admin.setFaults({ ...base, rules: { [point.afterCommitOf]: { holdAfterCommit: { count: 1 } } } });
      } else {
        await e2e.emulator.admin.setFaults(base);
      }
      await cli.init(stack);

      const run = cli.start(stack, ["up", "--yes", "--skip-preview"]);
      if ("afterCommitOf" in point) {
        // The create is committed and its response held: the engine never hears of it.
        const held = await Promise.race([e2e.emulator.admin.holds({ min: 1, waitMs: BOUND_MS }), run.done.then(() => undefined)]);
        if (!held?.length) throw new Error(`${point.afterCommitOf} was never held; the run ended:\n${run.output()}`);
      } else {
        const first = e2e.emulator.admin.waitForRequests({ min: 1, operation: "EnableOrganizationAdminAccount", waitMs: BOUND_MS });
        await Promise.race([first.then(() => sleep(point.afterMs)), run.done]);
      }
      run.child.kill("SIGKILL");
      const killedAt = Date.now();
      const result = await run.done;

      // Nothing after death: the killed run's plugin exits by itself; no Macie call comes after.
      await until("the killed run's plugin to exit", () => cli.plugins().length === 0);
      const pluginGoneMs = Date.now() - killedAt;
      await e2e.emulator.admin.releaseHolds();
      const lastCall = (await e2e.emulator.admin.requests()).filter((r) => r.mutating).pop();
      const callsBefore = (await e2e.emulator.admin.calls()).totals.calls;
      await e2e.emulator.admin.setFaults(base);
      cli.killLeftovers();
      expect((await e2e.emulator.admin.calls()).totals.calls).toBe(callsBefore);

      const repaired = repairCheckpoint(stack);
      const { cancelled, ms } = await recover(stack);
      const preview = await cli.run(stack, ["preview", "--expect-no-changes"]);
      expect(preview.code, preview.output).toBe(0);
      expect(await census()).toEqual(ONE_EACH);
      await expectStateMatchesMacie(stack);
      // The engine keeps the killed run's pending creates in the state (and warns about them) until a
      // refresh clears them; every resource is recorded by now, so clearing them loses nothing.
      const pending = await pendingOperations(stack);
      if (pending > 0) {
        await cli.ok(stack, ["refresh", "--clear-pending-creates", "--yes"]);
        expect(await pendingOperations(stack)).toBe(0);
        expect(await census()).toEqual(ONE_EACH);
        await cli.ok(stack, ["preview", "--expect-no-changes"]);
      }
      const lastCallAfterKill = lastCall ? Date.parse(lastCall.time) - killedAt : undefined;
      figures.push(
        `${point.name}: CLI ${result.signal ?? `exited ${result.code}`}, plugin gone ${pluginGoneMs} ms after the kill ` +
          `(last mutating call ${lastCallAfterKill === undefined ? "none" : `${lastCallAfterKill} ms`} after it), ` +
          `${repaired ? "empty .json.attrs removed + " : ""}${cancelled ? "cancel + " : ""}up ${ms} ms, then one object per resource` +
          (pending ? `; ${pending} pending create(s) cleared by refresh --clear-pending-creates` : ""),
      );
      await cli.ok(stack, ["stack", "rm", "--force", "--yes"]);
    });
  }

  /** Whether Macie is enabled in an account (macie-local answers AccessDenied "not enabled" otherwise). */
  async function macieEnabled(accountId: string): Promise<boolean> {
    try {
      await e2e.emulator.client(accountId).send(new GetMacieSessionCommand({}));
      return true;
    } catch (e) {
      if ((e as Error).name === "AccessDeniedException") return false;
      throw e;
    }
  }

  for (const [i, operation] of DESTROY_POINTS.entries()) {
    it(`destroy killed after ${operation} commits: the plugin stops, and cancel + destroy leave nothing but the retained Macie`, async () => {
      const stack = `destroy-${i + 1}`;
      const { pluginGoneMs } = await killAfterCommit(stack, operation, "destroy");
      const inState = async () =>
        (JSON.parse(await cli.ok(stack, ["stack", "export"])).deployment.resources ?? []).filter((r: any) => r.type.startsWith("pulumi-nodejs:dynamic/macie:"));
      // The killed destroy left resources in the state, the one whose delete was held among them.
      const left = (await inState()).length;
      expect(left).toBeGreaterThan(0);

      // Deleting again what is already gone is done, not an error.
      const { cancelled, ms } = await recover(stack, "destroy");
      expect(await inState()).toEqual([]);
      expect(await pendingOperations(stack)).toBe(0);
      // The administrator's Macie is kept (retainOnDelete), empty; the invited account's is disabled.
      expect(await macieEnabled(INVITED)).toBe(false);
      expect(await census({ invited: false })).toEqual({ organizationAdmin: 0, customDataIdentifiers: 0, allowLists: 0, findingsFilters: 0, classificationJobs: 0, members: 0 });
      figures.push(
        `destroy, after ${operation} commits: plugin gone ${pluginGoneMs} ms after the kill, ${left} resources left in the state, ` +
          `${cancelled ? "cancel + " : ""}destroy ${ms} ms, then nothing left but the retained Macie`,
      );
      await cli.ok(stack, ["stack", "rm", "--yes"]); // refused if the state still held a resource
    });
  }
});
