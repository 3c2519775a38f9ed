import { type OracleVersion, selectedVersions } from "../../tools/oracle/client.js";

/**
 * The newest Spark the oracle installed with its pyspark (or the one SPARKMEM_ORACLE_VERSIONS selects), for the
 * tests that run real Spark jobs; undefined when none is installed (those tests then fail under CI, skip elsewhere).
 */
export function newestPyspark(): OracleVersion | undefined {
  try {
    return selectedVersions()
      .filter((v) => v.python)
      .pop();
  } catch {
    return undefined;
  }
}
