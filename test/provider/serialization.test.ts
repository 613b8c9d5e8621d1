/**
 * Every resource's provider survives Pulumi's closure serialization: each class is constructed
 * under `pulumi.runtime.setMocks` (which serializes its dynamic provider into `__provider`, as a
 * real deployment does), the text is checked to capture no credentials or clients, then evaluated
 * in a fresh module, as the dynamic-provider plugin does, and used to create the resource for
 * real against macie-local.
 *
 * The package and @pulumi/pulumi are loaded with Node's require so that they share one
 * @pulumi/pulumi instance (the one the mocks are set on).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as fs from "node:fs";
import {
  DescribeOrganizationConfigurationCommand,
  GetAdministratorAccountCommand,
  GetFindingsPublicationConfigurationCommand,
} from "@aws-sdk/client-macie2";
import { ACCOUNT, loadPackage, startProviderHarness, type ProviderHarness } from "../helpers/provider";

const nodeRequire = createRequire(import.meta.url);
const requireFromString: (code: string, filename?: string) => any = nodeRequire("require-from-string");
const REPO = path.resolve(__dirname, "../..");
const VERSION: string = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).version;

const CANARY_SECRET = "sEcReT-CaNaRy-5f2b9c";
const MANAGEMENT = "100000000000";
const ORG_ADMIN = "200000000000";
const MEMBER = "222222222222";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const role = (account: string) => `arn:aws:iam::${account}:role/pulumi-macie`;

/** Each class with args that create it for real in the emulator world set up below. */
const CASES: Record<string, Record<string, unknown>> = {
  Account: { findingPublishingFrequency: "ONE_HOUR", assumeRoleArn: role("333333333333") },
  FindingsPublicationConfiguration: { publishClassificationFindings: true },
  ClassificationExportConfiguration: { s3Destination: { bucketName: "discovery-results", kmsKeyArn: KEY } },
  CustomDataIdentifier: { regex: "EMP-[0-9]{6}", keywords: ["employee"] },
  FindingsFilter: { action: "ARCHIVE", findingCriteria: { criterion: { "severity.description": { eq: ["Low"] } } } },
  AllowList: { criteria: { regex: "ORDER-[0-9]{6}" }, description: "order numbers" },
  AutomatedDiscoveryConfiguration: { status: "ENABLED" },
  RevealConfiguration: { configuration: { status: "ENABLED", kmsKeyId: KEY }, retrievalConfiguration: { retrievalMode: "ASSUME_ROLE", roleName: "MacieReveal" } },
  ClassificationJob: { jobType: "ONE_TIME", s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ["payroll-data"] }] } },
  Member: { accountId: MEMBER, email: "member@example.com", invite: true },
  InvitationAccepter: { administratorAccountId: ACCOUNT, assumeRoleArn: role(MEMBER) },
  OrganizationAdminAccount: { adminAccountId: ORG_ADMIN, assumeRoleArn: role(MANAGEMENT) },
  OrganizationConfiguration: { autoEnable: true, assumeRoleArn: role(ORG_ADMIN) },
};

let h: ProviderHarness;
let bare: any[] = [];
let isOutput: (x: unknown) => boolean = () => false;
/** Serialized `__provider` text and inputs, by resource type, as the mocks received them. */
const registered: Record<string, { token: string; provider: string; inputs: Record<string, any> }> = {};

beforeAll(async () => {
  h = await startProviderHarness({ config: { organization: { managementAccountId: MANAGEMENT, memberAccountIds: [ORG_ADMIN] } } });
  process.env.AWS_SECRET_ACCESS_KEY = CANARY_SECRET; // restored by h.stop()
  const pulumi = nodeRequire("@pulumi/pulumi");
  const macie = loadPackage();
  await pulumi.runtime.setMocks(
    {
      newResource(args: { type: string; name: string; inputs: Record<string, any> }) {
        registered[args.name] = { token: args.type, provider: args.inputs.__provider, inputs: args.inputs };
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args: { inputs: unknown }) => args.inputs,
    },
    "serialization",
    "test",
    false,
  );
  const resources = Object.entries(CASES).map(([type, args]) => new macie[type](type, args));
  // Optional inputs left unset must still be Outputs on the object (declared as undefined props).
  bare = [new macie.Account("bare-account"), new macie.FindingsPublicationConfiguration("bare-pub"), new macie.Member("bare-member", { accountId: MEMBER })];
  isOutput = pulumi.Output.isInstance;
  resources.push(...bare);
  // Wait until every resource was registered with the mocks (its provider serialized).
  await Promise.all(resources.map((r: any) => new Promise((resolve) => r.urn.apply(resolve))));
}, 60_000);
afterAll(async () => h?.stop());

describe("provider serialization", () => {
  it("registers every class, with its type token", () => {
    for (const type of Object.keys(CASES)) expect(registered[type].token).toBe(`pulumi-nodejs:dynamic/macie:${type}`);
  });

  it("has Outputs for optional inputs the program left unset, and for the location", () => {
    const [account, pub, member] = bare;
    for (const o of [account.status, account.findingPublishingFrequency, account.serviceRole, account.accountId, account.region]) expect(isOutput(o)).toBe(true);
    for (const o of [pub.publishClassificationFindings, pub.publishPolicyFindings]) expect(isOutput(o)).toBe(true);
    for (const o of [member.email, member.invite, member.status, member.tags, member.arn, member.relationshipStatus, member.administratorAccountId]) expect(isOutput(o)).toBe(true);
  });

  it.each(Object.keys(CASES))("%s: the provider text is small and holds no credential, client or module instance", (type) => {
    const text = registered[type].provider;
    expect(typeof text).toBe("string");
    // The runtime is loaded at call time, by the loader of the declaring copy, else of the program's.
    expect(text).toContain('p="pulumi-macie"');
    expect(text).toContain('require.resolve(p+"/loader"');
    expect(text).toContain(`.provider(${JSON.stringify(type)},"${VERSION}")`);
    // It is stored twice in every resource's state: kept under 400 bytes.
    expect(text.length).toBeLessThan(400);
    for (const forbidden of [CANARY_SECRET, ACCOUNT, "secretAccessKey", "accessKeyId", "Macie2Client", "STSClient", "credentials", "AWS_SECRET"]) {
      expect(text, `${type} provider contains ${forbidden}`).not.toContain(forbidden);
    }
    // Nothing of the inputs bag carries a credential either.
    expect(JSON.stringify(registered[type].inputs)).not.toContain(CANARY_SECRET);
  });

  it("each deserialized provider checks, creates, reads and deletes for real", async () => {
    // The world the cases need: Macie on in the accounts, and MEMBER will be invited.
    for (const a of [ACCOUNT, MEMBER, MANAGEMENT]) await h.enableMacie(a);
    const fresh = (type: string) => requireFromString(registered[type].provider, path.join(REPO, `__provider_${type}.js`)).handler();

    const created: Record<string, { id: string; outs: Record<string, any> }> = {};
    const run = async (type: string) => {
      const provider = fresh(type);
      await provider.configure({ config: { get: () => undefined } });
      const { inputs, failures } = await provider.check({}, { ...CASES[type], __resourceName: type.toLowerCase() });
      expect(failures, `${type} check`).toEqual([]);
      const c = await provider.create(inputs);
      expect(c.id, `${type} id`).toBeTruthy();
      const r = await provider.read(c.id, c.outs);
      expect(r.id, `${type} read`).toBe(c.id);
      const d = await provider.diff(c.id, r.props, inputs);
      expect(d.changes, `${type} no-op diff`).toBe(false);
      created[type] = c;
    };
    // Order: the administrator invites before the member accepts; the organization's
    // administrator is designated before its configuration is set.
    for (const type of ["Account", "FindingsPublicationConfiguration", "ClassificationExportConfiguration", "CustomDataIdentifier", "FindingsFilter", "AllowList", "AutomatedDiscoveryConfiguration", "RevealConfiguration", "ClassificationJob", "Member", "InvitationAccepter", "OrganizationAdminAccount", "OrganizationConfiguration"]) {
      await run(type);
    }
    expect(created.Account.outs.accountId).toBe("333333333333");
    expect((await h.client(MEMBER).send(new GetAdministratorAccountCommand({}))).administrator?.accountId).toBe(ACCOUNT);
    expect((await h.client(ORG_ADMIN).send(new DescribeOrganizationConfigurationCommand({}))).autoEnable).toBe(true);
    expect((await h.client().send(new GetFindingsPublicationConfigurationCommand({}))).securityHubConfiguration?.publishClassificationFindings).toBe(true);

    // Destroy, newest first, each with a freshly deserialized provider (as `pulumi destroy` runs).
    for (const type of Object.keys(created).reverse()) await fresh(type).delete(created[type].id, created[type].outs);
    expect((await h.client().send(new GetFindingsPublicationConfigurationCommand({}))).securityHubConfiguration?.publishClassificationFindings).toBe(false);
  }, 60_000);

  it("a state written with the earlier 1.2 KB provider text still refreshes, diffs and destroys", async () => {
    // Macie is on in ACCOUNT since the test above.
    // The text pulumi-macie wrote before the 0.3 KB one (95ac9ae): its own loading code, which calls
    // the runtime's methods with the type and falls back to pulumi-macie/loader's loadRuntime.
    const earlier = (type: string, hint: string) => `exports.handler = () => (function bootstrap(type, version, hint) {\nconst runtime = () => {\nconst key = Symbol.for("pulumi-macie.runtimes");\nconst cache = globalThis[key] || (globalThis[key] = new Map());\nif (!cache.has(version)) {\nconst path = require("path");\nlet loaded;\ntry {\nconst dir = path.resolve(hint);\nconst manifest = JSON.parse(require("fs").readFileSync(path.join(dir, "package.json"), "utf8"));\nif (manifest.version === version)\nloaded = require(path.join(dir, manifest.exports["./runtime"]));\n}\ncatch { }\nif (!loaded) {\ntry {\nloaded = require("pulumi-macie/loader").loadRuntime(version);\n}\ncatch (e) {\nif (e.code !== "MODULE_NOT_FOUND")\nthrow e;\nthrow new Error(\`Cannot find pulumi-macie \${version} from \${process.cwd()}.\`);\n}\n}\ncache.set(version, loaded);\n}\nreturn cache.get(version);\n};\nconst call = (method) => (...args) => runtime()[method](type, ...args);\nreturn {\nconfigure: (req) => runtime().configure(req.config),\ncheck: call("check"),\ndiff: call("diff"),\ncreate: call("create"),\nread: call("read"),\nupdate: call("update"),\ndelete: call("remove"),\n};\n})(${JSON.stringify(type)}, ${JSON.stringify(VERSION)}, ${JSON.stringify(hint)});\n`;
    const current = requireFromString(registered.CustomDataIdentifier.provider, path.join(REPO, "__provider_current.js")).handler();
    await current.configure({ config: { get: () => undefined } });
    const { inputs } = await current.check({}, { ...CASES.CustomDataIdentifier, __owner: "o|macie:CustomDataIdentifier::earlier" });
    const created = await current.create(inputs);
    // Both ways the old text finds the runtime: the declaring copy's place, and the loader of the copy Node resolves.
    for (const hint of ["", "no/such/place"]) {
      delete (globalThis as any)[Symbol.for("pulumi-macie.runtimes")]; // each way loads afresh, as a new plugin process does
      const old = requireFromString(earlier("CustomDataIdentifier", hint), path.join(REPO, `__provider_earlier_${hint.length}.js`)).handler();
      await old.configure({ config: { get: () => undefined } });
      const r = await old.read(created.id, created.outs);
      expect(r.id).toBe(created.id);
      expect((await old.diff(created.id, r.props, inputs)).changes).toBe(false);
    }
    const old = requireFromString(earlier("CustomDataIdentifier", ""), path.join(REPO, "__provider_earlier.js")).handler();
    await old.delete(created.id, created.outs);
    expect((await current.read(created.id, created.outs)).id).toBe("");
  });
});
