import { SparkmemError } from "../errors.js";
import type { ConfEntry } from "../sparkConf.js";
import { parseProperties } from "./properties.js";
import type { SourcedConf } from "./sourced.js";
import { submitFlag } from "./submitFlags.js";

export type AppType = "jvm" | "python" | "r";

/** Options that take a value but do not move memory (launcher/SparkSubmitOptionParser.java). */
const OTHER_VALUE_OPTS = new Set([
  "--class",
  "--name",
  "--jars",
  "--packages",
  "--exclude-packages",
  "--repositories",
  "--files",
  "--archives",
  "--py-files",
  "--driver-library-path",
  "--driver-class-path",
  "--proxy-user",
  "--principal",
  "--keytab",
  "--kill",
  "--status",
  "--remote",
]);
const SWITCHES = new Set([
  "--supervise",
  "--verbose",
  "-v",
  "--help",
  "-h",
  "--version",
  "--usage-error",
  "--load-spark-defaults",
]);

export interface SubmitArgs {
  /** From --conf, in order (later wins). */
  confEntries: ConfEntry[];
  /** From dedicated flags such as --executor-memory; they override --conf (SparkSubmitArguments). */
  flagEntries: ConfEntry[];
  propertiesFile?: string;
  /** 4.0+: also read spark-defaults.conf when --properties-file is given. */
  loadSparkDefaults: boolean;
  primaryResource?: string;
  appType?: AppType;
}

const LAUNCHERS: Record<string, AppType | undefined> = {
  "spark-submit": undefined,
  "spark-shell": "jvm",
  pyspark: "python",
  sparkR: "r",
  "spark-sql": "jvm",
};

/** Parse spark-submit's argument vector (optionally starting with the command itself). */
export function parseSparkSubmitArgs(argv: readonly string[]): SubmitArgs {
  const out: SubmitArgs = { confEntries: [], flagEntries: [], loadSparkDefaults: false };
  let i = 0;
  const first = argv[0];
  if (first !== undefined) {
    const base =
      first
        .split("/")
        .pop()
        ?.replace(/\.(cmd|sh)$/, "") ?? "";
    if (Object.hasOwn(LAUNCHERS, base)) {
      const t = LAUNCHERS[base];
      if (t) out.appType = t;
      i = 1;
    }
  }
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("-")) {
      out.primaryResource = arg;
      out.appType = appTypeOfResource(arg) ?? out.appType ?? "jvm";
      break; // the rest are the application's own arguments
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (SWITCHES.has(name)) {
      if (name === "--load-spark-defaults") out.loadSparkDefaults = true;
      continue;
    }
    const flag = submitFlag(name);
    if (!flag && !OTHER_VALUE_OPTS.has(name)) {
      throw new SparkmemError(`spark-submit argument ${i + 1}`, `Unrecognized option: ${name}`, {
        expected: "an option spark-submit knows (see spark-submit --help)",
      });
    }
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined) {
        throw new SparkmemError(`spark-submit ${name}`, "missing value", {
          expected: `a value after ${name}`,
        });
      }
      value = next;
      i++;
    }
    if (flag?.flag === "--conf") {
      const cut = value.indexOf("=");
      if (cut <= 0) {
        // SparkSubmitArguments: "Spark config without '=': <value>"
        throw new SparkmemError(`spark-submit ${name} ${value}`, `Spark config without '=': ${value}`, {
          expected: "key=value",
        });
      }
      out.confEntries.push({
        key: value.slice(0, cut),
        value: value.slice(cut + 1),
        origin: { kind: "conf-flag", flag: `${name} ${value}` },
      });
    } else if (flag?.flag === "--properties-file") out.propertiesFile = value;
    else if (flag?.key) {
      out.flagEntries.push({
        key: flag.key,
        value,
        origin: { kind: "submit-flag", flag: `${name} ${value}` },
      });
    }
  }
  return out;
}

/**
 * A parsed command as one source, in spark-submit's order: --properties-file's settings, then --conf, then
 * the dedicated flags (a later entry wins). `readFile` reads --properties-file (the CLI passes the file
 * system's; the page has none, so a command naming one is refused there).
 */
export function submitSource(args: SubmitArgs, readFile?: (path: string) => string): SourcedConf {
  let properties: ConfEntry[] = [];
  if (args.propertiesFile !== undefined) {
    if (!readFile)
      throw new SparkmemError("--properties-file", "cannot read files here", {
        expected: "the file's content as a config source",
      });
    properties = parseProperties(readFile(args.propertiesFile), args.propertiesFile, "properties-file");
  }
  // one array literal, not push(...a): a spread call's arguments live on the stack (150,000 --conf overflow it)
  const entries = [...properties, ...args.confEntries, ...args.flagEntries];
  return { entries, facts: args.appType ? { appType: args.appType } : {} };
}

export function appTypeOfResource(resource: string): AppType | undefined {
  if (resource === "pyspark-shell" || /\.py$/i.test(resource)) return "python";
  if (resource === "sparkr-shell" || /\.r$/i.test(resource)) return "r";
  return undefined;
}

/**
 * A pasted command line → words, as a POSIX shell splits it: quotes, backslashes and
 * backslash-newline continuations. No expansion of variables or globs.
 */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let cur = "";
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "\\") {
      const n = text[i + 1];
      i++;
      if (n === "\n") continue;
      if (n !== undefined) cur += n;
      inWord = true;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0)
        throw new SparkmemError(`command at character ${i}`, "unterminated ' quote", {
          expected: "a closing '",
        });
      cur += text.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === "\\" && /["\\$`\n]/.test(text[j + 1] ?? "")) {
          if (text[j + 1] !== "\n") cur += text[j + 1];
          j++;
        } else cur += text[j];
      }
      if (j >= text.length)
        throw new SparkmemError(`command at character ${i}`, 'unterminated " quote', {
          expected: 'a closing "',
        });
      i = j;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = "";
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}
