import { SparkmemError } from "../../src/conf/errors.js";
import { parseConfFile, parseSparkConf } from "../../src/conf/gather.js";
import { parseEmrConfigurations } from "../../src/conf/sources/emrJson.js";
import { looksLikeJson } from "../../src/conf/sources/jsonMap.js";
import { type AppType, splitShellWords } from "../../src/conf/sources/sparkSubmit.js";
import {
  type ConfEntry,
  confFromEntries,
  mergeConfs,
  parseBytesValue,
  type SparkConf,
} from "../../src/conf/sparkConf.js";
import type { ExplainInput } from "../../src/explain.js";
import { DEFAULT_HOST, FORM_KEYS, type PageState } from "./state.js";

/** Where form values come from, as error messages name it ("spark.executor.memory from the form: …"). */
const FORM = { kind: "option", flag: "the form" } as const;
const PASTED = "the pasted text";

export type PasteKind = "none" | "spark-submit" | "spark-defaults" | "json" | "emr";

export interface PageInput {
  input: ExplainInput;
  /** Keys the pasted text sets: they override the form. */
  pastedKeys: Set<string>;
  pasteKind: PasteKind;
}

const LAUNCHER =
  /^\s*(?:\S*\/)?(?:spark-submit|pyspark|spark-shell|sparkR|spark-sql)(?:\s|$)|^\s*--?[A-Za-z]/;

export function pasteKind(text: string): PasteKind {
  const t = text.trim();
  if (!t) return "none";
  if (/^\[/.test(t) || (/^\{/.test(t) && /"(?:Classification|classification)"/.test(t))) return "emr";
  if (looksLikeJson(t)) return "json";
  return LAUNCHER.test(t) ? "spark-submit" : "spark-defaults";
}

/** The pasted text as configuration, read by the same parsers as the CLI's inputs. */
export function parsePaste(text: string): { conf: SparkConf; appType?: AppType; kind: PasteKind } {
  const kind = pasteKind(text);
  switch (kind) {
    case "none":
      return { conf: confFromEntries([]), kind };
    case "emr":
      return { conf: confFromEntries(parseEmrConfigurations(text, PASTED).entries), kind };
    case "json":
    case "spark-defaults":
      return { conf: parseConfFile(PASTED, text), kind };
    case "spark-submit": {
      const g = parseSparkConf({ submitArgs: splitShellWords(text) });
      return g.appType ? { conf: g.conf, appType: g.appType, kind } : { conf: g.conf, kind };
    }
  }
}

function wholeNumber(label: string, text: string): number {
  if (!/^\s*\d+\s*$/.test(text))
    throw new SparkmemError(label, `"${text}" is not a whole number`, {
      expected: "a whole number such as 8",
    });
  return Number(text);
}

/**
 * The page's state as the input `explain` takes. Precedence, lowest first: the form (version, master,
 * deploy mode, app type and the memory keys), then the pasted text — the last thing the user pasted wins.
 */
export function toExplainInput(s: PageState): PageInput {
  const entries: ConfEntry[] = [];
  const add = (key: string, value: string) => {
    if (value.trim() !== "") entries.push({ key, value: value.trim(), origin: FORM });
  };
  add("spark.master", s.master);
  add("spark.submit.deployMode", s.deployMode);
  for (const { key } of FORM_KEYS) add(key, s.conf[key] ?? "");
  const pasted = parsePaste(s.paste);
  if (!["jvm", "python", "r"].includes(s.appType))
    throw new SparkmemError("App type", `"${s.appType}" is not an app type`, {
      expected: "jvm, python or r",
    });
  const input: ExplainInput = {
    sparkVersion: s.sparkVersion,
    conf: mergeConfs(confFromEntries(entries), pasted.conf),
    appType: pasted.appType ?? (s.appType as AppType),
    hostCores: wholeNumber("Host cores", s.hostCores || DEFAULT_HOST.cores),
    hostMemoryBytes: parseBytesValue(s.hostMemory || DEFAULT_HOST.memory, "BYTE", "Host memory"),
  };
  return { input, pastedKeys: new Set(pasted.conf.entries.keys()), pasteKind: pasted.kind };
}
