#!/usr/bin/env node
/**
 * `pulumi-macie review [plan.json] [--format markdown|text] [--fail-on-replace K,..] [--fail-on-delete K,..]`
 *
 * Reads the output of `pulumi preview --json` from a file or stdin and prints the review report
 * (docs/review.md). Exit codes: see EXIT.
 */
import * as fs from "node:fs";
import { describeBlocked, judge, parseKinds, UsageError, type Gate } from "./gate";
import { buildReview, parsePreview, PlanInputError } from "./plan";
import { render, type Format } from "./render";

export const EXIT = {
  /** The report is printed; no protected change (or no gate). */
  ok: 0,
  /** The preview itself failed: the report lists its errors, there is no plan to approve. */
  previewFailed: 1,
  /** The gate tripped: the plan replaces or deletes a protected kind. */
  blocked: 2,
  /** The input is unreadable: no such file, not JSON, or not the output of `pulumi preview --json`. */
  unreadable: 3,
  /** The command line is wrong (unknown option, unknown kind). */
  usage: 4,
} as const;

export const USAGE = `usage: pulumi-macie review [plan.json] [options]
  Reads the output of \`pulumi preview --json\` (the file, or stdin when no file or "-" is given)
  and prints a review of what the plan does to Macie.

  --format markdown|text     Markdown for a pull-request comment, or plain text; default: text
                             when stdout is a terminal, Markdown otherwise
  --fail-on-replace KINDS    exit ${EXIT.blocked} when the plan replaces a resource of these kinds
  --fail-on-delete KINDS     exit ${EXIT.blocked} when the plan deletes or replaces one (a replacement
                             deletes the existing object too)
                             KINDS: class names, comma-separated (ClassificationJob,Account),
                             or * for every Macie kind; both options may be repeated
  --help                     this text

  Exit codes: ${EXIT.ok} reviewed; ${EXIT.previewFailed} the preview failed; ${EXIT.blocked} a protected change (the gate);
  ${EXIT.unreadable} the input is unreadable; ${EXIT.usage} a wrong command line.`;

export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
}

interface Options {
  file?: string;
  format?: Format;
  gate: Gate;
  help: boolean;
}

const VALUED = ["--format", "--fail-on-replace", "--fail-on-delete"];

function parseOptions(args: string[]): Options {
  const opts: Options = { gate: { failOnReplace: [], failOnDelete: [] }, help: false };
  const files: string[] = [];
  const replace: string[] = [];
  const del: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (name === "--help" || name === "-h") {
      opts.help = true;
      continue;
    }
    if (!name.startsWith("-") || name === "-") {
      files.push(arg);
      continue;
    }
    if (!VALUED.includes(name)) throw new UsageError(`unknown option ${name}`);
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    if (name === "--format") {
      if (value !== "markdown" && value !== "text") throw new UsageError(`--format must be markdown or text, not ${JSON.stringify(value)}`);
      opts.format = value;
    } else (name === "--fail-on-replace" ? replace : del).push(value);
  }
  if (files.length > 1) throw new UsageError(`one plan at a time (got ${files.join(", ")})`);
  opts.file = files[0];
  opts.gate = { failOnReplace: parseKinds(replace, "--fail-on-replace"), failOnDelete: parseKinds(del, "--fail-on-delete") };
  return opts;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** Runs `pulumi-macie <argv>` and returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const say = (line: string) => io.stderr.write(`pulumi-macie: ${line}\n`);
  const [command, ...args] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    (command === undefined ? io.stderr : io.stdout).write(`${USAGE}\n`);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command !== "review") {
    say(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
    return EXIT.usage;
  }

  let opts: Options;
  try {
    opts = parseOptions(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    say(`${e.message}\n${USAGE}`);
    return EXIT.usage;
  }
  if (opts.help) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const fromStdin = opts.file === undefined || opts.file === "-";
  if (fromStdin && io.stdin.isTTY) {
    say(`no plan: give a file, or pipe one in (pulumi preview --json | pulumi-macie review)\n${USAGE}`);
    return EXIT.usage;
  }

  let review;
  try {
    let text: string;
    try {
      text = fromStdin ? await readAll(io.stdin) : fs.readFileSync(opts.file!, "utf8");
    } catch (e: any) {
      throw new PlanInputError(`cannot read ${fromStdin ? "stdin" : opts.file}: ${e.message}`);
    }
    review = buildReview(parsePreview(text));
  } catch (e) {
    if (!(e instanceof PlanInputError)) throw e;
    say(e.message);
    return EXIT.unreadable;
  }

  const format: Format = opts.format ?? (io.stdout.isTTY ? "text" : "markdown");
  if (review.failed) {
    io.stdout.write(render(review, format));
    say(`the preview failed (${review.errors.length} ${review.errors.length === 1 ? "error" : "errors"}): there is no plan to review`);
    return EXIT.previewFailed;
  }
  const result = judge(review, opts.gate);
  io.stdout.write(render(review, format, { gate: opts.gate, result }));
  for (const b of result.blocked) say(`blocked: ${describeBlocked(b)}`);
  return result.blocked.length > 0 ? EXIT.blocked : EXIT.ok;
}

if (require.main === module) {
  main(process.argv.slice(2), process).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`pulumi-macie: ${e?.stack ?? e}\n`);
      process.exitCode = 70; // an internal error: a bug of this command, not of the plan
    },
  );
}
