// @ts-check
/**
 * The same-shape floor: what the engine and @pulumi/pulumi cost for resources shaped like
 * pulumi-macie's, with no provider work at all. One no-op Account and N no-op resources that depend
 * on it, a third each shaped as custom data identifiers, findings filters and allow lists
 * (scripts/bench/macie.js): the same arguments, the same keys registered (every input of the
 * resource's schema and every output, `undefined` when unset, as pulumi-macie's MacieResource
 * does), the same bookkeeping input (`__owner`), and a `check` and `create` that fill what
 * pulumi-macie's fill (defaults, an auto-name, an id, an ARN, the account and Region) without a
 * call. Its provider text is a one-line module, shorter than pulumi-macie's.
 *
 * pulumi-macie over this floor is the cost of pulumi-macie's own code and of its Macie calls;
 * this floor over the plain floor (floor.js) is the cost of the properties a Macie resource has.
 * The key lists mirror pulumi-macie's resource files (their schema fields and OUTPUTS).
 */
"use strict";
const pulumi = require("@pulumi/pulumi");

const { SHAPES } = require("./shaped-provider.js");

/**
 * The provider, as a module text of a few bytes, as pulumi-macie writes its own (the methods are in
 * shaped-provider.js, by absolute path: the benchmark runs on one machine).
 * @param {string} type
 */
const providerText = (type) => `exports.handler=()=>require(${JSON.stringify(require.resolve("./shaped-provider.js"))}).provider(${JSON.stringify(type)})`;

class Shaped extends pulumi.CustomResource {
  /** @param {string} type @param {string} name @param {Record<string, unknown>} args @param {pulumi.CustomResourceOptions} [opts] */
  constructor(type, name, args, opts) {
    /** @type {Record<string, unknown>} */
    const props = { ...args, __owner: `organization/bench-shaped/bench|macie:${type}::${name}` };
    for (const key of [...SHAPES[type].keys, "accountId", "region"]) if (!(key in props)) props[key] = undefined;
    props.__provider = providerText(type);
    super(`pulumi-nodejs:dynamic/shaped:${type}`, name, props, opts);
  }
}

/** @type {[string, string, Record<string, unknown>][]} */
const KINDS = [
  ["identifier", "CustomDataIdentifier", { regex: "EMP-[0-9]{6}", keywords: ["employee"], description: "Employee numbers" }],
  ["filter", "FindingsFilter", { action: "ARCHIVE", findingCriteria: { criterion: { "severity.description": { eq: ["Low"] } } } }],
  ["allow-list", "AllowList", { criteria: { regex: "EMP-000[0-9]{3}" }, description: "Test employees" }],
];

const account = new Shaped("Account", "macie", { status: "ENABLED" });
const n = Number(process.env.BENCH_RESOURCES);
for (let i = 0; i < n; i++) {
  const [kind, type, args] = KINDS[i % KINDS.length];
  new Shaped(type, `${kind}-${i}`, args, { dependsOn: [account] });
}
