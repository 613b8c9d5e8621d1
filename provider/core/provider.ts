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
    const props: Record<string, unknown> = { ...args, __resourceName: name };
    for (const key of [...Object.keys(definition.schema.fields), ...computedOutputs, ...LOCATION_OUTPUTS]) {
      if (!(key in props)) props[key] = undefined;
    }
    super(providerFor(definition.type), name, props, opts, "macie", definition.type);
  }
}
