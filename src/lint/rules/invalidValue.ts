import { byteFromString } from "../../conf/byteString.js";
import { specOf } from "../../conf/catalog.js";
import { parseJavaBoolean, parseJavaDouble, parseJavaInt, parseJavaLong } from "../../conf/javaNumbers.js";
import type { KeySpec } from "../../conf/keySpec.js";
import type { LintRule } from "../types.js";

const EXAMPLE: Record<KeySpec["kind"], string> = {
  bytes: "a size such as 4g or 512m",
  double: "a number such as 0.6",
  int: "a whole number such as 4",
  long: "a whole number",
  boolean: "true or false",
  string: "text",
};

/** Whether Spark can parse the value as the key's kind at all. */
export function readable(spec: KeySpec, value: string): boolean {
  const v = value.trim();
  switch (spec.kind) {
    case "bytes":
      try {
        byteFromString(v, spec.unit ?? "BYTE");
        return true;
      } catch {
        return false;
      }
    case "double":
      return parseJavaDouble(v) !== null;
    case "int":
      return parseJavaInt(v) !== null;
    case "long":
      return parseJavaLong(v) !== null;
    case "boolean":
      return parseJavaBoolean(v) !== null;
    default:
      return true;
  }
}

export const invalidValue: LintRule = {
  id: "invalid-value",
  title: "A value of the wrong kind for its key",
  severity: "error",
  why: "Spark parses each key as its ConfigEntry declares (a size, a number, a boolean) and fails with NumberFormatException or IllegalArgumentException when it reads a value it cannot parse.",
  fix: "Write the value in the key's kind: sizes with a unit (4g, 512m), fractions as decimals (0.6), booleans as true/false.",
  docs: "core/src/main/scala/org/apache/spark/internal/config/ConfigBuilder.scala (bytesConf, doubleConf, intConf, booleanConf)",
  check: (ctx) =>
    [...ctx.merged.values()].flatMap((entry) => {
      const spec = specOf(entry.key);
      if (!spec || readable(spec, entry.value)) return [];
      const unit =
        spec.kind === "bytes" && spec.unit && spec.unit !== "BYTE"
          ? `; a bare number means ${spec.unit}`
          : "";
      return [
        {
          key: entry.key,
          message: `${entry.key}="${entry.value}" is not ${EXAMPLE[spec.kind]}${unit}`,
          fix: spec.default === null ? [] : [{ key: entry.key, to: spec.default }],
          entry,
        },
      ];
    }),
};
