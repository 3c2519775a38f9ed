import { SparkmemError } from "../../src/conf/errors.js";
import { explain } from "../../src/model/explain.js";

/** What explain answers for a configuration: "accepted", or its refusal (a SparkmemError) as plain data. */
export type Refusal =
  | { where: string; problem: string; expected?: string; sparkMessage?: string }
  | "accepted";

function answer(
  sparkVersion: string,
  master: string,
  conf: Record<string, string>,
  withExpected: boolean,
): Refusal {
  try {
    explain({ sparkVersion, master, conf });
    return "accepted";
  } catch (e) {
    if (!(e instanceof SparkmemError)) throw e;
    const { where, problem, expected, sparkMessage } = e;
    return {
      where,
      problem,
      ...(withExpected && expected !== undefined ? { expected } : {}),
      ...(sparkMessage !== undefined ? { sparkMessage } : {}),
    };
  }
}

/**
 * explain({ sparkVersion, master, conf }) as a Refusal: where, problem, what was expected, and Spark's own words
 * where Spark refuses the same input. Anything but a SparkmemError is rethrown.
 */
export function refusal(sparkVersion: string, master: string, conf: Record<string, string>): Refusal {
  return answer(sparkVersion, master, conf, true);
}

/** refusal without `expected`, for tables about the place, the problem and Spark's words alone. */
export function refusalWithoutExpected(
  sparkVersion: string,
  master: string,
  conf: Record<string, string>,
): Refusal {
  return answer(sparkVersion, master, conf, false);
}
