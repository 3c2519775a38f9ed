import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  hostWarning,
  isLoopback,
  type RunningServer,
  resolveRequestPath,
  runServe,
  SECURITY_HEADERS,
  startServer,
} from "../src/cli/serveCommand.js";
import { SparkmemError } from "../src/conf/errors.js";

/** A page root with a secret file beside it (outside the root) and a symlink that points at it. */
const dir = mkdtempSync(join(tmpdir(), "sparkmem-serve-"));
const root = join(dir, "web");
const SECRET = "TOP SECRET outside the root";
mkdirSync(join(root, "assets"), { recursive: true });
writeFileSync(join(dir, "secret.txt"), SECRET);
writeFileSync(join(root, "index.html"), "<!doctype html><title>page</title>");
writeFileSync(join(root, "assets", "app-1a2b.js"), "export const x = 1;\n");
writeFileSync(join(root, "assets", "style-1a2b.css"), "body{}\n");
writeFileSync(join(root, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
writeFileSync(join(root, "data.bin"), "\x00\x01");
symlinkSync(join(dir, "secret.txt"), join(root, "link.txt"));
symlinkSync(dir, join(root, "up"));

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One raw request: the path is sent exactly as written (no URL normalisation on our side). */
function get(base: string, path: string, method = "GET"): Promise<Reply> {
  const u = new URL(base);
  return new Promise((ok, fail) => {
    const req = request({ host: u.hostname, port: u.port, path, method }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => {
        body += c;
      });
      res.on("end", () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", fail);
    req.end();
  });
}

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ root, port: 0 });
});
afterAll(() => server.close());

describe("sparkmem serve: static files", () => {
  it("listens on 127.0.0.1 and serves index.html at /", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await get(server.url, "/");
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(r.body).toContain("<title>page</title>");
  });

  it("sends the strict headers on every response, errors included", async () => {
    for (const path of ["/", "/assets/app-1a2b.js", "/missing.js", "/../secret.txt"]) {
      const r = await get(server.url, path);
      expect(r.headers["content-security-policy"]).toBe(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self' data:; worker-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      );
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      expect(r.headers["referrer-policy"]).toBe("no-referrer");
    }
    // no inline script or eval of JavaScript; WebAssembly compilation only ('wasm-unsafe-eval': zstd)
    expect(SECURITY_HEADERS["Content-Security-Policy"]).not.toMatch(/'unsafe-(inline|eval|hashes)'/);
  });

  it("content types by extension", async () => {
    const cases: [string, string][] = [
      ["/assets/app-1a2b.js", "text/javascript; charset=utf-8"],
      ["/assets/style-1a2b.css", "text/css; charset=utf-8"],
      ["/favicon.svg", "image/svg+xml"],
      ["/index.html", "text/html; charset=utf-8"],
      ["/data.bin", "application/octet-stream"],
    ];
    for (const [path, type] of cases) {
      const r = await get(server.url, path);
      expect([path, r.status, r.headers["content-type"]]).toEqual([path, 200, type]);
    }
    expect((await get(server.url, "/assets/app-1a2b.js")).headers["cache-control"]).toContain("immutable");
    expect((await get(server.url, "/")).headers["cache-control"]).toBe("no-cache");
  });

  it("HEAD: the headers of GET without a body", async () => {
    const g = await get(server.url, "/assets/app-1a2b.js");
    const h = await get(server.url, "/assets/app-1a2b.js", "HEAD");
    expect(h.status).toBe(200);
    expect(h.body).toBe("");
    expect(h.headers["content-length"]).toBe(String(Buffer.byteLength(g.body)));
    expect(h.headers["content-type"]).toBe(g.headers["content-type"]);
    expect((await get(server.url, "/nope.css", "HEAD")).status).toBe(404);
  });

  it("other methods: 405 with Allow", async () => {
    for (const m of ["POST", "PUT", "DELETE", "OPTIONS"]) {
      const r = await get(server.url, "/", m);
      expect([m, r.status, r.headers.allow]).toEqual([m, 405, "GET, HEAD"]);
    }
  });

  it("unknown files are 404; paths without an extension get index.html; no directory listings", async () => {
    expect((await get(server.url, "/missing.js")).status).toBe(404);
    expect((await get(server.url, "/assets/missing-1a2b.css")).status).toBe(404);
    for (const path of ["/explain", "/some/route?x=1", "/assets", "/assets/"]) {
      const r = await get(server.url, path);
      expect([path, r.status, r.body]).toEqual([path, 200, "<!doctype html><title>page</title>"]);
    }
  });

  it("query strings and fragments do not change the file", async () => {
    expect((await get(server.url, "/assets/app-1a2b.js?v=2")).body).toBe("export const x = 1;\n");
  });
});

describe("sparkmem serve: nothing outside the root", () => {
  const attempts = [
    "/../secret.txt",
    "/../../../../etc/passwd",
    "/assets/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/..%2fsecret.txt",
    "/%2e%2e%2fsecret.txt",
    "/assets/%2e%2e/%2e%2e/secret.txt",
    "/%252e%252e/secret.txt",
    "/..\\secret.txt",
    "/%5c..%5csecret.txt",
    "/..%5csecret.txt",
    "//etc/passwd",
    `/${join(dir, "secret.txt")}`,
    `/${encodeURIComponent(join(dir, "secret.txt"))}`,
    "/secret.txt%00.js",
    "/%00",
    "/index.html%00",
    "/link.txt",
    "/up/secret.txt",
    "/C:/Windows/win.ini",
    "/%",
    "/%zz",
  ];
  it.each(attempts)("%s → 400 or 404, never the file", async (path) => {
    const r = await get(server.url, path);
    expect([400, 404]).toContain(r.status);
    expect(r.body).not.toContain(SECRET);
    expect(r.body).not.toMatch(/root:.*:0:0:/);
  });

  it("what Node's parser refuses (a malformed request 400, oversized headers 431) carries our headers", async () => {
    const raw = (text: string) =>
      new Promise<string>((ok, fail) => {
        const u = new URL(server.url);
        const s = connect(Number(u.port), u.hostname, () => s.end(text));
        let got = "";
        s.setEncoding("latin1");
        s.on("data", (c) => {
          got += c;
        });
        s.on("end", () => ok(got));
        s.on("error", fail);
      });
    const bad = await raw("GARBAGE \x01\x02\r\n\r\n");
    const big = await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(bad.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    expect(big.split("\r\n")[0]).toBe("HTTP/1.1 431 Request Header Fields Too Large");
    for (const reply of [bad, big]) {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) expect(reply).toContain(`${k}: ${v}\r\n`);
    }
  });

  it("absolute-form request targets are refused", async () => {
    const r = await get(server.url, `http://127.0.0.1/${join(dir, "secret.txt")}`);
    expect(r.status).toBe(400);
  });

  it("resolveRequestPath: .. and encoded .. are 400, plain misses 404", () => {
    expect(resolveRequestPath(root, "/../secret.txt").status).toBe(400);
    expect(resolveRequestPath(root, "/%2e%2e/secret.txt").status).toBe(400);
    expect(resolveRequestPath(root, "/a\0b").status).toBe(400);
    expect(resolveRequestPath(root, "/nope.js").status).toBe(404);
    expect(resolveRequestPath(root, "/link.txt").status).toBe(404);
    const ok = resolveRequestPath(root, "/favicon.svg");
    expect(ok.status === 200 && ok.file.endsWith("favicon.svg")).toBe(true);
  });
});

describe("sparkmem serve: host, port and messages", () => {
  it("loopback addresses are quiet; anything else warns", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) {
      expect([h, isLoopback(h), hostWarning(h)]).toEqual([h, true, null]);
    }
    for (const h of ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.com"]) {
      expect(isLoopback(h)).toBe(false);
      expect(hostWarning(h)).toMatch(/^warning: listening on .*other machines/);
    }
  });

  it("--host 0.0.0.0 prints the warning and a URL that reaches the page through loopback", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const s = await runServe(
      { root, host: "0.0.0.0", port: "0" },
      { out: (t) => out.push(t), err: (t) => err.push(t) },
    );
    try {
      expect(err.join("")).toMatch(/^sparkmem: warning: listening on 0\.0\.0\.0/);
      const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out.join(""))?.[1] ?? "";
      expect(url).toBe(s.url);
      expect((await get(url, "/")).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it("the default host prints only the URL", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const s = await runServe({ root, port: "0" }, { out: (t) => out.push(t), err: (t) => err.push(t) });
    await s.close();
    expect(err).toEqual([]);
    expect(out.join("")).toMatch(
      /^sparkmem: serving the page at http:\/\/127\.0\.0\.1:\d+\/ \(Ctrl\+C to stop\)\n$/,
    );
  });

  it("bad port, busy port and a missing page are one-line errors", async () => {
    await expect(runServe({ root, port: "http" }, { out: () => {}, err: () => {} })).rejects.toThrow(
      SparkmemError,
    );
    const port = Number(new URL(server.url).port);
    await expect(startServer({ root, port })).rejects.toThrow(/--port: port \d+ is in use/);
    await expect(startServer({ root: dir, port: 0 })).rejects.toThrow(/has no built page/);
  });

  it("the installed package serves dist/web (resolved next to dist/cli)", async () => {
    const built = new URL("../dist/cli/serveCommand.js", import.meta.url).pathname;
    const mod = (await import(built)) as { WEB_ROOT: string };
    expect(mod.WEB_ROOT).toBe(new URL("../dist/web/", import.meta.url).pathname);
  });
});
