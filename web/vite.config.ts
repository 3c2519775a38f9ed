import { defineConfig } from "vite";

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
  },
  // the Analyze view's reader: a module worker, its own chunk
  worker: { format: "es" },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
