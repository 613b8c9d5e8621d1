/**
 * Which Node.js the engine's processes run on. The machine's own Node may be older than the
 * package supports (here it is 20, past its end of life); the dev dependency `node` installs
 * Node 24 from the npm registry into node_modules/.bin, which npm scripts put first on PATH and
 * scripts/lib/engine.js puts on the engine's PATH. The language host (which runs the program) and
 * the dynamic-provider plugin (which runs every pulumi-macie resource) both start `node` from PATH:
 * on the machine's own Node they would report its version and path, and this test fails.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliProject } from "./cli";
import { nodeRequire, REPO, startE2e, type E2e } from "./harness";

const PROGRAM = path.join(REPO, "test/e2e/programs/node-version");
const NODE = path.join(REPO, "node_modules/.bin/node");

/** The oldest major version `engines` allows (">=22"). */
const SUPPORTED_MAJOR = Number(/^>=(\d+)$/.exec(nodeRequire("./package.json").engines.node)![1]);

const major = (version: string) => Number(/^v(\d+)\./.exec(version)![1]);

describe("the Node.js of the engine's processes", () => {
  let e2e: E2e;
  let cli: CliProject;
  const stack = "node-version";
  let upOutput: string;
  let outputs: Record<string, any>;
  /** The node_modules Node: its version and its binary. */
  const expected = { version: "", execPath: "" };

  beforeAll(async () => {
    expected.version = execFileSync(NODE, ["--version"], { encoding: "utf8" }).trim();
    expected.execPath = fs.realpathSync(NODE);
    e2e = await startE2e();
    cli = new CliProject(e2e.dir, PROGRAM, e2e.emulator.url, { accountId: "111111111111" });
    await cli.init(stack);
    upOutput = await cli.ok(stack, ["up", "--yes", "--skip-preview"]);
    outputs = JSON.parse(await cli.ok(stack, ["stack", "output", "--json"]));
  });
  afterAll(async () => {
    if (cli) await cli.run(stack, ["destroy", "--yes", "--skip-preview"]);
    await e2e?.cleanup();
  });

  it("node_modules holds a supported Node (the dev dependency `node`)", () => {
    expect(major(expected.version)).toBeGreaterThanOrEqual(SUPPORTED_MAJOR);
    expect(expected.version).toBe(`v${nodeRequire("node/package.json").version}`);
  });

  it("the program ran on it (started by the language host)", () => {
    expect(outputs.programNode).toEqual(expected);
  });

  it("the dynamic-provider plugin ran on it, and created the Macie account there", () => {
    expect(outputs.pluginNode).toEqual(expected);
    expect(outputs.macieStatus).toBe("ENABLED");
  });

  it("the tests run on it too (npm test starts vitest from node_modules/.bin)", () => {
    expect({ version: process.version, execPath: process.execPath }).toEqual(expected);
  });

  it("`pulumi up` printed no warning (no Node-version notice from Pulumi or the AWS SDK)", () => {
    expect(upOutput).toMatch(/macie-node-version-node-version/); // the stack's own output, so it was captured
    expect(upOutput.split("\n").filter((line) => /warn/i.test(line))).toEqual([]);
  });
});
