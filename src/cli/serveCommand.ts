import { realpathSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { isIP } from "node:net";
import { extname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { SparkmemError } from "../conf/index.js";

/** The built page, inside the installed package: dist/cli/serveCommand.js → dist/web/. */
export const WEB_ROOT = fileURLToPath(new URL("../web/", import.meta.url));
export const DEFAULT_PORT = 4173;

/**
 * Static files only: the page computes everything itself and fetches nothing but its own assets. The decoders
 * of zstd (in a data: URL), XXH32 and the LZF/Snappy/LZ4 blocks are WebAssembly, hence 'wasm-unsafe-eval'
 * (compile WebAssembly, not eval JS), and data: for connect-src (a data: URL sends nothing anywhere).
 */
export const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self' data:; " +
    "worker-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};

export const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
};

export interface ServeOptions {
  root?: string;
  host?: string;
  port?: number;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** True for addresses only this machine can reach: localhost, 127.0.0.0/8, ::1. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The warning `serve` prints when --host makes the page reachable from other machines; null on loopback. */
export function hostWarning(host: string): string | null {
  if (isLoopback(host)) return null;
  return `warning: listening on ${host}, so other machines that can reach this port can load the page (it holds no data: every layout is computed in the visitor's browser)`;
}

type Resolved = { status: 200; file: string } | { status: 400 | 404 };

/**
 * A request path → a file under root. Refuses (400) anything that is not a plain absolute path:
 * NUL bytes, backslashes, a leading "//", bad percent-encoding, `..` segments (also encoded), and any path whose
 * resolved or real (symlink-free) location leaves root. Paths without an extension that name no file
 * get index.html (a single-page app's routes); a missing file with an extension is 404.
 */
export function resolveRequestPath(root: string, rawUrl: string): Resolved {
  if (!rawUrl.startsWith("/")) return { status: 400 };
  const rawPath = rawUrl.split(/[?#]/, 1)[0] as string;
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { status: 400 };
  }
  // NUL, backslashes (a separator elsewhere) and "//…" (an absolute path glued to the root) are refused
  if (path.includes("\0") || path.includes("\\") || path.startsWith("//")) return { status: 400 };
  const segments = path.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.some((s) => s === ".." || s.includes(":"))) return { status: 400 };
  const base = realpathSync(root);
  const target = resolve(base, ...segments);
  if (target !== base && !target.startsWith(base + sep)) return { status: 400 };
  const file = regularFile(target, base);
  if (file) return { status: 200, file };
  if (segments.length === 0 || extname(segments[segments.length - 1] as string) === "") {
    const index = regularFile(resolve(base, "index.html"), base);
    if (index) return { status: 200, file: index };
  }
  return { status: 404 };
}

/** The real path of a regular file that stays under base, else null (directories are never listed). */
function regularFile(path: string, base: string): string | null {
  try {
    const real = realpathSync(path);
    if (!real.startsWith(base + sep) || !statSync(real).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

function send(res: ServerResponse, status: number, head: boolean, body: string | Buffer, type: string) {
  const headers: Record<string, string | number> = {
    ...SECURITY_HEADERS,
    "Content-Type": type,
    "Content-Length": Buffer.byteLength(body),
  };
  if (status === 405) headers.Allow = "GET, HEAD";
  res.writeHead(status, headers);
  res.end(head ? undefined : body);
}

const TEXT = "text/plain; charset=utf-8";
const REASON: Record<number, string> = { 400: "Bad request", 404: "Not found", 405: "Method not allowed" };

async function handle(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const head = req.method === "HEAD";
  if (req.method !== "GET" && !head) return send(res, 405, false, `${REASON[405]}\n`, TEXT);
  const r = resolveRequestPath(root, req.url ?? "");
  if (r.status !== 200) return send(res, r.status, head, `${REASON[r.status]}\n`, TEXT);
  const body = await readFile(r.file);
  const type = CONTENT_TYPES[extname(r.file).toLowerCase()] ?? "application/octet-stream";
  res.setHeader(
    "Cache-Control",
    r.file.includes(`${sep}assets${sep}`) ? "max-age=31536000, immutable" : "no-cache",
  );
  send(res, 200, head, body, type);
}

/** The URL to open: an unspecified address (0.0.0.0, ::) is reached through loopback. */
function urlFor(host: string, port: number): string {
  const shown = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return `http://${isIP(shown) === 6 ? `[${shown}]` : shown}:${port}/`;
}

/** Serves root's files on host:port (127.0.0.1 and 4173 by default; port 0 picks a free one). */
export async function startServer(o: ServeOptions = {}): Promise<RunningServer> {
  const root = o.root ?? WEB_ROOT;
  const host = o.host ?? "127.0.0.1";
  const port = o.port ?? DEFAULT_PORT;
  try {
    if (!statSync(resolve(root, "index.html")).isFile()) throw new Error("not a file");
  } catch {
    throw new SparkmemError(root, "has no built page (index.html)", {
      expected: "the page built by `npm run build` (dist/web/)",
    });
  }
  const server = createServer((req, res) => {
    handle(root, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, false, "Internal error\n", TEXT);
      else res.destroy();
    });
  });
  // Node's parser answers a malformed request or oversized headers itself, bare; answer with our headers
  server.on("clientError", (e: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return;
    const [status, reason] =
      e.code === "HPE_HEADER_OVERFLOW" ? [431, "Request Header Fields Too Large"] : [400, "Bad Request"];
    const body = `${reason}\n`;
    const headers = {
      ...SECURITY_HEADERS,
      "Content-Type": TEXT,
      "Content-Length": body.length,
      Connection: "close",
    };
    const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
    socket.end(`HTTP/1.1 ${status} ${reason}\r\n${lines.join("\r\n")}\r\n\r\n${body}`);
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      const problem =
        e.code === "EADDRINUSE"
          ? `port ${port} is in use`
          : e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND"
            ? `${host} is not an address of this machine`
            : e.message;
      fail(
        new SparkmemError(e.code === "EADDRINUSE" ? "--port" : "--host", problem, {
          expected: "a free port (0 picks one) on an address of this machine",
        }),
      );
    });
    server.listen(port, host, () => ok());
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  return {
    url: urlFor(host, bound),
    close: () =>
      new Promise<void>((ok, fail) => {
        server.close((e) => (e ? fail(e) : ok()));
        server.closeAllConnections();
      }),
  };
}

function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535)
    throw new SparkmemError("--port", `"${text}" is not a port`, {
      expected: "a whole number 0–65535 (0 picks a free port)",
    });
  return Number(text);
}

/** `sparkmem serve`: prints the URL and serves until interrupted; it opens nothing by itself. */
export async function runServe(
  o: { port?: string; host?: string; root?: string },
  io: { out: (s: string) => void; err: (s: string) => void } = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  },
): Promise<RunningServer> {
  const host = o.host ?? "127.0.0.1";
  const port = parsePort(o.port ?? String(DEFAULT_PORT));
  const warning = hostWarning(host);
  const server = await startServer(o.root === undefined ? { host, port } : { root: o.root, host, port });
  if (warning) io.err(`sparkmem: ${warning}\n`);
  io.out(`sparkmem: serving the page at ${server.url} (Ctrl+C to stop)\n`);
  return server;
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("Serve the web page (static files, computed in the browser) on 127.0.0.1; prints the URL.")
    .option("--port <n>", `port to listen on (0 picks a free one)`, String(DEFAULT_PORT))
    .option(
      "--host <address>",
      "address to listen on; anything but loopback exposes the page to other machines",
      "127.0.0.1",
    )
    .action(async (opts: { port: string; host: string }) => {
      const server = await runServe(opts);
      const stop = () => {
        server.close().then(() => process.exit(0));
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
