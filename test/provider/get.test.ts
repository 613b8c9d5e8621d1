/**
 * The provider's half of `Resource.get` (the real-engine proof is test/e2e/get.test.ts): a read
 * that serves a get fails when the object is gone, where a refresh drops it from the state; its
 * connection inputs, which no `check` validated, are checked before any call; and `get` is offered
 * only with an @pulumi/pulumi whose plugin can read without state.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPackage, startProviderHarness, type ProviderHarness } from "../helpers/provider";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
  await h.enableMacie();
});
afterAll(async () => h?.stop());

describe("a read for get", () => {
  it("of an object that exists: Macie's values", async () => {
    const created = await h.up("CustomDataIdentifier", "cdi", { regex: "EMP-[0-9]{6}" });
    const read = await h.runtime.read("CustomDataIdentifier", created.id, { __get: true });
    expect(read).toMatchObject({ id: created.id, props: { regex: "EMP-[0-9]{6}", accountId: "111111111111", region: "us-east-1" } });
  });

  it("of an object that does not exist: an error, where a refresh would drop it", async () => {
    const missing = "0123456789abcdef0123456789abcdef";
    await expect(h.runtime.read("CustomDataIdentifier", missing, { __get: true })).rejects.toThrow(
      `CustomDataIdentifier ${missing} does not exist in account 111111111111, Region us-east-1`,
    );
    expect(await h.runtime.read("CustomDataIdentifier", missing, {})).toEqual({ id: "", props: {} });
  });

  it("with a bad Region or role: an error before any call", async () => {
    const { operations } = await h.countCalls(async () => {
      await expect(h.runtime.read("FindingsFilter", "f", { __get: true, region: "Mars" })).rejects.toThrow(/FindingsFilter f: region: must be an AWS Region name/);
      await expect(h.runtime.read("FindingsFilter", "f", { __get: true, assumeRoleArn: "role" })).rejects.toThrow(/assumeRoleArn: must be an IAM role ARN/);
    });
    expect(operations).toEqual({});
  });
});

describe("which @pulumi/pulumi can serve get", () => {
  const { sdkSupportsGet } = require("../../dist/provider/core/provider.js");
  it.each([
    ["3.259.0", false],
    ["3.267.9", false],
    ["3.268.0", true],
    ["3.276.0", true],
    ["3.300.1-alpha.1", true],
    ["4.0.0", true],
  ])("%s: %s", (version, supported) => {
    expect(sdkSupportsGet(version)).toBe(supported);
  });

  it("every class whose object has an id has get; the singletons do not", () => {
    const macie = loadPackage();
    for (const cls of ["CustomDataIdentifier", "AllowList", "FindingsFilter", "ClassificationJob", "Member"]) expect(typeof macie[cls].get).toBe("function");
    for (const cls of ["Account", "ClassificationExportConfiguration", "FindingsPublicationConfiguration", "OrganizationConfiguration"]) {
      expect(Object.prototype.hasOwnProperty.call(macie[cls], "get")).toBe(false);
    }
  });
});
