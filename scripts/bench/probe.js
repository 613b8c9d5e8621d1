// @ts-check
/**
 * Loaded into every Node process of the engine through NODE_OPTIONS=--require (set by
 * scripts/bench-engine.js). In the process that runs the program (@pulumi/pulumi's cmd/run) and in
 * the dynamic-provider plugin, it writes the process's own CPU time and peak RSS to
 * BENCH_PROBE_DIR/<role>-<pid>.json when the process ends: exact figures, where sampling /proc from
 * outside would miss the last moments. The engine stops the plugin with SIGINT; the probe then
 * writes and exits, as Node would have (and a --cpu-prof profile is written too).
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const dir = process.env.BENCH_PROBE_DIR;
const script = process.argv[1] || "";
const role = /cmd[\\/]run[\\/]/.test(script) ? "program" : /dynamic-provider/.test(script) ? "plugin" : undefined;

if (dir && role) {
  let written = false;
  const write = (/** @type {string} */ end) => {
    if (written) return;
    written = true;
    const u = process.resourceUsage();
    const record = { role, pid: process.pid, end, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKb: u.maxRSS };
    fs.writeFileSync(path.join(dir, `${role}-${process.pid}.json`), JSON.stringify(record));
  };
  process.on("exit", () => write("exit"));
  for (const [signal, number] of /** @type {const} */ ([["SIGINT", 2], ["SIGTERM", 15]])) {
    process.once(signal, () => {
      write(signal);
      process.exit(128 + number);
    });
  }
}
