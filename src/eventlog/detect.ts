import { ascii, prefixOf, startsWith } from "./codecs/byteQueue.js";
import type { Codec } from "./codecs/types.js";
import { EventLogFormatError, hexBytes } from "./errors.js";

/**
 * Which codec a file needs: Spark goes by the name alone (EventLogFileWriter.codecName); the first bytes
 * confirm it, because users rename, gzip or copy logs, and a wrong guess would read garbage.
 */

const SPARK_CODECS: ReadonlySet<string> = new Set(["lz4", "lzf", "snappy", "zstd"]);

function stripSuffix(s: string, suffix: string): string {
  return s.endsWith(suffix) ? s.slice(0, -suffix.length) : s;
}

/**
 * The codec extension of a file name, Spark's rule: strip `.compact`, then `.inprogress`, then take the last
 * `.`-separated token when there is one (app ids are sanitized to contain no `.`); null when there is none.
 */
export function codecExtension(fileName: string): string | null {
  const base = fileName.slice(fileName.lastIndexOf("/") + 1);
  const parts = stripSuffix(stripSuffix(base, ".compact"), ".inprogress").split(".");
  return parts.length > 1 ? (parts[parts.length - 1] as string) : null;
}

/**
 * Spark's codec short names (lower-cased, as CompressionCodec.createCodec does); `.gz` for a log gzipped
 * by hand; anything else (no extension, `.json`, `.log`) is read as uncompressed.
 */
export function codecFromName(fileName: string): Codec {
  const ext = codecExtension(fileName)?.toLowerCase() ?? null;
  if (ext !== null && SPARK_CODECS.has(ext)) return ext as Codec;
  return ext === "gz" ? "gzip" : "none";
}

/** The magic each codec's stream starts with (see codecs/*.ts for where each comes from). */
export const MAGIC: Readonly<Record<Exclude<Codec, "none">, Uint8Array>> = {
  lz4: ascii("LZ4Block"),
  snappy: Uint8Array.of(0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00),
  lzf: ascii("ZV"),
  zstd: Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd),
  gzip: Uint8Array.of(0x1f, 0x8b),
};

const BOM = Uint8Array.of(0xef, 0xbb, 0xbf);
const isSpace = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/** The codec the first bytes (16 are plenty) announce, or null when they match none; `{` means JSON. */
export function codecFromMagic(firstBytes: Uint8Array): Codec | null {
  for (const [codec, magic] of Object.entries(MAGIC) as [Codec, Uint8Array][]) {
    if (startsWith(firstBytes, magic)) return codec;
  }
  let i = startsWith(firstBytes, BOM) ? BOM.length : 0;
  while (i < firstBytes.length && isSpace(firstBytes[i] as number)) i++;
  return firstBytes[i] === 0x7b ? "none" : null;
}

export interface ResolvedCodec {
  codec: Codec;
  byName: Codec;
  byMagic: Codec | null;
  /** Set when name and content disagree but the content can still be read (by its magic). */
  note: string | null;
}

/**
 * The codec to read a file with: the one its bytes confirm. Content wins over the name when both are
 * recognised (a renamed or re-compressed file). Throws EventLogFormatError (offset 0) when the bytes match no
 * codec, since then neither the name nor the content tells how to read them. An empty file is "none"; a file
 * shorter than its codec's magic whose bytes begin that magic (a log cut while starting) follows its name.
 */
export function resolveCodec(fileName: string, firstBytes: Uint8Array): ResolvedCodec {
  const byName = codecFromName(fileName);
  if (firstBytes.length === 0) return { codec: "none", byName, byMagic: null, note: null };
  const byMagic = codecFromMagic(firstBytes);
  if (byMagic === byName) return { codec: byName, byName, byMagic, note: null };
  if (byMagic !== null) {
    const note = `${fileName}: the name says ${describe(byName)} but the content is ${describe(byMagic)}; reading it as ${byMagic}`;
    return { codec: byMagic, byName, byMagic, note };
  }
  if (byName !== "none" && firstBytes.length < MAGIC[byName].length && prefixOf(firstBytes, MAGIC[byName])) {
    return { codec: byName, byName, byMagic, note: null };
  }
  const expected =
    byName === "none" ? "'{' (uncompressed JSON lines)" : `the ${byName} magic ${hexBytes(MAGIC[byName])}`;
  throw new EventLogFormatError(
    byName,
    0,
    `the name says ${describe(byName)} but the file starts with ${hexBytes(firstBytes)}, not ${expected} nor any other codec's magic`,
    "file",
  );
}

const describe = (c: Codec): string => (c === "none" ? "uncompressed" : c);
