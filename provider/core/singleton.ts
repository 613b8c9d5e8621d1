/**
 * Settings declared by resources that do not create them: the classification scope and the
 * sensitivity inspection template (one per account and Region), a member's automated discovery
 * status (one per member account), a bucket's profile overrides (one per bucket). Their
 * definitions say which setting they declare (`singleton` in definition.ts).
 *
 * Two resources of one deployment declaring the same setting would overwrite each other on every
 * `up`, and deleting either would undo the other. Every dynamic resource of a `pulumi preview`,
 * `up` or `destroy` runs in one dynamic-provider plugin process, so that process keeps, per
 * setting, the resource that declared it (its owner identity, see ownership.ts):
 *
 * - `check` claims the setting under the account it can tell without a call: the account of
 *   `assumeRoleArn`, else the stack's credentials. A second resource claiming it fails check (at
 *   preview), naming both resources.
 * - create and update claim it again under the real account (STS), which also catches one
 *   resource using the credentials and another a role into the same account (at `up`).
 * - delete leaves Macie alone when another resource created or updated the setting in this
 *   deployment: the program moved the setting to a new resource (a rename without alias), whose
 *   create ran first; restoring Macie's default would undo it.
 *
 * Limits: one process sees one deployment. Declarations in two stacks are not caught (each `up`
 * applies its own settings; destroying either restores Macie's default); nor are two copies of
 * pulumi-macie in one program, which keep their claims apart.
 */
import { roleAccount, targetRegion } from "./connection";
import type { ResourceDefinition } from "./definition";
import { UNKNOWN } from "./schema";

/** The account of a resource that uses the stack's credentials, as check knows it (no call). */
const CREDENTIALS = "of the stack's credentials";

interface Declaration {
  owner: string;
  /** Its create or update ran in this process. */
  applied: boolean;
}

const declarations = new Map<string, Declaration>();

/** The resource's name in an owner identity (`<org>/<project>/<stack>|...|macie:<Type>::<name>`). */
const nameOf = (owner: string) => owner.slice(owner.lastIndexOf("::") + 2);

const where = (account: string, region: string) => `${/^\d{12}$/.test(account) ? `account ${account}` : `the account ${account}`}, ${region}`;

/**
 * Records `owner` as the declaring resource of `setting` in `account` and `region`; the message
 * of the refusal when another resource already declared it.
 */
function declare(def: ResourceDefinition, owner: string, setting: string, account: string, region: string, applied: boolean): string | undefined {
  const key = JSON.stringify([def.type, account, region, setting]);
  const earlier = declarations.get(key);
  if (earlier && earlier.owner !== owner) {
    return (
      `${def.type} "${nameOf(owner)}" declares ${setting} of ${where(account, region)}, which ${def.type} ` +
      `"${nameOf(earlier.owner)}" of this deployment already declares: Macie has one, and two resources would ` +
      `overwrite each other's settings. Keep one of them.`
    );
  }
  declarations.set(key, { owner, applied: applied || !!earlier?.applied });
  return undefined;
}

/** At check: the refusal of a second declaration, or undefined (also while the setting or its place is unknown). */
export function declareAtCheck(def: ResourceDefinition, owner: string, inputs: Record<string, any>): string | undefined {
  if (!def.singleton || inputs.region === UNKNOWN || inputs.assumeRoleArn === UNKNOWN) return undefined;
  const region = targetRegion(inputs.region);
  const setting = def.singleton(inputs);
  if (!region || setting.includes(UNKNOWN)) return undefined; // named by a value not known yet (preview)
  return declare(def, owner, setting, roleAccount(inputs.assumeRoleArn) ?? CREDENTIALS, region, false);
}

/** At create and update, in the real account: throws when another resource declared the setting. */
export function declareApplied(def: ResourceDefinition, owner: string, ctx: { accountId: string; region: string }, inputs: Record<string, any>): void {
  if (!def.singleton) return;
  const refused = declare(def, owner, def.singleton(inputs), ctx.accountId, ctx.region, true);
  if (refused) throw new Error(refused);
}

/**
 * At delete: why Macie is left alone, when another resource created or updated the setting in
 * this deployment; undefined otherwise. (A resource that is deleted is no longer in the program,
 * so it was not declared here, unless it is being replaced: then its replacement has just applied
 * its own settings, which must stay too.)
 */
export function takenOver(def: ResourceDefinition, ctx: { accountId: string; region: string }, state: Record<string, any>): string | undefined {
  if (!def.singleton) return undefined;
  const setting = def.singleton(state);
  const found = declarations.get(JSON.stringify([def.type, ctx.accountId, ctx.region, setting]));
  if (!found?.applied) return undefined;
  return `${setting} of ${where(ctx.accountId, ctx.region)} is left as it is: ${def.type} "${nameOf(found.owner)}" of this deployment now declares it`;
}
