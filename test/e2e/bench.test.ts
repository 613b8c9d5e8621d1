/**
 * `npm run bench:engine` keeps working, at a size that takes seconds: it runs on the real engine,
 * records every step of the three stacks, and its same-shape floor still has pulumi-macie's shape.
 * A benchmark prints figures and asserts none; this test asserts only what the figures rest on
 * (which steps ran, the Macie calls counted, the keys each resource registers), never a time.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO, runCommand } from "./harness";

const run = (args: string[]) => runCommand(process.execPath, [path.join(REPO, "scripts/bench-engine.js"), ...args], { cwd: REPO });

/** Per type, the keys of the state's inputs and outputs, `__provider` aside. */
function shapes(stateFile: string): Record<string, { inputs: string[]; outputs: string[] }> {
  const out: Record<string, { inputs: string[]; outputs: string[] }> = {};
  for (const r of JSON.parse(fs.readFileSync(stateFile, "utf8")).deployment.resources) {
    const type = /^pulumi-nodejs:dynamic\/\w+:(\w+)$/.exec(r.type)?.[1];
    if (!type) continue;
    const keys = (bag: object) => Object.keys(bag ?? {}).filter((k) => k !== "__provider").sort();
    out[type] = { inputs: keys(r.inputs), outputs: keys(r.outputs) };
  }
  return out;
}

describe("the engine benchmark", () => {
  const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-test-")), "bench.json");
  let kept: string | undefined;
  afterAll(() => {
    if (kept) fs.rmSync(kept, { recursive: true, force: true });
    fs.rmSync(path.dirname(json), { recursive: true, force: true });
  });

  it("runs every step of the floor, the same-shape floor and pulumi-macie, and counts pulumi-macie's calls", async () => {
    const r = await run(["--sizes", "3", "--runs", "1", "--shaped", "--keep", "--json", json]);
    kept = /kept (\S+)/.exec(r.stdout)?.[1];
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("ratios = pulumi-macie / same-shape floor");
    const { records } = JSON.parse(fs.readFileSync(json, "utf8"));
    const ran = records.map((x: any) => `${x.project} ${x.step}`).sort();
    const steps = ["destroy", "preview", "refresh", "up"];
    expect(ran).toEqual(["floor", "macie", "shaped"].flatMap((p) => steps.map((s) => `${p} ${s}`)));
    const calls = Object.fromEntries(records.filter((x: any) => x.project === "macie").map((x: any) => [x.step, x.calls]));
    // 1 Account + 3 resources: creates (an allow list is created, then read for its status), a
    // preview with no call, one read or delete each.
    expect(calls).toEqual({ up: expect.any(Number), preview: 0, refresh: 4, destroy: 4 });
    expect(calls.up).toBeGreaterThanOrEqual(4);
    // The floors make no Macie call at all.
    for (const x of records.filter((x: any) => x.project !== "macie")) expect(x.calls, `${x.project} ${x.step}`).toBe(0);
  });

  it("the same-shape floor registers and stores the keys pulumi-macie does, for each type", () => {
    expect(kept, "the run kept its directory").toBeDefined();
    const macie = shapes(path.join(kept!, "macie", "state.json"));
    const shaped = shapes(path.join(kept!, "shaped", "state.json"));
    expect(Object.keys(macie).sort()).toEqual(["Account", "AllowList", "CustomDataIdentifier", "FindingsFilter"]);
    expect(shaped).toEqual(macie);
  });
});
