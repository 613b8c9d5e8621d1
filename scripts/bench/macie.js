// @ts-check
/**
 * pulumi-macie at scale: one Account, then N resources (BENCH_RESOURCES) that depend on it, a third
 * each of custom data identifiers, findings filters and allow lists, named by Pulumi's auto-naming.
 */
"use strict";
const macie = require("pulumi-macie");

/** @type {[string, (name: string, opts: any) => unknown][]} */
const KINDS = [
  ["identifier", (name, opts) => new macie.CustomDataIdentifier(name, { regex: "EMP-[0-9]{6}", keywords: ["employee"], description: "Employee numbers" }, opts)],
  ["filter", (name, opts) => new macie.FindingsFilter(name, { action: "ARCHIVE", findingCriteria: { criterion: { "severity.description": { eq: ["Low"] } } } }, opts)],
  ["allow-list", (name, opts) => new macie.AllowList(name, { criteria: { regex: "EMP-000[0-9]{3}" }, description: "Test employees" }, opts)],
];

const account = new macie.Account("macie", { status: "ENABLED" });
const n = Number(process.env.BENCH_RESOURCES);
for (let i = 0; i < n; i++) {
  const [kind, declare] = KINDS[i % KINDS.length];
  declare(`${kind}-${i}`, { dependsOn: [account] });
}
