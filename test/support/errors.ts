import { SparkmemError } from "../../src/conf/errors.js";

/** The SparkmemError `f` throws (anything else is rethrown; no error fails). */
export function errorOf(f: () => unknown): SparkmemError {
  try {
    f();
  } catch (e) {
    if (e instanceof SparkmemError) return e;
    throw e;
  }
  throw new Error("no error");
}
