/**
 * The `macie-local` command: prints its endpoint when ready, serves the SDK, and on SIGTERM
 * writes the state file and exits 0. The emulator's sources are transpiled on the fly with the
 * TypeScript compiler, so the test does not depend on a previous `npm run build`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ts from "typescript";
import { EnableMacieCommand, GetMacieSessionCommand, Macie2Client, ThrottlingException } from "@aws-sdk/client-macie2";

let dir: string;
let cli: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "macie-cli-"));
  // Transpile every file under emulator/ into dir/emulator/, keeping the layout.
  const src = path.join(__dirname, "../../emulator");
  const walk = (from: string, to: string) => {
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(from, entry.name), path.join(to, entry.name));
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        const { outputText } = ts.transpileModule(fs.readFileSync(path.join(from, entry.name), "utf8"), {
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        });
        fs.writeFileSync(path.join(to, entry.name.replace(/\.ts$/, ".js")), outputText);
      }
    }
  };
  walk(src, path.join(dir, "emulator"));
  cli = path.join(dir, "emulator", "cli.js");
}, 120_000); // transpiling all of emulator/ is CPU work: seconds here, far more on a loaded machine
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Starts the CLI and resolves with the URL it prints. */
function start(args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /macie-local listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1], stderr: () => err });
    });
    child.on("exit", (code) => reject(new Error(`macie-local exited with ${code}: ${err}`)));
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
const client = (url: string) =>
  new Macie2Client({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "111111111111", secretAccessKey: "x" }, maxAttempts: 1 });

describe("macie-local CLI", () => {
  it("prints its URL, serves the SDK, and flushes the state file on SIGTERM", async () => {
    const statePath = path.join(dir, "state.json");
    const configPath = path.join(dir, "config.json");
    fs.writeFileSync(configPath, JSON.stringify({ faults: { rules: { GetMacieSession: { throttle: { ratePerSecond: 0.001, burst: 1 } } } } }));
    const { child, url } = await start(["--port", "0", "--state", statePath, "--config", configPath]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const c = client(url);
    await c.send(new EnableMacieCommand({}));
    await c.send(new GetMacieSessionCommand({}));
    await expect(c.send(new GetMacieSessionCommand({}))).rejects.toBeInstanceOf(ThrottlingException);
    const done = exited(child);
    child.kill("SIGTERM");
    expect(await done).toBe(0);
    expect(JSON.parse(fs.readFileSync(statePath, "utf8")).accounts["111111111111"]["us-east-1"].session.status).toBe("ENABLED");

    // A restart on the same state file keeps the session; --faults replaces the config's faults.
    const again = await start(["--port=0", "--state", statePath, "--faults", "{}"]);
    const c2 = client(again.url);
    await c2.send(new GetMacieSessionCommand({}));
    await c2.send(new GetMacieSessionCommand({}));
    const done2 = exited(again.child);
    again.child.kill("SIGINT");
    expect(await done2).toBe(0);
  });

  it("refuses a corrupt state file and bad options with a clear message and a non-zero exit", async () => {
    const statePath = path.join(dir, "corrupt.json");
    fs.writeFileSync(statePath, "{{{");
    await expect(start(["--port", "0", "--state", statePath])).rejects.toThrow(`state file ${statePath} is not valid JSON`);
    expect(fs.readFileSync(statePath, "utf8")).toBe("{{{");
    await expect(start(["--prot", "1"])).rejects.toThrow("unknown option --prot");
    await expect(start(["--port", "abc"])).rejects.toThrow("--port must be a port number");
    const configPath = path.join(dir, "bad-config.json");
    fs.writeFileSync(configPath, JSON.stringify({ organisation: {} }));
    await expect(start(["--port", "0", "--config", configPath])).rejects.toThrow(`config file ${configPath}: unknown setting "organisation"`);
  });
});
