/**
 * macie.ClassificationScope through the real provider runtime against macie-local: the scope is
 * taken over at create, updates send only the buckets added and removed (the request bodies are
 * read from macie-local's request log), drift, delete restoring Macie's default, and a second
 * declaration of the same scope.
 *
 * Each test starts as a new dynamic-provider plugin process (one per `pulumi` operation), since
 * the plugin remembers which resource declared the scope (provider/core/singleton.ts).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  GetAutomatedDiscoveryConfigurationCommand,
  GetClassificationScopeCommand,
  UpdateClassificationScopeCommand,
} from "@aws-sdk/client-macie2";
import { ACCOUNT, startProviderHarness, type ProviderHarness } from "../helpers/provider";

const TYPE = "ClassificationScope";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(async () => h?.stop());
beforeEach(async () => {
  await h.reset();
  await h.enableMacie();
  await h.newPluginProcess();
});
afterEach(() => vi.restoreAllMocks());

const scopeId = async () => (await h.client().send(new GetAutomatedDiscoveryConfigurationCommand({}))).classificationScopeId!;
const excluded = async () => (await h.client().send(new GetClassificationScopeCommand({ id: await scopeId() }))).s3?.excludes?.bucketNames;
const outside = async (operation: "ADD" | "REMOVE" | "REPLACE", bucketNames: string[]) =>
  h.client().send(new UpdateClassificationScopeCommand({ id: await scopeId(), s3: { excludes: { operation, bucketNames } } }));
const args = (...bucketNames: string[]) => ({ excludes: { bucketNames } });

/** The `s3.excludes` of each UpdateClassificationScope request made while `fn` runs. */
async function updatesSent<T>(fn: () => Promise<T>): Promise<{ result: T; sent: unknown[] }> {
  const since = (await h.em.admin.requests()).at(-1)?.seq ?? 0;
  const result = await fn();
  const sent = (await h.em.admin.requests(since)).filter((r) => r.operation === "UpdateClassificationScope").map((r) => (r.body as any)?.s3?.excludes);
  return { result, sent };
}

/** The lines the provider printed (diff's and update's notes) while `fn` runs. */
async function printed<T>(fn: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  try {
    const result = await fn();
    return { result, lines: log.mock.calls.map((c) => c.join(" ")) };
  } finally {
    log.mockRestore();
  }
}

describe("ClassificationScope", () => {
  it("create takes the scope over with one REPLACE; read is one call; a no-op diff makes no call", async () => {
    await outside("ADD", ["set-by-hand"]);
    const created = await h.countCalls(() => updatesSent(() => h.up(TYPE, "scope", args("logs", "Legacy_Bucket"))));
    const scope = created.result.result;
    expect(created.operations).toEqual({ GetAutomatedDiscoveryConfiguration: 1, UpdateClassificationScope: 1 });
    expect(created.result.sent).toEqual([{ operation: "REPLACE", bucketNames: ["logs", "Legacy_Bucket"] }]);
    expect(scope.id).toBe(await scopeId());
    expect(scope.outs).toEqual({ excludes: { bucketNames: ["logs", "Legacy_Bucket"] }, accountId: ACCOUNT, region: "us-east-1" });
    expect(await excluded()).toEqual(["logs", "Legacy_Bucket"]);

    const read = await h.countCalls(() => h.refresh(scope));
    expect(read.operations).toEqual({ GetClassificationScope: 1 });
    expect(read.result!.outs).toEqual(scope.outs);
    const { inputs } = await h.check(TYPE, { ...args("logs", "Legacy_Bucket"), __name: "scope" }, scope.inputs);
    const d = await h.countCalls(() => h.diff(TYPE, scope.id, read.result!.outs, inputs));
    expect(d.result).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(d.calls).toBe(0);
  });

  it("an update sends only the change: ADD and REMOVE of the difference, REPLACE where the new list is shorter", async () => {
    const many = ["bucket-1", "bucket-2", "bucket-3", "bucket-4", "bucket-5", "bucket-6"];
    const scope = await h.up(TYPE, "scope", args(...many));

    // One added, one removed: 2 names sent, not the 6 of the list.
    const edit = await h.countCalls(() => updatesSent(() => h.upAgain(scope, args("bucket-1", "bucket-3", "bucket-4", "bucket-5", "bucket-6", "bucket-7"))));
    expect(edit.result.result.action).toBe("update");
    expect(edit.operations).toEqual({ GetClassificationScope: 1, UpdateClassificationScope: 2 });
    expect(edit.result.sent).toEqual([
      { operation: "ADD", bucketNames: ["bucket-7"] },
      { operation: "REMOVE", bucketNames: ["bucket-2"] },
    ]);
    expect(await excluded()).toEqual(["bucket-1", "bucket-3", "bucket-4", "bucket-5", "bucket-6", "bucket-7"]);

    // Only additions: one ADD.
    const grown = await updatesSent(() => h.upAgain(edit.result.result.deployed, args("bucket-1", "bucket-3", "bucket-4", "bucket-5", "bucket-6", "bucket-7", "bucket-8")));
    expect(grown.sent).toEqual([{ operation: "ADD", bucketNames: ["bucket-8"] }]);

    // Five of seven removed: REPLACE with the two that stay is shorter than REMOVE of five.
    const shrunk = await updatesSent(() => h.upAgain(grown.result.deployed, args("bucket-1", "bucket-8")));
    expect(shrunk.sent).toEqual([{ operation: "REPLACE", bucketNames: ["bucket-1", "bucket-8"] }]);
    expect(await excluded()).toEqual(["bucket-1", "bucket-8"]);

    // Emptied: REPLACE with none.
    const emptied = await updatesSent(() => h.upAgain(shrunk.result.deployed, {}));
    expect(emptied.sent).toEqual([{ operation: "REPLACE", bucketNames: [] }]);
    expect(await excluded()).toEqual([]);
  });

  it("diff names the buckets an update adds and removes (printed for the engine to show); a reordered list sends nothing", async () => {
    const scope = await h.up(TYPE, "scope", args("a-bucket", "b-bucket", "c-bucket"));
    const { inputs } = await h.check(TYPE, { ...args("a-bucket", "d-bucket", "e-bucket"), __name: "scope" }, scope.inputs);
    const d = await printed(() => h.diff(TYPE, scope.id, scope.outs, inputs));
    expect(d.result).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(d.lines).toEqual([
      'ClassificationScope "scope": excludes 2 more S3 buckets from automated discovery: d-bucket, e-bucket',
      'ClassificationScope "scope": stops excluding 2 S3 buckets: b-bucket, c-bucket',
    ]);

    // The same buckets in another order: an input change, and an update that changes nothing in Macie.
    const reordered = await h.countCalls(() => printed(() => h.upAgain(scope, args("c-bucket", "a-bucket", "b-bucket"))));
    expect(reordered.result.result.action).toBe("update");
    expect(reordered.result.lines).toEqual([]);
    expect(reordered.operations).toEqual({ GetClassificationScope: 1 });
    expect(reordered.mutating).toBe(0);
  });

  it("refresh reports buckets changed outside Pulumi, in the program's order; the next up puts the program's list back", async () => {
    const scope = await h.up(TYPE, "scope", args("a-bucket", "b-bucket"));
    // Macie's own order is no drift.
    await outside("REPLACE", ["b-bucket", "a-bucket"]);
    const same = (await h.refresh(scope))!;
    expect(same.outs.excludes).toEqual({ bucketNames: ["a-bucket", "b-bucket"] });

    await outside("ADD", ["by-hand"]);
    const drifted = (await h.refresh(same))!;
    expect(drifted.outs.excludes).toEqual({ bucketNames: ["a-bucket", "b-bucket", "by-hand"] });
    const { inputs } = await h.check(TYPE, { ...args("a-bucket", "b-bucket"), __name: "scope" }, drifted.inputs);
    expect((await h.diff(TYPE, scope.id, drifted.outs, inputs)).changes).toBe(true);
    const back = await updatesSent(() => h.upAgain(drifted, args("a-bucket", "b-bucket")));
    expect(back.sent).toEqual([{ operation: "REMOVE", bucketNames: ["by-hand"] }]);
    expect(await excluded()).toEqual(["b-bucket", "a-bucket"]); // Macie's order
  });

  it("an update without refresh converges Macie's list too, and says what it changed beyond the plan", async () => {
    const scope = await h.up(TYPE, "scope", args("a-bucket", "b-bucket"));
    await outside("ADD", ["by-hand"]);
    const up = await printed(() => updatesSent(() => h.upAgain(scope, args("a-bucket", "b-bucket", "c-bucket"))));
    expect(up.result.sent).toEqual([
      { operation: "ADD", bucketNames: ["c-bucket"] },
      { operation: "REMOVE", bucketNames: ["by-hand"] },
    ]);
    expect(up.lines).toContain(`ClassificationScope ${scope.id}, as it had been changed outside Pulumi, also stops excluding 1 S3 bucket: by-hand`);
    expect(await excluded()).toEqual(["a-bucket", "b-bucket", "c-bucket"]);
  });

  it("delete restores Macie's default, no bucket excluded, with one call", async () => {
    const scope = await h.up(TYPE, "scope", args("a-bucket", "b-bucket"));
    await h.newPluginProcess(); // `pulumi destroy` is a deployment of its own
    const del = await h.countCalls(() => updatesSent(() => h.destroy(scope)));
    expect(del.operations).toEqual({ UpdateClassificationScope: 1 });
    expect(del.result.sent).toEqual([{ operation: "REPLACE", bucketNames: [] }]);
    expect(await excluded()).toEqual([]);
  });

  it("with Macie disabled, refresh drops it and delete succeeds", async () => {
    const scope = await h.up(TYPE, "scope", args("a-bucket"));
    await h.reset();
    expect(await h.refresh(scope)).toBeUndefined();
    await h.newPluginProcess();
    await h.destroy(scope);
  });

  it("a second declaration of the scope fails check, naming both resources; another Region's scope is another scope", async () => {
    const first = await h.check(TYPE, { ...args("a-bucket"), __name: "scope" });
    expect(first.failures).toEqual([]);
    const second = await h.countCalls(() => h.check(TYPE, { ...args("b-bucket"), __name: "more-scope" }));
    expect(second.calls).toBe(0);
    expect(second.result.failures).toEqual([
      {
        property: "",
        reason:
          'ClassificationScope "more-scope" declares the classification scope of the account of the stack\'s credentials, us-east-1, ' +
          'which ClassificationScope "scope" of this deployment already declares: Macie has one, and two resources would overwrite ' +
          "each other's settings. Keep one of them.",
      },
    ]);
    // The same resource checked again (preview, then up) is no second declaration.
    expect((await h.check(TYPE, { ...args("c-bucket"), __name: "scope" })).failures).toEqual([]);
    expect((await h.check(TYPE, { ...args("b-bucket"), region: "eu-west-1", __name: "more-scope" })).failures).toEqual([]);
  });

  it("through a role into the credentials' own account: check cannot tell, and the second create fails before any change", async () => {
    const viaRole = await h.up(TYPE, "via-role", { ...args("a-bucket"), assumeRoleArn: `arn:aws:iam::${ACCOUNT}:role/macie` });
    const attempt = await h.countCalls(() => h.up(TYPE, "scope", args("b-bucket")).catch((e: Error) => e));
    expect((attempt.result as Error).message).toMatch(
      /^ClassificationScope "scope#\d+" declares the classification scope of account 111111111111, us-east-1, which ClassificationScope "via-role#\d+" of this deployment already declares/,
    );
    expect(attempt.mutating).toBe(0);
    expect(await excluded()).toEqual(["a-bucket"]);
    // The other way round, check sees it: the role names the account.
    await h.newPluginProcess();
    await h.up(TYPE, "scope", args("a-bucket"));
    const checked = await h.check(TYPE, { ...args("b-bucket"), assumeRoleArn: viaRole.inputs.assumeRoleArn, __name: "via-role" });
    expect(checked.failures.map((f) => f.reason)).toEqual([expect.stringMatching(/^ClassificationScope "via-role" declares the classification scope of account 111111111111, us-east-1, which ClassificationScope "scope#\d+"/)]);
  });

  it("moved to a new resource in one deployment (a rename without alias): the old one's delete leaves the new one's list", async () => {
    const old = await h.up(TYPE, "scope", args("a-bucket"));
    await h.newPluginProcess(); // the next `pulumi up`: creates the new resource, then deletes the old
    await h.up(TYPE, "renamed-scope", args("a-bucket", "b-bucket"));
    const del = await h.countCalls(() => printed(() => h.destroy(old)));
    expect(del.mutating).toBe(0);
    expect(del.result.lines).toHaveLength(1);
    expect(del.result.lines[0]).toMatch(
      new RegExp(`^ClassificationScope ${old.id}: the classification scope of account 111111111111, us-east-1 is left as it is: ClassificationScope "renamed-scope#\\d+" of this deployment now declares it$`),
    );
    expect(await excluded()).toEqual(["a-bucket", "b-bucket"]);
  });

  it("another Region is a replacement, restoring the old Region's scope first", async () => {
    const scope = await h.up(TYPE, "scope", args("a-bucket"));
    const { inputs } = await h.check(TYPE, { ...args("a-bucket"), region: "eu-west-1", __name: "scope" }, scope.inputs);
    expect(await h.diff(TYPE, scope.id, scope.outs, inputs)).toEqual({ changes: true, replaces: ["region"], deleteBeforeReplace: true });
  });
});
