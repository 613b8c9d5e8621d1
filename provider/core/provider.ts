/**
 * Turns a resource type into a Pulumi dynamic resource.
 *
 * The provider object is serialized, with its closure, into the state and evaluated in the
 * dynamic-provider plugin process, maybe later and on another machine (a teammate's refresh, CI's
 * destroy). It therefore captures only portable data: the resource type, the runtime's module name
 * and the version of pulumi-macie that declared the resource; never a path, client, credential or
 * module-level object. At call time it loads the installed runtime (`loadRuntime` below), so a
 * refresh or destroy runs installed code, never a stale copy frozen into the state.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ResourceDefinition } from "./definition";
import { OWNER_KEY } from "./ownership";
import { markStableOutputs, STABLE_SOURCES_KEY, stableSourcesOf } from "./stable";

/** The package export that holds the generic provider code (dist/provider/core/runtime.js). */
const RUNTIME_MODULE = "pulumi-macie/runtime";

/** This package's version (from its package.json, found above this file in dist/ or the sources). */
export const PACKAGE_VERSION: string = (() => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    if (pkg.name === "pulumi-macie") return String(pkg.version);
  }
  throw new Error(`pulumi-macie: no package.json of pulumi-macie above ${__dirname}`);
})();

/**
 * Loads pulumi-macie's runtime inside the dynamic-provider plugin, whose working directory and
 * `require` base are the program's directory. Serialized by value with every provider, so it uses
 * only its arguments and Node built-ins.
 *
 * 1. Node's resolution from the program directory (the program depends on pulumi-macie, or npm
 *    hoisted a library's copy): used when its version is the one that declared the resource.
 * 2. Otherwise the node_modules trees of the program directory and its parents are searched for
 *    copies: nested ones (`node_modules/<lib>/node_modules/pulumi-macie`, also behind npm
 *    workspace links) and pnpm's (`node_modules/.pnpm/pulumi-macie@<version>.../node_modules/...`).
 *    The declaring version wins; failing that, the copy Node resolves, then any copy found (state
 *    written by an older version is run by the installed one, as Pulumi's dynamic resources do).
 * 3. No copy at all: an error saying what to add, and where.
 * The result is cached per version for the life of the plugin process.
 *
 * Its syntax stays within ES2019 (no `??`, `?.`): without `typescript` in the program's
 * node_modules, @pulumi/pulumi parses serialized functions with the old TypeScript it vendors.
 * Its body holds no comment: the body is stored, as text, in the state of every resource.
 * - `scan` lists the packages of one node_modules folder and the node_modules folders nested in
 *   them (npm puts a library's own copy there when it cannot hoist it), to a depth of 4.
 * - The runtime file is the one named by the chosen copy's own exports map: its directory may be
 *   a link's target, with no node_modules above it to resolve the package name from.
 */
export function loadRuntime(runtimeModule: string, version: string): any {
  const key = Symbol.for("pulumi-macie.runtimes");
  const cache: Map<string, any> = (globalThis as any)[key] || ((globalThis as any)[key] = new Map());
  if (cache.has(version)) return cache.get(version);
  const fs = require("node:fs");
  const path = require("node:path");
  const pkg = runtimeModule.split("/")[0];
  const base = process.cwd();
  const versionOf = (dir: string): string | undefined => {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
    } catch {
      return undefined;
    }
  };
  const copies: string[] = [];
  const add = (dir: string) => {
    try {
      const real = fs.realpathSync(dir);
      if (!copies.includes(real) && versionOf(real) !== undefined) copies.push(real);
    } catch {}
  };
  try {
    add(path.dirname(require.resolve(`${pkg}/package.json`)));
  } catch {}
  if (copies.length === 0 || versionOf(copies[0]) !== version) {
    const dirs = (dir: string): string[] => {
      try {
        return fs.readdirSync(dir).sort();
      } catch {
        return [];
      }
    };
    const scan = (nodeModules: string, depth: number) => {
      for (const entry of dirs(nodeModules)) {
        const at = path.join(nodeModules, entry);
        if (entry === ".pnpm") {
          for (const store of dirs(at)) if (store.startsWith(`${pkg}@`)) add(path.join(at, store, "node_modules", pkg));
        } else if (entry.startsWith("@")) {
          if (depth < 4) for (const name of dirs(at)) scan(path.join(at, name, "node_modules"), depth + 1);
        } else if (!entry.startsWith(".")) {
          if (entry === pkg) add(at);
          if (depth < 4) scan(path.join(at, "node_modules"), depth + 1);
        }
      }
    };
    for (let dir = base; ; dir = path.dirname(dir)) {
      scan(path.join(dir, "node_modules"), 0);
      if (dir === path.dirname(dir)) break;
    }
  }
  const chosen = copies.find((dir) => versionOf(dir) === version) || copies[0];
  if (chosen === undefined) {
    throw new Error(
      `Cannot find ${pkg} (the code of this stack's ${pkg} resources, declared with version ${version}) ` +
        `from the program directory ${base}: Pulumi's dynamic-provider plugin loads it from there, ` +
        `and no node_modules folder at or above it holds a copy. ` +
        `Add "${pkg}": "${version}" to "dependencies" in ${path.join(base, "package.json")} ` +
        `and run your package manager's install (npm install, pnpm install or yarn).`,
    );
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(chosen, "package.json"), "utf8"));
  const runtime = require(path.join(chosen, manifest.exports[`./${runtimeModule.split("/")[1]}`]));
  cache.set(version, runtime);
  return runtime;
}

/**
 * One provider object per resource type, made once: @pulumi/pulumi serializes a provider object
 * once and reuses the text for every resource that shares it (serializing costs about 20 ms).
 */
const providers = new Map<string, pulumi.dynamic.ResourceProvider>();

export function providerFor(type: string): pulumi.dynamic.ResourceProvider {
  const cached = providers.get(type);
  if (cached) return cached;
  const runtimeModule = RUNTIME_MODULE;
  const version = PACKAGE_VERSION;
  const runtime = () => loadRuntime(runtimeModule, version);
  const provider: pulumi.dynamic.ResourceProvider = {
    configure: (req) => runtime().configure(req.config),
    check: (olds, news) => runtime().check(type, olds, news),
    diff: (id, olds, news) => runtime().diff(type, id, olds, news),
    create: (inputs) => runtime().create(type, inputs),
    read: (id, props) => runtime().read(type, id, props),
    update: (id, olds, news) => runtime().update(type, id, olds, news),
    delete: (id, props) => runtime().remove(type, id, props),
  };
  providers.set(type, provider);
  return provider;
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

/**
 * Base class of every pulumi-macie resource. `@pulumi/pulumi` names the type
 * `pulumi-nodejs:dynamic/macie:<type>` (module `macie`, type = class name).
 *
 * Every input of the schema and every computed output is declared as an `undefined` input when
 * the program leaves it out, so that Pulumi creates its Output (an auto-name, a default, an
 * output). Subclasses declare them with `declare readonly x: pulumi.Output<T>` (not `x!:`, which
 * would overwrite the Output with undefined under ES2022 class-field semantics).
 */
export abstract class MacieResource extends pulumi.dynamic.Resource {
  /** The AWS account the resource lives in. */
  declare readonly accountId: pulumi.Output<string>;
  /** The AWS Region the resource lives in. */
  declare readonly region: pulumi.Output<string>;

  protected constructor(
    definition: ResourceDefinition,
    name: string,
    args: object,
    computedOutputs: readonly string[],
    opts?: pulumi.CustomResourceOptions,
  ) {
    // The name travels to check for auto-naming (RESOURCE_NAME_KEY of runtime.ts; `__name` is taken by Pulumi).
    const isGet = opts?.id !== undefined;
    const owner = ownerOf(definition.type, name, opts);
    let props: Record<string, unknown>;
    if (isGet) {
      // Pulumi's `get` (a read of an object this program does not manage): only where to read.
      requireSdkWithGet(definition.type);
      const { region, assumeRoleArn } = args as GetLocation;
      props = { region, assumeRoleArn, [GET_KEY]: true };
    } else {
      props = { ...args, __resourceName: name, [OWNER_KEY]: owner };
      // Where the arguments hold other resources' stable outputs, for previews (stable.ts).
      const sources = stableSourcesOf(args, pulumi.all);
      if (sources !== undefined) props[STABLE_SOURCES_KEY] = sources;
    }
    for (const key of [...Object.keys(definition.schema.fields), ...computedOutputs, ...LOCATION_OUTPUTS]) {
      if (!(key in props)) props[key] = undefined;
    }
    super(providerFor(definition.type), name, props, opts, "macie", definition.type);
    if (!isGet) markStableOutputs(this, owner, [...LOCATION_OUTPUTS, ...(definition.stableOutputs ?? [])]);
  }
}
