/**
 * The engine itself, before any Macie resource: the built CLI matches the installed SDK, and it
 * runs a dynamic provider serialized from an inline program. When this file fails, the other e2e
 * failures are about the engine set-up, not about pulumi-macie.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, engineDir, nodeRequire, pulumi, startE2e, TestStack, type E2e } from "./harness";

describe("the Pulumi engine", () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e();
  });
  afterAll(async () => e2e?.cleanup());

  it("is the CLI version of the installed @pulumi/pulumi", () => {
    const cli = execFileSync(path.join(engineDir(), "pulumi"), ["version"], { encoding: "utf8" }).trim();
    expect(cli).toBe(`v${nodeRequire("@pulumi/pulumi/package.json").version}`);
  });

  it("runs a serialized dynamic provider: create, a clean second preview, update, destroy", async () => {
    // The provider closes over a plain value only, as a serializable provider must.
    const suffix = "-made-by-the-plugin";
    const provider: PulumiProvider = {
      async create(inputs: any) {
        return { id: `thing-${inputs.n}`, outs: { n: inputs.n, label: `${inputs.n}${suffix}`, pid: process.pid } };
      },
      async diff(_id: string, olds: any, news: any) {
        return { changes: olds.n !== news.n };
      },
      async update(_id: string, _olds: any, news: any) {
        return { outs: { n: news.n, label: `${news.n}${suffix}`, pid: process.pid } };
      },
    };
    let n = 1;
    const program = async () => {
      const r = new (class extends pulumi.dynamic.Resource {
        declare readonly label: Output<string>;
        declare readonly pid: Output<number>;
        constructor() {
          super(provider, "thing", { n, label: undefined, pid: undefined });
        }
      })();
      return { label: r.label, pid: r.pid };
    };
    const stack = await TestStack.create(e2e, "engine", program);

    const plan = await stack.preview();
    expect(changes(plan)).toEqual({ thing: "create" });

    await stack.up();
    const outputs = await stack.outputs();
    expect(outputs.label).toBe("1-made-by-the-plugin");
    expect(outputs.pid).not.toBe(process.pid); // it ran in the plugin process

    expect(changes(await stack.preview())).toEqual({});

    n = 2;
    const update = await stack.up();
    expect(changes(update)).toEqual({ thing: "update" });
    expect((await stack.outputs()).label).toBe("2-made-by-the-plugin");

    const destroyed = await stack.destroy();
    expect(changes(destroyed)).toEqual({ thing: "delete" });
  });
});

type PulumiProvider = import("@pulumi/pulumi").dynamic.ResourceProvider;
type Output<T> = import("@pulumi/pulumi").Output<T>;
