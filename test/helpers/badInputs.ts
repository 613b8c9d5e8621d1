/**
 * The runner of the bad-input catalogues: each case is driven as `pulumi up` drives a new resource
 * (check, then create only if check passed). Check must reject it with the expected property path
 * and rule, and the emulator must record no call at all for the whole catalogue (a case that
 * slipped through check would create something).
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
  /** The property path check must name. */
  property: string;
  /** The rule check must state. */
  reason: RegExp;
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
      const match = failures.find((f) => f.property === c.property && c.reason.test(f.reason));
      expect(match, `expected ${c.property} /${c.reason.source}/ among ${JSON.stringify(failures)}`).toBeDefined();
    });
  });
}
