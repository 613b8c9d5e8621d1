/** Durability: the state file is written atomically, survives a restart, and a corrupt one is refused untouched. */
import { afterEach, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  CreateMemberCommand,
  EnableMacieCommand,
  GetMacieSessionCommand,
  GetMemberCommand,
  ListTagsForResourceCommand,
  UpdateMacieSessionCommand,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";
import { StateFileError, startMacieLocal } from "../../emulator";

const ACCOUNT = "111111111111";
let em: TestEmulator | undefined;
afterEach(async () => {
  await em?.stop();
  em = undefined;
});

const tmpFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "macie-state-")), "state.json");

describe("the state file", () => {
  it("keeps every resource across a restart", async () => {
    const statePath = tmpFile();
    em = await startEmulator({ statePath });
    const c = em.client(ACCOUNT);
    await c.send(new EnableMacieCommand({ findingPublishingFrequency: "ONE_HOUR" }));
    const { arn } = await c.send(new CreateMemberCommand({ account: { accountId: "222222222222", email: "m@example.com" }, tags: { k: "v" } }));
    await em.client(ACCOUNT, "eu-west-1").send(new EnableMacieCommand({}));
    await em.client(ACCOUNT, "eu-west-1").send(new UpdateMacieSessionCommand({ status: "PAUSED" }));
    const before = await c.send(new GetMacieSessionCommand({}));
    const world = await em.admin.state();
    await em.stop();

    const saved = JSON.parse(fs.readFileSync(statePath, "utf8"));
    expect(saved).toEqual(world);
    expect(fs.readdirSync(path.dirname(statePath))).toEqual(["state.json"]); // no temporary file left behind

    em = await startEmulator({ statePath });
    const c2 = em.client(ACCOUNT);
    const after = await c2.send(new GetMacieSessionCommand({}));
    expect(after).toMatchObject({ findingPublishingFrequency: "ONE_HOUR", status: "ENABLED" });
    expect(after.createdAt?.toISOString()).toBe(before.createdAt?.toISOString());
    expect((await c2.send(new GetMemberCommand({ id: "222222222222" }))).email).toBe("m@example.com");
    expect((await c2.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ k: "v" });
    expect((await em.client(ACCOUNT, "eu-west-1").send(new GetMacieSessionCommand({}))).status).toBe("PAUSED");
    expect(await em.admin.state()).toEqual(world);
  });

  it("is written after each change, before any stop", async () => {
    const statePath = tmpFile();
    em = await startEmulator({ statePath });
    await em.client(ACCOUNT).send(new EnableMacieCommand({}));
    let saved: any;
    for (let i = 0; i < 100 && !saved; i++) {
      await new Promise((r) => setTimeout(r, 20));
      if (fs.existsSync(statePath)) saved = JSON.parse(fs.readFileSync(statePath, "utf8"));
    }
    expect(saved.accounts[ACCOUNT]["us-east-1"].session.status).toBe("ENABLED");
  });

  it("that is corrupt is refused with an error naming it, and left untouched", async () => {
    const statePath = tmpFile();
    fs.writeFileSync(statePath, '{"version": 1, "accounts": {');
    const err = await startMacieLocal({ statePath }).catch((e) => e);
    expect(err).toBeInstanceOf(StateFileError);
    expect(err.message).toContain(`state file ${statePath} is not valid JSON`);
    expect(err.message).toContain("Refusing to start");
    expect(fs.readFileSync(statePath, "utf8")).toBe('{"version": 1, "accounts": {');
  });

  it("that is JSON but not a macie-local state is refused too", async () => {
    const statePath = tmpFile();
    fs.writeFileSync(statePath, '{"hello": "world"}');
    const err = await startMacieLocal({ statePath }).catch((e) => e);
    expect(err).toBeInstanceOf(StateFileError);
    expect(err.message).toContain("is not a macie-local state");
    expect(fs.readFileSync(statePath, "utf8")).toBe('{"hello": "world"}');
  });

  it("is created on first change when it does not exist, in a folder made for it", async () => {
    const statePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "macie-state-")), "nested", "dir", "state.json");
    em = await startEmulator({ statePath });
    await em.client(ACCOUNT).send(new EnableMacieCommand({}));
    await em.stop();
    em = undefined;
    expect(JSON.parse(fs.readFileSync(statePath, "utf8")).version).toBe(1);
  });

  it("is emptied by an admin reset", async () => {
    const statePath = tmpFile();
    em = await startEmulator({ statePath });
    await em.client(ACCOUNT).send(new EnableMacieCommand({}));
    await em.admin.reset();
    await em.stop();
    em = undefined;
    expect(JSON.parse(fs.readFileSync(statePath, "utf8")).accounts).toEqual({});
  });
});
