/**
 * The generic half of every Macie dynamic provider. It runs inside the dynamic-provider plugin
 * process, loaded by name (`require("pulumi-macie/runtime")`) at call time, so the provider
 * objects serialized into the state stay tiny and always run the installed version of this code.
 *
 * check  – validates every input at once, applies defaults and auto-names; no API call.
 * diff   – pure: compares the state with the new inputs using each resource's replace table.
 * create/read/update/delete – connect, then call the resource file's Macie mapping.
 */
import type { CheckFailure } from "./schema";
import { containsUnknown, forEngine, s, UNKNOWN } from "./schema";
import type { ResourceDefinition } from "./definition";
import { PartialCreateError } from "./definition";
import { connect, roleAccount, setStackConfig, targetRegion } from "./connection";
import { makeCallContext } from "./calls";
import { claimEarlierAttempt, markFor } from "./claim";
import { canonical, OWNER_KEY, OWNER_TAG, reproducibleName, track } from "./ownership";
import { watchEngine } from "./engine";
import { noteDiff, withStableValues } from "./stable";
import { declareApplied, declareAtCheck, takenOver } from "./singleton";

// In the dynamic-provider plugin: exit when the engine that started it is gone (see engine.ts).
watchEngine();

/**
 * The input that carried the Pulumi resource name to `check` in earlier states (and test callers):
 * the name is now the end of the owner (`__owner`, provider.ts). Still read, for states and
 * callers that have it.
 */
export const RESOURCE_NAME_KEY = "__resourceName";

/**
 * The Pulumi resource name, for auto-naming and messages (the engine does not pass it to dynamic
 * providers): the end of the owner, `…|macie:<type>::<name>`, else the older `__resourceName`.
 */
export function resourceNameOf(type: string, bag: Record<string, any>): string | undefined {
  if (typeof bag?.[RESOURCE_NAME_KEY] === "string") return bag[RESOURCE_NAME_KEY];
  const owner = bag?.[OWNER_KEY];
  const marker = `|macie:${type}::`;
  const at = typeof owner === "string" ? owner.lastIndexOf(marker) : -1;
  return at >= 0 ? owner.slice(at + marker.length) : undefined;
}

/** Where each resource's description lives (the class name is the Pulumi type). */
const RESOURCE_FILES: Record<string, string> = {
  Account: "../resources/account",
  OrganizationAdminAccount: "../resources/organizationAdminAccount",
  OrganizationConfiguration: "../resources/organizationConfiguration",
  Member: "../resources/member",
  InvitationAccepter: "../resources/invitationAccepter",
  CustomDataIdentifier: "../resources/customDataIdentifier",
  FindingsFilter: "../resources/findingsFilter",
  ClassificationExportConfiguration: "../resources/classificationExportConfiguration",
  FindingsPublicationConfiguration: "../resources/findingsPublicationConfiguration",
  ClassificationJob: "../resources/classificationJob",
  AllowList: "../resources/allowList",
  AutomatedDiscoveryConfiguration: "../resources/automatedDiscoveryConfiguration",
  RevealConfiguration: "../resources/revealConfiguration",
  ClassificationScope: "../resources/classificationScope",
  SensitivityInspectionTemplate: "../resources/sensitivityInspectionTemplate",
  AutomatedDiscoveryAccount: "../resources/automatedDiscoveryAccount",
  ResourceProfile: "../resources/resourceProfile",
};

export function definitionOf(type: string): ResourceDefinition {
  const file = RESOURCE_FILES[type];
  if (!file) throw new Error(`pulumi-macie has no resource type ${type}`);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require(file).definition as ResourceDefinition;
}

/** The inputs every resource takes, to choose its account and Region. */
const CONNECTION_FIELDS = {
  region: s.string({ pattern: /^[a-z]{2}(-[a-z]+)+-\d$/, patternReason: "must be an AWS Region name such as us-east-1" }),
  assumeRoleArn: s.string({ pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, patternReason: "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)" }),
};
const CONNECTION_KEYS = Object.keys(CONNECTION_FIELDS);
/** The input that marks a read as serving Pulumi's `get` (provider.ts): the object must exist. */
const GET_KEY = "__get";
/** Outputs the core adds to every resource. */
const LOCATION_KEYS = ["accountId", "region"];

const inputKeys = (def: ResourceDefinition) => Object.keys(def.schema.fields);

/** Inputs without Pulumi's and our bookkeeping keys (`__provider`, `__owner`, ...). */
function userInputs(bag: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(bag ?? {})) if (!k.startsWith("__") && v !== undefined) out[k] = v;
  return out;
}

// ---------------------------------------------------------------------------------------------
// configure / check / diff: no API calls

export async function configure(config: { get(key: string): string | undefined }): Promise<void> {
  setStackConfig({ region: config.get("aws:region"), profile: config.get("aws:profile") });
}

export async function check(type: string, olds: Record<string, any>, news: Record<string, any>) {
  const def = definitionOf(type);
  // In a preview: the current values of stable outputs of resources being updated in place.
  news = withStableValues(news);
  const inputs: Record<string, any> = { ...news };
  for (const [k, v] of Object.entries(def.defaults ?? {})) if (inputs[k] === undefined || inputs[k] === null) inputs[k] = v;
  if (def.autoName) {
    const { property, maxLength } = def.autoName;
    if (inputs[property] === undefined || inputs[property] === null) {
      // Keep the name chosen at create time, as Pulumi's auto-naming does, so updates do not rename.
      // A new name is reproducible: the next run, after an interrupted create, asks for the same one.
      const resourceName = resourceNameOf(type, news) ?? type;
      inputs[property] =
        olds?.[property] ??
        reproducibleName(resourceName, ownerOf(type, news), userInputs(inputs), [property, ...(def.createOnly ?? [])], maxLength) ??
        UNKNOWN;
    }
  }
  const failures: CheckFailure[] = def.schema.extend(CONNECTION_FIELDS).checkInputs(userInputs(inputs));
  def.validate?.(userInputs(inputs) as any, failures);
  // A setting the account has one of, declared by a second resource (singleton.ts); valid inputs only.
  const secondDeclaration = failures.length ? undefined : declareAtCheck(def, ownerOf(type, news), userInputs(inputs));
  if (secondDeclaration) failures.push({ property: "", reason: secondDeclaration });
  // Failures in the form the engine prints with their path and value (schema.ts, forEngine).
  return { inputs: withoutUndefined(inputs), failures: forEngine(dedupe(failures), userInputs(inputs)) };
}

/** The declaring resource's identity (set by the program, see provider.ts); the type and name when absent. */
export function ownerOf(type: string, bag: Record<string, any>): string {
  const owner = bag?.[OWNER_KEY];
  return typeof owner === "string" && owner !== UNKNOWN ? owner : `${type}::${resourceNameOf(type, bag) ?? ""}`;
}

function dedupe(failures: CheckFailure[]): CheckFailure[] {
  const seen = new Set<string>();
  return failures.filter((f) => {
    const key = `${f.property}\0${f.reason}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** The input properties whose value differs between the state and the new inputs. */
export function changedInputs(def: ResourceDefinition, olds: Record<string, any>, news: Record<string, any>): string[] {
  const createOnly = new Set(def.createOnly ?? []);
  return inputKeys(def).filter((k) => !createOnly.has(k) && (containsUnknown(news[k]) || !same(olds[k], news[k])));
}

export async function diff(type: string, id: string, olds: Record<string, any>, news: Record<string, any>) {
  const def = definitionOf(type);
  track(type, id); // the engine tracks this object: a create (of its replacement) must not claim it
  const changed = changedInputs(def, olds, news);
  const replaces = changed.filter((k) => def.replaceOnChanges.includes(k));
  for (const k of def.replaceWhen?.(olds, news) ?? []) if (changed.includes(k) && !replaces.includes(k)) replaces.push(k);
  // Connection: a resource in another Region or account is another resource.
  const region = news.region === UNKNOWN ? UNKNOWN : targetRegion(news.region);
  if (region && olds.region && region !== olds.region) replaces.push("region");
  if (news.assumeRoleArn === UNKNOWN || (roleAccount(news.assumeRoleArn) ?? "") !== (roleAccount(olds.assumeRoleArn) ?? "")) {
    replaces.push("assumeRoleArn");
  }
  const changes = changed.length > 0 || replaces.length > 0;
  noteDiff(ownerOf(type, news), [...LOCATION_KEYS, ...(def.stableOutputs ?? [])], olds, replaces.length > 0);
  // What the change does, where the engine's display of the inputs cannot say it (definition.ts).
  if (changes && replaces.length === 0) for (const line of def.describeChanges?.(olds, news) ?? []) console.log(`${type} "${resourceNameOf(type, news) ?? id}": ${line}`);
  return { changes, replaces, deleteBeforeReplace: replaces.length > 0 && !!def.deleteBeforeReplace };
}

// ---------------------------------------------------------------------------------------------
// create / read / update / delete: Macie calls

async function contextFor(bag: Record<string, any>) {
  const conn = await connect({ region: bag.region, assumeRoleArn: bag.assumeRoleArn });
  return makeCallContext(conn);
}

/** The state kept by the engine: inputs, computed outputs, and where the resource lives. */
function stateOf(def: ResourceDefinition, inputs: Record<string, any>, outs: Record<string, any>, ctx: { accountId: string; region: string }) {
  // A resource whose own input is named accountId (a Member: the member account) keeps it; its
  // location is then in its other outputs (a Member's administratorAccountId).
  const location = def.schema.fields.accountId ? { region: ctx.region } : { accountId: ctx.accountId, region: ctx.region };
  return withoutUndefined({ ...inputs, ...outs, ...location });
}

/**
 * The state without `undefined` values, at any depth: the dynamic-provider plugin turns results
 * into a protobuf Struct, which has no undefined and fails on one ("Unexpected struct type").
 */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
    return out as T;
  }
  return value;
}

export async function create(type: string, news: Record<string, any>) {
  const def = definitionOf(type);
  const inputs = userInputs(news);
  const ctx = await contextFor(inputs);
  let sent = inputs;
  if (def.claim) {
    // An earlier create of this resource, interrupted after Macie made the object, is adopted.
    const owner = ownerOf(type, news);
    const claimed = await claimEarlierAttempt(def, ctx, inputs, owner, resourceNameOf(type, news) ?? "", (o, n) =>
      changedInputs(def, o, n),
    );
    if (claimed) return { id: claimed.id, outs: stateOf(def, inputs, claimed.outs, ctx) };
    sent = { ...inputs, tags: { ...inputs.tags, [OWNER_TAG]: markFor(def, owner, inputs) } };
  }
  declareApplied(def, ownerOf(type, news), ctx, inputs);
  try {
    const { id, outs } = await def.create(ctx, sent);
    track(type, id);
    return { id, outs: stateOf(def, inputs, outs, ctx) };
  } catch (e) {
    if (e instanceof PartialCreateError) {
      // The engine records a resource that failed to initialize when the error carries an id.
      throw Object.assign(new Error(e.message), { id: e.id, properties: stateOf(def, inputs, e.properties, ctx), reasons: e.reasons });
    }
    throw e;
  }
}

export async function read(type: string, id: string, props: Record<string, any>) {
  const def = definitionOf(type);
  const state = userInputs(props);
  track(type, id);
  const isGet = props?.[GET_KEY] === true;
  if (isGet) {
    // A `get` has no check: its connection inputs are validated here.
    const failures = s.object(CONNECTION_FIELDS).checkInputs(state);
    if (failures.length) throw new Error(`${type} ${id}: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
  }
  const ctx = await contextFor(state);
  const current = await def.read(ctx, id, state);
  if (current === undefined) {
    if (isGet) throw new Error(`${type} ${id} does not exist in account ${ctx.accountId}, Region ${ctx.region}`);
    return { id: "", props: {} }; // gone: the engine drops it from the state
  }
  const merged: Record<string, any> = stateOf(def, state, current, ctx);
  // The inputs as Macie now has them, so refresh and import see drift; the connection inputs
  // stay as the program gave them (an import must not pin a Region the program did not set).
  const inputs: Record<string, any> = {};
  for (const k of inputKeys(def)) if (merged[k] !== undefined) inputs[k] = merged[k];
  if (state.assumeRoleArn !== undefined) inputs.assumeRoleArn = state.assumeRoleArn;
  return { id, props: merged, inputs };
}

export async function update(type: string, id: string, olds: Record<string, any>, news: Record<string, any>) {
  const def = definitionOf(type);
  const inputs = userInputs(news);
  track(type, id);
  const ctx = await contextFor(inputs);
  const changed = changedInputs(def, olds, inputs);
  declareApplied(def, ownerOf(type, news), ctx, inputs);
  const outs = def.update ? await def.update(ctx, id, userInputs(olds), inputs, changed) : {};
  // Computed outputs carry over unless the update returned new values; inputs are the new ones.
  const keep = new Set([...inputKeys(def), ...CONNECTION_KEYS]);
  const computed = Object.fromEntries(Object.entries(userInputs(olds)).filter(([k]) => !keep.has(k) && !LOCATION_KEYS.includes(k)));
  return { outs: stateOf(def, inputs, { ...computed, ...outs }, ctx) };
}

export async function remove(type: string, id: string, props: Record<string, any>) {
  const def = definitionOf(type);
  const state = userInputs(props);
  track(type, id);
  const ctx = await contextFor(state);
  // A setting that another resource of this deployment took over stays as that one set it.
  const taken = takenOver(def, ctx, state);
  if (taken) console.log(`${type} ${id}: ${taken}`);
  else await def.delete(ctx, id, state);
}
