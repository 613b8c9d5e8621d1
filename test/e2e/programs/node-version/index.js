// For test/e2e/node-version.test.ts: reports which Node.js ran this program (started by the
// language host) and which ran the dynamic-provider plugin, the process in which every
// pulumi-macie resource is created (the Account below runs there too). Plain JavaScript, so no
// compile step stands between the language host and the program.
const pulumi = require("@pulumi/pulumi");
const macie = require("pulumi-macie");

const node = () => ({ version: process.version, execPath: process.execPath });

// A dynamic resource of the same provider package (`pulumi-nodejs`) as pulumi-macie's: its
// create runs in the plugin and records the plugin's Node as its outputs.
const probe = new pulumi.dynamic.Resource(
  { create: async () => ({ id: "plugin-node", outs: { version: process.version, execPath: process.execPath } }) },
  "plugin-node",
  { version: undefined, execPath: undefined },
);

const account = new macie.Account("macie", {});

exports.programNode = node();
exports.pluginNode = { version: probe.version, execPath: probe.execPath };
exports.macieStatus = account.status;
