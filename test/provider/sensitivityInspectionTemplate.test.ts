/**
 * macie.SensitivityInspectionTemplate through the real provider runtime against macie-local: the
 * template is taken over at create, updated in place (a PUT of the whole template), read back
 * with drift, restored to Macie's default at delete, and declared once per account and Region.
 *
 * Each test starts as a new dynamic-provider plugin process (one per `pulumi` operation), since
 * the plugin remembers which resource declared the template (provider/core/singleton.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  GetAutomatedDiscoveryConfigurationCommand,
  GetSensitivityInspectionTemplateCommand,
  UpdateSensitivityInspectionTemplateCommand,
} from "@aws-sdk/client-macie2";
import { ACCOUNT, startProviderHarness, type Deployed, type ProviderHarness } from "../helpers/provider";

const TYPE = "SensitivityInspectionTemplate";

let h: ProviderHarness;
let badge: Deployed;
let testCards: Deployed;
beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(async () => h?.stop());
beforeEach(async () => {
  await h.reset();
  await h.enableMacie();
  await h.newPluginProcess();
  badge = await h.up("CustomDataIdentifier", "badge", { regex: "BADGE-[0-9]{4}" });
  testCards = await h.up("AllowList", "test-cards", { criteria: { regex: "4111-1111-1111-[0-9]{4}" } });
});

const templateId = async () => (await h.client().send(new GetAutomatedDiscoveryConfigurationCommand({}))).sensitivityInspectionTemplateId!;
const template = async () => {
  const t = await h.client().send(new GetSensitivityInspectionTemplateCommand({ id: await templateId() }));
  return { description: t.description, includes: t.includes, excludes: t.excludes };
};
const EMPTY = { excludes: { managedDataIdentifierIds: [] }, includes: { allowListIds: [], customDataIdentifierIds: [], managedDataIdentifierIds: [] } };

describe("SensitivityInspectionTemplate", () => {
  it("create takes the template over with one PUT; read is one call; a no-op diff makes no call", async () => {
    await h.client().send(
      new UpdateSensitivityInspectionTemplateCommand({ id: await templateId(), description: "by hand", excludes: { managedDataIdentifierIds: ["CREDIT_CARD_NUMBER"] } }),
    );
    const args = {
      description: "Automated discovery with the badge identifier",
      includes: { customDataIdentifierIds: [badge.id], allowListIds: [testCards.id], managedDataIdentifierIds: ["USA_PASSPORT_NUMBER"] },
      excludes: { managedDataIdentifierIds: ["AWS_CREDENTIALS"] },
    };
    const created = await h.countCalls(() => h.up(TYPE, "template", args));
    const t = created.result;
    expect(created.operations).toEqual({ GetAutomatedDiscoveryConfiguration: 1, UpdateSensitivityInspectionTemplate: 1 });
    expect(t.id).toBe(await templateId());
    expect(t.outs).toEqual({ ...args, accountId: ACCOUNT, region: "us-east-1" });
    expect(await template()).toEqual({
      description: args.description,
      includes: { allowListIds: [testCards.id], customDataIdentifierIds: [badge.id], managedDataIdentifierIds: ["USA_PASSPORT_NUMBER"] },
      excludes: { managedDataIdentifierIds: ["AWS_CREDENTIALS"] }, // the hand-made exclusion is gone
    });

    const read = await h.countCalls(() => h.refresh(t));
    expect(read.operations).toEqual({ GetSensitivityInspectionTemplate: 1 });
    expect(read.result!.outs).toEqual(t.outs);
    const { inputs } = await h.check(TYPE, { ...args, __name: "template" }, t.inputs);
    const d = await h.countCalls(() => h.diff(TYPE, t.id, read.result!.outs, inputs));
    expect(d.result).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(d.calls).toBe(0);
  });

  it("updates in place with one PUT of the whole template; what is left out goes back to the default", async () => {
    const t = await h.up(TYPE, "template", { description: "first", includes: { customDataIdentifierIds: [badge.id] } });
    const edit = await h.countCalls(() => h.upAgain(t, { includes: { customDataIdentifierIds: [badge.id], allowListIds: [testCards.id] } }));
    expect(edit.result.action).toBe("update");
    expect(edit.operations).toEqual({ UpdateSensitivityInspectionTemplate: 1 });
    expect(await template()).toEqual({
      description: undefined,
      includes: { allowListIds: [testCards.id], customDataIdentifierIds: [badge.id], managedDataIdentifierIds: [] },
      excludes: { managedDataIdentifierIds: [] },
    });
    expect(edit.result.deployed.outs).not.toHaveProperty("description");
  });

  it("refresh reports a template changed outside Pulumi (Macie's order is no drift); the next up puts the program's back", async () => {
    const other = await h.up("CustomDataIdentifier", "other", { regex: "OTHER-[0-9]{4}" });
    const args = { includes: { customDataIdentifierIds: [badge.id, other.id] } };
    const t = await h.up(TYPE, "template", args);
    const id = await templateId();
    await h.client().send(new UpdateSensitivityInspectionTemplateCommand({ id, includes: { customDataIdentifierIds: [other.id, badge.id] } }));
    const same = (await h.refresh(t))!;
    expect(same.outs.includes).toEqual({ customDataIdentifierIds: [badge.id, other.id] });

    await h.client().send(new UpdateSensitivityInspectionTemplateCommand({ id, description: "by hand", excludes: { managedDataIdentifierIds: ["AWS_CREDENTIALS"] } }));
    const drifted = (await h.refresh(same))!;
    expect(drifted.outs).toMatchObject({ description: "by hand", excludes: { managedDataIdentifierIds: ["AWS_CREDENTIALS"] } });
    expect(drifted.outs).not.toHaveProperty("includes");
    const back = await h.upAgain(drifted, args);
    expect(back.action).toBe("update");
    expect(await template()).toEqual({
      description: undefined,
      includes: { allowListIds: [], customDataIdentifierIds: [badge.id, other.id], managedDataIdentifierIds: [] },
      excludes: { managedDataIdentifierIds: [] },
    });
  });

  it("an identifier Macie does not have fails the create with Macie's reason", async () => {
    await expect(h.up(TYPE, "template", { includes: { customDataIdentifierIds: ["no-such-identifier"] } })).rejects.toThrow(
      /UpdateSensitivityInspectionTemplate failed in account 111111111111, us-east-1: ResourceNotFoundException: includes\.customDataIdentifierIds\[0\]/,
    );
  });

  it("delete restores Macie's default template with one call", async () => {
    const t = await h.up(TYPE, "template", { description: "x", includes: { allowListIds: [testCards.id] }, excludes: { managedDataIdentifierIds: ["AWS_CREDENTIALS"] } });
    await h.newPluginProcess(); // `pulumi destroy` is a deployment of its own
    const del = await h.countCalls(() => h.destroy(t));
    expect(del.operations).toEqual({ UpdateSensitivityInspectionTemplate: 1 });
    expect(await template()).toEqual({ description: undefined, ...EMPTY });
  });

  it("with Macie disabled, refresh drops it and delete succeeds", async () => {
    const t = await h.up(TYPE, "template", { description: "x" });
    await h.reset();
    expect(await h.refresh(t)).toBeUndefined();
    await h.newPluginProcess();
    await h.destroy(t);
  });

  it("a second declaration fails check, naming both resources", async () => {
    expect((await h.check(TYPE, { description: "one", __name: "template" })).failures).toEqual([]);
    const second = await h.check(TYPE, { description: "two", __name: "other-template" });
    expect(second.failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(
          /^SensitivityInspectionTemplate "other-template" declares the sensitivity inspection template of the account of the stack's credentials, us-east-1, which SensitivityInspectionTemplate "template" of this deployment already declares/,
        ),
      },
    ]);
  });

  it("another Region is a replacement, restoring the old Region's template first", async () => {
    const t = await h.up(TYPE, "template", { description: "x" });
    const { inputs } = await h.check(TYPE, { description: "x", region: "eu-west-1", __name: "template" }, t.inputs);
    expect(await h.diff(TYPE, t.id, t.outs, inputs)).toEqual({ changes: true, replaces: ["region"], deleteBeforeReplace: true });
  });
});
