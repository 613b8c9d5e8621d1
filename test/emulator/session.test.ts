/** The Macie session: EnableMacie, GetMacieSession, UpdateMacieSession, DisableMacie. */
import { afterEach, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  AccessDeniedException,
  ConflictException,
  CreateClassificationJobCommand,
  CreateMemberCommand,
  DescribeClassificationJobCommand,
  DisableMacieCommand,
  EnableMacieCommand,
  GetMacieSessionCommand,
  ListMembersCommand,
  UpdateClassificationJobCommand,
  UpdateMacieSessionCommand,
  ValidationException,
} from "@aws-sdk/client-macie2";
import { startEmulator, startOfDay, type TestEmulator } from "../helpers/macie";
import { emptyRegionState, type World } from "../../emulator";

const ACCOUNT = "111111111111";
let em: TestEmulator | undefined;
afterEach(async () => {
  await em?.stop();
  em = undefined;
});

/** An emulator whose state file holds an enabled account with the given resources. */
async function startWith(resources: Partial<ReturnType<typeof emptyRegionState>>): Promise<TestEmulator> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "macie-session-"));
  const statePath = path.join(dir, "state.json");
  const state = { ...emptyRegionState(), ...resources };
  state.session = {
    status: "ENABLED",
    findingPublishingFrequency: "FIFTEEN_MINUTES",
    serviceRole: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
  };
  const world: World = { version: 1, accounts: { [ACCOUNT]: { "us-east-1": state } }, organizationAdmins: {} };
  fs.writeFileSync(statePath, JSON.stringify(world));
  return startEmulator({ statePath });
}

const job = (jobId: string, jobStatus: string) => ({ jobId, jobStatus, jobArn: `arn:aws:macie2:us-east-1:${ACCOUNT}:classification-job/${jobId}`, tags: {}, _sim: { runMs: 0, objectsPerRun: 1 } });

describe("EnableMacie and GetMacieSession", () => {
  it("enables Macie with the defaults and reports the session", async () => {
    em = await startEmulator();
    const c = em.client(ACCOUNT);
    await c.send(new EnableMacieCommand({}));
    const s = await c.send(new GetMacieSessionCommand({}));
    expect(s).toMatchObject({
      status: "ENABLED",
      findingPublishingFrequency: "FIFTEEN_MINUTES",
      serviceRole: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`,
    });
    expect(s.createdAt).toBeInstanceOf(Date);
    expect(s.updatedAt?.getTime()).toBe(s.createdAt?.getTime());
  });

  it("takes findingPublishingFrequency and status on enable", async () => {
    em = await startEmulator();
    const c = em.client(ACCOUNT);
    await c.send(new EnableMacieCommand({ findingPublishingFrequency: "SIX_HOURS", status: "PAUSED" }));
    expect(await c.send(new GetMacieSessionCommand({}))).toMatchObject({ findingPublishingFrequency: "SIX_HOURS", status: "PAUSED" });
  });

  it("answers 409 to a second enable", async () => {
    em = await startEmulator();
    const c = em.client(ACCOUNT);
    await c.send(new EnableMacieCommand({}));
    const err = await c.send(new EnableMacieCommand({})).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictException);
    expect(err.message).toContain(`Macie is already enabled for account ${ACCOUNT} in us-east-1`);
  });

  it("replays the first answer for a repeated clientToken and changes nothing", async () => {
    em = await startEmulator();
    const c = em.client(ACCOUNT);
    await c.send(new EnableMacieCommand({ clientToken: "tok-1", findingPublishingFrequency: "ONE_HOUR" }));
    const before = await c.send(new GetMacieSessionCommand({}));
    await c.send(new EnableMacieCommand({ clientToken: "tok-1", findingPublishingFrequency: "ONE_HOUR" }));
    const after = await c.send(new GetMacieSessionCommand({}));
    expect(after.createdAt?.getTime()).toBe(before.createdAt?.getTime());
    expect((await em.admin.calls()).operations.EnableMacie).toMatchObject({ succeeded: 2, failed: {} });
    const other = await c.send(new EnableMacieCommand({ clientToken: "tok-2" })).catch((e) => e);
    expect(other).toBeInstanceOf(ConflictException);
  });

  it("rejects bad enum values, naming the member", async () => {
    em = await startEmulator();
    const c = em.client(ACCOUNT);
    const bad = await c.send(new EnableMacieCommand({ status: "ON" as any })).catch((e) => e);
    expect(bad).toBeInstanceOf(ValidationException);
    expect(bad.message).toContain("status must be one of ENABLED, PAUSED");
    await expect(c.send(new GetMacieSessionCommand({}))).rejects.toBeInstanceOf(AccessDeniedException);
  });

  it("answers 403 'Macie is not enabled' to every session call before EnableMacie", async () => {
    em = await startEmulator();
    const c = em.client(ACCOUNT, "eu-central-1");
    for (const cmd of [new GetMacieSessionCommand({}), new UpdateMacieSessionCommand({ status: "PAUSED" }), new DisableMacieCommand({})]) {
      const err: any = await c.send(cmd as any).catch((e) => e);
      expect(err).toBeInstanceOf(AccessDeniedException);
      expect(err.message).toContain(`Macie is not enabled in account ${ACCOUNT} in eu-central-1`);
    }
  });
});

describe("UpdateMacieSession", () => {
  it("changes the publishing frequency, pauses and resumes", async () => {
    em = await startEmulator();
    const c = em.client(ACCOUNT);
    await c.send(new EnableMacieCommand({}));
    await c.send(new UpdateMacieSessionCommand({ findingPublishingFrequency: "ONE_HOUR" }));
    expect(await c.send(new GetMacieSessionCommand({}))).toMatchObject({ findingPublishingFrequency: "ONE_HOUR", status: "ENABLED" });
    await em.admin.advanceClock(60_000);
    await c.send(new UpdateMacieSessionCommand({ status: "PAUSED" }));
    const paused = await c.send(new GetMacieSessionCommand({}));
    expect(paused.status).toBe("PAUSED");
    expect(paused.updatedAt!.getTime()).toBeGreaterThan(paused.createdAt!.getTime());
    await c.send(new UpdateMacieSessionCommand({ status: "ENABLED" }));
    expect((await c.send(new GetMacieSessionCommand({}))).status).toBe("ENABLED");
  });

  it("cancels the account's active jobs on suspension, keeping settings and finished jobs", async () => {
    em = await startEmulator({ config: { jobs: { oneTimeRunMs: -1, scheduledRunMs: -1 } } });
    await startOfDay(em.admin); // the daily job stays IDLE: its first run is a day away
    const c = em.client(ACCOUNT);
    await c.send(new EnableMacieCommand({ findingPublishingFrequency: "ONE_HOUR" }));
    const s3JobDefinition = { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ["bucket-a"] }] };
    const create = (name: string, extra: Record<string, unknown>) =>
      c.send(new CreateClassificationJobCommand({ clientToken: name, name, s3JobDefinition, ...extra } as any));
    const running = await create("running", { jobType: "ONE_TIME" });
    const idle = await create("idle", { jobType: "SCHEDULED", scheduleFrequency: { dailySchedule: {} } });
    const userPaused = await create("user-paused", { jobType: "ONE_TIME" });
    const cancelled = await create("cancelled", { jobType: "ONE_TIME" });
    await c.send(new UpdateClassificationJobCommand({ jobId: userPaused.jobId, jobStatus: "USER_PAUSED" }));
    await c.send(new UpdateClassificationJobCommand({ jobId: cancelled.jobId, jobStatus: "CANCELLED" }));
    const status = async (jobId?: string) => (await c.send(new DescribeClassificationJobCommand({ jobId }))).jobStatus;
    expect([await status(running.jobId), await status(idle.jobId), await status(userPaused.jobId)]).toEqual(["RUNNING", "IDLE", "USER_PAUSED"]);

    await c.send(new UpdateMacieSessionCommand({ status: "PAUSED" }));
    for (const job of [running, idle, userPaused, cancelled]) expect(await status(job.jobId)).toBe("CANCELLED");
    expect((await c.send(new GetMacieSessionCommand({}))).findingPublishingFrequency).toBe("ONE_HOUR");
    await c.send(new UpdateMacieSessionCommand({ status: "ENABLED" }));
    expect(await status(running.jobId)).toBe("CANCELLED");
  });

  it("keeps a COMPLETE job COMPLETE on suspension", async () => {
    em = await startEmulator({ config: { jobs: { oneTimeRunMs: 0 } } });
    const c = em.client(ACCOUNT);
    await c.send(new EnableMacieCommand({}));
    const { jobId } = await c.send(
      new CreateClassificationJobCommand({
        clientToken: "done",
        name: "done",
        jobType: "ONE_TIME",
        s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ["bucket-a"] }] },
      }),
    );
    await c.send(new UpdateMacieSessionCommand({ status: "PAUSED" }));
    expect((await c.send(new DescribeClassificationJobCommand({ jobId }))).jobStatus).toBe("COMPLETE");
  });

  it("refuses to suspend an administrator that has associated members", async () => {
    em = await startWith({
      members: { "222222222222": { accountId: "222222222222", relationshipStatus: "Enabled", tags: {} } },
    });
    const err = await em.client(ACCOUNT).send(new UpdateMacieSessionCommand({ status: "PAUSED" })).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictException);
    expect(err.message).toContain("Disassociate all member accounts first");
  });

  it("rejects a bad frequency, naming the member", async () => {
    em = await startEmulator();
    const c = em.client(ACCOUNT);
    await c.send(new EnableMacieCommand({}));
    const err = await c.send(new UpdateMacieSessionCommand({ findingPublishingFrequency: "DAILY" as any })).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationException);
    expect(err.message).toContain("findingPublishingFrequency must be one of");
  });
});

describe("DisableMacie", () => {
  it("deletes the account's resources and the session; Macie can be enabled again from scratch", async () => {
    em = await startWith({
      jobs: { r: job("r", "RUNNING") },
      customDataIdentifiers: { d: { id: "d", name: "cdi", tags: {} } },
      findingsFilters: { f: { id: "f", name: "filter", tags: {} } },
      allowLists: { a: { id: "a", name: "list", tags: {} } },
      members: { "222222222222": { accountId: "222222222222", relationshipStatus: "Created", email: "m@example.com", tags: {} } },
      classificationExportConfiguration: { s3Destination: { bucketName: "b", kmsKeyArn: "k" } },
    });
    const c = em.client(ACCOUNT);
    await c.send(new DisableMacieCommand({}));
    const state = (await em.admin.state()).accounts[ACCOUNT]["us-east-1"];
    expect(state).toEqual(emptyRegionState());
    await expect(c.send(new GetMacieSessionCommand({}))).rejects.toBeInstanceOf(AccessDeniedException);
    await c.send(new EnableMacieCommand({}));
    expect((await c.send(new ListMembersCommand({ onlyAssociated: "false" }))).members).toEqual([]);
  });

  it("keeps the invitations the account received", async () => {
    const invitation = { accountId: "999999999999", invitationId: "inv1", invitedAt: "2026-01-01T00:00:00.000Z", relationshipStatus: "Invited" };
    em = await startWith({ invitations: { inv1: invitation } });
    await em.client(ACCOUNT).send(new DisableMacieCommand({}));
    expect((await em.admin.state()).accounts[ACCOUNT]["us-east-1"].invitations).toEqual({ inv1: invitation });
  });

  it("answers 409 for a member still associated with an administrator", async () => {
    em = await startWith({ administrator: { accountId: "999999999999", relationshipStatus: "Enabled" } });
    const err = await em.client(ACCOUNT).send(new DisableMacieCommand({})).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictException);
    expect(err.message).toContain("Cannot disable Macie while associated with an administrator account (999999999999)");
  });

  it("answers 409 for an administrator with associated members", async () => {
    em = await startEmulator();
    const admin = em.client(ACCOUNT);
    const member = em.client("222222222222");
    await admin.send(new EnableMacieCommand({}));
    await member.send(new EnableMacieCommand({}));
    await admin.send(new CreateMemberCommand({ account: { accountId: "222222222222", email: "m@example.com" } }));
    // Associate through the state: the invitation flow has its own tests.
    const world = await em.admin.state();
    world.accounts[ACCOUNT]["us-east-1"].members["222222222222"].relationshipStatus = "Enabled";
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "macie-session-"));
    fs.writeFileSync(path.join(dir, "s.json"), JSON.stringify(world));
    await em.stop();
    em = await startEmulator({ statePath: path.join(dir, "s.json") });
    const err = await em.client(ACCOUNT).send(new DisableMacieCommand({})).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictException);
    expect(err.message).toContain("while it is the administrator of member accounts");
  });

  it("answers 409 for the organization's delegated administrator", async () => {
    em = await startEmulator({ config: { organization: { managementAccountId: "100000000000", memberAccountIds: [ACCOUNT] } } });
    const { EnableOrganizationAdminAccountCommand } = await import("@aws-sdk/client-macie2");
    await em.client("100000000000").send(new EnableOrganizationAdminAccountCommand({ adminAccountId: ACCOUNT }));
    const err = await em.client(ACCOUNT).send(new DisableMacieCommand({})).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictException);
    expect(err.message).toContain("delegated Macie administrator");
  });
});
