/**
 * End-to-end harness: the real Pulumi engine (built by scripts/ensure-pulumi.sh), the Automation
 * API's LocalWorkspace with inline programs, a file backend in a temp dir, and macie-local.
 *
 * Why inline programs: the Automation API runs the program in this process through its own
 * language server, so a test can change the program between operations. The provider objects are
 * still serialized into the state and run by the engine's dynamic-provider plugin, exactly as
 * under `pulumi up`.
 *
 * Why `nodeRequire`: vitest transforms the modules it imports. Code whose functions get serialized
 * (pulumi-macie's providers) must be plain compiled JS from dist/, loaded by Node's own require,
 * and the program must use the very @pulumi/pulumi instance that the Automation API runs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import type * as PulumiModule from "@pulumi/pulumi";
import type * as Automation from "@pulumi/pulumi/automation";
import type * as MacieModule from "../../provider/index";
import { startEmulator, type TestEmulator } from "../helpers/macie";
import type { StartOptions } from "../../emulator";

export const REPO = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** Node's own require, resolving from the repo root (so `pulumi-macie` is the package itself). */
export const nodeRequire = createRequire(path.join(REPO, "package.json"));

export const pulumi: typeof PulumiModule = nodeRequire("@pulumi/pulumi");
export const automation: typeof Automation = nodeRequire("@pulumi/pulumi/automation");

/** The package under test, from dist/ (compiled by `npm run build`). */
export function loadMacie(): typeof MacieModule {
  return nodeRequire("pulumi-macie");
}

/**
 * Runs a TypeScript Pulumi program file with Node's own module system (so that pulumi-macie and
 * @pulumi/pulumi are the instances the Automation API runs), transpiled in memory as the language
 * host's ts-node does, and returns its exports (the stack outputs). Every call runs it afresh, so
 * it can serve as an inline program.
 */
export function runTypeScriptProgram(file: string): Record<string, any> {
  const ts: typeof import("typescript") = nodeRequire("typescript");
  const Module: any = nodeRequire("node:module");
  const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const m = new Module(file, null);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  m._compile(outputText, file);
  return m.exports;
}

/** The directory holding `pulumi`, the language host and the dynamic-provider plugin. */
export function engineDir(): string {
  const dir = inject("pulumiEngineDir");
  if (!dir) throw new Error("pulumiEngineDir is not provided: run the e2e tests through vitest.config.ts (globalSetup)");
  return dir;
}

/** The settings that keep the engine offline, with backend and PULUMI_HOME under `dir` (shared with the demo). */
const engineSettings: {
  enginePath(engineDir: string): string;
  offlineEnv(dir: string, engineDir: string, passphrase?: string): Record<string, string>;
} = nodeRequire("./scripts/lib/engine.js");

/** PATH with the engine first, then the node_modules Node (scripts/lib/engine.js). */
export function enginePath(): string {
  return engineSettings.enginePath(engineDir());
}

/** The environment that keeps the engine offline and self-contained in `dir`. */
export function offlineEnv(dir: string): Record<string, string> {
  return engineSettings.offlineEnv(dir, engineDir(), "e2e");
}

/** Credentials of one emulated account (macie-local: a 12-digit access key id is the account). */
export interface Account {
  accountId: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

/** The environment the engine (and so the provider plugin) runs with, for one account. */
export function awsEnv(url: string, account: Account, region: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_MACIE2: url,
    AWS_ENDPOINT_URL_STS: url, // the provider asks STS who the caller is; macie-local answers
    AWS_ACCESS_KEY_ID: account.accessKeyId ?? account.accountId,
    AWS_SECRET_ACCESS_KEY: account.secretAccessKey ?? "test",
    AWS_REGION: region,
    // Keep a developer's own AWS set-up out of the tests.
    AWS_PROFILE: "",
    AWS_CONFIG_FILE: path.join(os.tmpdir(), "pulumi-macie-e2e-no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(os.tmpdir(), "pulumi-macie-e2e-no-aws-credentials"),
  };
}

/** Runs a command to its end, collecting its output (a failure to start rejects; an exit code does not). */
export const runCommand: (
  command: string,
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined> },
) => Promise<{ code: number | null; stdout: string; stderr: string }> = nodeRequire("./scripts/lib/command.js").runCommand;

/** A temp dir (removed by `cleanup`) plus a macie-local. */
export interface E2e {
  dir: string;
  emulator: TestEmulator;
  cleanup(): Promise<void>;
}

export async function startE2e(emulatorOptions: StartOptions = {}): Promise<E2e> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-macie-e2e-"));
  const emulator = await startEmulator(emulatorOptions);
  return {
    dir,
    emulator,
    async cleanup() {
      await emulator.stop();
      if (!process.env.PULUMI_MACIE_KEEP_E2E) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One resource's planned or performed steps, by logical name. */
export interface ResourceSteps {
  type: string;
  ops: string[];
  /** Keys that changed (from the engine's step metadata). */
  diffs: string[];
  /** Keys causing a replacement. */
  replaceKeys: string[];
}

/** What an operation did or plans to do, seen through the engine's events. */
export interface Plan {
  /** Steps of every custom resource (the stack and providers left out), by logical name. */
  resources: Record<string, ResourceSteps>;
  /** The engine's own change summary (includes the stack resource). */
  changeSummary: Record<string, number>;
  /** Mutating Macie calls the emulator recorded during the operation. */
  mutatingCalls: number;
  /** Every Macie call during the operation, by operation name. */
  calls: Record<string, number>;
  /** The engine's output text. */
  stdout: string;
}

/**
 * The one op a resource's steps add up to: "replace" for a replacement (whatever the engine's
 * step breakdown), otherwise its single op.
 */
export function primaryOp(steps: ResourceSteps): string {
  if (steps.ops.some((o) => o === "replace" || o === "create-replacement" || o === "delete-replaced")) return "replace";
  const distinct = [...new Set(steps.ops)];
  return distinct.length === 1 ? distinct[0] : distinct.join("+");
}

/** `{ name: op }` for every resource whose op is not `same`. */
export function changes(plan: Plan): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, steps] of Object.entries(plan.resources)) {
    const op = primaryOp(steps);
    if (op !== "same") out[name] = op;
  }
  return out;
}

function stepCollector() {
  const resources: Record<string, ResourceSteps> = {};
  const onEvent = (event: Automation.EngineEvent) => {
    const md = event.resourcePreEvent?.metadata;
    if (!md) return;
    if (md.type === "pulumi:pulumi:Stack" || md.type.startsWith("pulumi:providers:")) return;
    const name = md.urn.split("::").pop()!;
    const r = (resources[name] ??= { type: md.type, ops: [], diffs: [], replaceKeys: [] });
    r.ops.push(md.op);
    for (const k of md.diffs ?? []) if (!r.diffs.includes(k)) r.diffs.push(k);
    for (const k of md.keys ?? []) if (!r.replaceKeys.includes(k)) r.replaceKeys.push(k);
  };
  return { resources, onEvent };
}

async function callsByOperation(emulator: TestEmulator): Promise<Record<string, number>> {
  const report = await emulator.admin.calls();
  const out: Record<string, number> = {};
  for (const [op, c] of Object.entries(report.operations)) {
    out[op] = c.succeeded + Object.values(c.failed).reduce((a, b) => a + b, 0);
  }
  return out;
}

function diffCounts(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [op, n] of Object.entries(after)) if (n - (before[op] ?? 0) > 0) out[op] = n - (before[op] ?? 0);
  return out;
}

export interface StackOptions {
  /** Account whose credentials the engine runs with (default 111111111111). */
  account?: Account;
  region?: string;
  /** Extra stack config, e.g. `{ "demo:bucket": "b" }`. */
  config?: Record<string, string>;
  /** Project name (default: the stack name); inline programs only. */
  projectName?: string;
  /** The project's `main` (the plugin's cwd); inline programs only, default the repo root. */
  main?: string;
}

/**
 * A stack with an inline program, on the e2e's backend and emulator. Its program can be swapped
 * between operations (`stack.program = ...`) to model an edit of the user's code.
 */
export class TestStack {
  private constructor(
    readonly e2e: E2e,
    readonly stack: Automation.Stack,
    readonly account: Account,
    readonly region: string,
  ) {}

  /** A stack whose program runs in this process (Automation API inline program). */
  static async create(e2e: E2e, name: string, program: Automation.PulumiFn, opts: StackOptions = {}): Promise<TestStack> {
    const projectName = opts.projectName ?? name;
    const workDir = path.join(e2e.dir, "work", name);
    fs.mkdirSync(workDir, { recursive: true });
    return TestStack.open(e2e, opts, (envVars) =>
      automation.LocalWorkspace.createOrSelectStack(
        { stackName: name, projectName, program },
        {
          workDir,
          // `main` is where the dynamic-provider plugin starts (its cwd): it must resolve
          // `pulumi-macie` and `@pulumi/pulumi`, which the repo root does (node_modules/pulumi-macie
          // links to the repo, see scripts/link-self.js).
          projectSettings: { name: projectName, runtime: "nodejs", main: opts.main ?? REPO },
          envVars,
        },
      ),
    );
  }

  /**
   * A stack of the Pulumi project in `workDir` (its Pulumi.yaml), run as `pulumi up` runs it: the
   * engine starts the Node.js language host, which runs the program (TypeScript through ts-node).
   */
  static async local(e2e: E2e, name: string, workDir: string, opts: StackOptions = {}): Promise<TestStack> {
    return TestStack.open(e2e, opts, (envVars) =>
      automation.LocalWorkspace.createOrSelectStack({ stackName: name, workDir }, { envVars }),
    );
  }

  private static async open(
    e2e: E2e,
    opts: StackOptions,
    select: (envVars: Record<string, string>) => Promise<Automation.Stack>,
  ): Promise<TestStack> {
    const account = opts.account ?? { accountId: "111111111111" };
    const region = opts.region ?? "us-east-1";
    // The Automation API finds `pulumi` on this process's PATH (this is a forked test worker).
    if (!process.env.PATH?.startsWith(engineDir())) process.env.PATH = enginePath();
    const stack = await select({ ...offlineEnv(e2e.dir), ...awsEnv(e2e.emulator.url, account, region) });
    await stack.setAllConfig({
      "aws:region": { value: region },
      ...Object.fromEntries(Object.entries(opts.config ?? {}).map(([k, v]) => [k, { value: v }])),
    });
    return new TestStack(e2e, stack, account, region);
  }

  set program(program: Automation.PulumiFn) {
    (this.stack.workspace as Automation.LocalWorkspace).program = program;
  }

  private async observe<T extends { stdout: string }>(
    run: (onEvent: (e: Automation.EngineEvent) => void) => Promise<T>,
    summary: (r: T) => Record<string, number>,
  ): Promise<Plan & { result: T }> {
    const before = await callsByOperation(this.e2e.emulator);
    const mutatingBefore = await this.e2e.emulator.admin.mutatingCalls();
    const { resources, onEvent } = stepCollector();
    const result = await run(onEvent);
    const calls = diffCounts(await callsByOperation(this.e2e.emulator), before);
    const mutatingCalls = (await this.e2e.emulator.admin.mutatingCalls()) - mutatingBefore;
    return { resources, changeSummary: summary(result), mutatingCalls, calls, stdout: result.stdout, result };
  }

  preview(opts: Automation.PreviewOptions = {}) {
    return this.observe(
      (onEvent) => this.stack.preview({ diff: true, ...opts, onEvent }),
      (r) => (r.changeSummary ?? {}) as Record<string, number>,
    );
  }

  up(opts: Automation.UpOptions = {}) {
    return this.observe(
      (onEvent) => this.stack.up({ ...opts, onEvent }),
      (r) => (r.summary.resourceChanges ?? {}) as Record<string, number>,
    );
  }

  refresh(opts: Automation.RefreshOptions = {}) {
    return this.observe(
      (onEvent) => this.stack.refresh({ ...opts, onEvent }),
      (r) => (r.summary.resourceChanges ?? {}) as Record<string, number>,
    );
  }

  destroy(opts: Automation.DestroyOptions = {}) {
    return this.observe(
      (onEvent) => this.stack.destroy({ ...opts, onEvent }),
      (r) => (r.summary.resourceChanges ?? {}) as Record<string, number>,
    );
  }

  async outputs(): Promise<Record<string, any>> {
    const out = await this.stack.outputs();
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.value]));
  }

  /** The stack's state as `pulumi stack export` writes it. */
  async exportState(): Promise<Automation.Deployment> {
    return this.stack.exportStack();
  }

  /** The resource named `name` in the current state (undefined when absent). */
  async findResource(name: string): Promise<{ urn: string; id?: string; type: string; outputs?: Record<string, any> } | undefined> {
    const deployment = await this.exportState();
    return (deployment.deployment.resources ?? []).find((r: any) => r.urn.endsWith(`::${name}`));
  }

  /** Outputs of the resource named `name` in the current state. */
  async resourceState(name: string): Promise<Record<string, any>> {
    const res = await this.findResource(name);
    if (!res) throw new Error(`no resource named ${name} in the state of ${this.stack.name}`);
    return res.outputs ?? {};
  }

  /** The Pulumi id of the resource named `name` in the current state. */
  async resourceId(name: string): Promise<string> {
    const res = await this.findResource(name);
    if (!res?.id) throw new Error(`no resource named ${name} with an id in the state of ${this.stack.name}`);
    return res.id;
  }

  /** A Macie client for this stack's account and Region, straight to the emulator. */
  client() {
    return this.e2e.emulator.client(this.account.accountId, this.region);
  }

  /** Removes the stack, its history and its stack config file (after destroy). */
  async remove(): Promise<void> {
    await this.stack.workspace.removeStack(this.stack.name, { force: true });
  }
}
