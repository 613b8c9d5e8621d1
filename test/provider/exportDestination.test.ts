/**
 * pulumi-macie/aws's FindingsExportDestination under Pulumi mocks (the AWS provider plugin cannot
 * run offline): the key policy and bucket policy it registers are what the Macie user guide
 * requires for the sensitive data discovery results repository, every child has the component as
 * parent, and its s3Destination feeds a ClassificationExportConfiguration. Also: the main entry
 * point never loads @pulumi/aws, so users who do not use this component need not install it.
 *
 * The package and @pulumi/pulumi are loaded with Node's require so that they share the
 * @pulumi/pulumi instance the mocks are set on; the package runs from dist/ (`npm run build`).
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const REPO = path.resolve(__dirname, "../..");
const nodeRequire = createRequire(path.join(REPO, "package.json"));

const ACCOUNT = "123456789012";
const ADMIN = "111111111111";
const BUCKET = "org-findings-5d1c0aa";
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/results-key-0001`;

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
  parent?: string;
}

const registered: Registered[] = [];
let destination: any;
let exportConfig: any;
let pulumi: any;

function valueOf<T>(output: { apply(f: (v: T) => void): unknown }): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

beforeAll(async () => {
  pulumi = nodeRequire("@pulumi/pulumi");
  await pulumi.runtime.setMocks(
    {
      newResource(args: { type: string; name: string; inputs: Record<string, any>; custom?: boolean }) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        const state: Record<string, any> = { ...args.inputs };
        if (args.type === "aws:kms/key:Key") state.arn = KEY_ARN;
        if (args.type === "aws:s3/bucket:Bucket") Object.assign(state, { bucket: BUCKET, arn: BUCKET_ARN });
        return { id: args.type === "aws:s3/bucket:Bucket" ? BUCKET : `${args.name}-id`, state };
      },
      call(args: { token: string }) {
        if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/ci`, userId: "AIDA" };
        if (args.token === "aws:index/getPartition:getPartition") return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
        throw new Error(`unexpected call ${args.token}`);
      },
    },
    "export-destination",
    "test",
    false,
  );
  const { FindingsExportDestination } = nodeRequire("pulumi-macie/aws");
  const macie = nodeRequire("pulumi-macie");
  destination = new FindingsExportDestination("findings", {
    region: "eu-west-1",
    administratorAccountId: ADMIN,
    macieRegions: ["eu-west-1", "us-east-1"],
    keyPrefix: "macie/",
  });
  exportConfig = new macie.ClassificationExportConfiguration("export", { region: "eu-west-1", s3Destination: destination.s3Destination });
  await valueOf(exportConfig.urn);
  await valueOf(destination.s3Destination);
}, 60_000);

const byType = (type: string) => registered.filter((r) => r.type === type);
const one = (type: string) => {
  const found = byType(type);
  expect(found, type).toHaveLength(1);
  return found[0];
};

const SOURCE_ARNS = [
  `arn:aws:macie2:eu-west-1:${ADMIN}:export-configuration:*`,
  `arn:aws:macie2:eu-west-1:${ADMIN}:classification-job/*`,
  `arn:aws:macie2:us-east-1:${ADMIN}:export-configuration:*`,
  `arn:aws:macie2:us-east-1:${ADMIN}:classification-job/*`,
];
const MACIE_ONLY = { StringEquals: { "aws:SourceAccount": ADMIN }, ArnLike: { "aws:SourceArn": SOURCE_ARNS } };

describe("FindingsExportDestination (pulumi-macie/aws) under Pulumi mocks", () => {
  it("makes a symmetric customer managed key, with rotation, in the bucket's Region", () => {
    const key = one("aws:kms/key:Key");
    expect(key.inputs).toMatchObject({ customerMasterKeySpec: "SYMMETRIC_DEFAULT", keyUsage: "ENCRYPT_DECRYPT", enableKeyRotation: true, region: "eu-west-1" });
    expect(one("aws:s3/bucket:Bucket").inputs).toMatchObject({ region: "eu-west-1", forceDestroy: false });
  });

  it("lets Macie use the key only for this administrator's export configurations and jobs", () => {
    const policy = JSON.parse(one("aws:kms/key:Key").inputs.policy);
    expect(policy.Version).toBe("2012-10-17");
    const macie = policy.Statement.filter((s: any) => s.Principal?.Service === "macie.amazonaws.com");
    expect(macie).toEqual([
      {
        Sid: "AllowMacieToUseTheKey",
        Effect: "Allow",
        Principal: { Service: "macie.amazonaws.com" },
        Action: ["kms:GenerateDataKey", "kms:Encrypt"],
        Resource: "*",
        Condition: MACIE_ONLY,
      },
    ]);
    // The account keeps control of its key (the key policy is the only way in).
    expect(policy.Statement).toContainEqual(expect.objectContaining({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*" }));
    // No grant to anyone else.
    expect(policy.Statement).toHaveLength(2);
  });

  it("lets Macie locate the bucket and add objects under the prefix, encrypted with the key, and denies non-TLS access", () => {
    const registeredPolicy = one("aws:s3/bucketPolicy:BucketPolicy");
    expect(registeredPolicy.inputs.bucket).toBe(BUCKET);
    const policy = JSON.parse(registeredPolicy.inputs.policy);
    const bySid = Object.fromEntries(policy.Statement.map((s: any) => [s.Sid, s]));
    expect(bySid.AllowMacieToGetBucketLocation).toEqual({
      Sid: "AllowMacieToGetBucketLocation",
      Effect: "Allow",
      Principal: { Service: "macie.amazonaws.com" },
      Action: "s3:GetBucketLocation",
      Resource: BUCKET_ARN,
      Condition: MACIE_ONLY,
    });
    expect(bySid.AllowMacieToAddObjects).toEqual({
      Sid: "AllowMacieToAddObjects",
      Effect: "Allow",
      Principal: { Service: "macie.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${BUCKET_ARN}/macie/*`,
      Condition: MACIE_ONLY,
    });
    expect(bySid.DenyMacieUnencryptedUploads).toMatchObject({
      Effect: "Deny",
      Action: "s3:PutObject",
      Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" } },
    });
    expect(bySid.DenyMacieOtherKeys).toMatchObject({
      Effect: "Deny",
      Action: "s3:PutObject",
      Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY_ARN } },
    });
    expect(bySid.DenyNonTlsAccess).toEqual({
      Sid: "DenyNonTlsAccess",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    // Nothing else is allowed: the only Allow statements are Macie's two.
    expect(policy.Statement.filter((s: any) => s.Effect === "Allow").map((s: any) => s.Sid).sort()).toEqual(["AllowMacieToAddObjects", "AllowMacieToGetBucketLocation"]);
  });

  it("keeps the bucket private and encrypted by default with the key", () => {
    expect(one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).toMatchObject({
      bucket: BUCKET,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(one("aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
    expect(one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true },
    ]);
  });

  it("parents every child on the component and names it after the component", async () => {
    const componentUrn = await valueOf<string>(destination.urn);
    expect(componentUrn).toContain("pulumi-macie:aws:FindingsExportDestination::findings");
    const children = registered.filter((r) => r.type.startsWith("aws:"));
    expect(children).toHaveLength(6);
    for (const child of children) expect(child.name.startsWith("findings-"), child.name).toBe(true);
    for (const child of [destination.bucket, destination.key, destination.bucketPolicy]) {
      const urn = await valueOf<string>(child.urn);
      expect(urn).toContain("pulumi-macie:aws:FindingsExportDestination$");
    }
  });

  it("s3Destination feeds a ClassificationExportConfiguration as Macie expects it", async () => {
    // The bucket's owner is the account that made it (the credentials' account), not necessarily the administrator.
    const expected = { bucketName: BUCKET, kmsKeyArn: KEY_ARN, keyPrefix: "macie/", expectedBucketOwner: ACCOUNT };
    expect(await valueOf(destination.s3Destination)).toEqual(expected);
    const macieExport = one("pulumi-nodejs:dynamic/macie:ClassificationExportConfiguration");
    expect(macieExport.inputs.s3Destination).toEqual(expected);
  });
});

describe("entry points", () => {
  it("pulumi-macie (the main entry point) never loads @pulumi/aws", () => {
    const script = `require("pulumi-macie"); console.log(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes("@pulumi/aws"))));`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: REPO, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual([]);
    // and the check can fail: pulumi-macie/aws does load it
    const aws = spawnSync(process.execPath, ["-e", script.replace('"pulumi-macie"', '"pulumi-macie/aws"')], { cwd: REPO, encoding: "utf8" });
    expect(JSON.parse(aws.stdout).length).toBeGreaterThan(0);
  });
});
