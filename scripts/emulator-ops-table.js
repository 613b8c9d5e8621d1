#!/usr/bin/env node
/**
 * Prints the Markdown table of Macie operations and whether macie-local implements them, from the
 * catalog (every operation of the API) and the operations the emulator exposes. Needs a build
 * (`npm run build`); an optional argument names another output folder. Used for docs/emulator.md.
 */
const path = require("node:path");
const dist = path.resolve(process.argv[2] ?? path.join(__dirname, "..", "dist"), "emulator");
const { CATALOG } = require(path.join(dist, "core", "catalog.js"));
const { operations } = require(path.join(dist, "operations", "index.js"));

const implemented = new Map(operations.map((o) => [o.name, o]));
const rows = CATALOG.map((c) => {
  const op = implemented.get(c.name);
  const notes = [];
  if (op?.idempotent) notes.push("clientToken replay");
  if (op && op.requiresMacie === false) notes.push("no Macie session needed");
  return `| ${c.name} | \`${c.method} ${c.path}\` | ${op ? "yes" : "no (501 UnsupportedOperationException)"} | ${op ? (op.mutating ? "yes" : "no") : ""} | ${notes.join("; ")} |`;
});
const count = CATALOG.filter((c) => implemented.has(c.name)).length;
console.log(`macie-local implements ${count} of the ${CATALOG.length} Macie operations.\n`);
console.log("| Operation | HTTP | Implemented | Mutating | Notes |");
console.log("| --- | --- | --- | --- | --- |");
console.log(rows.join("\n"));
