import { defineConfig } from "vite";

/**
 * The page: `vite build web` (root = web/) writes dist/web/, served as static files by `sparkmem serve`.
 * Relative asset paths (base "./") and no module-preload polyfill: nothing needs a particular server,
 * nothing is inlined into index.html (so the strict Content-Security-Policy needs no 'unsafe-inline').
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
  },
  // the Analyze view's reader: a module worker, its own chunk
  worker: { format: "es" },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
