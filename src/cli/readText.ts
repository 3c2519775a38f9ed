import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { SparkmemError } from "../conf/index.js";

/** A configuration file's text, or one clear line naming the file and why it cannot be read. */
export function readText(path: string, expected = "a readable configuration file"): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new SparkmemError(
      path,
      `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      {
        expected,
      },
    );
  }
}

/** A file's first `bytes` bytes as text (enough to tell what it is), or the same one line when unreadable. */
export function readHead(path: string, bytes = 4096): string {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return readText(path); // throws the one line naming the file
  }
  try {
    const buf = Buffer.alloc(bytes);
    return buf.subarray(0, readSync(fd, buf, 0, bytes, 0)).toString("utf8");
  } finally {
    closeSync(fd);
  }
}
