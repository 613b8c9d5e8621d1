// @ts-check
/**
 * The engine's floor: N no-op dynamic resources (BENCH_RESOURCES), written as a careful user
 * would: one provider object shared by every resource, so @pulumi/pulumi serializes it once.
 * create returns an id and the inputs; every other method is the engine's default.
 */
"use strict";
const pulumi = require("@pulumi/pulumi");

const provider = {
  /** @param {any} inputs */
  async create(inputs) {
    return { id: inputs.name, outs: inputs };
  },
};

class Noop extends pulumi.dynamic.Resource {
  /** @param {string} name @param {Record<string, unknown>} args */
  constructor(name, args) {
    super(provider, name, args, undefined, "bench", "Noop");
  }
}

const n = Number(process.env.BENCH_RESOURCES);
for (let i = 0; i < n; i++) new Noop(`noop-${i}`, { name: `noop-${i}`, description: `No-op resource ${i}` });
