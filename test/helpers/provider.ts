/**
 * Test harness: drive pulumi-macie resource types through the real provider runtime (the compiled
 * package, loaded with Node's own `require`, as the dynamic-provider plugin loads it) against a
 * macie-local started for the test file.
 *
 * ```ts
 * const h = await startProviderHarness();          // emulator + env pointing the SDK at it
 * await h.enableMacie();                            // EnableMacie for the default account
 * const r = await h.up("CustomDataIdentifier", "cdi", { regex: "\\d+" });   // check + create
 * const c = await h.countCalls(() => h.diff(...)); // per-operation counts while fn ran
 * await h.stop();
 * ```
 *
 * Run `npm run build` first: the runtime is read from dist/.
 *
 * The SDK is pointed at the emulator through the environment, as users point it at macie-local:
 * `AWS_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID` (a 12-digit key id *is* the account id in macie-local),
 * `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`. Vitest runs each test file in its own process, so this
 * does not leak between files.
 */
import { createRequire } from "node:module";
import { expect } from "vitest";
import { EnableMacieCommand, type Macie2Client } from "@aws-sdk/client-macie2";
import { startEmulator, type TestEmulator } from "./macie";
import type { StartOptions } from "../../emulator";

const nodeRequire = createRequire(import.meta.url);

/** The default account of the harness (the access key id the environment carries). */
export const ACCOUNT = "111111111111";
export const REGION = "us-east-1";

export interface CheckFailure {
  property: string;
  reason: string;
}

/** The runtime module (dist/provider/core/runtime.js) as the plugin host sees it. */
export interface Runtime {
  configure(config: { get(key: string): string | undefined }): Promise<void>;
  check(type: string, olds: Record<string, any>, news: Record<string, any>): Promise<{ inputs: Record<string, any>; failures: CheckFailure[] }>;
  diff(type: string, id: string, olds: Record<string, any>, news: Record<string, any>): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(type: string, inputs: Record<string, any>): Promise<{ id: string; outs: Record<string, any> }>;
  read(type: string, id: string, props: Record<string, any>): Promise<{ id: string; props: Record<string, any>; inputs?: Record<string, any> }>;
  update(type: string, id: string, olds: Record<string, any>, news: Record<string, any>): Promise<{ outs: Record<string, any> }>;
  remove(type: string, id: string, props: Record<string, any>): Promise<void>;
  definitionOf(type: string): any;
}

/**
 * The conversion the dynamic-provider plugin applies to every result before it reaches the
 * engine (a protobuf Struct). It refuses what the engine cannot hold, `undefined` among others,
 * so a result that passes here passes there too.
 */
const { Struct } = createRequire(nodeRequire.resolve("@pulumi/pulumi"))("google-protobuf/google/protobuf/struct_pb");
const asTheEngineGetsIt = <T extends Record<string, any>>(result: T, ...keys: (keyof T)[]): T => {
  for (const key of keys) if (result[key] !== undefined) Struct.fromJavaScript(result[key]);
  return result;
};

/**
 * Loads the compiled runtime with Node's require (never through vite). Results of create, read
 * and update go through the plugin's conversion, as under the real engine.
 */
export function loadRuntime(): Runtime {
  const runtime: Runtime = nodeRequire("../../dist/provider/core/runtime.js");
  return {
    ...runtime,
    create: async (...args) => asTheEngineGetsIt(await runtime.create(...args), "outs"),
    read: async (...args) => asTheEngineGetsIt(await runtime.read(...args), "props", "inputs"),
    update: async (...args) => asTheEngineGetsIt(await runtime.update(...args), "outs"),
    check: async (...args) => asTheEngineGetsIt(await runtime.check(...args), "inputs"),
  };
}

/** Loads the compiled package (`pulumi-macie`) with Node's require. */
export function loadPackage(): any {
  return nodeRequire("../../dist/provider/index.js");
}

/** What the engine keeps of a created resource: its id, its inputs (after check) and its outputs. */
export interface Deployed {
  type: string;
  name: string;
  id: string;
  inputs: Record<string, any>;
  outs: Record<string, any>;
}

/** What happened during `fn`, from the emulator's counters. */
export interface CallCount<T> {
  result: T;
  /** Calls per operation (succeeded + failed), STS included. */
  operations: Record<string, number>;
  /** Macie calls (STS GetCallerIdentity/AssumeRole excluded). */
  calls: number;
  /** Calls of mutating Macie operations, failed attempts included. */
  mutating: number;
  /** Failed calls per operation and error type, e.g. `{ CreateMember: { ThrottlingException: 2 } }`. */
  failed: Record<string, Record<string, number>>;
}

const STS_OPERATIONS = new Set(["GetCallerIdentity", "AssumeRole"]);

export interface ProviderHarness {
  em: TestEmulator;
  runtime: Runtime;
  /** A Macie SDK client straight to the emulator, for out-of-band changes and inspection. */
  client(accountId?: string, region?: string): Macie2Client;

  check(type: string, news: Record<string, any>, olds?: Record<string, any>): ReturnType<Runtime["check"]>;
  diff(type: string, id: string, olds: Record<string, any>, news: Record<string, any>): ReturnType<Runtime["diff"]>;
  create(type: string, inputs: Record<string, any>): ReturnType<Runtime["create"]>;
  read(type: string, id: string, props: Record<string, any>): ReturnType<Runtime["read"]>;
  update(type: string, id: string, olds: Record<string, any>, news: Record<string, any>): ReturnType<Runtime["update"]>;
  delete(type: string, id: string, props: Record<string, any>): Promise<void>;

  /** check (throws listing the failures if any) then create, as `pulumi up` does for a new resource. */
  up(type: string, name: string, args: Record<string, any>): Promise<Deployed>;
  /**
   * A later `pulumi up` with new args: check (olds = the previous inputs), diff (olds = the
   * previous outputs), then update in place, or replace (create then delete, or delete then
   * create with deleteBeforeReplace), or nothing. Returns the new resource and what was done.
   */
  upAgain(prior: Deployed, args: Record<string, any>): Promise<{ deployed: Deployed; action: "same" | "update" | "replace"; diff: Awaited<ReturnType<Runtime["diff"]>> }>;
  /** `pulumi refresh` of one resource: read; undefined when the resource is gone. */
  refresh(prior: Deployed): Promise<Deployed | undefined>;
  /** `pulumi destroy` of one resource. */
  destroy(prior: Deployed): Promise<void>;
  /** check → create → read → no-op diff → delete, asserting the basics; returns the created resource's read. */
  lifecycle(type: string, name: string, args: Record<string, any>): Promise<{ created: Deployed; read: Deployed | undefined; noopDiff: Awaited<ReturnType<Runtime["diff"]>> }>;

  /** Counts the emulator calls made while `fn` runs. */
  countCalls<T>(fn: () => Promise<T> | T): Promise<CallCount<T>>;
  /**
   * Runs `fn` with the environment's credentials switched to another account (macie-local: the
   * access key id is the account id). The provider's connection cache is keyed by the access key
   * id, so the runtime connects afresh for it.
   */
  asAccount<T>(accountId: string, fn: () => Promise<T> | T): Promise<T>;
  /** Runs `fn` with extra environment variables (e.g. short PULUMI_MACIE_RETRY_SECONDS), restored after. */
  withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T> | T): Promise<T>;
  /** EnableMacie in an account (default: the harness account) through the SDK directly. */
  enableMacie(accountId?: string, region?: string): Promise<void>;
  /** Resets the emulator's state, counters and faults. */
  reset(): Promise<void>;
  /**
   * Starts over as a new dynamic-provider plugin process would, as after a killed `pulumi up`:
   * the runtime's modules are loaded afresh, so nothing remembered in memory carries over.
   */
  newPluginProcess(): Promise<void>;
  stop(): Promise<void>;
}

/** Sets environment variables, returning a function that restores the previous values. */
export function setEnv(vars: Record<string, string | undefined>): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(vars)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/** The environment that points the AWS SDK (and so the provider) at an emulator as `accountId`. */
export function emulatorEnv(url: string, accountId = ACCOUNT, region = REGION): Record<string, string | undefined> {
  return {
    AWS_ENDPOINT_URL: url,
    AWS_ENDPOINT_URL_MACIE2: undefined,
    AWS_ENDPOINT_URL_STS: undefined,
    AWS_ACCESS_KEY_ID: accountId,
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_SESSION_TOKEN: undefined,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: undefined,
    AWS_PROFILE: undefined,
    // The SDK's own retries stay, but short; the provider's retry loop is what tests exercise.
    AWS_MAX_ATTEMPTS: "2",
  };
}

/**
 * The input that carries the resource name to check (runtime.ts RESOURCE_NAME_KEY). Tests may
 * write `__name: "x"` in the inputs they give the harness: it is passed on under this key.
 */
export const RESOURCE_NAME_KEY = "__resourceName";
/** The input that carries the declaring resource's identity (provider/core/ownership.ts OWNER_KEY). */
export const OWNER_KEY = "__owner";
let declared = 0;

function named(news: Record<string, any>): Record<string, any> {
  if (!news || !("__name" in news)) return news;
  const { __name, ...rest } = news;
  return { ...rest, [RESOURCE_NAME_KEY]: __name };
}

function failuresText(failures: CheckFailure[]): string {
  return failures.map((f) => `${f.property || "(inputs)"}: ${f.reason}`).join("; ");
}

/** Starts macie-local and points the environment at it; `stop()` restores the environment. */
export async function startProviderHarness(options: StartOptions & { accountId?: string; region?: string } = {}): Promise<ProviderHarness> {
  const em = await startEmulator(options);
  // The provider paces CreateClassificationJob by Macie's quota (provider/core/pacing.ts). Where
  // the emulator leaves that quota off (startEmulator's default), so does the provider, so that
  // tests may create jobs back to back.
  const realQuota = options.config?.faults !== undefined && options.config.faults.realRateLimits !== false;
  const restoreEnv = setEnv({
    ...emulatorEnv(em.url, options.accountId ?? ACCOUNT, options.region ?? REGION),
    PULUMI_MACIE_RATE_LIMITS: realQuota ? undefined : JSON.stringify({ CreateClassificationJob: null }),
  });
  let runtime = loadRuntime();
  // A stack without aws:region/aws:profile: the environment decides, as in a plain `pulumi up`.
  await runtime.configure({ get: () => undefined });

  const h: ProviderHarness = {
    em,
    runtime,
    client: (accountId = process.env.AWS_ACCESS_KEY_ID ?? ACCOUNT, region = REGION) => em.client(accountId, region),

    check: (type, news, olds = {}) => runtime.check(type, olds, named(news)),
    diff: (type, id, olds, news) => runtime.diff(type, id, olds, news),
    create: (type, inputs) => runtime.create(type, inputs),
    read: (type, id, props) => runtime.read(type, id, props),
    update: (type, id, olds, news) => runtime.update(type, id, olds, news),
    delete: (type, id, props) => runtime.remove(type, id, props),

    async up(type, name, args) {
      // Each `up` declares a new Pulumi resource: its own identity, as a new URN would give it.
      const owner = args.__owner ?? `harness|${type}::${name}#${++declared}`;
      const { inputs, failures } = await runtime.check(type, {}, { ...args, [RESOURCE_NAME_KEY]: name, [OWNER_KEY]: owner });
      if (failures.length) throw new Error(`check failed for ${type} ${name}: ${failuresText(failures)}`);
      const { id, outs } = await runtime.create(type, inputs);
      return { type, name, id, inputs, outs };
    },

    async upAgain(prior, args) {
      const { type, name } = prior;
      const { inputs, failures } = await runtime.check(type, prior.inputs, { ...args, [RESOURCE_NAME_KEY]: name, [OWNER_KEY]: prior.inputs[OWNER_KEY] });
      if (failures.length) throw new Error(`check failed for ${type} ${name}: ${failuresText(failures)}`);
      const d = await runtime.diff(type, prior.id, prior.outs, inputs);
      if (!d.changes) return { deployed: { ...prior, inputs }, action: "same", diff: d };
      if (d.replaces.length === 0) {
        const { outs } = await runtime.update(type, prior.id, prior.outs, inputs);
        return { deployed: { type, name, id: prior.id, inputs, outs }, action: "update", diff: d };
      }
      if (d.deleteBeforeReplace) await runtime.remove(type, prior.id, prior.outs);
      const { id, outs } = await runtime.create(type, inputs);
      if (!d.deleteBeforeReplace) await runtime.remove(type, prior.id, prior.outs);
      return { deployed: { type, name, id, inputs, outs }, action: "replace", diff: d };
    },

    async refresh(prior) {
      const r = await runtime.read(prior.type, prior.id, prior.outs);
      if (!r.id) return undefined;
      return { ...prior, id: r.id, outs: r.props, inputs: { ...prior.inputs, ...(r.inputs ?? {}) } };
    },

    destroy: (prior) => runtime.remove(prior.type, prior.id, prior.outs),

    async lifecycle(type, name, args) {
      const created = await h.up(type, name, args);
      const read = await h.refresh(created);
      const { inputs } = await runtime.check(type, created.inputs, { ...args, [RESOURCE_NAME_KEY]: name });
      const noopDiff = await runtime.diff(type, created.id, read?.outs ?? created.outs, inputs);
      await h.destroy(created);
      return { created, read, noopDiff };
    },

    async countCalls(fn) {
      const before = await em.admin.calls();
      const result = await fn();
      const after = await em.admin.calls();
      const operations: Record<string, number> = {};
      const failed: Record<string, Record<string, number>> = {};
      let calls = 0;
      let mutating = 0;
      for (const [op, a] of Object.entries(after.operations)) {
        const b = before.operations[op] ?? { succeeded: 0, failed: {}, mutating: a.mutating };
        const total = (c: typeof a) => c.succeeded + Object.values(c.failed).reduce((x, y) => x + y, 0);
        const n = total(a) - total(b);
        if (n === 0) continue;
        operations[op] = n;
        for (const [type, count] of Object.entries(a.failed)) {
          const d = count - (b.failed[type] ?? 0);
          if (d > 0) (failed[op] ??= {})[type] = d;
        }
        if (STS_OPERATIONS.has(op)) continue;
        calls += n;
        if (a.mutating) mutating += n;
      }
      return { result, operations, calls, mutating, failed };
    },

    async asAccount(accountId, fn) {
      return h.withEnv({ AWS_ACCESS_KEY_ID: accountId }, fn);
    },

    async withEnv(vars, fn) {
      const restore = setEnv(vars);
      try {
        return await fn();
      } finally {
        restore();
      }
    },

    async enableMacie(accountId = process.env.AWS_ACCESS_KEY_ID ?? ACCOUNT, region = REGION) {
      const c = em.client(accountId, region);
      await c.send(new EnableMacieCommand({}));
      c.destroy();
    },

    async reset() {
      await em.admin.reset();
      await em.admin.setFaults({ realRateLimits: false });
    },

    async newPluginProcess() {
      const dist = nodeRequire.resolve("../../dist/provider/core/runtime.js").replace(/core[\\/]runtime\.js$/, "");
      for (const key of Object.keys(nodeRequire.cache)) if (key.startsWith(dist)) delete nodeRequire.cache[key];
      runtime = h.runtime = loadRuntime();
      await runtime.configure({ get: () => undefined });
    },

    async stop() {
      restoreEnv();
      await em.stop();
    },
  };
  return h;
}


/**
 * Tags as Macie holds them for a resource pulumi-macie created: the program's tags plus the
 * ownership mark (`pulumi-macie:owner`, see provider/core/ownership.ts).
 */
export const marked = (tags: Record<string, string> = {}) => ({ ...tags, "pulumi-macie:owner": expect.stringMatching(/^[0-9a-f]{24}\.[0-9a-f]{12}$/) });
