// @ts-check
/**
 * The engine's floor: N no-op dynamic resources (BENCH_RESOURCES), written as a careful user
 * would: one provider object shared by every resource, so @pulumi/pulumi serializes it once.
 * create returns an id and the inputs; every other method is the engine's default.
 *
 * BENCH_FLOOR_PAD (bench-engine.js --pad-floor) makes the serialized provider that many bytes
 * longer, with a string it captures: the engine's cost of a larger state, and nothing else.
 */
"use strict";
const pulumi = require("@pulumi/pulumi");

/** @type {pulumi.dynamic.ResourceProvider} */
const minimal = {
  async create(inputs) {
    return { id: inputs.name, outs: inputs };
  },
};
const pad = "#".repeat(Number(process.env.BENCH_FLOOR_PAD || 0));
/** @type {pulumi.dynamic.ResourceProvider} */
const padded = {
  async create(inputs) {
    return { id: inputs.name, outs: { ...inputs, padded: pad.length } };
  },
};
const provider = pad ? padded : minimal;

class Noop extends pulumi.dynamic.Resource {
  /** @param {string} name @param {Record<string, unknown>} args */
  constructor(name, args) {
    super(provider, name, args, undefined, "bench", "Noop");
  }
}

const n = Number(process.env.BENCH_RESOURCES);
for (let i = 0; i < n; i++) new Noop(`noop-${i}`, { name: `noop-${i}`, description: `No-op resource ${i}` });
