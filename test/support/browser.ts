import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/**
 * Debian's chromium (installed by .ci/run), driven by playwright-core: no browser download.
 * SPARKMEM_CHROMIUM names another binary.
 */
export const CHROMIUM = process.env.SPARKMEM_CHROMIUM ?? "/usr/bin/chromium";
export const haveChromium = existsSync(CHROMIUM);
export const onCi = process.env.CI === "true";

export const SKIP_MESSAGE = `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set SPARKMEM_CHROMIUM): the web page's browser tests are skipped here and fail with CI=true`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // root in CI containers: Chromium's sandbox needs user namespaces that containers often lack
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--no-first-run", "--disable-gpu"],
  });
}
