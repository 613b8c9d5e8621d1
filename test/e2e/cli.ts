/**
 * The `pulumi` CLI as a process of its own, for tests that must kill it: the Automation API hides
 * the process, and a CI runner that cancels a job kills exactly this process.
 *
 * Each stack lives in a work directory that holds a copy of a plain-JavaScript program and a link
 * to the repository's node_modules (so that `pulumi-macie` resolves, as in a user's project). The
 * engine processes of a CliProject are recognised by their environment (its backend directory),
 * so that tests running beside it are never mistaken for it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { awsEnv, offlineEnv, REPO, type Account } from "./harness";

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

export interface CliRun {
  child: ChildProcess;
  done: Promise<CliResult>;
  /** What the CLI printed so far. */
  output(): string;
}

export class CliProject {
  readonly backend: string;
  private readonly env: Record<string, string>;

  /**
   * @param root a temp directory of the test (backend, PULUMI_HOME and work directories go there)
   * @param program a directory with Pulumi.yaml and index.js
   */
  constructor(
    readonly root: string,
    private readonly program: string,
    url: string,
    account: Account,
    readonly region = "us-east-1",
  ) {
    this.env = {
      ...(process.env as Record<string, string>),
      ...offlineEnv(root),
      ...awsEnv(url, account, region),
    };
    this.backend = this.env.PULUMI_BACKEND_URL.replace(/^file:\/\//, "");
  }

  /** The work directory of a stack: the program's files and a node_modules link. */
  workDir(stack: string): string {
    const dir = path.join(this.root, "work", stack);
    if (!fs.existsSync(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      for (const f of fs.readdirSync(this.program)) fs.copyFileSync(path.join(this.program, f), path.join(dir, f));
      fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
    }
    return dir;
  }

  /** Starts `pulumi <args>` for a stack. */
  start(stack: string, args: string[]): CliRun {
    const child = spawn("pulumi", [...args, "--stack", stack, "--non-interactive"], {
      cwd: this.workDir(stack),
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const done = new Promise<CliResult>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, output })));
    return { child, done, output: () => output };
  }

  /** Runs `pulumi <args>` for a stack to its end. */
  run(stack: string, args: string[]): Promise<CliResult> {
    return this.start(stack, args).done;
  }

  /** Runs `pulumi <args>` and throws with its output unless it exits 0. */
  async ok(stack: string, args: string[]): Promise<string> {
    const r = await this.run(stack, args);
    if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code ?? r.signal}:\n${r.output}`);
    return r.output;
  }

  async init(stack: string): Promise<void> {
    const dir = this.workDir(stack);
    const r = await this.start(stack, ["stack", "init"]).done;
    if (r.code !== 0 && !/already exists/.test(r.output)) throw new Error(`stack init ${stack}: ${r.output}`);
    void dir;
    await this.ok(stack, ["config", "set", "aws:region", this.region]);
  }

  /**
   * Processes of this project's engine still running (the language host, the dynamic-provider
   * plugin), by pid and command line: found through /proc, by this project's backend in their
   * environment. Linux only.
   */
  engineProcesses(): { pid: number; cmdline: string }[] {
    const marker = `PULUMI_BACKEND_URL=file://${this.backend}`;
    const found: { pid: number; cmdline: string }[] = [];
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const environ = fs.readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
        if (!environ.includes(marker)) continue;
        const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim();
        if (cmdline) found.push({ pid: Number(entry), cmdline });
      } catch {
        // gone meanwhile, or not ours to read
      }
    }
    return found;
  }

  /** The dynamic-provider plugins of this project that are still running. */
  plugins(): number[] {
    return this.engineProcesses()
      .filter((p) => p.cmdline.includes("dynamic-provider"))
      .map((p) => p.pid);
  }

  /** Kills what a killed CLI leaves behind that never ends by itself (the language host). */
  killLeftovers(): void {
    for (const p of this.engineProcesses()) {
      if (/pulumi-language-nodejs|cmd\/run/.test(p.cmdline)) {
        try {
          process.kill(p.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
  }
}
