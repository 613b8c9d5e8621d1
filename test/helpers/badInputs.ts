/**
 * The runner of the bad-input catalogues: each case is driven as `pulumi up` drives a new resource
 * (check, then create only if check passed). Check must reject it with the expected property path
 * and rule, and the emulator must record no call at all for the whole catalogue (a case that
 * slipped through check would create something).
 *
 * Failures are checked in the form the engine gets them (schema.ts, forEngine): a top-level input
 * the program set is the failure's property (the engine prints its value); any other path opens
 * the reason of a failure without property, which ends with the offending value.
 */
import { describe, expect, test } from "vitest";
import type { ProviderHarness } from "./provider";

export interface BadInput {
  /** What is wrong, in words. */
  what: string;
  /** The resource type (class name). */
  type: string;
  /** The inputs, as a program would give them. */
  args: Record<string, unknown>;
  /** The property path check must name, in the engine's grammar (`a.b["c.d"][0]`). */
  property: string;
  /** The rule check must state. */
  reason: RegExp;
  /** The offending value the reason must end with (`; got <value>`), for a nested path. */
  got?: string;
}

/** The path a failure names where the engine shows it: its property, or the path its reason starts with. */
export function pathOf(f: { property: string; reason: string }): string {
  return f.property || (/^((?:\.?[A-Za-z0-9_]+|\[\d+\]|\["(?:[^"\\]|\\.)*"\])+): /.exec(f.reason)?.[1] ?? "");
}

export function describeBadInputs(title: string, cases: BadInput[], minimum: number, harness: () => ProviderHarness): void {
  describe(title, () => {
    test(`the catalogue holds at least ${minimum} cases (${cases.length})`, () => {
      expect(cases.length).toBeGreaterThanOrEqual(minimum);
    });

    test("no case reaches Macie: zero calls for the whole catalogue", async () => {
      const counted = await harness().countCalls(async () => {
        for (const c of cases) {
          await expect(harness().up(c.type, "bad", c.args), c.what).rejects.toThrow(/check failed/);
        }
      });
      expect(counted.mutating).toBe(0);
      expect(counted.calls).toBe(0);
    });

    test.each(cases.map((c) => [c.type, c.what, c] as const))("%s: %s", async (_type, _what, c) => {
      const { failures } = await harness().check(c.type, { ...c.args, __name: "bad" });
      const match = failures.find((f) => pathOf(f) === c.property && c.reason.test(f.reason));
      expect(match, `expected ${c.property} /${c.reason.source}/ among ${JSON.stringify(failures)}`).toBeDefined();
      if (c.got !== undefined) expect(match!.reason.endsWith(`; got ${c.got}`), match!.reason).toBe(true);
      // The engine shows a value only by looking the property up among the top-level inputs.
      for (const f of failures) expect(f.property === "" || c.args[f.property] !== undefined, JSON.stringify(f)).toBe(true);
    });
  });
}
