import {
  appTypeOf,
  type ConfTextKind,
  confTextKind,
  mergeLayers,
  parseConfText,
  SparkmemError,
} from "../../src/conf/index.js";
import { type LintInput, lintInputFrom } from "../../src/lint/index.js";
import type { PageState } from "./state.js";

/** The name findings give the pasted text as their source. */
export const PASTED_NAME = "pasted";

/**
 * The pasted text as lint's input, recognised by the one classifier and read by the CLI's parsers. It sits
 * above the Explain form's Spark version, master, deploy mode and application type, which apply unless the
 * text says them, as the CLI's flags would (src/conf/merge.ts).
 */
export function lintInputOf(text: string, s: PageState): { input: LintInput; kind: ConfTextKind } {
  const kind = confTextKind(text);
  if (kind === "event-log")
    throw new SparkmemError(PASTED_NAME, "is a Spark event log", {
      expected: "configuration here: the Analyze view reads event logs",
    });
  const pasted = parseConfText(kind, text, PASTED_NAME);
  const form = {
    entries: [],
    facts: {
      sparkVersion: s.sparkVersion,
      appType: appTypeOf("App type", s.appType),
      ...(s.master.trim() ? { master: s.master.trim() } : {}),
      ...(s.deployMode ? { deployMode: s.deployMode } : {}),
    },
  };
  return { input: lintInputFrom(mergeLayers([form, pasted])), kind };
}
