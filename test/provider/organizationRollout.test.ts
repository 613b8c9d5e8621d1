/**
 * macie.OrganizationRollout under Pulumi mocks: what it declares per Region (names, parents,
 * connection inputs, dependencies), and the arguments it refuses before anything is registered.
 * The real engine and macie-local run it in test/e2e/rollout.test.ts.
 *
 * Loaded with Node's require so that the package and the mocks share one @pulumi/pulumi.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const REPO = path.resolve(__dirname, "../..");
const nodeRequire = createRequire(path.join(REPO, "package.json"));

const MGMT_ROLE = "arn:aws:iam::100000000000:role/MacieDelegation";
const ADMIN = "111111111111";
const KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
}
const registered: Registered[] = [];
let macie: any;
let pulumi: any;

const valueOf = <T>(o: { apply(f: (v: T) => void): unknown }) => new Promise<T>((resolve) => o.apply((v) => resolve(v)));

beforeAll(async () => {
  pulumi = nodeRequire("@pulumi/pulumi");
  await pulumi.runtime.setMocks(
    {
      newResource(args: { type: string; name: string; inputs: Record<string, any> }) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, classificationScopeId: `scope-${args.name}` } };
      },
      call: () => ({}),
    },
    "rollout-unit",
    "test",
    false,
  );
  macie = nodeRequire("pulumi-macie");
}, 60_000);

describe("OrganizationRollout under mocks", () => {
  it("declares, per Region, the designation through the management role and the administrator's settings, all parented on the component", async () => {
    const rollout = new macie.OrganizationRollout("org", {
      regions: ["us-east-1", "eu-west-1"],
      administratorAccountId: ADMIN,
      managementRoleArn: MGMT_ROLE,
      memberAccountIds: ["222222222222"],
      findingsExport: { bucketName: "results", kmsKeyArn: KEY },
    });
    const children = Object.values(rollout.regions).flatMap((r: any) => r.resources);
    await Promise.all(children.map((c: any) => valueOf(c.urn)));
    expect(children).toHaveLength(14);
    for (const child of children) {
      const urn = await valueOf<string>(child.urn);
      expect(urn).toContain("pulumi-macie:index:OrganizationRollout$pulumi-nodejs:dynamic/macie:");
      expect(urn.split("::").pop()!.startsWith("org-")).toBe(true);
    }
    const of = (name: string) => registered.find((r) => r.name === name)!;
    expect(of("org-eu-west-1-admin").inputs).toMatchObject({ adminAccountId: ADMIN, region: "eu-west-1", assumeRoleArn: MGMT_ROLE });
    // The administrator's side runs with the stack's credentials: no role unless administratorRoleArn is set.
    expect(of("org-eu-west-1-macie").inputs.assumeRoleArn).toBeUndefined();
    expect(of("org-eu-west-1-discovery").inputs).toMatchObject({ region: "eu-west-1", status: "ENABLED", autoEnableOrganizationMembers: "ALL" });
    expect(of("org-eu-west-1-security-hub").inputs).toMatchObject({ publishClassificationFindings: true, publishPolicyFindings: true });
    expect(of("org-eu-west-1-org-config").inputs).toMatchObject({ autoEnable: true });
    expect(of("org-eu-west-1-member-222222222222").inputs).toMatchObject({ accountId: "222222222222", region: "eu-west-1" });
    expect(of("org-us-east-1-export").inputs.s3Destination).toEqual({ bucketName: "results", kmsKeyArn: KEY });
    expect(await valueOf(rollout.classificationScopeIds)).toEqual({ "us-east-1": "scope-org-us-east-1-discovery", "eu-west-1": "scope-org-eu-west-1-discovery" });
  });

  it("refuses bad arguments, all at once", () => {
    expect(
      () =>
        new macie.OrganizationRollout("bad", {
          regions: ["us-east-1", "us-east-1", "Europe"],
          administratorAccountId: ADMIN,
          managementRoleArn: MGMT_ROLE,
          memberAccountIds: [ADMIN, "12"],
        }),
    ).toThrow(
      /regions: "Europe" is not an AWS Region name[\s\S]*regions: us-east-1 is listed twice[\s\S]*memberAccountIds: 111111111111 is the administrator account[\s\S]*"12" is not a 12-digit/,
    );
    expect(() => new macie.OrganizationRollout("none", { regions: [], administratorAccountId: ADMIN, managementRoleArn: MGMT_ROLE })).toThrow(
      /regions: must list at least one Region/,
    );
  });

  it("knows which Region pairs Macie refuses for the results bucket (the key's Region is the bucket's)", () => {
    const key = (region: string) => KEY.replace("us-east-1", region);
    // A default Region's results in an opt-in Region's bucket: refused.
    expect(macie.exportRegionProblem("us-east-1", key("af-south-1"))).toMatch(/results of us-east-1 cannot be stored in a bucket of the opt-in Region af-south-1/);
    // An opt-in Region's results in its own bucket, or in a default Region's: allowed.
    expect(macie.exportRegionProblem("af-south-1", key("af-south-1"))).toBeUndefined();
    expect(macie.exportRegionProblem("af-south-1", key("us-east-1"))).toBeUndefined();
    expect(macie.exportRegionProblem("eu-west-1", key("us-east-1"))).toBeUndefined();
  });
});
