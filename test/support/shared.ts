import { existsSync } from "node:fs";

/**
 * ../shared (fixtures and cluster data, read in place), found by walking up from here: the mutation run
 * (npm run mutation) runs the tests from a copy of the project under .stryker-tmp/, one folder deeper.
 */
export const SHARED: URL = (() => {
  for (let dir = new URL("../../", import.meta.url); ; dir = new URL("../", dir)) {
    const candidate = new URL("../shared/", dir);
    if (existsSync(new URL("fixtures/", candidate))) return candidate;
    if (dir.pathname === "/") throw new Error(`no shared/fixtures folder above ${import.meta.url}`);
  }
})();
