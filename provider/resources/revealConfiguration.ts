/**
 * macie.RevealConfiguration: whether Macie can retrieve (reveal) samples of the sensitive data
 * that findings report, the KMS key that encrypts what it retrieves, and how it reaches the
 * affected S3 objects (Get/UpdateRevealConfiguration). One per account and Region; there is no
 * create or delete operation, only the settings.
 *
 * Disabling the configuration makes Macie delete the retrieval settings (an ASSUME_ROLE mode, its
 * role name and external ID): so a DISABLED configuration takes no key and only CALLER_CREDENTIALS,
 * which check enforces rather than leaving a difference that no `up` could ever close.
 */
import * as pulumi from "@pulumi/pulumi";
import type { GetRevealConfigurationResponse, RetrievalConfiguration as MacieRetrievalConfiguration, RevealConfiguration as MacieRevealConfiguration, UpdateRevealConfigurationResponse } from "@aws-sdk/client-macie2";
import { macie2 } from "../core/sdk";
import type { CallContext, ConnectionArgs } from "../core/definition";
import { defineResource, isNotEnabled, locationId, unlessGone } from "../core/definition";
import { MacieResource, registration } from "../core/provider";
import { fail, isSet, join, s, UNKNOWN, type ObjectRule } from "../core/schema";

/** Whether reveal is on, and the key that encrypts the retrieved samples. */
export interface RevealConfigurationSettings {
  /** ENABLED to let users retrieve samples of sensitive data, DISABLED to stop it. */
  status: pulumi.Input<"ENABLED" | "DISABLED">;
  /**
   * The KMS key that encrypts the retrieved samples: a key ARN, key ID, alias name (`alias/...`)
   * or alias ARN; a key of another account must be given by ARN. Required when ENABLED, not
   * accepted when DISABLED. It must be a symmetric customer managed key in the same Region.
   */
  kmsKeyId?: pulumi.Input<string>;
}

/** How Macie reaches the affected S3 objects to retrieve the samples. */
export interface RevealRetrievalConfiguration {
  /**
   * CALLER_CREDENTIALS: with the credentials of the user who asks; ASSUME_ROLE: by assuming the
   * IAM role `roleName` in the affected account (for an administrator revealing members' data).
   */
  retrievalMode: pulumi.Input<"CALLER_CREDENTIALS" | "ASSUME_ROLE">;
  /** The IAM role Macie assumes (1-64 characters). Required with ASSUME_ROLE, refused with CALLER_CREDENTIALS. */
  roleName?: pulumi.Input<string>;
}

export interface RevealConfigurationArgs extends ConnectionArgs {
  /** The status and KMS key. Updated in place. */
  configuration: pulumi.Input<RevealConfigurationSettings>;
  /**
   * The access method. Default: CALLER_CREDENTIALS (Macie's default). Updated in place. Leaving
   * ASSUME_ROLE makes Macie delete the role name and external ID for good; a later ASSUME_ROLE
   * gets a new external ID.
   */
  retrievalConfiguration?: pulumi.Input<RevealRetrievalConfiguration>;
}

interface Settings {
  status: "ENABLED" | "DISABLED";
  kmsKeyId?: string;
}

interface Retrieval {
  retrievalMode: "CALLER_CREDENTIALS" | "ASSUME_ROLE";
  roleName?: string;
}

interface Inputs {
  configuration: Settings;
  retrievalConfiguration: Retrieval;
}

interface Outputs {
  externalId?: string;
}

const OUTPUTS = ["externalId"] as const;

/** What Macie has when nothing was configured, and what delete restores. */
const SERVICE_DEFAULTS: Inputs = { configuration: { status: "DISABLED" }, retrievalConfiguration: { retrievalMode: "CALLER_CREDENTIALS" } };

// ---------------------------------------------------------------------------------------------
// Schema

/** KMS key references Macie accepts: key ARN, alias ARN, key ID (multi-Region too), alias name. */
const KMS_KEY_FORMS = [
  /^arn:aws[a-z-]*:kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:(key\/[A-Za-z0-9-]{1,128}|alias\/[A-Za-z0-9/_-]{1,250})$/,
  /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/,
  /^alias\/[A-Za-z0-9/_-]{1,250}$/,
];

const kmsKeyId = s.custom((v, path, f) => {
  if (typeof v !== "string") return fail(f, path, "must be a string");
  if (!KMS_KEY_FORMS.some((re) => re.test(v))) {
    fail(f, path, `must be a KMS key ARN, key ID, alias name (alias/...) or alias ARN`);
  }
});

/** A known value (not missing, not a preview unknown). */
const known = (v: unknown) => isSet(v) && v !== UNKNOWN;

/** kmsKeyId: required to enable, and a disabled configuration keeps none. */
const keyFollowsStatus: ObjectRule = (c, path, f) => {
  if (c.status === "ENABLED" && !isSet(c.kmsKeyId)) fail(f, join(path, "kmsKeyId"), "is required when status is ENABLED");
  if (c.status === "DISABLED" && known(c.kmsKeyId)) {
    fail(f, join(path, "kmsKeyId"), "must not be set when status is DISABLED (a disabled configuration uses no key): remove it, or set status ENABLED");
  }
};

/** roleName: required by ASSUME_ROLE, meaningless with CALLER_CREDENTIALS. */
const roleFollowsMode: ObjectRule = (r, path, f) => {
  if (r.retrievalMode === "ASSUME_ROLE" && !isSet(r.roleName)) fail(f, join(path, "roleName"), "is required when retrievalMode is ASSUME_ROLE");
  if (r.retrievalMode === "CALLER_CREDENTIALS" && known(r.roleName)) {
    fail(f, join(path, "roleName"), "must not be set when retrievalMode is CALLER_CREDENTIALS (only ASSUME_ROLE assumes a role)");
  }
};

const schema = s.object({
  configuration: s
    .object({ status: s.enum(["ENABLED", "DISABLED"]).required(), kmsKeyId: kmsKeyId }, keyFollowsStatus)
    .required(),
  retrievalConfiguration: s.object(
    {
      retrievalMode: s.enum(["CALLER_CREDENTIALS", "ASSUME_ROLE"]).required(),
      // IAM role name rules.
      roleName: s.string({ min: 1, max: 64, pattern: /^[\w+=,.@-]+$/, patternReason: "must be an IAM role name: letters, digits and +=,.@_-" }),
    },
    roleFollowsMode,
  ),
});

// ---------------------------------------------------------------------------------------------
// Calls

/** The inputs as Macie reports them: a disabled configuration has no key and CALLER_CREDENTIALS. */
function reported(c: MacieRevealConfiguration | undefined, r: MacieRetrievalConfiguration | undefined): Inputs & Outputs {
  const status = (c?.status ?? "DISABLED") as Settings["status"];
  const configuration: Settings = status === "ENABLED" && c?.kmsKeyId ? { status, kmsKeyId: c.kmsKeyId } : { status };
  const retrievalConfiguration: Retrieval = { retrievalMode: (r?.retrievalMode ?? "CALLER_CREDENTIALS") as Retrieval["retrievalMode"] };
  if (r?.roleName) retrievalConfiguration.roleName = r.roleName;
  return { configuration, retrievalConfiguration, externalId: r?.externalId };
}

async function put(ctx: CallContext, inputs: Inputs): Promise<Outputs> {
  const { configuration, retrievalConfiguration } = inputs;
  const out = await ctx.send<UpdateRevealConfigurationResponse>(
    new macie2.UpdateRevealConfigurationCommand({
      configuration: { status: configuration.status, kmsKeyId: configuration.kmsKeyId },
      retrievalConfiguration: { retrievalMode: retrievalConfiguration.retrievalMode, roleName: retrievalConfiguration.roleName },
    }),
  );
  // The response carries the external ID Macie generates for an ASSUME_ROLE configuration.
  return { externalId: out.retrievalConfiguration?.externalId };
}

export const definition = defineResource<Inputs, Outputs>({
  type: "RevealConfiguration",
  schema,
  replaceOnChanges: [],
  // One per account and Region: a replacement (another Region or account) restores the old one's defaults first.
  deleteBeforeReplace: true,
  defaults: { retrievalConfiguration: SERVICE_DEFAULTS.retrievalConfiguration },

  validate(inputs, failures) {
    // Disabling deletes the retrieval settings: an ASSUME_ROLE kept with DISABLED would never stick.
    if (inputs.configuration?.status === "DISABLED" && inputs.retrievalConfiguration?.retrievalMode === "ASSUME_ROLE") {
      fail(
        failures,
        "retrievalConfiguration.retrievalMode",
        "must be CALLER_CREDENTIALS when configuration.status is DISABLED (disabling makes Macie delete the role name and external ID)",
      );
    }
  },

  async create(ctx, inputs) {
    // There is always a configuration (disabled until someone enables it): creating this resource adopts it.
    return { id: locationId(ctx), outs: await put(ctx, inputs) };
  },

  async read(ctx) {
    const c = await unlessGone(ctx.send<GetRevealConfigurationResponse>(new macie2.GetRevealConfigurationCommand({})), isNotEnabled);
    if (!c) return undefined; // Macie disabled: the configuration went with it
    return reported(c.configuration, c.retrievalConfiguration);
  },

  async update(ctx, _id, _olds, news) {
    return put(ctx, news);
  },

  async delete(ctx) {
    // There is no delete operation: deleting the resource restores Macie's defaults.
    await unlessGone(put(ctx, SERVICE_DEFAULTS), isNotEnabled); // Macie disabled: nothing left to restore
  },
});

/**
 * Whether users of an account can retrieve samples of the sensitive data that Macie findings
 * report, in a Region, and how. Creating it applies the settings to the configuration that always
 * exists (adopting it, no `import` needed); deleting it restores Macie's defaults: DISABLED, and
 * CALLER_CREDENTIALS (which deletes a role name and external ID).
 */
export class RevealConfiguration extends MacieResource {
  /** The status and KMS key, as Macie reports them. */
  declare readonly configuration: pulumi.Output<pulumi.Unwrap<RevealConfigurationSettings>>;
  /** The access method and role name, as Macie reports them. */
  declare readonly retrievalConfiguration: pulumi.Output<pulumi.Unwrap<RevealRetrievalConfiguration>>;
  /**
   * The external ID Macie generated for the ASSUME_ROLE access method: the trust policy of the
   * role in each affected account must require it (`sts:ExternalId`). Unset with CALLER_CREDENTIALS.
   */
  declare readonly externalId: pulumi.Output<string | undefined>;

  constructor(name: string, args: RevealConfigurationArgs, opts?: pulumi.CustomResourceOptions) {
    // Straight to pulumi.CustomResource, so that Pulumi records the program's line; done/failed close
    // registration()'s window of uncaptured stacks (quietStacks, provider.ts).
    const registered = registration(definition, name, args, OUTPUTS, opts);
    try {
      super(registered.type, name, registered.props, opts);
    } catch (e) {
      throw registered.failed(e);
    }
    registered.done(this);
  }
}
