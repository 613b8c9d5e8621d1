/**
 * Finds pulumi-macie's runtime for a version, inside the dynamic-provider plugin, whose working
 * directory and `require` base are the program's directory. A resource's provider text
 * (provider.ts) resolves this module from the place of the copy that declared the resource, else
 * from the program directory, and calls `provider(type, version)`:
 *
 * 1. This copy, when its version is the one that declared the resource (the usual case).
 * 2. Node's resolution from the program directory (the program depends on pulumi-macie, or npm
 *    hoisted a library's copy): used when its version is the one that declared the resource.
 * 3. Otherwise the node_modules trees of the program directory and its parents are searched for
 *    copies: nested ones (`node_modules/<lib>/node_modules/pulumi-macie`, also behind npm
 *    workspace links) and pnpm's (`node_modules/.pnpm/pulumi-macie@<version>.../node_modules/...`).
 *    The declaring version wins; failing that, the copy Node resolves, then any copy found (state
 *    written by an older version is run by the installed one, as Pulumi's dynamic resources do).
 *
 * The runtime file is the one named by the chosen copy's own exports map: its directory may be a
 * link's target, with no node_modules above it to resolve the package name from.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const PACKAGE = "pulumi-macie";

/** The dynamic provider's methods, as pulumi-macie's runtime exports them (runtime.ts). */
interface Runtime {
  configure(config: unknown): Promise<void>;
  [method: string]: (...args: any[]) => Promise<unknown>;
}

/** This copy's root and version (the package.json named pulumi-macie above this file, in dist/ or the sources). */
export const OWN_PACKAGE: { dir: string; version: string } = (() => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (!fs.existsSync(manifest)) continue;
    const pkg = JSON.parse(fs.readFileSync(manifest, "utf8"));
    if (pkg.name === PACKAGE) return { dir, version: String(pkg.version) };
  }
  throw new Error(`${PACKAGE}: no package.json of ${PACKAGE} above ${__dirname}`);
})();

/**
 * The runtime of a declaring version, loaded once per plugin process. The cache is global, not
 * this module's: two copies of pulumi-macie in one program each load their own loader, and older
 * states' provider texts (which carry their own loading code) share it too.
 */
function runtimeOf(version: string): Runtime {
  const key = Symbol.for("pulumi-macie.runtimes");
  const cache: Map<string, Runtime> = ((globalThis as any)[key] ??= new Map());
  let runtime = cache.get(version);
  if (runtime === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    runtime = (version === OWN_PACKAGE.version ? require("./runtime") : loadRuntime(version)) as Runtime;
    cache.set(version, runtime);
  }
  return runtime;
}

/**
 * The provider object of one resource type, as the dynamic-provider plugin wants it from the
 * provider text's `handler()`. Its methods load the runtime at their first call.
 */
export function provider(type: string, version: string) {
  const call =
    (method: string) =>
    (...args: unknown[]) =>
      runtimeOf(version)[method](type, ...args);
  return {
    configure: (req: { config: unknown }) => runtimeOf(version).configure(req.config),
    check: call("check"),
    diff: call("diff"),
    create: call("create"),
    read: call("read"),
    update: call("update"),
    delete: call("remove"),
  };
}

function versionOf(dir: string): string | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
  } catch {
    return undefined;
  }
}

function entries(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** The copies of pulumi-macie reachable from `base`, as real paths, Node's resolution first. */
export function copiesFrom(base: string, version: string): string[] {
  const copies: string[] = [];
  const add = (dir: string) => {
    try {
      const real = fs.realpathSync(dir);
      if (!copies.includes(real) && versionOf(real) !== undefined) copies.push(real);
    } catch {
      // a dangling link
    }
  };
  try {
    add(path.dirname(require.resolve(`${PACKAGE}/package.json`, { paths: [base] })));
  } catch {
    // not resolvable from the program directory
  }
  if (copies.length > 0 && versionOf(copies[0]) === version) return copies;
  // The packages of one node_modules folder, and the node_modules folders nested in them (npm puts
  // a library's own copy there when it cannot hoist it), to a depth of 4.
  const scan = (nodeModules: string, depth: number) => {
    for (const entry of entries(nodeModules)) {
      const at = path.join(nodeModules, entry);
      if (entry === ".pnpm") {
        for (const store of entries(at)) if (store.startsWith(`${PACKAGE}@`)) add(path.join(at, store, "node_modules", PACKAGE));
      } else if (entry.startsWith("@")) {
        if (depth < 4) for (const name of entries(at)) scan(path.join(at, name, "node_modules"), depth + 1);
      } else if (!entry.startsWith(".")) {
        if (entry === PACKAGE) add(at);
        if (depth < 4) scan(path.join(at, "node_modules"), depth + 1);
      }
    }
  };
  for (let dir = base; ; dir = path.dirname(dir)) {
    scan(path.join(dir, "node_modules"), 0);
    if (dir === path.dirname(dir)) break;
  }
  return copies;
}

/** The runtime module of the copy of `version` (or the best other copy) reachable from the program directory. */
export function loadRuntime(version: string, base: string = process.cwd()): unknown {
  const copies = copiesFrom(base, version);
  const chosen = copies.find((dir) => versionOf(dir) === version) ?? copies[0];
  if (chosen === undefined) {
    throw new Error(
      `Cannot find ${PACKAGE} (the code of this stack's ${PACKAGE} resources, declared with version ${version}) ` +
        `from the program directory ${base}: Pulumi's dynamic-provider plugin loads it from there, ` +
        `and no node_modules folder at or above it holds a copy. ` +
        `Add "${PACKAGE}": "${version}" to "dependencies" in ${path.join(base, "package.json")} ` +
        `and run your package manager's install (npm install, pnpm install or yarn).`,
    );
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(chosen, "package.json"), "utf8"));
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require(path.join(chosen, manifest.exports["./runtime"]));
}
