import {
  appTypeOf,
  type ConfEntry,
  type ConfTextKind,
  confFromEntries,
  confTextKind,
  KIND_WORDS,
  mergeLayers,
  parseBytesValue,
  parsePlainText,
  readString,
  type SourcedConf,
  SparkmemError,
  wholeNumber,
} from "../../src/conf/index.js";
import { type ExplainInput, explainInputFrom } from "../../src/model/index.js";
import type { EmrInstanceType } from "../../src/size/emrInstances.js";
import { DEFAULT_HOST, FORM_KEYS, type PageState } from "./state.js";

/** Where form values come from, as error messages name it ("spark.executor.memory from the form: …"). */
const FORM = { kind: "option", flag: "the form" } as const;
const PASTED = "the pasted text";

/** What the Explain paste box reads: the kinds the first load parses, and EMR JSON, whose parser it loads. */
export type PasteKind = "none" | "spark-submit" | "spark-defaults" | "json" | "emr";
const PASTE_KINDS: readonly ConfTextKind[] = ["none", "spark-submit", "spark-defaults", "json", "emr"];
const isPasteKind = (k: ConfTextKind): k is PasteKind => PASTE_KINDS.includes(k);

export interface PageInput {
  input: ExplainInput;
  /** Keys the pasted text sets: they override the form. */
  pastedKeys: Set<string>;
  pasteKind: PasteKind;
  /** The EMR instance type chosen, and whether its YARN settings applied (the master is YARN). */
  emr?: { type: EmrInstanceType; applied: boolean };
}

/** The EMR instance data (src/size/emrInstances.ts), which the page loads only when a type is chosen. */
export interface EmrData {
  emrInstanceTypes(): Map<string, EmrInstanceType>;
  similarInstanceTypes(name: string): string[];
}

export const EMR_FIELD = "EMR instance type";

/** The type named, or an error naming the text, with the nearest names. */
export function emrTypeOf(name: string, data: EmrData): EmrInstanceType {
  const t = data.emrInstanceTypes().get(name.trim().toLowerCase());
  if (t) return t;
  const near = data.similarInstanceTypes(name);
  throw new SparkmemError(
    EMR_FIELD,
    `"${name.trim()}" is not an instance type in the EMR data${near.length > 0 ? `; did you mean ${near.join(", ")}?` : ""}`,
    { expected: "an EC2 type from the list (e.g. m5.xlarge), or empty for none" },
  );
}

/** The type's YARN scheduler settings, as EMR configures them on its nodes. */
function emrEntries(t: EmrInstanceType): ConfEntry[] {
  const origin = { kind: "option", flag: `EMR instance type ${t.name}` } as const;
  const out: ConfEntry[] = [];
  if (t.minAllocationMiB !== null)
    out.push({ key: "yarn.scheduler.minimum-allocation-mb", value: String(t.minAllocationMiB), origin });
  if (t.maxAllocationMiB !== null)
    out.push({ key: "yarn.scheduler.maximum-allocation-mb", value: String(t.maxAllocationMiB), origin });
  return out;
}

/**
 * The parser of EMR configuration JSON is a chunk of its own, loaded the first time such a text is pasted
 * (or a link holds one): spark-defaults lines, JSON maps and commands, typed keystroke by keystroke, are read
 * by the first load's parsers, synchronously. Until it arrives the pasted text cannot be read: callers ask
 * `pasteReadable` first and redo their work when `loadPasteParser` resolves.
 */
type EmrParser = typeof import("../../src/conf/sources/emrJson.js");
let emrParser: EmrParser | null = null;
let emrParserLoading: Promise<EmrParser> | null = null;

/** Whether the parser `text` needs is loaded (it always is but for EMR JSON). */
export function pasteReadable(text: string): boolean {
  return emrParser !== null || confTextKind(text) !== "emr";
}

/** Loads the parser `text` needs, once; a failed load is tried again at the next call. */
export async function loadPasteParser(text: string): Promise<void> {
  if (pasteReadable(text)) return;
  emrParserLoading ??= import("../../src/conf/sources/emrJson.js").then(
    (m) => (emrParser = m),
    (e: unknown) => {
      emrParserLoading = null;
      throw e;
    },
  );
  await emrParserLoading;
}

/**
 * The pasted text as one source of settings, read by the same parsers as the CLI's inputs (the one classifier
 * says which). Throws when the text needs a parser not loaded yet: see `pasteReadable`.
 */
export function parsePaste(text: string): { source: SourcedConf; kind: PasteKind } {
  const kind = confTextKind(text);
  if (!isPasteKind(kind))
    throw new SparkmemError(PASTED, `is ${KIND_WORDS[kind]}`, {
      expected:
        "a spark-submit command, spark-defaults.conf lines, a JSON map or EMR configuration JSON here (the Lint view reads Python, notebooks and SparkApplication YAML, the Analyze view event logs)",
    });
  switch (kind) {
    case "none":
      return { source: { entries: [], facts: {} }, kind };
    case "emr":
      if (!emrParser) throw new Error("the EMR configuration parser is not loaded: await loadPasteParser");
      return { source: emrParser.parseEmrConfigurations(text, PASTED), kind };
    default:
      return { source: parsePlainText(kind, text, PASTED), kind };
  }
}

/**
 * The page's state as the input `explain` takes. Precedence, lowest first: the EMR instance type's YARN
 * settings (on YARN only), the form (version, master, deploy mode, app type and the memory keys), then the
 * pasted text — the last thing the user pasted wins. A chosen EMR type needs `emrData`, pasted EMR JSON its
 * parser (`loadPasteParser`).
 */
export function toExplainInput(s: PageState, emrData?: EmrData): PageInput {
  const entries: ConfEntry[] = [];
  const add = (key: string, value: string) => {
    if (value.trim() !== "") entries.push({ key, value: value.trim(), origin: FORM });
  };
  add("spark.master", s.master);
  add("spark.submit.deployMode", s.deployMode);
  for (const { key } of FORM_KEYS) add(key, s.conf[key] ?? "");
  const pasted = parsePaste(s.paste);
  const form: SourcedConf = {
    entries,
    facts: { sparkVersion: s.sparkVersion, appType: appTypeOf("App type", s.appType) },
  };
  let merged = mergeLayers([form, pasted.source]);
  let emr: PageInput["emr"];
  if (s.emrType.trim() !== "") {
    if (!emrData) throw new Error("the EMR instance data is not loaded");
    const type = emrTypeOf(s.emrType, emrData);
    const master = merged.facts.master ?? readString(merged.conf, "spark.master") ?? "";
    const applied = /^yarn(?:$|-)/.test(master.trim());
    if (applied) merged = mergeLayers([{ entries: emrEntries(type), facts: {} }, form, pasted.source]);
    emr = { type, applied };
  }
  const input = explainInputFrom(merged);
  input.hostCores = wholeNumber("Host cores", s.hostCores || DEFAULT_HOST.cores);
  input.hostMemoryBytes = parseBytesValue(s.hostMemory || DEFAULT_HOST.memory, "BYTE", "Host memory");
  const pastedKeys = new Set(confFromEntries(pasted.source.entries).entries.keys());
  const page: PageInput = { input, pastedKeys, pasteKind: pasted.kind };
  if (emr) page.emr = emr;
  return page;
}
