/**
 * Every program in examples/:
 * - compiles (`tsc --noEmit -p examples`, the package's types as a user sees them);
 * - if it uses only Macie resources, is `up`-ed and destroyed by an end-to-end test (the table
 *   below says which; the demo and the multi-account programs run on the real engine there);
 * - if it uses @pulumi/aws, whose provider plugin cannot be installed offline, runs under Pulumi
 *   mocks here: the program registers its resources, the Macie resources get their inputs from the
 *   AWS ones, and the dynamic providers serialize (mocks serialize them as the engine would).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { pulumi, REPO, runTypeScriptProgram } from "../e2e/harness";

const EXAMPLES = path.join(REPO, "examples");

/** Programs of examples/: every dir holding an index.ts. */
function programs(dir = EXAMPLES): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const sub = path.join(dir, entry.name);
    if (fs.existsSync(path.join(sub, "index.ts"))) out.push(path.relative(EXAMPLES, sub));
    out.push(...programs(sub));
  }
  return out.sort();
}

function usesAws(program: string): boolean {
  return /from "@pulumi\/aws/.test(fs.readFileSync(path.join(EXAMPLES, program, "index.ts"), "utf8"));
}

/** The end-to-end test that ups and destroys each Macie-only example on the real engine. */
const UP_AND_DESTROYED_BY: Record<string, string> = {
  demo: "test/e2e/demo.test.ts",
  "multi-account/admin": "test/e2e/multi-account.test.ts",
  "multi-account/member": "test/e2e/multi-account.test.ts",
  "org-rollout": "test/e2e/rollout.test.ts",
};

describe("examples", () => {
  const all = programs();

  it("are found", () => {
    expect(all).toEqual(expect.arrayContaining(["demo", "aws-export", "multi-account/admin", "multi-account/member", "org-rollout"]));
  });

  it("all compile with the package's types", () => {
    const tsc = path.join(REPO, "node_modules/typescript/bin/tsc");
    const r = spawnSync(process.execPath, [tsc, "--noEmit", "-p", "examples/tsconfig.json", "--listFilesOnly"], { cwd: REPO, encoding: "utf8" });
    for (const program of all) expect(r.stdout, `${program} is not in examples/tsconfig.json`).toContain(path.join(EXAMPLES, program, "index.ts"));
    const check = spawnSync(process.execPath, [tsc, "--noEmit", "-p", "examples/tsconfig.json"], { cwd: REPO, encoding: "utf8" });
    expect(check.stdout + check.stderr).toBe("");
    expect(check.status).toBe(0);
  });

  it("each Macie-only example is up-ed and destroyed by an end-to-end test; the root Pulumi.yaml runs the demo", () => {
    for (const program of all.filter((p) => !usesAws(p))) {
      const test = UP_AND_DESTROYED_BY[program];
      expect(test, `no end-to-end test ups ${program}: add one and list it in UP_AND_DESTROYED_BY`).toBeDefined();
      expect(fs.readFileSync(path.join(REPO, test), "utf8")).toContain(`examples/${program}`);
    }
    expect(fs.readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8")).toMatch(/^main: examples\/demo\/index\.ts$/m);
  });

  describe("aws-export, under Pulumi mocks", () => {
    it("exports findings to the bucket and KMS key it declares, with the policies Macie needs", { timeout: 60_000 }, async () => {
      const ACCOUNT = "123456789012";
      const registered: { type: string; name: string; inputs: any }[] = [];
      await pulumi.runtime.setMocks(
        {
          newResource(args) {
            registered.push({ type: args.type, name: args.name, inputs: args.inputs });
            const state: Record<string, any> = { ...args.inputs };
            if (args.type === "aws:kms/key:Key") state.arn = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${args.name}-0001`;
            if (args.type === "aws:s3/bucket:Bucket") {
              state.bucket = `${args.name}-7f3a2b1`;
              state.arn = `arn:aws:s3:::${state.bucket}`;
            }
            return { id: state.bucket ?? `${args.name}-id`, state };
          },
          call(args) {
            if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") {
              return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/ci`, userId: "AIDAEXAMPLE" };
            }
            if (args.token === "aws:index/getRegion:getRegion") return { name: "us-east-1", region: "us-east-1", id: "us-east-1" };
            throw new Error(`unexpected call ${args.token}`);
          },
        },
        "macie-aws-export",
        "test",
        false,
      );

      const outputs = runTypeScriptProgram(path.join(EXAMPLES, "aws-export/index.ts"));
      const destination = await valueOf(outputs.exportDestination);
      expect(destination).toEqual({
        bucketName: "macie-findings-7f3a2b1",
        keyPrefix: "macie/",
        kmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/macie-findings-0001`,
        expectedBucketOwner: ACCOUNT,
      });

      const byType = (type: string) => registered.filter((r) => r.type === type);
      expect(byType("pulumi-nodejs:dynamic/macie:Account")).toHaveLength(1);
      const exportConfig = byType("pulumi-nodejs:dynamic/macie:ClassificationExportConfiguration");
      expect(exportConfig).toHaveLength(1);
      // The dynamic provider was serialized into the inputs, as it is into the state.
      expect(typeof exportConfig[0].inputs.__provider).toBe("string");
      expect(exportConfig[0].inputs.__provider).toContain(`require.resolve(p+"/loader"`);

      const bucketPolicy = JSON.parse(byType("aws:s3/bucketPolicy:BucketPolicy")[0].inputs.policy);
      const write = bucketPolicy.Statement.find((s: any) => s.Action === "s3:PutObject");
      expect(write.Principal).toEqual({ Service: "macie.amazonaws.com" });
      expect(write.Resource).toBe("arn:aws:s3:::macie-findings-7f3a2b1/macie/*");
      expect(write.Condition.ArnLike["aws:SourceArn"]).toBe(`arn:aws:macie2:us-east-1:${ACCOUNT}:export-configuration:*`);
      const keyPolicy = JSON.parse(byType("aws:kms/key:Key")[0].inputs.policy);
      expect(keyPolicy.Statement.map((s: any) => s.Principal)).toContainEqual({ Service: "macie.amazonaws.com" });
      expect(byType("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")[0].inputs).toMatchObject({
        blockPublicAcls: true,
        blockPublicPolicy: true,
      });
    });
  });
});

function valueOf<T>(output: import("@pulumi/pulumi").Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}
