// @ts-check
/**
 * The same-shape floor's provider (shaped.js): per type, a `check` and a `create` that fill what
 * pulumi-macie's fill (defaults, an auto-name, an id, an ARN, the account and Region), with no
 * call. Loaded by the dynamic-provider plugin from the provider text of each resource.
 */
"use strict";

/** @type {Record<string, { keys: string[], defaults: Record<string, unknown>, outputs: Record<string, unknown>, arn?: string }>} */
const SHAPES = {
  Account: {
    keys: ["status", "findingPublishingFrequency", "serviceRole", "createdAt", "updatedAt"],
    defaults: { status: "ENABLED", findingPublishingFrequency: "SIX_HOURS" },
    outputs: {
      serviceRole: "arn:aws:iam::111111111111:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie",
      createdAt: "2026-12-02T10:00:00.000Z",
      updatedAt: "2026-12-02T10:00:00.000Z",
    },
  },
  CustomDataIdentifier: {
    keys: ["name", "regex", "description", "keywords", "ignoreWords", "maximumMatchDistance", "severityLevels", "tags", "testCases", "arn"],
    defaults: { maximumMatchDistance: 50, severityLevels: [{ occurrencesThreshold: 1, severity: "MEDIUM" }] },
    outputs: {},
    arn: "custom-data-identifier",
  },
  FindingsFilter: {
    keys: ["name", "action", "description", "findingCriteria", "position", "tags", "arn"],
    defaults: {},
    outputs: {},
    arn: "findings-filter",
  },
  AllowList: {
    keys: ["name", "description", "criteria", "tags", "ignoreJobChecksOnDelete", "arn", "createdAt", "updatedAt", "status"],
    defaults: { ignoreJobChecksOnDelete: false },
    outputs: { createdAt: "2026-12-02T10:00:00.000Z", updatedAt: "2026-12-02T10:00:00.000Z", status: { code: "OK" } },
    arn: "allow-list",
  },
};

/** @param {string} type */
function provider(type) {
  const shape = SHAPES[type];
  return {
    /** @param {Record<string, any>} olds @param {Record<string, any>} news */
    async check(olds, news) {
      const inputs = { ...shape.defaults, ...news };
      if (shape.keys.includes("name")) inputs.name ??= olds.name ?? `${news.__owner.split("::").pop()}-${Buffer.from(news.__owner).toString("hex").slice(-7)}`;
      return { inputs };
    },
    /** @param {Record<string, any>} inputs */
    async create(inputs) {
      const id = Buffer.from(inputs.__owner).toString("hex").slice(-32).padStart(32, "0");
      /** @type {Record<string, any>} */
      const outs = { ...inputs, ...shape.outputs, accountId: "111111111111", region: "us-east-1" };
      delete outs.__owner;
      if (shape.arn) outs.arn = `arn:aws:macie2:us-east-1:111111111111:${shape.arn}/${id}`;
      return { id, outs };
    },
  };
}

module.exports = { SHAPES, provider };
