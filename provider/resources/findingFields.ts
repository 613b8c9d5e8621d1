/**
 * The finding fields a findings filter can use as `findingCriteria.criterion` keys, with the kind of
 * each, which decides the operators and values it takes. pulumi-macie's one list (macie-local
 * keeps its own copy, emulator/operations/findingFields.ts).
 *
 * Where it comes from: the fields of a Finding (the Finding shape of @aws-sdk/client-macie2 and of
 * botocore's macie2 service model), named by their JSON path. Fields of the classification result
 * are named without `classificationDetails.result.`, as the API reference names them in its list of
 * the fields that take eqExactMatch (`sensitiveData.category`, `customDataIdentifiers.detections.arn`).
 * Left out: the locations of individual occurrences (`...detections.occurrences.*`), which describe
 * where sensitive data sits in a file, not the finding. The API reference points to the Macie User
 * Guide for the fields filters accept; that guide is not among the project's references, so this
 * list is the Finding's own fields (docs/resources.md, FindingsFilter).
 */
/**
 * The enumerations of the SDK that finding fields take, copied here so that loading pulumi-macie
 * does not load the SDK (core/sdk.ts); a test keeps them equal to the SDK's.
 */
export const FIELD_ENUMS = {
  AllowsUnencryptedObjectUploads: ["FALSE", "TRUE", "UNKNOWN"],
  EffectivePermission: ["NOT_PUBLIC", "PUBLIC", "UNKNOWN"],
  EncryptionType: ["AES256", "NONE", "UNKNOWN", "aws:kms", "aws:kms:dsse"],
  FindingActionType: ["AWS_API_CALL"],
  FindingCategory: ["CLASSIFICATION", "POLICY"],
  OriginType: ["AUTOMATED_SENSITIVE_DATA_DISCOVERY", "SENSITIVE_DATA_DISCOVERY_JOB"],
  SensitiveDataItemCategory: ["CREDENTIALS", "CUSTOM_IDENTIFIER", "FINANCIAL_INFORMATION", "PERSONAL_INFORMATION"],
  SeverityDescription: ["High", "Low", "Medium"],
  StorageClass: ["DEEP_ARCHIVE", "GLACIER", "GLACIER_IR", "INTELLIGENT_TIERING", "ONEZONE_IA", "OUTPOSTS", "REDUCED_REDUNDANCY", "STANDARD", "STANDARD_IA"],
  UserIdentityType: ["AWSAccount", "AWSService", "AssumedRole", "FederatedUser", "IAMUser", "Root"],
} as const;

/**
 * What a field holds: text, a boolean ("true" or "false"), a number, a date (epoch milliseconds in
 * gt/gte/lt/lte), or one of the listed values (an enumeration of the SDK, FIELD_ENUMS).
 */
export type FieldKind = "text" | "boolean" | "number" | "date" | readonly string[];

export const FINDING_FIELDS: Record<string, FieldKind> = {
  // The finding itself.
  accountId: "text",
  archived: "boolean",
  category: FIELD_ENUMS.FindingCategory,
  count: "number",
  createdAt: "date",
  description: "text",
  id: "text",
  partition: "text",
  region: "text",
  sample: "boolean",
  schemaVersion: "text",
  "severity.description": FIELD_ENUMS.SeverityDescription,
  "severity.score": "number",
  title: "text",
  // FindingType's values, but not checked: sample findings carry a [SAMPLE] prefix (API reference).
  type: "text",
  updatedAt: "date",
  // How the finding was produced (sensitive data findings).
  "classificationDetails.detailedResultsLocation": "text",
  "classificationDetails.jobArn": "text",
  "classificationDetails.jobId": "text",
  "classificationDetails.originType": FIELD_ENUMS.OriginType,
  // The classification result of a sensitive data finding, named without `classificationDetails.result.`
  // as the reference names them (its list of the fields that take eqExactMatch).
  additionalOccurrences: "boolean",
  "customDataIdentifiers.detections.arn": "text",
  "customDataIdentifiers.detections.count": "number",
  "customDataIdentifiers.detections.name": "text",
  "customDataIdentifiers.totalCount": "number",
  mimeType: "text",
  "sensitiveData.category": FIELD_ENUMS.SensitiveDataItemCategory,
  "sensitiveData.detections.count": "number",
  "sensitiveData.detections.type": "text",
  "sensitiveData.totalCount": "number",
  sizeClassified: "number",
  "status.code": "text",
  "status.reason": "text",
  // The affected S3 bucket and object.
  "resourcesAffected.s3Bucket.allowsUnencryptedObjectUploads": FIELD_ENUMS.AllowsUnencryptedObjectUploads,
  "resourcesAffected.s3Bucket.arn": "text",
  "resourcesAffected.s3Bucket.createdAt": "date",
  "resourcesAffected.s3Bucket.defaultServerSideEncryption.encryptionType": FIELD_ENUMS.EncryptionType,
  "resourcesAffected.s3Bucket.defaultServerSideEncryption.kmsMasterKeyId": "text",
  "resourcesAffected.s3Bucket.name": "text",
  "resourcesAffected.s3Bucket.owner.displayName": "text",
  "resourcesAffected.s3Bucket.owner.id": "text",
  "resourcesAffected.s3Bucket.publicAccess.effectivePermission": FIELD_ENUMS.EffectivePermission,
  "resourcesAffected.s3Bucket.publicAccess.permissionConfiguration.accountLevelPermissions.blockPublicAccess.blockPublicAcls": "boolean",
  "resourcesAffected.s3Bucket.publicAccess.permissionConfiguration.accountLevelPermissions.blockPublicAccess.blockPublicPolicy": "boolean",
  "resourcesAffected.s3Bucket.publicAccess.permissionConfiguration.accountLevelPermissions.blockPublicAccess.ignorePublicAcls": "boolean",
  "resourcesAffected.s3Bucket.publicAccess.permissionConfiguration.accountLevelPermissions.blockPublicAccess.restrictPublicBuckets": "boolean",
  "resourcesAffected.s3Bucket.publicAccess.permissionConfiguration.bucketLevelPermissions.accessControlList.allowsPublicReadAccess": "boolean",
  "resourcesAffected.s3Bucket.publicAccess.permissionConfiguration.bucketLevelPermissions.accessControlList.allowsPublicWriteAccess": "boolean",
  "resourcesAffected.s3Bucket.publicAccess.permissionConfiguration.bucketLevelPermissions.blockPublicAccess.blockPublicAcls": "boolean",
  "resourcesAffected.s3Bucket.publicAccess.permissionConfiguration.bucketLevelPermissions.blockPublicAccess.blockPublicPolicy": "boolean",
  "resourcesAffected.s3Bucket.publicAccess.permissionConfiguration.bucketLevelPermissions.blockPublicAccess.ignorePublicAcls": "boolean",
  "resourcesAffected.s3Bucket.publicAccess.permissionConfiguration.bucketLevelPermissions.blockPublicAccess.restrictPublicBuckets": "boolean",
  "resourcesAffected.s3Bucket.publicAccess.permissionConfiguration.bucketLevelPermissions.bucketPolicy.allowsPublicReadAccess": "boolean",
  "resourcesAffected.s3Bucket.publicAccess.permissionConfiguration.bucketLevelPermissions.bucketPolicy.allowsPublicWriteAccess": "boolean",
  "resourcesAffected.s3Bucket.tags.key": "text",
  "resourcesAffected.s3Bucket.tags.value": "text",
  "resourcesAffected.s3Object.bucketArn": "text",
  "resourcesAffected.s3Object.eTag": "text",
  "resourcesAffected.s3Object.extension": "text",
  "resourcesAffected.s3Object.key": "text",
  "resourcesAffected.s3Object.lastModified": "date",
  "resourcesAffected.s3Object.path": "text",
  "resourcesAffected.s3Object.publicAccess": "boolean",
  "resourcesAffected.s3Object.serverSideEncryption.encryptionType": FIELD_ENUMS.EncryptionType,
  "resourcesAffected.s3Object.serverSideEncryption.kmsMasterKeyId": "text",
  "resourcesAffected.s3Object.size": "number",
  "resourcesAffected.s3Object.storageClass": FIELD_ENUMS.StorageClass,
  "resourcesAffected.s3Object.tags.key": "text",
  "resourcesAffected.s3Object.tags.value": "text",
  "resourcesAffected.s3Object.versionId": "text",
  // The action and actor behind a policy finding.
  "policyDetails.action.actionType": FIELD_ENUMS.FindingActionType,
  "policyDetails.action.apiCallDetails.api": "text",
  "policyDetails.action.apiCallDetails.apiServiceName": "text",
  "policyDetails.action.apiCallDetails.firstSeen": "date",
  "policyDetails.action.apiCallDetails.lastSeen": "date",
  "policyDetails.actor.domainDetails.domainName": "text",
  "policyDetails.actor.ipAddressDetails.ipAddressV4": "text",
  "policyDetails.actor.ipAddressDetails.ipCity.name": "text",
  "policyDetails.actor.ipAddressDetails.ipCountry.code": "text",
  "policyDetails.actor.ipAddressDetails.ipCountry.name": "text",
  "policyDetails.actor.ipAddressDetails.ipGeoLocation.lat": "number",
  "policyDetails.actor.ipAddressDetails.ipGeoLocation.lon": "number",
  "policyDetails.actor.ipAddressDetails.ipOwner.asn": "text",
  "policyDetails.actor.ipAddressDetails.ipOwner.asnOrg": "text",
  "policyDetails.actor.ipAddressDetails.ipOwner.isp": "text",
  "policyDetails.actor.ipAddressDetails.ipOwner.org": "text",
  "policyDetails.actor.userIdentity.assumedRole.accessKeyId": "text",
  "policyDetails.actor.userIdentity.assumedRole.accountId": "text",
  "policyDetails.actor.userIdentity.assumedRole.arn": "text",
  "policyDetails.actor.userIdentity.assumedRole.principalId": "text",
  "policyDetails.actor.userIdentity.assumedRole.sessionContext.attributes.creationDate": "date",
  "policyDetails.actor.userIdentity.assumedRole.sessionContext.attributes.mfaAuthenticated": "boolean",
  "policyDetails.actor.userIdentity.assumedRole.sessionContext.sessionIssuer.accountId": "text",
  "policyDetails.actor.userIdentity.assumedRole.sessionContext.sessionIssuer.arn": "text",
  "policyDetails.actor.userIdentity.assumedRole.sessionContext.sessionIssuer.principalId": "text",
  "policyDetails.actor.userIdentity.assumedRole.sessionContext.sessionIssuer.type": "text",
  "policyDetails.actor.userIdentity.assumedRole.sessionContext.sessionIssuer.userName": "text",
  "policyDetails.actor.userIdentity.awsAccount.accountId": "text",
  "policyDetails.actor.userIdentity.awsAccount.principalId": "text",
  "policyDetails.actor.userIdentity.awsService.invokedBy": "text",
  "policyDetails.actor.userIdentity.federatedUser.accessKeyId": "text",
  "policyDetails.actor.userIdentity.federatedUser.accountId": "text",
  "policyDetails.actor.userIdentity.federatedUser.arn": "text",
  "policyDetails.actor.userIdentity.federatedUser.principalId": "text",
  "policyDetails.actor.userIdentity.federatedUser.sessionContext.attributes.creationDate": "date",
  "policyDetails.actor.userIdentity.federatedUser.sessionContext.attributes.mfaAuthenticated": "boolean",
  "policyDetails.actor.userIdentity.federatedUser.sessionContext.sessionIssuer.accountId": "text",
  "policyDetails.actor.userIdentity.federatedUser.sessionContext.sessionIssuer.arn": "text",
  "policyDetails.actor.userIdentity.federatedUser.sessionContext.sessionIssuer.principalId": "text",
  "policyDetails.actor.userIdentity.federatedUser.sessionContext.sessionIssuer.type": "text",
  "policyDetails.actor.userIdentity.federatedUser.sessionContext.sessionIssuer.userName": "text",
  "policyDetails.actor.userIdentity.iamUser.accountId": "text",
  "policyDetails.actor.userIdentity.iamUser.arn": "text",
  "policyDetails.actor.userIdentity.iamUser.principalId": "text",
  "policyDetails.actor.userIdentity.iamUser.userName": "text",
  "policyDetails.actor.userIdentity.root.accountId": "text",
  "policyDetails.actor.userIdentity.root.arn": "text",
  "policyDetails.actor.userIdentity.root.principalId": "text",
  "policyDetails.actor.userIdentity.type": FIELD_ENUMS.UserIdentityType,
};

/** Fields that take `eqExactMatch` (API reference, CriterionAdditionalProperties). */
export const EXACT_MATCH_FIELDS = [
  "customDataIdentifiers.detections.arn",
  "customDataIdentifiers.detections.name",
  "resourcesAffected.s3Bucket.tags.key",
  "resourcesAffected.s3Bucket.tags.value",
  "resourcesAffected.s3Object.tags.key",
  "resourcesAffected.s3Object.tags.value",
  "sensitiveData.category",
  "sensitiveData.detections.type",
];
