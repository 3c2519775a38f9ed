import { parsePlainText } from "../gather.js";
import { parseEmrConfigurations } from "./emrJson.js";
import { parseNotebook, parsePythonSource } from "./python.js";
import type { SourcedConf } from "./sourced.js";
import { parseSparkApplication } from "./sparkApplication.js";
import type { ConfTextKind } from "./textKind.js";

/**
 * A configuration text of a known kind (textKind.ts), read by its parser; `name` is the source findings and
 * errors name, `readFile` reads a command's --properties-file (the CLI's; the page has none). An event
 * log is not read here: its settings come from replaying it (analyze).
 */
export function parseConfText(
  kind: Exclude<ConfTextKind, "event-log">,
  text: string,
  name: string,
  readFile?: (path: string) => string,
): SourcedConf {
  switch (kind) {
    case "none":
      return { entries: [], facts: {} };
    case "notebook":
      return parseNotebook(text, name);
    case "python":
      return parsePythonSource(text, name);
    case "spark-application":
      return parseSparkApplication(text, name);
    case "emr":
      return parseEmrConfigurations(text, name);
    default:
      return parsePlainText(kind, text, name, readFile);
  }
}
