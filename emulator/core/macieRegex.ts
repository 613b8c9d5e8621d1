/**
 * Macie's regular expressions, as macie-local understands them.
 *
 * Macie documents its custom data identifier and allow list patterns as a subset of PCRE. Node
 * only has JavaScript's RegExp, so a pattern is translated before it is compiled:
 *
 * - kept as is: literals, `.`, classes, `\d \D \w \W \s \S \b \B`, quantifiers (greedy and lazy),
 *   alternation, capturing and non-capturing groups, `^` (start of text);
 * - translated: `$` (end of text, or before a final newline, as in PCRE), `\A`, `\z`, `\Z`,
 *   `\h`/`\H` (horizontal space), `\R` (any line break), `\Q...\E` (quoted literal text),
 *   `\x{HHHH}`, `\e`, `\a`, POSIX classes such as `[[:digit:]]`, named groups `(?P<n>...)` and
 *   `(?'n'...)`, comments `(?#...)`, leading option settings `(?i)`, `(?s)` and `(?m)` (which become
 *   RegExp flags);
 * - approximated (PCRE and JavaScript agree on what matches, except in rare backtracking cases):
 *   atomic groups `(?>...)` become `(?:...)`, possessive quantifiers `a*+` become `a*`;
 * - refused with ValidationException, because a linear-time matcher such as Macie's cannot offer
 *   them or JavaScript has no equivalent: back references (`\1`, `\k<n>`, `\g1`), look-ahead and
 *   look-behind (`(?=`, `(?!`, `(?<=`, `(?<!`), option settings anywhere but the start,
 *   conditionals, recursion, callouts, branch reset groups, `\p{...}` properties, `\G`, `\K`,
 *   `\X`, `\C`, and negated POSIX classes.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { validation } from "./types";

/** A compiled Macie pattern: the JavaScript RegExp (global) and the translated source. */
export interface MaciePattern {
  regexp: RegExp;
  source: string;
}

const POSIX_CLASSES: Record<string, string> = {
  alpha: "a-zA-Z",
  digit: "0-9",
  alnum: "a-zA-Z0-9",
  upper: "A-Z",
  lower: "a-z",
  space: "\\s",
  blank: " \\t",
  xdigit: "0-9A-Fa-f",
  word: "\\w",
  punct: "!-\\/:-@\\[-`{-~",
  cntrl: "\\x00-\\x1F\\x7F",
  print: "\\x20-\\x7E",
  graph: "\\x21-\\x7E",
  ascii: "\\x00-\\x7F",
};

const REFUSED_ESCAPES: Record<string, string> = {
  p: "Unicode property escapes (\\p{...})",
  P: "Unicode property escapes (\\P{...})",
  G: "the \\G anchor",
  K: "\\K (reset match start)",
  X: "\\X (extended grapheme cluster)",
  C: "\\C (single code unit)",
  k: "back references (\\k<name>)",
  g: "back references (\\g)",
};

/** Escapes a literal string for use inside a RegExp (outside or inside a class). */
function quote(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|\/-]/g, "\\$&");
}

/**
 * Translates and compiles a Macie pattern. Throws ValidationException naming `member` when the
 * pattern is malformed or uses a construct Macie does not support.
 */
export function compileMacieRegex(pattern: string, member: string): MaciePattern {
  const refuse = (what: string): never => {
    throw validation(`${member} is not a supported regular expression: ${what} are not supported`);
  };
  let flags = "";
  let i = 0;
  // Leading option settings, e.g. (?i) or (?is): the only place JavaScript can honour them.
  const leading = /^\(\?([ims]+)\)/.exec(pattern);
  if (leading) {
    flags = [...new Set(leading[1])].join("");
    i = leading[0].length;
  }
  let out = "";
  let inClass = false;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "\\") {
      const n = pattern[i + 1];
      if (n === undefined) throw validation(`${member} is not a valid regular expression: it ends with a lone backslash`);
      if (n === "Q") {
        const end = pattern.indexOf("\\E", i + 2);
        const literal = pattern.slice(i + 2, end < 0 ? pattern.length : end);
        out += quote(literal);
        i = end < 0 ? pattern.length : end + 2;
        continue;
      }
      if (n === "E") {
        i += 2; // a stray \E is ignored, as in PCRE
        continue;
      }
      if (/[1-9]/.test(n) && !inClass) refuse("back references (\\1 to \\9)");
      if (REFUSED_ESCAPES[n]) refuse(REFUSED_ESCAPES[n]);
      if (n === "x" && pattern[i + 2] === "{") {
        const m = /^\\x\{([0-9A-Fa-f]{1,4})\}/.exec(pattern.slice(i));
        if (!m) throw validation(`${member} is not a valid regular expression: \\x{...} needs 1-4 hexadecimal digits`);
        out += `\\u${m[1].padStart(4, "0")}`;
        i += m[0].length;
        continue;
      }
      const simple: Record<string, string> = inClass
        ? { h: " \\t\\xA0", e: "\\x1B", a: "\\x07" }
        : { A: "^", z: "$", Z: "(?=\\n?$)", h: "[ \\t\\xA0]", H: "[^ \\t\\xA0]", R: "(?:\\r\\n|\\n|\\r|\\f|\\v)", e: "\\x1B", a: "\\x07" };
      if (simple[n] !== undefined) {
        out += simple[n];
        i += 2;
        continue;
      }
      if (inClass && /[AzZHR]/.test(n)) refuse(`\\${n} inside a character class`);
      out += c + n;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === "[" && pattern[i + 1] === ":") {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(i));
        if (m) {
          if (m[1]) refuse("negated POSIX classes ([:^name:])");
          const ranges = Object.hasOwn(POSIX_CLASSES, m[2]) ? POSIX_CLASSES[m[2]] : undefined;
          if (ranges === undefined) throw validation(`${member} is not a valid regular expression: unknown POSIX class [:${m[2]}:]`);
          out += ranges;
          i += m[0].length;
          continue;
        }
      }
      if (c === "]") inClass = false;
      out += c;
      i += 1;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      i += 1;
      if (pattern[i] === "^") {
        out += "^";
        i += 1;
      }
      if (pattern[i] === "]") {
        // PCRE: a ] right after [ or [^ is a literal.
        out += "\\]";
        i += 1;
      }
      continue;
    }
    if (c === "$") {
      out += "(?=\\n?$)";
      i += 1;
      continue;
    }
    if (c === "(" && pattern[i + 1] === "?") {
      const rest = pattern.slice(i + 2);
      if (rest.startsWith("#")) {
        const end = pattern.indexOf(")", i);
        if (end < 0) throw validation(`${member} is not a valid regular expression: unterminated comment (?#`);
        i = end + 1;
        continue;
      }
      if (rest.startsWith(":")) {
        out += "(?:";
        i += 3;
        continue;
      }
      if (rest.startsWith(">")) {
        out += "(?:";
        i += 3;
        continue;
      }
      if (rest.startsWith("=") || rest.startsWith("!") || rest.startsWith("<=") || rest.startsWith("<!")) {
        refuse("look-ahead and look-behind assertions");
      }
      const named = /^(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')/.exec(rest);
      if (named) {
        out += `(?<${named[1] ?? named[2]}>`;
        i += 2 + named[0].length;
        continue;
      }
      if (rest.startsWith("P=") || rest.startsWith("P>") || rest.startsWith("&") || /^[-+]?\d|^R/.test(rest)) {
        refuse("back references and recursion");
      }
      if (rest.startsWith("(")) refuse("conditional patterns");
      if (rest.startsWith("|")) refuse("branch reset groups");
      if (rest.startsWith("C") || rest.startsWith("{")) refuse("callouts and embedded code");
      if (/^[-a-zA-Z]+[:)]/.test(rest)) refuse("option settings such as (?i) anywhere but at the start of the pattern");
      throw validation(`${member} is not a valid regular expression: unknown group syntax (?${rest.slice(0, 2)}`);
    }
    // A quantifier, then its modifier: lazy (?) is kept, possessive (+) is dropped.
    const quantifier = /^(?:[*+?]|\{\d+(?:,\d*)?\})/.exec(pattern.slice(i));
    if (quantifier) {
      out += quantifier[0];
      i += quantifier[0].length;
      if (pattern[i] === "+") i += 1;
      else if (pattern[i] === "?") {
        out += "?";
        i += 1;
      }
      continue;
    }
    out += c;
    i += 1;
  }
  if (inClass) throw validation(`${member} is not a valid regular expression: missing ] to close a character class`);
  try {
    return { regexp: new RegExp(out, flags + "g"), source: out };
  } catch (e) {
    const reason = (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "");
    throw validation(`${member} is not a valid regular expression: ${reason}`);
  }
}

/** One match of a pattern in a text: where it starts and ends, and the matched text. */
export interface Match {
  start: number;
  end: number;
  text: string;
}

/** How long one evaluation may take by default (ms); the config's `limits.regexTimeoutMs` overrides it. */
export const DEFAULT_REGEX_TIMEOUT_MS = 1000;

/**
 * The matcher, run in a worker thread. Given as source (`eval`), so that it runs the same from the
 * compiled package and from the TypeScript sources under test. It says when it starts, so that
 * the time limit does not count the worker's start-up.
 */
const MATCHER = `
const { parentPort, workerData } = require("node:worker_threads");
const re = new RegExp(workerData.source, workerData.flags);
parentPort.postMessage("started");
const found = [];
for (let m = re.exec(workerData.text); m !== null; m = re.exec(workerData.text)) {
  if (m[0].length === 0) { re.lastIndex += 1; continue; }
  found.push([m.index, m.index + m[0].length]);
}
parentPort.postMessage(found);
`;

/** At most this many evaluations run at once (each may keep a core busy until its limit); others queue. */
const MAX_WORKERS = Math.max(2, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_WORKERS) await new Promise<void>((wake) => waiting.push(wake));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Runs the matcher in a fresh worker; "timeout" when it ran longer than `timeoutMs` (it is then terminated). */
function runMatcher(source: string, flags: string, text: string, timeoutMs: number): Promise<[number, number][] | "timeout"> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(MATCHER, { eval: true, workerData: { source, flags, text }, resourceLimits: { maxOldGenerationSizeMb: 64 } });
    // A stopping emulator does not wait for an evaluation to end.
    worker.unref();
    let done = false;
    let limit: NodeJS.Timeout | undefined;
    const settle = (finish: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(limit);
      clearTimeout(startUp);
      void worker.terminate();
      finish();
    };
    // Only a worker that never gets going meets this: a machine out of threads or memory.
    const startUp = setTimeout(() => settle(() => reject(new Error("the regular expression worker did not start"))), timeoutMs + 30_000);
    worker.on("message", (m: unknown) => {
      if (m === "started") limit = setTimeout(() => settle(() => resolve("timeout")), timeoutMs);
      else settle(() => resolve(m as [number, number][]));
    });
    worker.on("error", (e) => settle(() => reject(e)));
    worker.on("exit", (code) => settle(() => reject(new Error(`the regular expression worker exited with code ${code}`))));
  });
}

/**
 * Every non-empty, non-overlapping match of `pattern` in `text`, left to right. JavaScript's
 * backtracking engine can take exponential time on some patterns, where Macie's engine is linear,
 * so the evaluation runs in a worker thread, off the event loop (other clients are served
 * meanwhile), and a pattern that exceeds the time limit is reported as a ValidationException.
 */
export async function findMatches(pattern: MaciePattern, text: string, member: string, timeoutMs = DEFAULT_REGEX_TIMEOUT_MS): Promise<Match[]> {
  const found = await inSlot(() => runMatcher(pattern.regexp.source, pattern.regexp.flags, text, timeoutMs));
  if (found === "timeout") {
    throw validation(`${member} takes too long to evaluate (more than ${timeoutMs} ms, catastrophic backtracking); simplify nested quantifiers`);
  }
  return found.map(([start, end]) => ({ start, end, text: text.slice(start, end) }));
}
