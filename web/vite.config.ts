import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/** The core (src/): importing one of its modules only defines values (DEVELOPERS' "pure functions over plain data"). */
const CORE = fileURLToPath(new URL("../src/", import.meta.url));
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const PURE_CORE = { moduleSideEffects: [{ test: new RegExp(`^${escapeRegExp(CORE)}`), sideEffects: false }] };

/**
 * The page: `vite build web` (root = web/) writes dist/web/, served as static files by `sparkmem serve`.
 * Relative asset paths (base "./") and no module-preload polyfill: nothing needs a particular server,
 * nothing is inlined into index.html (so the strict Content-Security-Policy needs no 'unsafe-inline').
 * The manifest (dist/web/.vite/manifest.json) says which chunks the entry imports statically: the first
 * load, which test/webBudget.test.ts keeps within its budget.
 */
export default defineConfig({
  base: "./",
  publicDir: "public",
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    target: "es2022",
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    reportCompressedSize: false,
    manifest: true,
    // The page imports the core through its entry files (src/<layer>/index.ts); marking the core free of
    // side effects lets the bundler drop what an entry re-exports but a chunk never uses (the configuration
    // parsers and YAML stay out of the first load).
    rolldownOptions: { treeshake: PURE_CORE },
  },
  // the Analyze view's reader: a module worker, its own chunk
  worker: { format: "es", rolldownOptions: { treeshake: PURE_CORE } },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
