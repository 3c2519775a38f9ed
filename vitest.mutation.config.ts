import { defineConfig } from "vitest/config";

/**
 * The tests a mutation run (npm run mutation) kills mutants with: those that import src/ directly.
 * Left out: tests of the built CLI and page (they run dist/, which a mutant of src/ does not reach),
 * browser, History Server and oracle runs (real Spark: minutes per mutant), the web size budget, and the
 * two property tests of proposed changes (15–25 s each, run again for every mutant they cover; they are
 * checks of the whole pipeline, run by npm test), and size's search tests (1–3 s each, 22 s in all, and they
 * cover nearly every model mutant: with them a model run takes hours; size's answers rest on the model's
 * figures, which the model's, explain's, lint's and diagnose's tests check directly).
 */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: [
      "test/**/*.e2e.test.ts",
      "test/cli.test.ts",
      "test/*Cli.test.ts",
      "test/serve.test.ts",
      "test/submitFlags.test.ts",
      "test/oracle.test.ts",
      "test/oracleRunner.test.ts",
      "test/analyzeHistoryServer.test.ts",
      "test/eventlogCodecs.test.ts",
      "test/eventlogReference.test.ts",
      "test/webBudget.test.ts",
      "test/proposedChanges.test.ts",
      "test/sizeProperties.test.ts",
      "test/sizeModel.test.ts",
      // the built CLI on hostile inputs (a fuzz corpus, devices, rolling directories): dist/, not src/
      "test/fuzz.test.ts",
      "test/analyzeInputs.test.ts",
      "test/analyzeHostileEvents.test.ts",
      "test/lintEventLogs.test.ts",
    ],
    testTimeout: 60_000,
  },
});
