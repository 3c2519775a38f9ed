import { type Change, confFromEntries, confTextKind } from "../../src/conf/index.js";
import { parsePaste } from "./input.js";
import { FORM_KEYS, type FormKey, type PageState } from "./state.js";

const isFormKey = (k: string): k is FormKey => FORM_KEYS.some((f) => f.key === k);

/** The key a spark-defaults line sets (Java Properties: key, then whitespace, = or :). */
function lineKey(line: string): string | null {
  const t = line.trim();
  if (!t || t.startsWith("#") || t.startsWith("!")) return null;
  return /^[^\s=:]+/.exec(t)?.[0] ?? null;
}

/**
 * The Explain state after a lint fix, a diagnose change or a sized layout (each a Change, src/conf/change.ts): the one mechanism every "Apply"
 * and "Use this layout" button uses. A memory key the form has (and master, deploy mode) is set in the
 * form, or cleared for null; any other key becomes a `key value` line of the pasted text. Since the pasted
 * text wins over the form, every line of it that sets a changed key is removed first; pasted text that is
 * not spark-defaults lines (a spark-submit command, JSON, EMR JSON) is rewritten as the spark-defaults lines
 * it amounts to when it must change, its application type carried into the form. The preset becomes custom.
 */
export function applyChanges(s: PageState, changes: readonly Change[]): PageState {
  const next: PageState = { ...s, conf: { ...s.conf }, preset: "", view: "explain" };
  const keys = new Set(changes.map((x) => x.key));
  let paste = s.paste;
  const kind = confTextKind(paste);
  // text the paste box cannot read (Python, YAML…) is edited line by line, as spark-defaults lines are
  if (kind === "spark-submit" || kind === "json" || kind === "emr") {
    const pasted = parsePaste(paste).source;
    const conf = confFromEntries(pasted.entries);
    const touched = [...conf.entries.keys()].some((k) => keys.has(k));
    const adds = changes.some((x) => x.to !== null && !isFormKey(x.key) && !FIELDS[x.key]);
    if (touched || adds) {
      paste = [...conf.entries.values()].map((e) => `${e.key} ${e.value}`).join("\n");
      if (pasted.facts.appType) next.appType = pasted.facts.appType;
    }
  }
  const lines = paste.split("\n").filter((line) => {
    const k = lineKey(line);
    return k === null || !keys.has(k);
  });
  for (const { key, to: value } of changes) {
    const field = FIELDS[key];
    if (field) next[field] = value ?? (field === "deployMode" ? "client" : "");
    else if (isFormKey(key)) {
      if (value === null) delete next.conf[key];
      else next.conf[key] = value;
    } else if (value !== null) lines.push(`${key} ${value}`);
  }
  next.paste = lines.join("\n").replace(/^\n+|\n+$/g, "");
  return next;
}

/** Keys the form has a control of its own for. */
const FIELDS: Record<string, "master" | "deployMode" | undefined> = {
  "spark.master": "master",
  "spark.submit.deployMode": "deployMode",
};

/** Changes as the lines a user pastes into spark-submit. */
export function confLines(changes: readonly Change[]): string[] {
  return changes.map((x) => (x.to === null ? `remove ${x.key}` : `--conf ${x.key}=${x.to}`));
}
