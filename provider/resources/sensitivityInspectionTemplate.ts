/**
 * macie.SensitivityInspectionTemplate: which data identifiers and allow lists automated sensitive
 * data discovery uses in an account and Region (Get/UpdateSensitivityInspectionTemplate). Macie
 * has one template per account and Region, made with the account: this resource declares its
 * settings, it creates nothing. Create takes the template over, delete puts Macie's default back
 * (no description, nothing included or excluded: Macie's recommended managed data identifiers).
 *
 * UpdateSensitivityInspectionTemplate is a PUT: every update sends the whole template.
 */
import * as pulumi from "@pulumi/pulumi";
import type { GetAutomatedDiscoveryConfigurationResponse, GetSensitivityInspectionTemplateResponse } from "@aws-sdk/client-macie2";
import { macie2 } from "../core/sdk";
import type { CallContext, ConnectionArgs } from "../core/definition";
import { defineResource, isNotEnabled, isNotFound, unlessGone } from "../core/definition";
import { MacieResource, registration } from "../core/provider";
import { fail, isSet, s, UNKNOWN } from "../core/schema";
import { inOrderOf } from "../core/lists";

/** What automated discovery uses in addition to Macie's recommended managed data identifiers. */
export interface SensitivityInspectionTemplateIncludes {
  /** Allow lists to use (AllowList ids), each once. */
  allowListIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Custom data identifiers to use (CustomDataIdentifier ids), each once. */
  customDataIdentifierIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Managed data identifiers to use in addition to those Macie recommends (ids such as
   * `CREDIT_CARD_NUMBER`, from ListManagedDataIdentifiers), each once.
   */
  managedDataIdentifierIds?: pulumi.Input<pulumi.Input<string>[]>;
}

/** What automated discovery does not use. */
export interface SensitivityInspectionTemplateExcludes {
  /** Managed data identifiers not to use (ids such as `AWS_CREDENTIALS`), each once. */
  managedDataIdentifierIds?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface SensitivityInspectionTemplateArgs extends ConnectionArgs {
  /** A description of the template (1-200 characters). Updated in place; left out: none. */
  description?: pulumi.Input<string>;
  /**
   * The allow lists, custom data identifiers and managed data identifiers to use. Updated in
   * place. Left out: none beyond Macie's recommended managed data identifiers.
   */
  includes?: pulumi.Input<SensitivityInspectionTemplateIncludes>;
  /** The managed data identifiers not to use. Updated in place. Left out: none. */
  excludes?: pulumi.Input<SensitivityInspectionTemplateExcludes>;
}

type Ids = string[] | undefined;

interface Inputs {
  description?: string;
  includes?: { allowListIds?: Ids; customDataIdentifierIds?: Ids; managedDataIdentifierIds?: Ids };
  excludes?: { managedDataIdentifierIds?: Ids };
}

type Outputs = Record<never, never>;

const ids = () => s.list(s.string({ min: 1 }).required(), { unique: true });

const schema = s.object({
  // The model documents at most 200 characters; empty is refused as the same as none.
  description: s.string({ min: 1, max: 200 }),
  includes: s.object({ allowListIds: ids(), customDataIdentifierIds: ids(), managedDataIdentifierIds: ids() }),
  excludes: s.object({ managedDataIdentifierIds: ids() }),
});

/** The template as the program would write it: empty lists and objects left out. */
function settingsOf(t: GetSensitivityInspectionTemplateResponse, state: Inputs): Inputs {
  const list = (actual: string[] | undefined, reference: Ids) => (actual?.length ? inOrderOf(reference, actual) : undefined);
  const includes = {
    allowListIds: list(t.includes?.allowListIds, state.includes?.allowListIds),
    customDataIdentifierIds: list(t.includes?.customDataIdentifierIds, state.includes?.customDataIdentifierIds),
    managedDataIdentifierIds: list(t.includes?.managedDataIdentifierIds, state.includes?.managedDataIdentifierIds),
  };
  const excluded = list(t.excludes?.managedDataIdentifierIds, state.excludes?.managedDataIdentifierIds);
  return {
    description: t.description || undefined,
    includes: Object.values(includes).some(isSet) ? includes : undefined,
    excludes: excluded ? { managedDataIdentifierIds: excluded } : undefined,
  };
}

/** The template's settings, or undefined when it (or Macie) is gone. */
function get(ctx: CallContext, id: string) {
  const gone = (e: unknown) => isNotFound(e) || isNotEnabled(e);
  return unlessGone(ctx.send<GetSensitivityInspectionTemplateResponse>(new macie2.GetSensitivityInspectionTemplateCommand({ id })), gone);
}

/** The whole template, every time (a PUT: what is left out goes back to Macie's default). */
const put = (ctx: CallContext, id: string, t: Inputs) =>
  ctx.send(
    new macie2.UpdateSensitivityInspectionTemplateCommand({
      id,
      description: t.description,
      includes: {
        allowListIds: t.includes?.allowListIds ?? [],
        customDataIdentifierIds: t.includes?.customDataIdentifierIds ?? [],
        managedDataIdentifierIds: t.includes?.managedDataIdentifierIds ?? [],
      },
      excludes: { managedDataIdentifierIds: t.excludes?.managedDataIdentifierIds ?? [] },
    }),
  );

export const definition = defineResource<Inputs, Outputs>({
  type: "SensitivityInspectionTemplate",
  schema,
  replaceOnChanges: [],
  // One per account and Region: a replacement (another Region or account) restores the old one first.
  deleteBeforeReplace: true,
  singleton: () => "the sensitivity inspection template",
  validate(inputs, f) {
    const included = inputs.includes?.managedDataIdentifierIds;
    const excluded = inputs.excludes?.managedDataIdentifierIds;
    if (!Array.isArray(included) || !Array.isArray(excluded)) return;
    excluded.forEach((id, i) => {
      if (id !== UNKNOWN && included.includes(id)) {
        fail(f, `excludes.managedDataIdentifierIds[${i}]`, `${id} is also in includes.managedDataIdentifierIds: a managed data identifier is either included or excluded`);
      }
    });
  },

  async create(ctx, inputs) {
    // The template exists with the account: find it, and take it over with the program's settings.
    const config = await ctx.send<GetAutomatedDiscoveryConfigurationResponse>(new macie2.GetAutomatedDiscoveryConfigurationCommand({}));
    const id = config.sensitivityInspectionTemplateId;
    if (!id) throw new Error(`Macie reports no sensitivity inspection template in account ${ctx.accountId}, ${ctx.region}`);
    await put(ctx, id, inputs);
    return { id, outs: {} };
  },

  async read(ctx, id, state) {
    const template = await get(ctx, id);
    if (!template) return undefined; // Macie disabled, or another template: gone
    return settingsOf(template, state);
  },

  async update(ctx, id, _olds, news) {
    await put(ctx, id, news);
    return {};
  },

  async delete(ctx, id) {
    // There is no delete operation: delete restores Macie's default template.
    await unlessGone(put(ctx, id, {}), (e) => isNotFound(e) || isNotEnabled(e));
  },
});

/**
 * The sensitivity inspection template of automated sensitive data discovery in an account and
 * Region: which allow lists, custom data identifiers and managed data identifiers it uses. Macie
 * has one per account and Region; creating this resource takes it over, deleting it restores
 * Macie's default (Macie's recommended managed data identifiers only). Declare it once per account
 * and Region: a second declaration fails the preview.
 */
export class SensitivityInspectionTemplate extends MacieResource {
  /** The description. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** What automated discovery uses, as Macie has it. */
  declare readonly includes: pulumi.Output<pulumi.Unwrap<SensitivityInspectionTemplateIncludes> | undefined>;
  /** What automated discovery does not use, as Macie has it. */
  declare readonly excludes: pulumi.Output<pulumi.Unwrap<SensitivityInspectionTemplateExcludes> | undefined>;

  constructor(name: string, args: SensitivityInspectionTemplateArgs = {}, opts?: pulumi.CustomResourceOptions) {
    // Straight to pulumi.CustomResource, so that Pulumi records the program's line; done/failed close
    // registration()'s window of uncaptured stacks (quietStacks, provider.ts).
    const registered = registration(definition, name, args, [], opts);
    try {
      super(registered.type, name, registered.props, opts);
    } catch (e) {
      throw registered.failed(e);
    }
    registered.done(this);
  }
}
