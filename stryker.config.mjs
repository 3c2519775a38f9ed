// @ts-check
/**
 * Mutation testing (npm run mutation): StrykerJS plants small bugs in the model, the lint rules and the
 * diagnose causes and runs the tests that cover each one (vitest.mutation.config.ts: the tests that import
 * src/). A mutant no test fails on is a bug the tests would let through. Incremental: a rerun on the same
 * machine tests only mutants whose code or covering tests changed (reports/, not committed).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  mutate: ["src/model/**/*.ts", "src/lint/rules/**/*.ts", "src/diagnose/causes/**/*.ts"],
  coverageAnalysis: "perTest",
  // Module-level constants would be run against every test; they are tables (keys, names), not logic.
  ignoreStatic: true,
  // Vitest does not type-check, so no "// @ts-nocheck" is needed; without it a test that compares a
  // generated module with its generator's output reads the file as committed.
  disableTypeChecks: false,
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ["progress", "json", "clear-text"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
