/**
 * Turns a resource type into a Pulumi dynamic resource.
 *
 * The provider object is serialized, with its closure, into the state and evaluated in the
 * dynamic-provider plugin process. It therefore captures nothing but two strings: the resource
 * type and the module name of the runtime, which it `require`s at call time. The plugin resolves
 * that name from the program's node_modules, so a refresh or destroy always runs the installed
 * version of pulumi-macie, never a stale copy frozen into the state, and no client, credential or
 * module-level object is ever captured.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceDefinition } from "./definition";
import { OWNER_KEY } from "./ownership";

/** The package export that holds the generic provider code (dist/provider/core/runtime.js). */
const RUNTIME_MODULE = "pulumi-macie/runtime";

export function providerFor(type: string): pulumi.dynamic.ResourceProvider {
  const runtime = RUNTIME_MODULE;
  return {
    configure: (req) => require(runtime).configure(req.config),
    check: (olds, news) => require(runtime).check(type, olds, news),
    diff: (id, olds, news) => require(runtime).diff(type, id, olds, news),
    create: (inputs) => require(runtime).create(type, inputs),
    read: (id, props) => require(runtime).read(type, id, props),
    update: (id, olds, news) => require(runtime).update(type, id, olds, news),
    delete: (id, props) => require(runtime).remove(type, id, props),
  };
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
  return opts?.parent ? opts.parent.urn.apply((parent) => `${scope}|${parent}|${self}`) : `${scope}|${self}`;
}

/** Outputs every Macie resource has. */
const LOCATION_OUTPUTS = ["accountId", "region"];

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
    const props: Record<string, unknown> = { ...args, __resourceName: name, [OWNER_KEY]: ownerOf(definition.type, name, opts) };
    for (const key of [...Object.keys(definition.schema.fields), ...computedOutputs, ...LOCATION_OUTPUTS]) {
      if (!(key in props)) props[key] = undefined;
    }
    super(providerFor(definition.type), name, props, opts, "macie", definition.type);
  }
}
