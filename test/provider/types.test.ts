/**
 * Precise types (issue 9, item 5): the built package's declarations, compiled with the TypeScript
 * compiler against test/types/outputs.ts as a user's program would be. That file uses statuses as
 * string unions, reads nested outputs by their members, and imports every nested argument type
 * from the package root; its @ts-expect-error lines make a loose type fail the compile.
 */
import * as path from "node:path";
import { createRequire } from "node:module";
import { describe, expect, test } from "vitest";

const nodeRequire = createRequire(import.meta.url);
const ts: typeof import("typescript") = nodeRequire("typescript");
const FILE = path.resolve(__dirname, "../types/outputs.ts");

describe("the package's types, as a program sees them", () => {
  test("statuses are unions, nested outputs are typed, nested argument types are exported", () => {
    const program = ts.createProgram([FILE], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : "";
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    expect(problems).toEqual([]);
  }, 120_000);
});
