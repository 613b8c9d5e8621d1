/**
 * Turns a resource type into a Pulumi dynamic resource.
 *
 * A dynamic resource carries its provider as code in its state (`__provider`), which the
 * dynamic-provider plugin evaluates, maybe later and on another machine (a teammate's refresh,
 * CI's destroy). pulumi-macie's provider text holds only portable data: the resource type, the
 * version of pulumi-macie that declared the resource and where that copy was; never a client,
 * credential or module-level object. At call time it loads the installed runtime, so a refresh or
 * destroy runs installed code, never a stale copy frozen into the state.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ResourceDefinition } from "./definition";
import { OWN_PACKAGE } from "./loader";
import { OWNER_KEY } from "./ownership";
import { markStableOutputs, STABLE_SOURCES_KEY, stableSourcesOf } from "./stable";

/** This package's version (from its package.json, found above this file in dist/ or the sources). */
export const PACKAGE_VERSION: string = OWN_PACKAGE.version;

/**
 * Where this copy's loader is, relative to the program's directory (the plugin's too), when Node
 * resolves another copy (or none) from there: a library's own copy, nested by npm, in pnpm's store
 * or linked from a checkout. Undefined in the usual case, where the program directory resolves
 * this copy. A path to the file, not a name resolved from the copy's directory: a linked checkout
 * has no node_modules/pulumi-macie of its own.
 */
const LOADER_HINT: string | undefined = (() => {
  try {
    // Resolved as a module of the program directory would (not this module's require, which Node
    // lets resolve its own package by name from anywhere).
    const fromProgram = createRequire(path.join(process.cwd(), "index.js"));
    const resolved = path.dirname(fromProgram.resolve("pulumi-macie/package.json"));
    if (fs.realpathSync(resolved) === fs.realpathSync(OWN_PACKAGE.dir)) return undefined;
  } catch {
    // not resolvable from the program directory
  }
  const loader = path.relative(process.cwd(), path.join(__dirname, "loader.js")).split(path.sep).join("/");
  return loader.startsWith(".") ? loader : `./${loader}`;
})();

/** The provider text of each type, made once per program. */
const providerTexts = new Map<string, string>();

/**
 * The dynamic provider of one resource type, as the module text that Pulumi keeps in the state
 * (`__provider`) and that the dynamic-provider plugin evaluates: `handler()` returns the provider
 * object of `pulumi-macie/loader` (loader.ts), whose methods load pulumi-macie's runtime at call
 * time and pass it the type.
 *
 * It is written here, not produced by @pulumi/pulumi's closure serialization, because the text is
 * stored twice in every resource's state (inputs and outputs) and the engine rewrites the state at
 * every step: closure serialization took about 5.9 KB per resource; this text takes about 0.3 KB.
 * It holds only portable data: the type, the declaring version of pulumi-macie and, when Node
 * would resolve another copy from the program directory, where the declaring copy's loader is.
 *
 * The loader is resolved from that place first (the only way to reach a copy that Node cannot
 * resolve from the program directory, such as pnpm's copy of a library's dependency), then from
 * the program directory (another machine, another layout). With neither, the error says what to
 * install where.
 */
export function providerTextFor(type: string): string {
  let text = providerTexts.get(type);
  if (text === undefined) {
    // The version goes into a template literal as it is: a semver string has no ` or $.
    const v = PACKAGE_VERSION;
    if (!/^[0-9A-Za-z.+-]+$/.test(v)) throw new Error(`pulumi-macie: unexpected version ${v}`);
    const missing = `throw Error(\`Cannot find \${p} ${v}. Add "\${p}": "${v}" to "dependencies" in \${process.cwd()}/package.json and install it.\`)`;
    // The declaring copy's loader at its recorded place, else the one Node resolves from the program directory.
    const find =
      LOADER_HINT === undefined
        ? `try{f=require.resolve(p+"/loader")}catch{${missing}}`
        : `for(const r of [${JSON.stringify(LOADER_HINT)},p+"/loader"])try{f=require.resolve(r);break}catch{}if(!f)${missing};`;
    text = `exports.handler=()=>{let p="pulumi-macie",f;${find}return require(f).provider(${JSON.stringify(type)},"${v}")}`;
    providerTexts.set(type, text);
  }
  return text;
}

/**
 * The identity of the declaring resource, for the ownership mark that lets the next run adopt an
 * object whose create was interrupted (ownership.ts): the Pulumi organization, project and stack,
 * the parent's URN, the type and the name. Unique among the resources of a stack, the same from run
 * to run, and known at preview (URNs always are).
 */
function ownerOf(type: string, name: string, opts?: pulumi.CustomResourceOptions): pulumi.Input<string> {
  let organization = "";
  try {
    organization = pulumi.getOrganization();
  } catch {
    // an SDK or backend without organizations
  }
  const scope = `${organization}/${pulumi.getProject()}/${pulumi.getStack()}`;
  const self = `macie:${type}::${name}`;
  if (!opts?.parent) return `${scope}|${self}`;
  // The parent's URN as a plain promise, not as its Output: an input holding an Output of the
  // parent makes this resource depend on it, and Pulumi expands a dependency on a component to all
  // of the component's children. Two pulumi-macie siblings of one component (one with `dependsOn`
  // the other) then wait for each other, and nothing is ever registered.
  const parent = opts.parent;
  const parentUrn = new Promise<string>((resolve) => parent.urn.apply((urn) => resolve(urn)));
  return pulumi.output(parentUrn).apply((urn) => `${scope}|${urn}|${self}`);
}

/** Outputs every Macie resource has. */
const LOCATION_OUTPUTS = ["accountId", "region"];

/** The input that tells the provider's `read` that it serves a `get` (the resource must exist). */
export const GET_KEY = "__get";

/** Where a resource's `get` reads: the Region and the account (through a role), as for any resource. */
export interface GetLocation {
  /** The Region of the object. Defaults to the stack's `aws:region`, then the environment. */
  region?: pulumi.Input<string>;
  /** A role to assume, to read an object of another account. */
  assumeRoleArn?: pulumi.Input<string>;
}

/** The first @pulumi/pulumi whose dynamic-provider plugin can read a resource it has no state of. */
const FIRST_SDK_WITH_GET = [3, 268, 0];

/** Whether an @pulumi/pulumi of this version can serve `get` (earlier plugins fail on a read without state). */
export function sdkSupportsGet(version: string): boolean {
  const parts = version.split(/[.-]/).map(Number);
  for (let i = 0; i < 3; i++) if (parts[i] !== FIRST_SDK_WITH_GET[i]) return parts[i] > FIRST_SDK_WITH_GET[i];
  return true;
}

function requireSdkWithGet(type: string): void {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const version: string = require("@pulumi/pulumi/version").version;
  if (!sdkSupportsGet(version)) {
    throw new Error(
      `${type}.get needs @pulumi/pulumi ${FIRST_SDK_WITH_GET.join(".")} or later (this program has ${version}): ` +
        `the dynamic-provider plugin of earlier versions fails on a read without state`,
    );
  }
}

/** The outputs every pulumi-macie resource has. */
interface LocationOutputs {
  /** The AWS account the resource lives in. */
  readonly accountId: pulumi.Output<string>;
  /** The AWS Region the resource lives in. */
  readonly region: pulumi.Output<string>;
}

/**
 * Base class of every pulumi-macie resource: a Pulumi dynamic resource of type
 * `pulumi-nodejs:dynamic/macie:<type>` (module `macie`, type = class name), with the location
 * outputs.
 *
 * At run time it is pulumi.CustomResource itself, and each resource class passes `registration()`'s
 * type and properties to it, then calls its `done`. Pulumi records as a resource's source position
 * the frame a fixed number of levels above its own constructors: with no constructor of ours in
 * between, that is the program's line that declared the resource, not a line of pulumi-macie (a
 * class of our own there, even without a constructor, is a frame under Pulumi's language host;
 * test/e2e/demo.test.ts checks the recorded position).
 *
 * Subclasses declare their properties with `declare readonly x: pulumi.Output<T>` (not `x!:`,
 * which would overwrite the Output with undefined under ES2022 class-field semantics).
 */
export const MacieResource = pulumi.CustomResource as unknown as abstract new (
  type: string,
  name: string,
  props?: pulumi.Inputs,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource & LocationOutputs;
export type MacieResource = InstanceType<typeof MacieResource>;

/**
 * What a resource class registers: its type token, and its properties. Every input of the schema
 * and every computed output is declared as an `undefined` input when the program leaves it out, so
 * that Pulumi creates its Output (an auto-name, a default, an output).
 *
 * It ends by opening the window of `quietStacks`, which the class closes right after its `super()`
 * call: with `done(resource)`, which also marks the resource's stable outputs for previews
 * (stable.ts), or, when `super()` throws, with `failed(error)`, which returns the error to throw.
 */
export function registration(
  definition: ResourceDefinition,
  name: string,
  args: object,
  computedOutputs: readonly string[],
  opts?: pulumi.CustomResourceOptions,
): { type: string; props: Record<string, unknown>; done(resource: MacieResource): void; failed(error: unknown): unknown } {
  const isGet = opts?.id !== undefined;
  const owner = ownerOf(definition.type, name, opts);
  let props: Record<string, unknown>;
  if (isGet) {
    // Pulumi's `get` (a read of an object this program does not manage): only where to read.
    requireSdkWithGet(definition.type);
    const { region, assumeRoleArn } = args as GetLocation;
    props = { region, assumeRoleArn, [GET_KEY]: true };
  } else {
    // The owner ends with the resource name, which check needs for auto-naming (resourceNameOf, runtime.ts).
    props = { ...args, [OWNER_KEY]: owner };
    // Where the arguments hold other resources' stable outputs, for previews (stable.ts).
    const sources = stableSourcesOf(args, pulumi.all);
    if (sources !== undefined) props[STABLE_SOURCES_KEY] = sources;
  }
  for (const key of [...Object.keys(definition.schema.fields), ...computedOutputs, ...LOCATION_OUTPUTS]) {
    if (!(key in props)) props[key] = undefined;
  }
  // What pulumi.dynamic.Resource does, with a provider text of our own (see providerTextFor).
  props.__provider = providerTextFor(definition.type);
  const type = `pulumi-nodejs:dynamic/macie:${definition.type}`;
  const end = quietStacks();
  return {
    type,
    props,
    done: (resource) => {
      end();
      if (!isGet) markStableOutputs(resource, owner, [...LOCATION_OUTPUTS, ...(definition.stableOutputs ?? [])]);
    },
    failed: (error) => {
      end();
      return withStackOfCaller(error);
    },
  };
}

/**
 * Opens a window, until the returned function is called, in which new errors capture no stack
 * frames, unless `PULUMI_DEBUG_PROMISE_LEAKS` is set.
 *
 * Why: registering a resource, @pulumi/pulumi wraps 4 promises per property (value, known,
 * secret, dependencies) and a few more per resource in `debuggablePromise`, which stores
 * `new Error().stack` on each, formatted at once through source-map-support's hook (which Pulumi's
 * program host installs). With about 13 properties, that is over 50 formatted stacks per resource,
 * and they are read only to report leaked promises when `PULUMI_DEBUG_PROMISE_LEAKS` is set. They
 * were the largest part of the program's CPU: 400 resources took 3.4 s of CPU to register
 * under Pulumi's mocks, and 0.9 s with no frames captured in the window.
 *
 * What it does not change: the resource's source position and stack trace, which
 * @pulumi/pulumi captures with a limit of its own (`Resource.callsites`); and any error that
 * `super()` throws, which gets the caller's frames back (`withStackOfCaller`). The limit is
 * restored before the class returns to the program. The only program code that runs in the window
 * is what Pulumi's constructor calls (a legacy `transformations` callback): an error it throws gets
 * the frames back too; one it creates and handles itself has none.
 *
 * Each resource class writes the `try { super() } catch` itself: `super()` cannot move into a
 * helper, and a constructor of ours between Pulumi's and the program's would move the source position.
 */
function quietStacks(): () => void {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return () => {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}

/** An error created in the window of `quietStacks`, with the frames of the code that declared the resource. */
function withStackOfCaller(error: unknown): unknown {
  if (error instanceof Error && typeof error.stack === "string" && !error.stack.includes("\n    at ")) {
    const frames = (new Error().stack ?? "").split("\n").slice(3); // without the "Error" line and the frames of this function and `failed`
    error.stack = [error.stack, ...frames].join("\n");
  }
  return error;
}
