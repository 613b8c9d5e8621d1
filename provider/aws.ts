/**
 * pulumi-macie/aws: components built with `@pulumi/aws`, behind their own entry point so that
 * programs that do not use them need no `@pulumi/aws` (provider/index.ts never imports this file).
 *
 * FindingsExportDestination: the S3 bucket and KMS key where Macie stores its sensitive data
 * discovery results, with the key policy and bucket policy Macie requires, as the Macie user
 * guide documents them ("Storing and retaining sensitive data discovery results"): Macie's
 * service principal may call s3:GetBucketLocation and s3:PutObject, and kms:GenerateDataKey and
 * kms:Encrypt, only on behalf of the administrator account (aws:SourceAccount) and only from its
 * export configurations and classification jobs (aws:SourceArn) in the given Regions.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

/** The Pulumi type token of the component. Part of every child's URN: never change it (or add an alias). */
export const FINDINGS_EXPORT_DESTINATION_TYPE = "pulumi-macie:aws:FindingsExportDestination";

/** Macie's service principal. */
export const MACIE_SERVICE_PRINCIPAL = "macie.amazonaws.com";

export interface FindingsExportDestinationArgs {
  /**
   * The Region of the bucket and the key (they must share it: Macie refuses a key of another Region
   * than the bucket). Default: the AWS provider's Region. For an organization rollout, choose a
   * Region enabled by default: Macie cannot store a default Region's results in an opt-in Region.
   */
  region?: pulumi.Input<string>;
  /**
   * The account whose Macie writes the results (aws:SourceAccount): the delegated Macie
   * administrator, which also stores the results of automated discovery for its members.
   * Default: the account of the AWS provider's credentials.
   */
  administratorAccountId?: pulumi.Input<string>;
  /**
   * The Regions whose Macie writes here (the Regions of the aws:SourceArn conditions). Default:
   * `["*"]`, any Region of the administrator account.
   */
  macieRegions?: pulumi.Input<pulumi.Input<string>[]>;
  /** The folder in the bucket that Macie writes to; Macie may write only under it. Default: `macie/`. */
  keyPrefix?: pulumi.Input<string>;
  /** The bucket's name. Default: an auto-name from the component name (Pulumi's auto-naming). */
  bucketName?: pulumi.Input<string>;
  /** Let `pulumi destroy` delete a bucket that still holds results. Default: false (results are audit records). */
  forceDestroy?: pulumi.Input<boolean>;
  /** Days KMS waits before it deletes the key once the stack drops it, 7-30. Default: 30. */
  keyDeletionWindowInDays?: pulumi.Input<number>;
  /** Tags for the bucket and the key. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The statements of a Macie findings-export key policy and bucket policy, exported for tests and reuse. */
export interface MaciePolicyInputs {
  partition: string;
  /** The account whose Macie writes (aws:SourceAccount). */
  accountId: string;
  /** The account that owns the key (administers it through IAM). */
  ownerAccountId?: string;
  regions: string[];
  bucketArn: string;
  keyArn?: string;
  keyPrefix: string;
}

/** Macie's export configurations and classification jobs of the account in the Regions (aws:SourceArn). */
export function macieSourceArns(p: Pick<MaciePolicyInputs, "partition" | "accountId" | "regions">): string[] {
  return p.regions.flatMap((r) => [
    `arn:${p.partition}:macie2:${r}:${p.accountId}:export-configuration:*`,
    `arn:${p.partition}:macie2:${r}:${p.accountId}:classification-job/*`,
  ]);
}

/** The confused-deputy guard of every Macie statement: this account's Macie, from these Regions only. */
function macieConditions(p: Pick<MaciePolicyInputs, "partition" | "accountId" | "regions">) {
  return { StringEquals: { "aws:SourceAccount": p.accountId }, ArnLike: { "aws:SourceArn": macieSourceArns(p) } };
}

/** The KMS key policy: the account administers the key (through IAM); Macie may encrypt with it. */
export function keyPolicy(p: Pick<MaciePolicyInputs, "partition" | "accountId" | "ownerAccountId" | "regions">) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        // Without it nobody, not even the account's administrators, could manage the key again.
        Sid: "AccountAdministersKeyThroughIam",
        Effect: "Allow",
        Principal: { AWS: `arn:${p.partition}:iam::${p.ownerAccountId ?? p.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "AllowMacieToUseTheKey",
        Effect: "Allow",
        Principal: { Service: MACIE_SERVICE_PRINCIPAL },
        Action: ["kms:GenerateDataKey", "kms:Encrypt"],
        Resource: "*",
        Condition: macieConditions(p),
      },
    ],
  };
}

/** The bucket policy: Macie may locate the bucket and add objects under the prefix, encrypted with the key, over TLS only. */
export function bucketPolicy(p: MaciePolicyInputs) {
  const objects = `${p.bucketArn}/${p.keyPrefix}*`;
  const statements: Record<string, unknown>[] = [
    {
      Sid: "AllowMacieToGetBucketLocation",
      Effect: "Allow",
      Principal: { Service: MACIE_SERVICE_PRINCIPAL },
      Action: "s3:GetBucketLocation",
      Resource: p.bucketArn,
      Condition: macieConditions(p),
    },
    {
      Sid: "AllowMacieToAddObjects",
      Effect: "Allow",
      Principal: { Service: MACIE_SERVICE_PRINCIPAL },
      Action: "s3:PutObject",
      Resource: objects,
      Condition: macieConditions(p),
    },
    {
      Sid: "DenyMacieUnencryptedUploads",
      Effect: "Deny",
      Principal: { Service: MACIE_SERVICE_PRINCIPAL },
      Action: "s3:PutObject",
      Resource: objects,
      Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" } },
    },
  ];
  if (p.keyArn) {
    statements.push({
      Sid: "DenyMacieOtherKeys",
      Effect: "Deny",
      Principal: { Service: MACIE_SERVICE_PRINCIPAL },
      Action: "s3:PutObject",
      Resource: objects,
      Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": p.keyArn } },
    });
  }
  statements.push({
    Sid: "DenyNonTlsAccess",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [p.bucketArn, `${p.bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  });
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * The S3 bucket and KMS key for Macie's sensitive data discovery results, with the policies Macie
 * requires: a symmetric customer managed key with rotation, a private bucket (public access
 * blocked, bucket owner enforced) encrypted by default with the key, and a bucket policy that
 * lets only Macie's writes of this account in and refuses non-TLS access.
 *
 * `s3Destination` fits `ClassificationExportConfiguration.s3Destination` and
 * `OrganizationRollout.findingsExport`; it resolves once the bucket policy is in place, since
 * Macie checks that it may write when the configuration is saved.
 */
export class FindingsExportDestination extends pulumi.ComponentResource {
  /** The bucket's name. */
  readonly bucketName: pulumi.Output<string>;
  /** The bucket's ARN. */
  readonly bucketArn: pulumi.Output<string>;
  /** The KMS key's ARN. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** The folder Macie writes to. */
  readonly keyPrefix: pulumi.Output<string>;
  /** The administrator account whose Macie the policies admit. */
  readonly administratorAccountId: pulumi.Output<string>;
  /**
   * `{bucketName, kmsKeyArn, keyPrefix, expectedBucketOwner}` (the owner: the account of the AWS
   * provider's credentials), known once the policies are in place.
   */
  readonly s3Destination: pulumi.Output<{ bucketName: string; kmsKeyArn: string; keyPrefix: string; expectedBucketOwner: string }>;
  /** The bucket, for further settings of your own (lifecycle rules, replication, logging). */
  readonly bucket: aws.s3.Bucket;
  /** The symmetric customer managed KMS key. */
  readonly key: aws.kms.Key;
  /** The bucket policy (Macie's writes, TLS only); depend on it before anything else writes there. */
  readonly bucketPolicy: aws.s3.BucketPolicy;

  constructor(name: string, args: FindingsExportDestinationArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super(FINDINGS_EXPORT_DESTINATION_TYPE, name, {}, opts);
    const parent = { parent: this };
    const caller = aws.getCallerIdentityOutput({}, parent);
    const partition = aws.getPartitionOutput({}, parent).partition;
    const ownerAccountId = caller.accountId; // the key's and the bucket's account
    const accountId = pulumi.output(args.administratorAccountId ?? ownerAccountId);
    const regions = pulumi.output(args.macieRegions ?? ["*"]);
    const keyPrefix = pulumi.output(args.keyPrefix ?? "macie/");
    const region = args.region;
    const tags = args.tags;

    this.key = new aws.kms.Key(
      `${name}-key`,
      {
        region,
        description: "Encrypts Amazon Macie sensitive data discovery results",
        // Macie requires a symmetric encryption key.
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        keyUsage: "ENCRYPT_DECRYPT",
        enableKeyRotation: true,
        deletionWindowInDays: args.keyDeletionWindowInDays ?? 30,
        policy: pulumi.jsonStringify(
          pulumi.all([partition, accountId, ownerAccountId, regions]).apply(([p, a, o, r]) => keyPolicy({ partition: p, accountId: a, ownerAccountId: o, regions: r })),
        ),
        tags,
      },
      parent,
    );

    this.bucket = new aws.s3.Bucket(
      `${name}-bucket`,
      { region, ...(args.bucketName !== undefined ? { bucket: args.bucketName } : {}), forceDestroy: args.forceDestroy ?? false, tags },
      parent,
    );
    const bucketRef = { region, bucket: this.bucket.id };
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      { ...bucketRef, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      parent,
    );
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { ...bucketRef, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      { ...bucketRef, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn }, bucketKeyEnabled: true }] },
      parent,
    );
    this.bucketPolicy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        ...bucketRef,
        policy: pulumi.jsonStringify(
          pulumi.all([partition, accountId, regions, this.bucket.arn, this.key.arn, keyPrefix]).apply(([p, a, r, bucketArn, keyArn, prefix]) =>
            bucketPolicy({ partition: p, accountId: a, regions: r, bucketArn, keyArn, keyPrefix: prefix }),
          ),
        ),
      },
      // The public access block first: S3 may refuse a policy while it is being put in place.
      { parent: this, dependsOn: [publicAccess] },
    );

    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    this.kmsKeyArn = this.key.arn;
    this.keyPrefix = keyPrefix;
    this.administratorAccountId = accountId;
    // Known only once everything Macie checks on save is in place.
    const ready = pulumi.all([this.bucketPolicy.id, encryption.id, ownership.id]);
    this.s3Destination = pulumi
      .all([this.bucket.bucket, this.key.arn, keyPrefix, ownerAccountId, ready])
      .apply(([bucketName, kmsKeyArn, prefix, owner]) => ({ bucketName, kmsKeyArn, keyPrefix: prefix, expectedBucketOwner: owner }));
    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      kmsKeyArn: this.kmsKeyArn,
      keyPrefix: this.keyPrefix,
      administratorAccountId: this.administratorAccountId,
      s3Destination: this.s3Destination,
    });
  }
}

/** The Pulumi type token of the alerts component. */
export const FINDINGS_ALERTS_TYPE = "pulumi-macie:aws:FindingsAlerts";

/** Macie's severity descriptions, lowest first (a finding's `detail.severity.description`). */
export const MACIE_SEVERITIES = ["Low", "Medium", "High"] as const;

export interface FindingsAlertsArgs {
  /**
   * The Region whose Macie findings to route (EventBridge rules are regional; declare one
   * FindingsAlerts per Region). Default: the AWS provider's Region.
   */
  region?: pulumi.Input<string>;
  /** The lowest severity that alerts: Low, Medium or High. Default: Medium (Medium and High findings). */
  minimumSeverity?: "Low" | "Medium" | "High";
  /**
   * Only findings of these types, such as `SensitiveData:S3Object/Personal` or
   * `Policy:IAMUser/S3BucketPublic` (prefix match). Default: every type, policy and sensitive data findings alike.
   */
  findingTypePrefixes?: string[];
  /**
   * Email addresses to subscribe to the topic (each must confirm the subscription). A plain list:
   * each subscription is named after its address, so adding or removing one touches only it.
   */
  emails?: string[];
  /** Tags for the topic and the rule. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The EventBridge pattern of Macie findings at or above a severity, optionally of some types. */
export function findingsEventPattern(minimumSeverity: (typeof MACIE_SEVERITIES)[number], findingTypePrefixes?: string[]) {
  const severities = MACIE_SEVERITIES.slice(MACIE_SEVERITIES.indexOf(minimumSeverity));
  const detail: Record<string, unknown> = { severity: { description: [...severities] } };
  if (findingTypePrefixes?.length) detail.type = findingTypePrefixes.map((prefix) => ({ prefix }));
  return { source: ["aws.macie"], "detail-type": ["Macie Finding"], detail };
}

/** The topic policy: the account administers the topic; EventBridge may publish, from this rule only. */
export function alertsTopicPolicy(p: { partition: string; accountId: string; topicArn: string; ruleArn: string }) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministersTopic",
        Effect: "Allow",
        Principal: { AWS: `arn:${p.partition}:iam::${p.accountId}:root` },
        Action: ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish", "sns:DeleteTopic"],
        Resource: p.topicArn,
      },
      {
        Sid: "AllowEventBridgeToPublishMacieFindings",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Resource: p.topicArn,
        Condition: { ArnEquals: { "aws:SourceArn": p.ruleArn } },
      },
    ],
  };
}

/**
 * Alerts on Macie findings: an EventBridge rule that matches Macie's findings events at or above a
 * severity, and an SNS topic it publishes them to (with email subscriptions if given). In the
 * delegated administrator account, the members' findings arrive too (Macie publishes them to the
 * administrator's EventBridge). One per Region.
 */
export class FindingsAlerts extends pulumi.ComponentResource {
  /** The topic's ARN: subscribe chat, ticketing or paging integrations to it. */
  readonly topicArn: pulumi.Output<string>;
  /** The rule's ARN. */
  readonly ruleArn: pulumi.Output<string>;
  /** The SNS topic. */
  readonly topic: aws.sns.Topic;
  /** The EventBridge rule. */
  readonly rule: aws.cloudwatch.EventRule;
  /** The rule's target: the topic. */
  readonly target: aws.cloudwatch.EventTarget;
  /** The email subscriptions, by address. */
  readonly subscriptions: Record<string, aws.sns.TopicSubscription>;

  constructor(name: string, args: FindingsAlertsArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const minimumSeverity = args.minimumSeverity ?? "Medium";
    if (!MACIE_SEVERITIES.includes(minimumSeverity)) throw new Error(`minimumSeverity: must be one of ${MACIE_SEVERITIES.join(", ")}, got ${JSON.stringify(minimumSeverity)}`);
    super(FINDINGS_ALERTS_TYPE, name, {}, opts);
    const parent = { parent: this };
    const region = args.region;
    const caller = aws.getCallerIdentityOutput({}, parent);
    const partition = aws.getPartitionOutput({}, parent).partition;

    this.topic = new aws.sns.Topic(`${name}-topic`, { region, displayName: "Amazon Macie findings", tags: args.tags }, parent);
    this.rule = new aws.cloudwatch.EventRule(
      `${name}-rule`,
      {
        region,
        description: `Amazon Macie findings of severity ${minimumSeverity} and above`,
        eventPattern: JSON.stringify(findingsEventPattern(minimumSeverity, args.findingTypePrefixes)),
        tags: args.tags,
      },
      parent,
    );
    const policy = new aws.sns.TopicPolicy(
      `${name}-topic-policy`,
      {
        region,
        arn: this.topic.arn,
        policy: pulumi.jsonStringify(
          pulumi.all([partition, caller.accountId, this.topic.arn, this.rule.arn]).apply(([p, accountId, topicArn, ruleArn]) =>
            alertsTopicPolicy({ partition: p, accountId, topicArn, ruleArn }),
          ),
        ),
      },
      parent,
    );
    // The policy first: a target whose publishes are refused would drop the first findings.
    this.target = new aws.cloudwatch.EventTarget(`${name}-target`, { region, rule: this.rule.name, arn: this.topic.arn }, { parent: this, dependsOn: [policy] });
    this.subscriptions = {};
    for (const endpoint of args.emails ?? []) {
      this.subscriptions[endpoint] = new aws.sns.TopicSubscription(`${name}-email-${endpoint}`, { region, topic: this.topic.arn, protocol: "email", endpoint }, parent);
    }

    this.topicArn = this.topic.arn;
    this.ruleArn = this.rule.arn;
    this.registerOutputs({ topicArn: this.topicArn, ruleArn: this.ruleArn });
  }
}
