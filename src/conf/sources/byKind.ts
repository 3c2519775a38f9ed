import { parseConfFile } from "../gather.js";
import { parseEmrConfigurations } from "./emrJson.js";
import { parseNotebook, parsePythonSource } from "./python.js";
import type { SourcedConf } from "./sourced.js";
import { parseSparkApplication } from "./sparkApplication.js";

export { looksLikeEmrConfigurations, looksLikeSparkSubmit } from "./looksLike.js";

/** The configuration texts lint reads, each with its parser (the CLI picks by file, the page by content). */
export type ConfTextKind = "notebook" | "python" | "spark-application" | "emr" | "conf";

/** One text of a known kind, read by its parser; `name` is the source findings and errors name. */
export function parseConfText(kind: ConfTextKind, text: string, name: string): SourcedConf {
  switch (kind) {
    case "notebook":
      return parseNotebook(text, name);
    case "python":
      return parsePythonSource(text, name);
    case "spark-application":
      return parseSparkApplication(text, name);
    case "emr":
      return parseEmrConfigurations(text, name);
    case "conf":
      return { entries: [...parseConfFile(name, text).entries.values()], facts: {} };
  }
}
