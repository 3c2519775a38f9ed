import { SparkmemError } from "./errors.js";
import type { AppType } from "./sources/sparkSubmit.js";

/**
 * Values given outside any Spark key — a CLI flag, a field of the page's forms — checked alike wherever they
 * are given; `where` names the flag or field in the one-line error.
 */

/** Digits only (blanks around them allowed): "8". */
export function wholeNumber(where: string, text: string, example = 8): number {
  if (!/^\s*\d+\s*$/.test(text))
    throw new SparkmemError(where, `"${text}" is not a whole number`, {
      expected: `a whole number such as ${example}`,
    });
  return Number(text);
}

const APP_TYPES: readonly AppType[] = ["jvm", "python", "r"];

/** What the application is: jvm, python or r. */
export function appTypeOf(where: string, text: string): AppType {
  if (!(APP_TYPES as readonly string[]).includes(text))
    throw new SparkmemError(where, `"${text}" is not an app type`, { expected: "jvm, python or r" });
  return text as AppType;
}

/** One of a fixed list of words. */
export function oneOf<T extends string>(where: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text))
    throw new SparkmemError(where, `"${text}" is not one of ${allowed.join(", ")}`, {
      expected: allowed.join(" or "),
    });
  return text as T;
}
