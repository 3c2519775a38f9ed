import { describe, expect, it } from "vitest";
import { isCi } from "./support/ci.js";

describe("CI, as the tests that fail rather than skip under it read it", () => {
  it("is any value of CI but empty, false or 0", () => {
    for (const v of ["true", "1", "yes", "TRUE", "github"]) expect(isCi(v), v).toBe(true);
    for (const v of [undefined, "", " ", "false", "FALSE", "0"]) expect(isCi(v), String(v)).toBe(false);
  });
});
