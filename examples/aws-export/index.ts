/**
 * Export Macie's sensitive-data findings to a bucket and KMS key declared in the same program
 * with @pulumi/aws, with the bucket and key policies that Macie needs to write there.
 *
 * This needs the AWS provider plugin (`pulumi-resource-aws`), so it runs against real AWS only;
 * the test suite checks it with Pulumi mocks (test/examples/examples.test.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as macie from "pulumi-macie";

const caller = aws.getCallerIdentityOutput();
const region = aws.getRegionOutput();

const account = new macie.Account("macie", {});

// The key Macie encrypts findings with: Macie's service principal may use it, for this account only.
const key = new aws.kms.Key("macie-findings", {
  description: "Encrypts Amazon Macie sensitive-data findings",
  deletionWindowInDays: 7,
  enableKeyRotation: true,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministers",
        Effect: "Allow",
        Principal: { AWS: pulumi.interpolate`arn:aws:iam::${caller.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "MacieEncrypts",
        Effect: "Allow",
        Principal: { Service: "macie.amazonaws.com" },
        Action: ["kms:GenerateDataKey", "kms:Encrypt"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": caller.accountId } },
      },
    ],
  }),
});

const bucket = new aws.s3.Bucket("macie-findings", { forceDestroy: false });

new aws.s3.BucketPublicAccessBlock("macie-findings", {
  bucket: bucket.id,
  blockPublicAcls: true,
  blockPublicPolicy: true,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
});

const prefix = "macie/";

// Macie writes findings under the prefix, and checks the bucket's location first.
const bucketPolicy = new aws.s3.BucketPolicy("macie-findings", {
  bucket: bucket.id,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "MacieWritesFindings",
        Effect: "Allow",
        Principal: { Service: "macie.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: pulumi.interpolate`${bucket.arn}/${prefix}*`,
        Condition: {
          StringEquals: { "aws:SourceAccount": caller.accountId },
          ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:aws:macie2:${region.region}:${caller.accountId}:export-configuration:*` },
        },
      },
      {
        Sid: "MacieChecksLocation",
        Effect: "Allow",
        Principal: { Service: "macie.amazonaws.com" },
        Action: "s3:GetBucketLocation",
        Resource: bucket.arn,
        Condition: { StringEquals: { "aws:SourceAccount": caller.accountId } },
      },
    ],
  }),
});

const findingsExport = new macie.ClassificationExportConfiguration(
  "findings-export",
  {
    s3Destination: {
      bucketName: bucket.bucket,
      keyPrefix: prefix,
      kmsKeyArn: key.arn,
      expectedBucketOwner: caller.accountId,
    },
  },
  // Macie verifies the bucket and key when the configuration is saved: policies first.
  { dependsOn: [account, bucketPolicy, key] },
);

export const findingsBucket = bucket.bucket;
export const findingsKeyArn = key.arn;
export const exportDestination = findingsExport.s3Destination;
