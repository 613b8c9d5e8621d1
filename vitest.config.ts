import { configDefaults, defineConfig } from "vitest/config";

/**
 * Two projects:
 * - `unit`: the emulator and provider tests (fast, in-process).
 * - `e2e`: the real Pulumi engine against macie-local (test/e2e, test/examples). Its global set-up
 *   builds the engine once per machine; run it alone with `npx vitest run --project e2e`.
 */
const slow = 10 * 60_000;

export default defineConfig({
  test: {
    // Forks: every test file gets its own process, because the Pulumi runtime keeps global state.
    pool: "forks",
    // 2 cores here; e2e files mostly wait on engine processes, so two at a time overlap well.
    maxWorkers: 2,
    minWorkers: 1,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/e2e/**", "test/examples/**"],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts", "test/examples/**/*.test.ts"],
          globalSetup: ["test/e2e/globalSetup.ts"],
          testTimeout: slow,
          hookTimeout: slow,
        },
      },
    ],
  },
});
