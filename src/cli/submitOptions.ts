import type { Command } from "commander";
import { SUBMIT_FLAGS, type SubmitFlagName } from "../conf/index.js";

type Camel<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;

/** The values commander gives the table's options, under the names it stores them by (--executor-memory → executorMemory). */
export type SubmitOptionValues = {
  [F in SubmitFlagName as Camel<F extends `--${infer N}` ? N : F>]?: string;
};

/** A repeatable option's values. */
export function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

/** The property commander stores an option's value under: --executor-memory → executorMemory. */
export function optionName(flag: string): string {
  return flag.replace(/^--/, "").replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** spark-submit's configuration options (src/conf/sources/submitFlags.ts), as this command's own. */
export function withSubmitOptions(c: Command): Command {
  for (const f of SUBMIT_FLAGS) {
    const spec = `${f.short ? `${f.short}, ` : ""}${f.flag} <${f.takes}>`;
    const help = f.key ? `${f.help} (${f.key})` : f.help;
    if (f.flag === "--conf") c.option(spec, help, collect, []);
    else c.option(spec, help);
  }
  return c;
}

/** The options that take their key's place in the configuration: all but --master and --deploy-mode. */
const AS_SETTINGS = SUBMIT_FLAGS.filter((f) => f.flag !== "--master" && f.flag !== "--deploy-mode");

/**
 * This command's spark-submit options as the argument vector they amount to, read by the same parser as a
 * pasted command. --master and --deploy-mode are left out: they override the configuration's master and
 * deploy mode outright, as explain's and lint's inputs of those names do.
 */
export function submitArgsOf(opts: object): string[] {
  const args: string[] = [];
  for (const f of AS_SETTINGS) {
    const v = (opts as Record<string, unknown>)[optionName(f.flag)];
    for (const x of Array.isArray(v) ? v : v === undefined ? [] : [v]) args.push(f.flag, String(x));
  }
  return args;
}
