import { readFileSync } from "node:fs";
import { SparkmemError } from "../conf/errors.js";

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
