import { describe, expect, it } from "vitest";
import {
  BYTE_STRING_ERROR,
  byteStringAs,
  memoryStringToMb,
  parseJvmMemorySize,
  pythonParseMemoryMiB,
} from "../src/conf/byteString.js";

const WIDE = { wideSuffixes: true, overflowText43: false };

describe("JavaUtils.byteStringAs", () => {
  it("reads every suffix as a power of 1024, in any case, trimmed", () => {
    expect(byteStringAs("1b", "BYTE")).toBe(1n);
    expect(byteStringAs("1k", "BYTE")).toBe(1024n);
    expect(byteStringAs("1KB", "BYTE")).toBe(1024n);
    expect(byteStringAs(" 2m ", "BYTE")).toBe(2097152n);
    expect(byteStringAs("3Mb", "BYTE")).toBe(3145728n);
    expect(byteStringAs("30g", "MiB")).toBe(30720n);
    expect(byteStringAs("1GB", "MiB")).toBe(1024n);
    expect(byteStringAs("1t", "GiB")).toBe(1024n);
    expect(byteStringAs("1tb", "MiB")).toBe(1048576n);
    expect(byteStringAs("1p", "TiB")).toBe(1024n);
    expect(byteStringAs("2pb", "GiB")).toBe(2097152n);
  });

  it("takes a bare number in the key's unit", () => {
    expect(byteStringAs("4096", "MiB")).toBe(4096n);
    expect(byteStringAs("4096", "BYTE")).toBe(4096n);
  });

  it("truncates toward larger units: 1536k as MiB is 1, 512k is 0", () => {
    expect(byteStringAs("1536k", "MiB")).toBe(1n);
    expect(byteStringAs("512k", "MiB")).toBe(0n);
    expect(byteStringAs("1048575b", "MiB")).toBe(0n);
  });

  it("rejects what Spark rejects, with Spark's text", () => {
    expect(() => byteStringAs("4x", "MiB")).toThrow(`${BYTE_STRING_ERROR}\nInvalid suffix: "x"`);
    expect(() => byteStringAs("1.5g", "MiB")).toThrow(
      `${BYTE_STRING_ERROR}\nFractional values are not supported. Input was: 1.5`,
    );
    expect(() => byteStringAs("-1g", "MiB")).toThrow(
      `${BYTE_STRING_ERROR}\nFailed to parse byte string: -1g`,
    );
    expect(() => byteStringAs("4 g", "MiB")).toThrow("Failed to parse byte string: 4 g");
    expect(() => byteStringAs("", "MiB")).toThrow("Failed to parse byte string: ");
  });

  it("accepts ki/mi/gi/…ib only from 4.2", () => {
    expect(() => byteStringAs("4Gi", "MiB")).toThrow('Invalid suffix: "gi"');
    expect(byteStringAs("4Gi", "MiB", WIDE)).toBe(4096n);
    expect(byteStringAs("2mib", "BYTE", WIDE)).toBe(2097152n);
  });

  it("refuses conversions past Long.MAX_VALUE with the version's text", () => {
    expect(() => byteStringAs("9000000p", "BYTE")).toThrow(
      // ByteUnit.convertTo names its own unit (the suffix), as Spark 2.4.8 and 3.5.9 answered the oracle
      "Conversion of 9000000 exceeds Long.MAX_VALUE in PiB. Try a larger unit (e.g. MiB instead of KiB)",
    );
    expect(() => byteStringAs("9000000p", "BYTE", { wideSuffixes: true, overflowText43: true })).toThrow(
      "Conversion of 9000000 PiB exceeds Long.MAX_VALUE. Try a larger unit (e.g. MiB instead of KiB).",
    );
  });
});

describe("other parsers Spark and the JVM use", () => {
  it("Utils.memoryStringToMb reads a bare number as bytes", () => {
    expect(memoryStringToMb("4096")).toBe(0n);
    expect(memoryStringToMb("4g")).toBe(4096n);
    expect(memoryStringToMb("1536k")).toBe(1n);
  });

  it("-Xmx takes k/m/g/t only; bare digits are bytes", () => {
    expect(parseJvmMemorySize("2g")).toBe(2147483648n);
    expect(parseJvmMemorySize("2G")).toBe(2147483648n);
    expect(parseJvmMemorySize("1024")).toBe(1024n);
    expect(parseJvmMemorySize("2gb")).toBeNull();
    expect(parseJvmMemorySize("1.5g")).toBeNull();
    expect(parseJvmMemorySize("2p")).toBeNull();
  });

  it("PySpark _parse_memory: suffix required, decimals allowed, result in MiB", () => {
    expect(pythonParseMemoryMiB("1.5g")).toBe(1536);
    expect(pythonParseMemoryMiB("512m")).toBe(512);
    expect(pythonParseMemoryMiB("512mb")).toBeNull();
    expect(pythonParseMemoryMiB("2048k")).toBe(2);
  });
});
