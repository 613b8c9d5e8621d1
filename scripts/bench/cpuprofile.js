// @ts-check
/**
 * Summarizes the V8 CPU profiles (`node --cpu-prof`) that `bench-engine.js --profile <dir>` makes
 * the program and the plugin write: per profile, the functions with the most self time and the
 * most total time (time with the function anywhere on the stack, counted once per sample).
 *
 *   node scripts/bench/cpuprofile.js <dir> [top]
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

/** A function's name and place, with the path cut to what follows the last node_modules/. */
function keyOf(/** @type {any} */ frame) {
  const url = frame.url.replace(/^file:\/\//, "");
  const modules = url.lastIndexOf("node_modules/");
  const where = modules >= 0 ? url.slice(modules + "node_modules/".length) : url;
  return `${frame.functionName || "(anonymous)"} ${where ? `${where}:${frame.lineNumber + 1}` : ""}`.trim();
}

/** @param {string} file @param {number} top */
function summarizeProfile(file, top) {
  const profile = JSON.parse(fs.readFileSync(file, "utf8"));
  /** @type {Map<number, any>} */
  const nodes = new Map(profile.nodes.map((/** @type {any} */ n) => [n.id, n]));
  /** @type {Map<number, number>} */
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  /** @type {Map<string, number>} */
  const self = new Map();
  /** @type {Map<string, number>} */
  const total = new Map();
  let all = 0;
  profile.samples.forEach((/** @type {number} */ id, /** @type {number} */ i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    all += ms;
    const leaf = keyOf(nodes.get(id).callFrame);
    self.set(leaf, (self.get(leaf) ?? 0) + ms);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const key = keyOf(nodes.get(at).callFrame);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + ms);
    }
  });
  const idle = self.get("(idle)") ?? 0;
  const rows = (/** @type {Map<string, number>} */ m) =>
    [...m.entries()]
      .filter(([k]) => !["(root)", "(idle)"].includes(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, ms]) => `  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / (all - idle)).toFixed(1).padStart(5)}%  ${k}`)
      .join("\n");
  console.log(`\n${path.basename(file)}: ${(all / 1000).toFixed(1)} s profiled, ${((all - idle) / 1000).toFixed(1)} s not idle`);
  console.log(`Self time:\n${rows(self)}`);
  console.log(`Total time:\n${rows(total)}`);
}

/** @param {string} dir @param {number} [top] */
function summarize(dir, top = 15) {
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")).sort()) summarizeProfile(path.join(dir, file), top);
}

module.exports = { summarize };
if (require.main === module) summarize(process.argv[2], Number(process.argv[3] ?? 15));
