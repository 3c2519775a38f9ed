import { statSync } from "node:fs";

export type PathKind = "file" | "directory" | "a dangling link" | "not a regular file";

/**
 * What a path is, as the commands decide how to read it: a regular file, a directory (a rolling log or a
 * directory of logs), or something that is neither (a FIFO, a device) or cannot be stat-ed (missing, or a
 * link to nothing: "a dangling link", as a directory listing names it).
 */
export function pathKind(path: string): PathKind {
  try {
    const st = statSync(path);
    return st.isFile() ? "file" : st.isDirectory() ? "directory" : "not a regular file";
  } catch {
    return "a dangling link";
  }
}
