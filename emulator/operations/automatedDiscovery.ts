/**
 * Get/UpdateAutomatedDiscoveryConfiguration and Get/UpdateRevealConfiguration.
 *
 * Rules from the SDK documentation (the 2021 reference predates both):
 * - automated discovery: `status` ENABLED|DISABLED (required); `autoEnableOrganizationMembers`
 *   ALL|NEW|NONE applies to the organization's Macie administrator; `firstEnabledAt` is set the
 *   first time it is enabled, `disabledAt` when it is disabled (and cleared when enabled again),
 *   `lastUpdatedAt` on every change;
 * - reveal: `configuration.status` ENABLED|DISABLED (required), `configuration.kmsKeyId` (a key
 *   ARN, key id, alias name `alias/...` or alias ARN) required to enable; `retrievalConfiguration`
 *   `retrievalMode` CALLER_CREDENTIALS|ASSUME_ROLE, with `roleName` required for ASSUME_ROLE;
 *   Macie generates the `externalId` of an ASSUME_ROLE configuration. Disabling deletes the
 *   retrieval settings (the mode returns to CALLER_CREDENTIALS, role name and external id are gone).
 *
 * Choices where the documentation is silent (also in docs/emulator.md):
 * - before any update, automated discovery is DISABLED and reveal is DISABLED with
 *   CALLER_CREDENTIALS;
 * - `autoEnableOrganizationMembers` from an account that is not the organization's delegated
 *   administrator in the Region is a ValidationException; for the administrator it defaults to ALL;
 * - `classificationScopeId` and `sensitivityInspectionTemplateId` are stable ids derived from the
 *   account and Region (Macie creates both with the account);
 * - `roleName` with CALLER_CREDENTIALS is a ValidationException; when disabling reveal, kmsKeyId
 *   and retrievalConfiguration are ignored.
 */
import { createHash } from "node:crypto";
import { type Operation, type OperationContext, validation } from "../core/types";
import { optionalEnum, optionalObject, optionalString, required, requiredEnum, requiredObject, requiredString } from "../core/validate";
import { organizationAdmin } from "./relationships";
import { applyConfigurationToMembers } from "./automatedDiscoveryAccounts";

const STATUSES = ["ENABLED", "DISABLED"] as const;
const AUTO_ENABLE = ["ALL", "NEW", "NONE"] as const;
const RETRIEVAL_MODES = ["CALLER_CREDENTIALS", "ASSUME_ROLE"] as const;

/** A stable 32-hex-character id for a per-account resource Macie creates on its own. */
const derivedId = (ctx: OperationContext, kind: string) =>
  createHash("sha256").update(`${kind}:${ctx.accountId}:${ctx.region}`).digest("hex").slice(0, 32);

/** The id of the caller's classification scope (one per account and Region). */
export const classificationScopeId = (ctx: OperationContext) => derivedId(ctx, "classification-scope");
/** The id of the caller's sensitivity inspection template (one per account and Region). */
export const sensitivityInspectionTemplateId = (ctx: OperationContext) => derivedId(ctx, "sensitivity-inspection-template");

const isOrganizationAdmin = (ctx: OperationContext) => organizationAdmin(ctx) === ctx.accountId;

function getAutomatedDiscovery(ctx: OperationContext) {
  const stored = ctx.scope().automatedDiscovery ?? { status: "DISABLED" };
  const view: Record<string, unknown> = {
    classificationScopeId: classificationScopeId(ctx),
    sensitivityInspectionTemplateId: sensitivityInspectionTemplateId(ctx),
    ...stored,
  };
  if (isOrganizationAdmin(ctx)) view.autoEnableOrganizationMembers = stored.autoEnableOrganizationMembers ?? "ALL";
  else delete view.autoEnableOrganizationMembers;
  return view;
}

function updateAutomatedDiscovery(ctx: OperationContext, body: Record<string, any>) {
  const status = requiredEnum(body.status, "status", STATUSES);
  const autoEnable = optionalEnum(body.autoEnableOrganizationMembers, "autoEnableOrganizationMembers", AUTO_ENABLE);
  if (autoEnable !== undefined && !isOrganizationAdmin(ctx)) {
    throw validation(
      `autoEnableOrganizationMembers applies only to the Macie administrator of an organization; account ${ctx.accountId} is not the delegated administrator in ${ctx.region}`,
    );
  }
  const scope = ctx.scope();
  const current = scope.automatedDiscovery ?? { status: "DISABLED" };
  const next: Record<string, unknown> = { ...current, status, lastUpdatedAt: ctx.nowIso };
  if (status === "ENABLED") {
    next.firstEnabledAt = current.firstEnabledAt ?? ctx.nowIso;
    delete next.disabledAt;
  } else if (current.status !== "DISABLED" || !current.disabledAt) {
    next.disabledAt = ctx.nowIso;
  }
  if (autoEnable !== undefined) next.autoEnableOrganizationMembers = autoEnable;
  applyConfigurationToMembers(scope, status, next.autoEnableOrganizationMembers as string | undefined);
  scope.automatedDiscovery = next;
  return {};
}

const KMS_KEY = [
  /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[A-Za-z0-9-]+|alias\/[A-Za-z0-9/_-]+)$/, // key or alias ARN
  /^(mrk-)?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$|^mrk-[0-9a-f]{32}$/, // key id
  /^alias\/[A-Za-z0-9/_-]{1,250}$/, // alias name
];

const DEFAULT_REVEAL = { configuration: { status: "DISABLED" }, retrievalConfiguration: { retrievalMode: "CALLER_CREDENTIALS" } };

function updateReveal(ctx: OperationContext, body: Record<string, any>) {
  const c = requiredObject(body.configuration, "configuration");
  const status = requiredEnum(c.status, "configuration.status", STATUSES);
  const scope = ctx.scope();
  if (status === "DISABLED") {
    scope.revealConfiguration = structuredClone(DEFAULT_REVEAL);
    return structuredClone(scope.revealConfiguration);
  }
  const kmsKeyId = requiredString(c.kmsKeyId, "configuration.kmsKeyId", { min: 1, max: 2048 });
  if (!KMS_KEY.some((re) => re.test(kmsKeyId))) {
    throw validation(
      `configuration.kmsKeyId must be a KMS key ARN, key ID, alias name (alias/...) or alias ARN, got ${JSON.stringify(kmsKeyId)}`,
    );
  }
  const previous = (scope.revealConfiguration ?? DEFAULT_REVEAL).retrievalConfiguration as Record<string, string>;
  let retrieval = previous;
  const r = optionalObject(body.retrievalConfiguration, "retrievalConfiguration");
  if (r) {
    const mode = requiredEnum(r.retrievalMode, "retrievalConfiguration.retrievalMode", RETRIEVAL_MODES);
    const roleName = optionalString(r.roleName, "retrievalConfiguration.roleName", { min: 1, max: 64 });
    if (mode === "ASSUME_ROLE") {
      required(roleName, "retrievalConfiguration.roleName");
      if (!/^[\w+=,.@-]+$/.test(roleName as string)) {
        throw validation(`retrievalConfiguration.roleName must be an IAM role name (letters, digits and +=,.@_-), got ${JSON.stringify(roleName)}`);
      }
      const externalId = previous.retrievalMode === "ASSUME_ROLE" ? previous.externalId : ctx.newId();
      retrieval = { retrievalMode: mode, roleName: roleName as string, externalId };
    } else {
      if (roleName !== undefined) throw validation("retrievalConfiguration.roleName applies only when retrievalMode is ASSUME_ROLE");
      retrieval = { retrievalMode: mode };
    }
  }
  scope.revealConfiguration = { configuration: { kmsKeyId, status }, retrievalConfiguration: retrieval };
  return structuredClone(scope.revealConfiguration);
}

export const operations: Operation[] = [
  {
    name: "GetAutomatedDiscoveryConfiguration",
    method: "GET",
    path: "/automated-discovery/configuration",
    mutating: false,
    handle: (ctx) => getAutomatedDiscovery(ctx),
  },
  {
    name: "UpdateAutomatedDiscoveryConfiguration",
    method: "PUT",
    path: "/automated-discovery/configuration",
    mutating: true,
    handle: (ctx, req) => updateAutomatedDiscovery(ctx, req.body),
  },
  {
    name: "GetRevealConfiguration",
    method: "GET",
    path: "/reveal-configuration",
    mutating: false,
    handle: (ctx) => structuredClone(ctx.scope().revealConfiguration ?? DEFAULT_REVEAL),
  },
  {
    name: "UpdateRevealConfiguration",
    method: "PUT",
    path: "/reveal-configuration",
    mutating: true,
    handle: (ctx, req) => updateReveal(ctx, req.body),
  },
];
