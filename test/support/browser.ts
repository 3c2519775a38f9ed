import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/cli/serveCommand.js";
import { onCi } from "./ci.js";

/**
 * Debian's chromium (installed by .ci/run), driven by playwright-core: no browser download.
 * SPARKMEM_CHROMIUM names another binary.
 */
export const CHROMIUM = process.env.SPARKMEM_CHROMIUM ?? "/usr/bin/chromium";
export const haveChromium = existsSync(CHROMIUM);

export const SKIP_MESSAGE = `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set SPARKMEM_CHROMIUM): the web page's browser tests are skipped here and fail under CI (CI set, other than false or 0)`;

/**
 * The browser tests of one file: `describe(name, tests)` where Chromium is installed. Where it is missing they
 * are skipped with a message, except under CI (see ci.ts), where a test saying so fails.
 */
export function describeInChromium(name: string, tests: () => void): void {
  describe("Chromium is installed", () => {
    it.runIf(onCi)("CI has Debian's chromium (.ci/run installs it)", () => {
      expect(haveChromium, SKIP_MESSAGE).toBe(true);
    });
  });
  if (!haveChromium && !onCi) console.warn(SKIP_MESSAGE);
  describe.skipIf(!haveChromium)(name, tests);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // root in CI containers: Chromium's sandbox needs user namespaces that containers often lack
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--no-first-run", "--disable-gpu"],
  });
}

/** The built page, and where the browser tests leave their screenshots (git-ignored). */
export const WEB = fileURLToPath(new URL("../../dist/web/", import.meta.url));
export const SHOTS = fileURLToPath(new URL("../../test-artifacts/screenshots/", import.meta.url));

/**
 * `sparkmem serve` over the built page on a free port and one Chromium, for the tests of one describe
 * block: started before them, closed after. Read `server` and `browser` inside the tests.
 */
export function pageSession(): { readonly server: RunningServer; readonly browser: Browser } {
  const session = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    session.server = await startServer({ root: WEB, port: 0 });
    session.browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}

/**
 * What a page must never do, written to `problems` as it happens: log an error or a warning, throw, open a
 * dialog (dismissed), or request anything from another origin than `origin` (the page works offline).
 */
export function watchPage(page: Page, problems: string[], origin: string): void {
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on("request", (r) => {
    if (!r.url().startsWith(origin)) problems.push(`request to ${r.url()}`);
  });
}
