import type { ByteDialect } from "./byteString.js";
import { atLeast, type SparkVersion } from "./version.js";

/** Version-dependent parsing and wording of configuration values. */
export interface ConfDialect {
  bytes: ByteDialect;
  /** 4.1+: config errors are INVALID_CONF_VALUE.TYPE_MISMATCH / .REQUIREMENT error classes. */
  errorClasses: boolean;
  /** 3.2+: checkValue names the value and key ("'1.0' in spark.x is invalid. …"); before, only the requirement. */
  checkValueNamesKey: boolean;
}

export const DEFAULT_DIALECT: ConfDialect = {
  bytes: { wideSuffixes: false, overflowText43: false },
  errorClasses: false,
  checkValueNamesKey: true,
};

export function dialectFor(v: SparkVersion): ConfDialect {
  return {
    bytes: { wideSuffixes: atLeast(v, "4.2"), overflowText43: atLeast(v, "4.3") },
    errorClasses: atLeast(v, "4.1"),
    checkValueNamesKey: atLeast(v, "3.2"),
  };
}

/** Spark's wording for a value of the wrong type (ConfigHelpers.toNumber; 4.1+ error class). */
export function typeMismatchMessage(d: ConfDialect, key: string, value: string, type: string): string {
  return d.errorClasses
    ? `[INVALID_CONF_VALUE.TYPE_MISMATCH] The value '${value}' in the config "${key}" is invalid. It should be a/an '${type}' value. SQLSTATE: 22022`
    : `${key} should be ${type}, but was ${value}`;
}

/** TypedConfigBuilder.checkValue's rejection (3.2+ naming the key, 4.1+ error class; oracle-checked). */
export function requirementMessage(
  d: ConfDialect,
  key: string,
  rendered: string,
  requirement: string,
): string {
  return d.errorClasses
    ? `[INVALID_CONF_VALUE.REQUIREMENT] The value '${rendered}' in the config "${key}" is invalid. ${requirement} SQLSTATE: 22022`
    : d.checkValueNamesKey
      ? `'${rendered}' in ${key} is invalid. ${requirement}`
      : requirement;
}
