/**
 * What a planned change does in Macie, in words, by resource class and operation. The facts come
 * from each resource's section of docs/resources.md and from Macie's API reference; a reviewer
 * reads them next to the property diff to judge what approving the plan costs.
 *
 * A class missing from the table (one added later) gets DEFAULT's words. Code spans are written
 * with backticks; the text renderer drops them.
 */
import { UNKNOWN, type MacieChange, type Named, type PropertyChange } from "./plan";

type Operation = "create" | "update" | "replace" | "delete";
type Says = (c: MacieChange) => string | undefined;

// ---------------------------------------------------------------------------------------------
// Small helpers for the sentences

const list = (items: string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`);
const named = (items: Named[]) => list(items.map((n) => `\`${n.name}\``));
const changed = (c: MacieChange, path: string) => c.properties.some((p) => p.path === path || p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`));
const onlyTags = (c: MacieChange) => c.properties.length > 0 && c.properties.every((p: PropertyChange) => p.path === "tags" || p.path.startsWith("tags.") || p.path.startsWith("tags["));
const input = (c: MacieChange, key: string): any => (c.newInputs ?? c.oldInputs)?.[key];
const oldInput = (c: MacieChange, key: string): any => c.oldInputs?.[key];
const where = (c: MacieChange) => (c.accountId && c.region ? ` in account ${c.accountId}, ${c.region}` : "");
const spaced = (v: unknown) => (typeof v === "string" && v !== UNKNOWN ? ` ${v}` : "");
const sentences = (...parts: (string | undefined | false)[]) => parts.filter(Boolean).join(" ") || undefined;

/** The jobs of this plan that use an identifier or allow list, and what happens to them. */
function jobsThatUse(c: MacieChange, what: string): string {
  const jobs = c.usedBy.filter((u) => u.kind === "ClassificationJob");
  if (jobs.length === 0) return `No job in this plan uses it; a job outside this stack that uses it keeps the old ${what}.`;
  const replaced = jobs.filter((j) => j.op === "replace");
  const rest = jobs.filter((j) => j.op !== "replace");
  const one = replaced.length === 1;
  return sentences(
    replaced.length > 0 &&
      `${one ? "The job" : "The jobs"} of this plan that ${one ? "uses" : "use"} it ${one ? "is" : "are"} replaced with it, so ${one ? "its scan starts" : "their scans start"} over: ${named(replaced)}.`,
    ...rest.map((r) => `Also used by job \`${r.name}\`, which this plan ${VERBED[r.op] ?? `changes (${r.op})`}.`),
  )!;
}

const VERBED: Record<string, string> = { delete: "deletes", update: "updates in place" };

const SCHEDULES: Record<string, (v: any) => string> = {
  dailySchedule: () => "every day",
  weeklySchedule: (v) => `every ${String(v?.dayOfWeek ?? "week").toLowerCase().replace(/^./, (s) => s.toUpperCase())}`,
  monthlySchedule: (v) => `every month on day ${v?.dayOfMonth ?? "?"}`,
};
const schedule = (c: MacieChange) => {
  const freq = input(c, "scheduleFrequency") ?? {};
  const key = Object.keys(SCHEDULES).find((k) => freq[k] !== undefined);
  return key ? SCHEDULES[key](freq[key]) : "on its schedule";
};

/** What a new job (created, or the replacement) analyzes: the cost a reviewer approves. */
function newJobScans(c: MacieChange, subject: string): string {
  const jobType = input(c, "jobType");
  const again = c.op === "replace" ? " again" : "";
  const billed = c.op === "replace" ? ", billed as a new scan" : "";
  if (jobType === "ONE_TIME") return `${subject} starts at once and analyzes every eligible object in its buckets${again}${billed}.`;
  if (jobType !== "SCHEDULED") return `${subject} analyzes its buckets as a new job does.`;
  if (input(c, "initialRun") === true) {
    return `${subject} analyzes every eligible object in its buckets${again} at once (\`initialRun\`)${billed}, then runs ${schedule(c)}.`;
  }
  const missed = c.op === "replace" ? ", so objects changed since the old job's last run are left out" : "";
  return `${subject} runs ${schedule(c)}; its first run analyzes only objects created or changed after the job is created (no \`initialRun\`)${missed}.`;
}

// ---------------------------------------------------------------------------------------------
// The table

export const CONSEQUENCES: Record<string, Partial<Record<Operation, Says>>> = {
  Account: {
    create: () => "Enables Macie in this account and Region (a Macie already enabled is adopted, with these settings).",
    update: (c) =>
      sentences(
        changed(c, "status") && input(c, "status") === "PAUSED" && "Suspends Macie: Macie cancels the running jobs, and keeps the settings and findings.",
        changed(c, "status") && input(c, "status") === "ENABLED" && "Resumes Macie.",
        changed(c, "findingPublishingFrequency") && "Changes how often Macie publishes updates to policy findings to EventBridge and Security Hub.",
      ),
    replace: () =>
      "The Account moves to another Region or account: Macie is disabled here first, which deletes this Region's jobs, custom data identifiers, " +
      "findings filters, findings and settings, then enabled in the new place.",
    delete: (c) =>
      `Disables Macie${where(c)}: Macie deletes the account's jobs, custom data identifiers, findings filters, findings and settings in that Region. This cannot be undone.`,
  },
  ClassificationJob: {
    create: (c) => newJobScans(c, `A new ${input(c, "jobType") === "SCHEDULED" ? "scheduled" : "one-time"} job: it`),
    update: (c) =>
      sentences(
        changed(c, "jobStatus") && input(c, "jobStatus") === "USER_PAUSED" && "The job is paused where it is; Macie cancels a job left paused for 30 days.",
        changed(c, "jobStatus") && input(c, "jobStatus") === "RUNNING" && "The paused job resumes.",
        onlyTags(c) && "Only its tags change: the job runs on as it is.",
      ),
    replace: (c) =>
      sentences(
        "Macie cannot edit a job: the new job is created first, then this one is cancelled (a run in progress stops, the job never runs again, its findings stay).",
        newJobScans(c, "The new job"),
      ),
    delete: () => "The job is cancelled: a run in progress stops and it never runs again. Macie keeps the cancelled job and its findings (jobs cannot be deleted).",
  },
  CustomDataIdentifier: {
    create: () => "A new identifier: a job uses it once it lists it in `customDataIdentifierIds` (adding it to an existing job replaces that job).",
    update: (c) => (onlyTags(c) ? "Only its tags change (identifiers cannot be edited): jobs go on using it as it is." : undefined),
    replace: (c) => sentences("Macie cannot edit an identifier: a new one is created, then this one is soft-deleted.", jobsThatUse(c, "definition")),
    delete: (c) =>
      sentences(
        "Macie's soft delete: the identifier is marked deleted; jobs that already use it keep using it, new jobs cannot.",
        c.usedBy.length > 0 && jobsThatUse(c, "definition"),
      ),
  },
  AllowList: {
    create: () => "A new allow list: a job ignores its text once it lists it in `allowListIds` (adding it to an existing job replaces that job).",
    update: (c) => (onlyTags(c) ? "Only its tags change." : "Changed in place: the jobs that use it keep it, with the new settings."),
    replace: (c) => sentences("Macie cannot change the kind of criteria of a list: a new list is created, then this one deleted.", jobsThatUse(c, "list")),
    delete: (c) =>
      sentences(
        "The list is deleted: jobs no longer ignore its text, so their findings may report it.",
        oldInput(c, "ignoreJobChecksOnDelete") === true
          ? "`ignoreJobChecksOnDelete` is set: jobs that use it run on without it."
          : "Macie refuses the delete while a job that can still run uses the list (unless `ignoreJobChecksOnDelete` is set first).",
        c.usedBy.length > 0 && jobsThatUse(c, "list"),
      ),
  },
  FindingsFilter: {
    create: (c) =>
      input(c, "action") === "ARCHIVE"
        ? "A new suppression rule: Macie archives the findings it matches, so they no longer show as current findings."
        : "A new saved filter: it names a set of findings and suppresses nothing.",
    update: (c) =>
      sentences(
        changed(c, "action") && input(c, "action") === "NOOP" && "No longer a suppression rule: the findings it matches are no longer archived.",
        input(c, "action") === "ARCHIVE" &&
          (changed(c, "action") || changed(c, "findingCriteria")) &&
          "A suppression rule: Macie archives the findings its criteria match, so they no longer show as current findings. Check that the new criteria hide only what they should.",
        onlyTags(c) && "Only its tags change.",
      ),
    delete: (c) =>
      oldInput(c, "action") === "ARCHIVE"
        ? "A suppression rule goes: the findings it matched are no longer archived automatically."
        : "A saved filter goes; no finding changes.",
  },
  Member: {
    create: (c) =>
      input(c, "email") === undefined
        ? "An account of the organization becomes a member, without invitation: this administrator manages Macie for it."
        : input(c, "invite") === true
          ? "Macie invites the account; it becomes a member once it accepts."
          : "The member is added, not invited.",
    update: (c) =>
      sentences(
        changed(c, "invite") && input(c, "invite") === false && "The member account is disassociated: this administrator no longer manages Macie for it.",
        changed(c, "invite") && input(c, "invite") === true && "Macie invites the account again.",
        changed(c, "status") && input(c, "status") === "PAUSED" && "Suspends Macie in the member account.",
        changed(c, "status") && input(c, "status") === "ENABLED" && "Resumes Macie in the member account.",
        onlyTags(c) && "Only its tags change.",
      ),
    replace: () => "The new member is added (and invited) first, then the old one is disassociated and removed.",
    delete: (c) =>
      `Member account${spaced(oldInput(c, "accountId"))} is disassociated from this administrator and removed: the administrator no longer manages Macie for it. Macie stays enabled in that account.`,
  },
  InvitationAccepter: {
    create: (c) => `The account accepts the invitation of administrator${spaced(input(c, "administratorAccountId"))}, waiting for it: that administrator then manages Macie for it.`,
    replace: () => "The account leaves its administrator first, then accepts the new administrator's invitation.",
    delete: () => "The account leaves its administrator (disassociates): the administrator no longer manages Macie for it.",
  },
  OrganizationAdminAccount: {
    create: (c) => `Designates account${spaced(input(c, "adminAccountId"))} as the organization's delegated Macie administrator; Macie is enabled there.`,
    replace: () => "The current administrator is removed first (Macie disassociates its Organizations-managed members), then the new one is designated.",
    delete: () => "Removes the organization's delegated Macie administrator: Macie disassociates its Organizations-managed members.",
  },
  OrganizationConfiguration: {
    create: (c) => autoEnable(input(c, "autoEnable")),
    update: (c) => autoEnable(input(c, "autoEnable")),
    delete: () => "`autoEnable` goes back to false: accounts that join the organization no longer get Macie automatically (accounts already enabled stay enabled).",
  },
  ClassificationExportConfiguration: {
    create: (c) => `Macie stores its sensitive data discovery results in ${destination(c)} from now on.`,
    update: (c) => `Macie stores its sensitive data discovery results in ${destination(c)} from now on; results already stored stay where they are.`,
    delete: () => "Clears the destination: Macie no longer stores sensitive data discovery results in the bucket (results already there stay).",
  },
  FindingsPublicationConfiguration: {
    create: (c) => publication(c),
    update: (c) => publication(c),
    delete: () => "Back to Macie's defaults: policy findings are published to Security Hub, classification findings are not.",
  },
  AutomatedDiscoveryConfiguration: {
    create: (c) => discovery(input(c, "status")),
    update: (c) => (changed(c, "status") ? discovery(input(c, "status")) : undefined),
    delete: () => "Automated discovery goes back to DISABLED (from the organization's administrator, for every member account too).",
  },
  RevealConfiguration: {
    create: (c) => reveal(c),
    update: (c) => reveal(c),
    delete: (c) =>
      sentences(
        "Back to DISABLED: samples of the sensitive data that findings report can no longer be retrieved.",
        oldInput(c, "retrievalConfiguration")?.retrievalMode === "ASSUME_ROLE" && "Macie deletes the role name and external ID for good.",
      ),
  },
  AutomatedDiscoveryAccount: {
    create: (c) => memberDiscovery(c),
    update: (c) => (changed(c, "status") ? memberDiscovery(c) : undefined),
    delete: (c) => `Member account${spaced(oldInput(c, "accountId"))} goes back to the status the organization's setting gives it (\`autoEnableOrganizationMembers\`).`,
  },
  ClassificationScope: {
    create: () => "Automated discovery skips the listed buckets from now on.",
    update: () => "Automated discovery skips the new list of buckets from now on.",
    delete: () => "Back to Macie's default: automated discovery skips no bucket.",
  },
  SensitivityInspectionTemplate: {
    create: () => "Automated discovery uses the template's data identifiers and allow lists from now on, which can change the buckets' sensitivity scores.",
    update: () => "Automated discovery uses the new data identifiers and allow lists from now on, which can change the buckets' sensitivity scores.",
    delete: () => "Back to Macie's default: automated discovery uses Macie's recommended managed data identifiers, no custom identifier or allow list.",
  },
  ResourceProfile: {
    create: () => "The bucket's sensitivity score follows these overrides from now on.",
    update: () => "The bucket's sensitivity score follows the new overrides from now on.",
    delete: () => "The bucket's overrides are removed: Macie calculates its sensitivity score again, and every detection counts.",
  },
};

/** For a class the table does not know. */
export const DEFAULT: Partial<Record<Operation, Says>> = {
  replace: () => "The object is deleted and created again in Macie.",
  delete: () => "The object is deleted from Macie.",
};

function autoEnable(value: unknown): string {
  return value === true
    ? "Accounts that join the organization get Macie enabled automatically."
    : "Accounts that join the organization no longer get Macie automatically (accounts already enabled stay enabled).";
}

function destination(c: MacieChange): string {
  const d = input(c, "s3Destination") ?? {};
  const show = (v: unknown) => (v === UNKNOWN ? "(known after apply)" : String(v ?? ""));
  return `\`s3://${show(d.bucketName)}/${d.keyPrefix ? show(d.keyPrefix) : ""}\``;
}

function publication(c: MacieChange): string {
  const kinds = [input(c, "publishPolicyFindings") !== false && "policy", input(c, "publishClassificationFindings") === true && "classification"].filter(Boolean) as string[];
  return kinds.length ? `Macie publishes ${list(kinds)} findings to AWS Security Hub.` : "Macie publishes no findings to AWS Security Hub.";
}

function discovery(status: unknown): string {
  return status === "ENABLED"
    ? "Automated discovery runs: Macie continually samples the account's S3 objects and scores each bucket's sensitivity."
    : "Automated discovery stops (from the organization's administrator, for every member account too).";
}

function memberDiscovery(c: MacieChange): string {
  return `Automated discovery ${input(c, "status") === "ENABLED" ? "runs" : "stops"} for member account${spaced(input(c, "accountId"))}.`;
}

function reveal(c: MacieChange): string | undefined {
  const status = input(c, "configuration")?.status;
  if (status === "ENABLED") return "Users with permission can retrieve samples of the sensitive data that findings report, encrypted with the configuration's KMS key.";
  if (status !== "DISABLED") return undefined;
  return sentences(
    "Samples of the sensitive data that findings report can no longer be retrieved.",
    oldInput(c, "retrievalConfiguration")?.retrievalMode === "ASSUME_ROLE" && "Macie deletes the role name and external ID for good.",
  );
}

/** The consequence of a change, in words, or undefined when there is nothing to add to the diff. */
export function consequenceOf(c: MacieChange): string | undefined {
  const says = (CONSEQUENCES[c.kind] ?? DEFAULT)[c.op as Operation] ?? DEFAULT[c.op as Operation];
  return says?.(c);
}
