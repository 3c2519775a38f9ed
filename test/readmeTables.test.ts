import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { withGenerated } from "../tools/docs/readme.js";

describe("README's generated tables", () => {
  it("are what `npm run docs` writes from the rules' metadata", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(withGenerated(readme)).toBe(readme);
  });
});
