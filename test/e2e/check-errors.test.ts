/**
 * Check failures as the real engine prints them. The engine shows a failure's value by looking its
 * property up among the resource's top-level inputs, so only a top-level property can show one;
 * a nested failure comes with an empty property and a reason that starts with its path (keys with
 * dots quoted as the engine quotes them) and ends with the offending value. A preview with bad
 * inputs at every depth must name each path and value, never `{<nil>}`, and change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMacie, startE2e, TestStack, type E2e } from "./harness";

describe("check failures on the real engine", () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e();
  });
  afterAll(async () => e2e?.cleanup());

  /** The engine's printed output of a preview that fails, and the mutating calls it caused. */
  async function failedPreview(name: string, declare: (macie: ReturnType<typeof loadMacie>) => void) {
    const stack = await TestStack.create(e2e, name, async () => declare(loadMacie()));
    const mutatingBefore = await e2e.emulator.admin.mutatingCalls();
    const error: Error = await stack.preview().then(
      () => {
        throw new Error("the preview succeeded");
      },
      (e: Error) => e,
    );
    return { printed: String(error), mutating: (await e2e.emulator.admin.mutatingCalls()) - mutatingBefore };
  }

  // The engine stops a preview at the first resource that fails check: one stack per case.
  const CASES: [string, (macie: ReturnType<typeof loadMacie>) => void, string][] = [
    [
      "a top-level input",
      (macie) => new macie.FindingsFilter("top-level", { action: "DELETE" as any, findingCriteria: { criterion: { "severity.description": { eq: ["High"] } } } }),
      "resource 'top-level': property action value {DELETE} has a problem: must be one of ARCHIVE, NOOP",
    ],
    [
      "a nested input, in a list",
      (macie) => new macie.CustomDataIdentifier("nested", { regex: "TCK-[0-9]{6}", severityLevels: [{ severity: "CRITICAL" as any, occurrencesThreshold: 1 }] }),
      `resource 'nested' has a problem: severityLevels[0].severity: must be one of LOW, MEDIUM, HIGH; got "CRITICAL"`,
    ],
    [
      "a bad value under a finding field whose name has dots",
      (macie) => new macie.FindingsFilter("dotted-value", { action: "NOOP", findingCriteria: { criterion: { "severity.description": { eq: ["Hgh"] } } } }),
      `resource 'dotted-value' has a problem: findingCriteria.criterion["severity.description"].eq[0]: must be one of High, Low, Medium; got "Hgh"`,
    ],
    [
      "a misspelt finding field",
      (macie) => new macie.FindingsFilter("misspelt-field", { action: "NOOP", findingCriteria: { criterion: { "severity.descripton": { eq: ["High"] } } } }),
      `resource 'misspelt-field' has a problem: findingCriteria.criterion["severity.descripton"]: is not a finding field Macie can filter on; did you mean "severity.description"?`,
    ],
  ];

  it.each(CASES.map(([what, declare, expected], i) => [what, declare, expected, i] as const))(
    "%s: the engine prints the path and the value, and the preview changes nothing",
    async (_what, declare, expected, i) => {
      const { printed, mutating } = await failedPreview(`check-errors-${i}`, declare);
      expect(printed).toContain(expected);
      expect(printed).not.toContain("<nil>");
      expect(mutating).toBe(0);
    },
  );
});
