/**
 * The contract between macie-local's wire layer (server, routing, signatures, faults, admin) and
 * its service model (one file per Macie domain under `emulator/operations/`).
 *
 * Like moto's split of model and responses: an operation handler receives already-decoded input
 * (path labels, query lists, JSON body) and returns a plain object, or throws a `MacieError`.
 * It never sees HTTP. The wire layer turns the result into a restJson1 response.
 *
 * State is plain JSON (timestamps are RFC 3339 strings), so the durable state file is just
 * `JSON.stringify(world)`.
 */

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Decoded input of one call. */
export interface OperationRequest {
  /** Path labels, percent-decoded, e.g. `{ jobId: "abc" }` for `/jobs/{jobId}`. */
  labels: Record<string, string>;
  /** Query parameters; every key holds a list because restJson1 repeats keys for lists. */
  query: Record<string, string[]>;
  /** Parsed JSON body, `{}` when the request had none. */
  body: any;
}

/** What a handler knows about the caller and the world. */
export interface OperationContext {
  /** The caller's account (from the SigV4 access key id). */
  accountId: string;
  /** The caller's Region (from the SigV4 credential scope). */
  region: string;
  /** The instant of this call (a single clock read, so one call's timestamps agree). */
  now: Date;
  /** `now` as an RFC 3339 string. */
  nowIso: string;
  /** The whole emulated world: every account and Region. */
  world: World;
  /** Settings from the config file. */
  config: EmulatorConfig;
  /**
   * The state of an account in a Region (the caller's by default). Created empty on first use,
   * so `scope(x).session === undefined` means "Macie is not enabled there".
   */
  scope(accountId?: string, region?: string): RegionState;
  /** `arn:aws:macie2:<region>:<account>:<resourceType>/<id>` in the caller's account and Region. */
  arn(resourceType: TaggableResourceType, id: string): string;
  /** A new random id in Macie's style (32 lowercase hex characters). */
  newId(): string;
}

export interface Operation {
  /** The Macie operation name, as in the API reference and the SDK command (`CreateClassificationJob`). */
  name: string;
  method: HttpMethod;
  /** Path template with `{label}` segments, as in the API reference (`/jobs/{jobId}`). */
  path: string;
  /** Whether the call can change state. Observability counts mutating calls separately. */
  mutating: boolean;
  /**
   * Whether the caller's account must have Macie enabled (true by default): the wire layer then
   * answers 403 AccessDeniedException "Macie is not enabled" before calling the handler.
   */
  requiresMacie?: boolean;
  /** HTTP status of success: 200 by default, 204 for TagResource/UntagResource. */
  successStatus?: number;
  /**
   * For Create* operations that carry `clientToken`: the wire layer replays the first response of
   * a repeated token (per account, Region and operation) without calling the handler again.
   */
  idempotent?: boolean;
  handle(ctx: OperationContext, req: OperationRequest): unknown | Promise<unknown>;
}

/** Error types Macie models, with their HTTP status. */
export const ERROR_STATUS = {
  ValidationException: 400,
  ServiceQuotaExceededException: 402,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  UnprocessableEntityException: 422,
  ThrottlingException: 429,
  InternalServerException: 500,
} as const;

export type MacieErrorType = keyof typeof ERROR_STATUS;

/** A modeled Macie error. The wire layer writes `x-amzn-errortype` and a `{message}` body. */
export class MacieError extends Error {
  readonly status: number;
  constructor(readonly type: MacieErrorType, message: string) {
    super(message);
    this.name = type;
    this.status = ERROR_STATUS[type];
  }
}

export const validation = (message: string) => new MacieError("ValidationException", message);
export const notFound = (message: string) => new MacieError("ResourceNotFoundException", message);
export const conflict = (message: string) => new MacieError("ConflictException", message);
export const accessDenied = (message: string) => new MacieError("AccessDeniedException", message);
export const quotaExceeded = (message: string) => new MacieError("ServiceQuotaExceededException", message);
export const unprocessable = (message: string) => new MacieError("UnprocessableEntityException", message);

/** Resource types that have ARNs and tags, in Macie's ARN spelling. */
export type TaggableResourceType =
  | "classification-job"
  | "custom-data-identifier"
  | "findings-filter"
  | "allow-list"
  | "member";

// ---------------------------------------------------------------------------------------------
// Configuration

export interface OrganizationModel {
  managementAccountId: string;
  memberAccountIds: string[];
}

export interface EmulatorConfig {
  /** Optional AWS Organizations model; without it, organization calls answer as for an account outside one. */
  organization?: OrganizationModel;
  /** Access key id -> account id, for keys that are not themselves 12-digit account ids. */
  accessKeys?: Record<string, string>;
  /** Access key id -> secret; SigV4 signatures are verified for these keys only. */
  secretKeys?: Record<string, string>;
  /** Simulated job progress. */
  jobs?: {
    /** Milliseconds a one-time job stays RUNNING before COMPLETE (default 2000; 0 = at once; -1 = never). */
    oneTimeRunMs?: number;
    /** Milliseconds a scheduled job's run stays RUNNING before going IDLE (default 2000; -1 = never). */
    scheduledRunMs?: number;
  };
  /** Service quotas; the defaults are Macie's (`DEFAULT_QUOTAS` in core/records.ts). */
  quotas?: Partial<Quotas>;
  /** Fault injection settings in force at start (see docs/emulator.md). */
  faults?: unknown;
  /** Limits that protect the emulator from hostile or broken clients (see docs/emulator.md). */
  limits?: Partial<Limits>;
  /**
   * Items per page of lists whose request takes no maxResults (default 100), so that a client's
   * pagination can be tested: `{ ListManagedDataIdentifiers: 5 }`.
   */
  pageSizes?: { ListManagedDataIdentifiers?: number };
  /**
   * Host header values accepted besides 127.0.0.1, localhost, [::1] and the bind host (each with
   * the listening port): for a name or port mapping in front of macie-local (Docker, a proxy).
   * An entry without a port takes the listening port.
   */
  allowedHosts?: string[];
}

/** Limits on what one request may cost the emulator; `DEFAULT_LIMITS` in core/guard.ts holds the defaults. */
export interface Limits {
  /** Largest request body accepted (bytes, default 1 MiB); a larger one is answered 413. */
  maxBodyBytes: number;
  /** Time a client has to send the request headers (ms, default 10,000); then 408 and closed. */
  headersTimeoutMs: number;
  /** Time a client has to send the whole request, headers and body (ms, default 30,000); then 408 and closed. */
  requestTimeoutMs: number;
  /** Time one evaluation of a caller's regular expression may take (ms, default 1000) before it is abandoned. */
  regexTimeoutMs: number;
}

/** Service quotas per account and Region. */
export interface Quotas {
  customDataIdentifiersPerAccount: number;
  findingsFiltersPerAccount: number;
  allowListsPerAccount: number;
  membersPerAdministrator: number;
}

// ---------------------------------------------------------------------------------------------
// State. Everything is JSON; timestamps are RFC 3339 strings.

export interface World {
  /** Bumped when the shape changes, so an old state file is refused with a clear error. */
  version: 1;
  accounts: Record<string /* accountId */, Record<string /* region */, RegionState>>;
  /** Delegated Macie administrator of the organization, per Region. */
  organizationAdmins: Record<string /* region */, { accountId: string; status: "ENABLED" | "DISABLING_IN_PROGRESS" }>;
}

export interface RegionState {
  /** The Macie session; undefined while Macie is not enabled. */
  session?: {
    status: "ENABLED" | "PAUSED";
    findingPublishingFrequency: "FIFTEEN_MINUTES" | "ONE_HOUR" | "SIX_HOURS";
    serviceRole: string;
    createdAt: string;
    updatedAt: string;
  };
  customDataIdentifiers: Record<string, Record<string, any>>;
  findingsFilters: Record<string, Record<string, any>>;
  /** Jobs by jobId. Each holds what DescribeClassificationJob returns, plus emulator bookkeeping under `_sim`. */
  jobs: Record<string, Record<string, any>>;
  allowLists: Record<string, Record<string, any>>;
  /** As an administrator: member accounts by account id (Macie's Member shape, tags included). */
  members: Record<string, Record<string, any>>;
  /** As a member: invitations received, by invitation id. */
  invitations: Record<string, { accountId: string; invitationId: string; invitedAt: string; relationshipStatus: string }>;
  /** As a member: the administrator relationship, once an invitation was accepted (or Organizations added it). */
  administrator?: { accountId: string; invitationId?: string; invitedAt?: string; relationshipStatus: string };
  organizationConfiguration: { autoEnable: boolean };
  classificationExportConfiguration?: Record<string, any>;
  findingsPublicationConfiguration?: { securityHubConfiguration: { publishClassificationFindings: boolean; publishPolicyFindings: boolean } };
  automatedDiscovery?: Record<string, any>;
  /** Automated discovery's classification scope: the excluded bucket names, in the order added. */
  classificationScope?: { excludedBucketNames: string[]; updatedAt: string };
  /** Automated discovery's sensitivity inspection template, once updated (absent: Macie's default). */
  sensitivityInspectionTemplate?: Record<string, any>;
  /** As an administrator: automated discovery status of member accounts, by account id. */
  automatedDiscoveryAccounts: Record<string, "ENABLED" | "DISABLED">;
  /** Per-bucket settings of automated discovery (score override, suppressed detections), by bucket name. */
  resourceProfiles: Record<string, { sensitivityScoreOverride?: number; suppressDataIdentifiers?: { id: string; type: string }[]; updatedAt: string }>;
  revealConfiguration?: Record<string, any>;
  /** Idempotency: `${operation}:${clientToken}` -> the first response. */
  clientTokens: Record<string, unknown>;
}

/**
 * A map keyed by strings that come from callers (ids, account ids, Regions): an object without a
 * prototype, so that `__proto__`, `constructor` or `toString` are ordinary keys that are absent
 * until set, never Object.prototype's members.
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null);
}

/** The maps of a Region state that are keyed by ids. */
export const REGION_STATE_MAPS = [
  "customDataIdentifiers",
  "findingsFilters",
  "jobs",
  "allowLists",
  "members",
  "invitations",
  "clientTokens",
  "automatedDiscoveryAccounts",
  "resourceProfiles",
] as const;

export function emptyRegionState(): RegionState {
  return {
    customDataIdentifiers: dict(),
    findingsFilters: dict(),
    jobs: dict(),
    allowLists: dict(),
    members: dict(),
    invitations: dict(),
    organizationConfiguration: { autoEnable: false },
    clientTokens: dict(),
    automatedDiscoveryAccounts: dict(),
    resourceProfiles: dict(),
  };
}
