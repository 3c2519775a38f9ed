import { parseJvmSize } from "../sizes.js";

/** The value of a -XX:Flag=<size> in a java options string, in bytes, or null. */
export function sizeFlag(options: string | undefined | null, flag: string): number | null {
  if (!options) return null;
  const m = new RegExp(String.raw`-XX:${flag}=(\S+)`).exec(options);
  return m ? parseJvmSize(m[1] as string) : null;
}

/** The options with -XX:Flag=<value> set (replaced where present, appended otherwise). */
export function withFlag(options: string | undefined | null, flag: string, value: string): string {
  const re = new RegExp(String.raw`-XX:${flag}=\S+`);
  const o = (options ?? "").trim();
  if (re.test(o)) return o.replace(re, `-XX:${flag}=${value}`);
  return o === "" ? `-XX:${flag}=${value}` : `${o} -XX:${flag}=${value}`;
}

/** A JVM size flag value for MiB: "2g" or "1536m". */
export function jvmSize(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}g` : `${mib}m`;
}
