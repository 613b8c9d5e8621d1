/**
 * The holdAfterCommit fault and the admin endpoint's long polls: a change is committed and
 * persisted while its response waits for the test, which observes and releases it through
 * events, never by sleeping.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  CreateAllowListCommand,
  CreateCustomDataIdentifierCommand,
  EnableMacieCommand,
  GetCustomDataIdentifierCommand,
  GetMacieSessionCommand,
  ListAllowListsCommand,
} from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "../helpers/macie";

const ACCOUNT = "111111111111";
let em: TestEmulator | undefined;
afterEach(async () => {
  await em?.stop();
  em = undefined;
});

async function enabledEmulator(options: { statePath?: string } = {}) {
  em = await startEmulator(options);
  await em.client(ACCOUNT).send(new EnableMacieCommand({}));
  return em;
}

/** A promise and whether it has settled yet, for ordering assertions. */
function watch<T>(promise: Promise<T>) {
  const w = { settled: false, promise };
  promise.then(
    () => (w.settled = true),
    () => (w.settled = true),
  );
  return w;
}

const allowList = (name: string) => new CreateAllowListCommand({ name, criteria: { regex: "555-\\d{4}" } });

describe("holdAfterCommit", () => {
  it("commits and persists a create while its response is held; release answers the same id", async () => {
    const statePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "macie-holds-")), "state.json");
    await enabledEmulator({ statePath });
    await em!.admin.setFaults({ realRateLimits: false, rules: { CreateCustomDataIdentifier: { holdAfterCommit: { count: 1 } } } });
    const c = em!.client(ACCOUNT);
    const create = watch(c.send(new CreateCustomDataIdentifierCommand({ name: "held", regex: "\\d{4}" })));

    const [held] = await em!.admin.holds({ min: 1 });
    expect(held).toMatchObject({ operation: "CreateCustomDataIdentifier", accountId: ACCOUNT, region: "us-east-1", clientConnected: true });
    // Committed: the emulator's state and the state file hold the identifier...
    const ids = Object.keys((await em!.admin.state()).accounts[ACCOUNT]["us-east-1"].customDataIdentifiers);
    expect(ids).toHaveLength(1);
    const saved = JSON.parse(fs.readFileSync(statePath, "utf8"));
    expect(Object.keys(saved.accounts[ACCOUNT]["us-east-1"].customDataIdentifiers)).toEqual(ids);
    // ...and the request log shows the call, while the SDK is still waiting for its answer.
    const [logged] = await em!.admin.requests(held.seq - 1);
    expect(logged).toMatchObject({ seq: held.seq, operation: "CreateCustomDataIdentifier", status: 200 });
    expect((await c.send(new GetCustomDataIdentifierCommand({ id: ids[0] }))).name).toBe("held");
    expect(create.settled).toBe(false);

    expect(await em!.admin.releaseHolds()).toEqual([held.seq]);
    const out = await create.promise;
    expect(out.customDataIdentifierId).toBe(ids[0]);
    expect(out.$metadata.attempts).toBe(1);
    expect(await em!.admin.holds()).toEqual([]);
  });

  it("holds exactly the nth call with `nth`; other calls go on, and one hold is released by seq", async () => {
    await enabledEmulator();
    await em!.admin.setFaults({ realRateLimits: false, rules: { "*": { holdAfterCommit: { nth: 2 } } } });
    const c = em!.client(ACCOUNT);
    await c.send(allowList("first"));
    const second = watch(c.send(allowList("second")));
    const [held] = await em!.admin.holds({ min: 1, operation: "CreateAllowList" });
    // The held call blocks no one: a third create and a read are answered meanwhile.
    await c.send(allowList("third"));
    expect((await c.send(new ListAllowListsCommand({}))).allowLists?.map((a) => a.name).sort()).toEqual(["first", "second", "third"]);
    expect(second.settled).toBe(false);

    await expect(em!.admin.releaseHolds(held.seq + 1000)).rejects.toThrow(`No response with seq ${held.seq + 1000} is held`);
    expect(await em!.admin.releaseHolds(held.seq)).toEqual([held.seq]);
    expect((await second.promise).id).toBeDefined();
  });

  it("a client that disconnects while held leaves the committed object and the server healthy", async () => {
    await enabledEmulator();
    await em!.admin.setFaults({ realRateLimits: false, rules: { CreateCustomDataIdentifier: { holdAfterCommit: { count: 1 } } } });
    const c = em!.client(ACCOUNT, "us-east-1", { maxAttempts: 1 });
    const abort = new AbortController();
    const create = c.send(new CreateCustomDataIdentifierCommand({ name: "orphan", regex: "x+" }), { abortSignal: abort.signal });
    const [held] = await em!.admin.holds({ min: 1 });
    abort.abort();
    await expect(create).rejects.toThrow(/abort/i);

    // Releasing a response whose client is gone sends nothing and breaks nothing.
    expect(await em!.admin.releaseHolds()).toEqual([held.seq]);
    const ids = Object.keys((await em!.admin.state()).accounts[ACCOUNT]["us-east-1"].customDataIdentifiers);
    expect(ids).toHaveLength(1);
    expect((await c.send(new GetCustomDataIdentifierCommand({ id: ids[0] }))).name).toBe("orphan");
    expect((await c.send(new CreateCustomDataIdentifierCommand({ name: "next", regex: "y+" }))).customDataIdentifierId).toBeDefined();
    expect((await c.send(new GetMacieSessionCommand({}))).status).toBe("ENABLED");
  });

  it("releases every held response when the fault settings change or on reset", async () => {
    await enabledEmulator();
    await em!.admin.setFaults({ realRateLimits: false, rules: { CreateAllowList: { holdAfterCommit: { everyN: 1 } } } });
    const c = em!.client(ACCOUNT);
    const a = c.send(allowList("a"));
    const b = c.send(allowList("b"));
    expect(await em!.admin.holds({ min: 2 })).toHaveLength(2);
    await em!.admin.setFaults({ realRateLimits: false, rules: { CreateAllowList: { holdAfterCommit: { everyN: 1 } } } });
    expect((await Promise.all([a, b])).map((r) => r.id)).toHaveLength(2);

    const d = c.send(allowList("d"));
    await em!.admin.holds({ min: 1 });
    await em!.admin.reset();
    expect((await d).id).toBeDefined();
    expect(await em!.admin.holds()).toEqual([]);
  });

  it("takes a trigger like the other faults, and refuses one that does not make sense", async () => {
    await enabledEmulator();
    await expect(em!.admin.setFaults({ rules: { X: { holdAfterCommit: { nth: 0 } } } })).rejects.toThrow("faults.rules.X.holdAfterCommit.nth must be an integer >= 1");
    await expect(em!.admin.setFaults({ rules: { X: { holdAfterCommit: { count: 1, nth: 1 } } } })).rejects.toThrow(
      "faults.rules.X.holdAfterCommit must set exactly one of rate, everyN, count, nth",
    );
    await expect(em!.admin.setFaults({ rules: { X: { holdAfterCommit: { count: 1, type: "ConflictException" } } as any } })).rejects.toThrow(
      "faults.rules.X.holdAfterCommit.type is not a setting",
    );
  });
});

describe("long polls of the admin endpoint", () => {
  it("a wait on the request log answers once the k-th mutating call is committed", async () => {
    await enabledEmulator();
    const [last] = (await em!.admin.requests()).slice(-1);
    const c = em!.client(ACCOUNT);
    // Asked before the calls are made: it answers when the second create is logged.
    const waiting = watch(em!.admin.waitForRequests({ since: last.seq, min: 2, operation: "CreateAllowList" }));
    await c.send(allowList("one"));
    await c.send(new GetMacieSessionCommand({}));
    expect(waiting.settled).toBe(false);
    await c.send(allowList("two"));
    const logged = await waiting.promise;
    expect(logged.map((r) => [r.operation, r.status])).toEqual([
      ["CreateAllowList", 200],
      ["CreateAllowList", 200],
    ]);
  });

  it("answers at once without `wait`, and with what there is when the wait runs out", async () => {
    await enabledEmulator();
    expect(await em!.admin.holds()).toEqual([]);
    expect(await em!.admin.holds({ min: 1, waitMs: 1 })).toEqual([]);
    expect(await em!.admin.waitForRequests({ since: 1_000_000, waitMs: 1 })).toEqual([]);
    expect(await em!.admin.inFlight()).toEqual([]);
  });
});
