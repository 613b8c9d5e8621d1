#!/usr/bin/env node
// @ts-check
/**
 * Links node_modules/pulumi-macie to the repository itself, so that programs inside the repo
 * (the demo, examples/, the end-to-end tests) resolve `pulumi-macie` exactly as a user's program
 * resolves it from node_modules.
 *
 * Why it is needed: the providers are serialized into the state and evaluated by the engine's
 * dynamic-provider plugin, whose `require("pulumi-macie/runtime")` searches the node_modules
 * folders above the program's directory. Node's package self-reference does not apply there (the
 * evaluated code has no file inside the package), so without this link nothing in the repo could
 * run on the real engine. Run by `npm run prepare` (so by `npm ci`), `npm run demo` and the e2e
 * set-up; idempotent.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const repo = path.resolve(__dirname, "..");
const link = path.join(repo, "node_modules", "pulumi-macie");

function linkSelf() {
  let current;
  try {
    current = fs.readlinkSync(link);
  } catch (e) {
    if (/** @type {any} */ (e).code === "EINVAL") throw new Error(`${link} exists and is not a symlink: remove it`);
  }
  if (current !== undefined && path.resolve(path.dirname(link), current) === repo) return;
  fs.mkdirSync(path.dirname(link), { recursive: true });
  if (current !== undefined) fs.unlinkSync(link);
  fs.symlinkSync("..", link, "dir");
}

module.exports = { linkSelf };
if (require.main === module) linkSelf();
