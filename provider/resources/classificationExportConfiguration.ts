/**
 * macie.ClassificationExportConfiguration: where Macie stores sensitive data discovery results
 * (Put/GetClassificationExportConfiguration). One per account and Region.
 */
import * as pulumi from "@pulumi/pulumi";
import type { GetClassificationExportConfigurationResponse, S3Destination } from "@aws-sdk/client-macie2";
import { macie2 } from "../core/sdk";
import type { CallContext, ConnectionArgs } from "../core/definition";
import { defineResource, isNotEnabled, locationId, unlessGone } from "../core/definition";
import { MacieResource, registration } from "../core/provider";
import { s } from "../core/schema";
import { s3BucketName } from "../core/bucketName";

export interface ClassificationExportConfigurationS3Destination {
  /** The S3 bucket to store the results in. It must exist; another Region is allowed if it is enabled by default. */
  bucketName: pulumi.Input<string>;
  /**
   * The ARN of the symmetric customer managed KMS key that encrypts the results. It must exist,
   * in the bucket's Region, and allow Macie to use it.
   */
  kmsKeyArn: pulumi.Input<string>;
  /** The path prefix (folder) in the bucket; Macie's default layout when not set. */
  keyPrefix?: pulumi.Input<string>;
  /** The account that must own the bucket; Macie refuses to write to a bucket of another owner. */
  expectedBucketOwner?: pulumi.Input<string>;
}

export interface ClassificationExportConfigurationArgs extends ConnectionArgs {
  /** The S3 bucket and KMS key for the results. Updated in place. */
  s3Destination: pulumi.Input<ClassificationExportConfigurationS3Destination>;
}

interface Destination {
  bucketName: string;
  kmsKeyArn: string;
  keyPrefix?: string;
  expectedBucketOwner?: string;
}

interface Inputs {
  s3Destination: Destination;
}

/** No computed outputs besides the location (accountId, region). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
interface Outputs {}

/** The destination as the user wrote it: only the members that are set. */
function destination(d: Destination | S3Destination): Destination {
  const out: Destination = { bucketName: d.bucketName!, kmsKeyArn: d.kmsKeyArn! };
  if (d.keyPrefix) out.keyPrefix = d.keyPrefix;
  if (d.expectedBucketOwner) out.expectedBucketOwner = d.expectedBucketOwner;
  return out;
}

async function put(ctx: CallContext, inputs: Inputs) {
  await ctx.send(new macie2.PutClassificationExportConfigurationCommand({ configuration: { s3Destination: destination(inputs.s3Destination) } }));
}

export const definition = defineResource<Inputs, Outputs>({
  type: "ClassificationExportConfiguration",
  schema: s.object({
    s3Destination: s
      .object({
        // The model leaves it free; every S3 bucket name, legacy ones included, has this form.
        bucketName: s3BucketName().required(),
        kmsKeyArn: s
          .string({
            pattern: /^arn:aws[a-z-]*:kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:key\/[A-Za-z0-9-]{1,128}$/,
            patternReason: "must be the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<key-id>); an alias is not accepted",
          })
          .required(),
        keyPrefix: s.string({ min: 1, max: 1024 }),
        expectedBucketOwner: s.accountId(),
      })
      .required(),
  }),
  replaceOnChanges: [],
  // One per account and Region: a replacement (another Region or account) clears the old one first.
  deleteBeforeReplace: true,

  async create(ctx, inputs) {
    // An existing configuration is overwritten (adopted), rather than failing the create.
    await put(ctx, inputs);
    return { id: locationId(ctx), outs: {} };
  },

  async read(ctx) {
    const c = await unlessGone(ctx.send<GetClassificationExportConfigurationResponse>(new macie2.GetClassificationExportConfigurationCommand({})), isNotEnabled);
    const d = c?.configuration?.s3Destination; // no c: Macie disabled, the configuration went with it
    // An empty configuration means it was removed outside Pulumi: drift, not a silent success.
    return d?.bucketName ? { s3Destination: destination(d) } : undefined;
  },

  async update(ctx, _id, _olds, news) {
    await put(ctx, news);
    return {};
  },

  async delete(ctx) {
    // There is no delete operation: a configuration without a destination clears it.
    await unlessGone(ctx.send(new macie2.PutClassificationExportConfigurationCommand({ configuration: {} })), isNotEnabled); // Macie disabled: nothing left to clear
  },
});

/**
 * Where Macie stores its sensitive data discovery results, for an account and Region. Creating
 * it overwrites a configuration that already exists (so an existing one is adopted without
 * `import`); deleting it clears the configuration.
 */
export class ClassificationExportConfiguration extends MacieResource {
  /** The S3 bucket and KMS key, as Macie reports them. */
  declare readonly s3Destination: pulumi.Output<{ bucketName: string; kmsKeyArn: string; keyPrefix?: string; expectedBucketOwner?: string }>;

  constructor(name: string, args: ClassificationExportConfigurationArgs, opts?: pulumi.CustomResourceOptions) {
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
