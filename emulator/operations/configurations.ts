/**
 * One-per-account-and-Region settings: Put/GetClassificationExportConfiguration and
 * Put/GetFindingsPublicationConfiguration.
 *
 * Rules from the API reference: the export configuration's `configuration` is required and its
 * `s3Destination` needs `bucketName` and `kmsKeyArn` (the ARN of a symmetric customer managed KMS
 * key); the publication configuration's two booleans are both required, and default to
 * publishClassificationFindings false and publishPolicyFindings true.
 *
 * Choices where the reference is silent (also in docs/emulator.md):
 * - the API has no delete for either. A PutClassificationExportConfiguration whose configuration
 *   has no `s3Destination` (`{"configuration": {}}`) clears the export configuration (the way
 *   Terraform removes one); GetClassificationExportConfiguration then answers
 *   `{"configuration": {}}`, as it does before any Put;
 * - the emulator cannot see S3 or KMS: it checks the shape of the bucket name (the model's
 *   S3BucketName, legacy names included; the model itself leaves the export bucket name free), of
 *   the key ARN and of expectedBucketOwner (a 12-digit account id), not their existence;
 * - a PutFindingsPublicationConfiguration without `securityHubConfiguration` changes nothing.
 */
import { type Operation, validation } from "../core/types";
import { optionalObject, optionalString, requiredBoolean, requiredObject, requiredString } from "../core/validate";

/**
 * A bucket name as Macie accepts it (the API model's S3BucketName): 3-255 letters of either case,
 * digits, dots, hyphens and underscores. Wider than today's S3 rules because buckets created in
 * us-east-1 before March 2018 may have capitals and underscores and up to 255 characters, and Macie
 * works with them. Used for every bucket name macie-local takes: allow lists' s3WordsList, jobs'
 * bucketDefinitions, the export destination and the classification scope.
 */
export function bucketName(value: unknown, member: string): string {
  const name = requiredString(value, member);
  if (!/^[A-Za-z0-9.\-_]{3,255}$/.test(name)) {
    throw validation(
      `${member} ${JSON.stringify(name)} is not a valid S3 bucket name: 3-255 characters, letters, digits, dots (.), hyphens (-) and underscores (_)`,
    );
  }
  return name;
}

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:key\/[A-Za-z0-9-]{1,128}$/;

function s3Destination(value: unknown): Record<string, string> {
  const d = optionalObject(value, "configuration.s3Destination") as Record<string, any>;
  const kmsKeyArn = requiredString(d.kmsKeyArn, "configuration.s3Destination.kmsKeyArn");
  if (!KMS_KEY_ARN.test(kmsKeyArn)) {
    throw validation(
      `configuration.s3Destination.kmsKeyArn must be the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<key-id>), got ${JSON.stringify(kmsKeyArn)}`,
    );
  }
  const expectedBucketOwner = optionalString(d.expectedBucketOwner, "configuration.s3Destination.expectedBucketOwner");
  if (expectedBucketOwner !== undefined && !/^\d{12}$/.test(expectedBucketOwner)) {
    throw validation(`configuration.s3Destination.expectedBucketOwner must be a 12-digit AWS account ID, got ${JSON.stringify(expectedBucketOwner)}`);
  }
  const keyPrefix = optionalString(d.keyPrefix, "configuration.s3Destination.keyPrefix", { max: 1024 });
  const result: Record<string, string> = { bucketName: bucketName(d.bucketName, "configuration.s3Destination.bucketName"), kmsKeyArn };
  if (keyPrefix !== undefined) result.keyPrefix = keyPrefix;
  if (expectedBucketOwner !== undefined) result.expectedBucketOwner = expectedBucketOwner;
  return result;
}

export const operations: Operation[] = [
  {
    name: "PutClassificationExportConfiguration",
    method: "PUT",
    path: "/classification-export-configuration",
    mutating: true,
    handle: (ctx, req) => {
      const configuration = requiredObject(req.body.configuration, "configuration");
      const scope = ctx.scope();
      if (configuration.s3Destination === undefined || configuration.s3Destination === null) {
        delete scope.classificationExportConfiguration;
        return { configuration: {} };
      }
      scope.classificationExportConfiguration = { s3Destination: s3Destination(configuration.s3Destination) };
      return { configuration: structuredClone(scope.classificationExportConfiguration) };
    },
  },
  {
    name: "GetClassificationExportConfiguration",
    method: "GET",
    path: "/classification-export-configuration",
    mutating: false,
    handle: (ctx) => ({ configuration: structuredClone(ctx.scope().classificationExportConfiguration ?? {}) }),
  },
  {
    name: "PutFindingsPublicationConfiguration",
    method: "PUT",
    path: "/findings-publication-configuration",
    mutating: true,
    idempotent: true,
    handle: (ctx, req) => {
      const hub = optionalObject(req.body.securityHubConfiguration, "securityHubConfiguration");
      if (!hub) return {};
      const publishClassificationFindings = requiredBoolean(hub.publishClassificationFindings, "securityHubConfiguration.publishClassificationFindings");
      const publishPolicyFindings = requiredBoolean(hub.publishPolicyFindings, "securityHubConfiguration.publishPolicyFindings");
      ctx.scope().findingsPublicationConfiguration = { securityHubConfiguration: { publishClassificationFindings, publishPolicyFindings } };
      return {};
    },
  },
  {
    name: "GetFindingsPublicationConfiguration",
    method: "GET",
    path: "/findings-publication-configuration",
    mutating: false,
    handle: (ctx) =>
      structuredClone(
        ctx.scope().findingsPublicationConfiguration ?? {
          securityHubConfiguration: { publishClassificationFindings: false, publishPolicyFindings: true },
        },
      ),
  },
];
