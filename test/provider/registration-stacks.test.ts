/**
 * Registering a resource formats no stack trace that nobody reads (quietStacks, provider.ts).
 *
 * @pulumi/pulumi stores a formatted `new Error().stack` on each of the promises it makes per
 * property of a resource, and reads them only when PULUMI_DEBUG_PROMISE_LEAKS is set. These tests
 * count the stack traces formatted with frames while a resource is constructed, under Pulumi's
 * mocks, by a counting `Error.prepareStackTrace` (the hook through which source-map-support, which
 * Pulumi's program host installs, formats them), and check what the window must not change.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { loadPackage } from "../helpers/provider";

const nodeRequire = createRequire(import.meta.url);
let pulumi: any;
let macie: any;

const ARGS = { regex: "EMP-[0-9]{6}", keywords: ["employee"], description: "Employee numbers" };

beforeAll(async () => {
  pulumi = nodeRequire("@pulumi/pulumi");
  macie = loadPackage();
  await pulumi.runtime.setMocks(
    {
      newResource: (args: { name: string; inputs: Record<string, any> }) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: (args: { inputs: unknown }) => args.inputs,
    },
    "stacks",
    "test",
    false,
  );
});

const savedHook = Error.prepareStackTrace;
const savedLimit = Error.stackTraceLimit;
afterEach(() => {
  Error.prepareStackTrace = savedHook;
  Error.stackTraceLimit = savedLimit;
  delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
});

/** How many stack traces with frames `construct` formats, and the resource it returns. */
function countFormattedStacks<T>(construct: () => T): { formatted: number; resource: T } {
  let formatted = 0;
  Error.prepareStackTrace = (error, frames) => {
    if (frames.length > 0) formatted++;
    return `${error}\n${frames.map((f) => `    at ${f}`).join("\n")}`;
  };
  try {
    const resource = construct();
    return { formatted, resource };
  } finally {
    Error.prepareStackTrace = savedHook;
  }
}

const registeredOf = (r: any) => new Promise((resolve) => r.urn.apply(resolve));

describe("stack traces while registering a resource", () => {
  it("formats only Pulumi's own capture of the source position, not one per promise", async () => {
    const { formatted, resource } = countFormattedStacks(() => new macie.CustomDataIdentifier("quiet", ARGS));
    await registeredOf(resource);
    // Resource.callsites(): the source position and stack trace the engine records.
    expect(formatted).toBeLessThanOrEqual(2);
  });

  it("formats one per promise, as @pulumi/pulumi does, when PULUMI_DEBUG_PROMISE_LEAKS asks for them", async () => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "true";
    const { formatted, resource } = countFormattedStacks(() => new macie.CustomDataIdentifier("debugged", ARGS));
    await registeredOf(resource);
    // 4 promises for each of the identifier's 13 properties, and a few per resource.
    expect(formatted).toBeGreaterThan(4 * 13);
  });

  it("gives the program back its own stack trace limit", async () => {
    Error.stackTraceLimit = 17;
    const resource = new macie.CustomDataIdentifier("limit", ARGS);
    expect(Error.stackTraceLimit).toBe(17);
    await registeredOf(resource);
    // And a get, which registers other properties.
    macie.CustomDataIdentifier.get("limit-get", "cdi-0123456789abcdef");
    expect(Error.stackTraceLimit).toBe(17);
  });

  it("keeps the frames of the declaring code on an error thrown while registering, and restores the limit", () => {
    Error.stackTraceLimit = 17;
    // A legacy transformation runs inside Pulumi's constructor, in the window.
    const declare = () =>
      new macie.CustomDataIdentifier("failing", ARGS, {
        transformations: [
          () => {
            throw new Error("transformation refused");
          },
        ],
      });
    let thrown: any;
    try {
      declare();
    } catch (e) {
      thrown = e;
    }
    expect(thrown?.message).toBe("transformation refused");
    expect(Error.stackTraceLimit).toBe(17);
    expect(thrown.stack).toContain("registration-stacks.test");
  });
});
