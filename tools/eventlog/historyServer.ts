import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { jvmOptions, type OracleVersion } from "../oracle/client.js";

/** A real Spark History Server (the version's own jars, Java 17) over one log directory, on 127.0.0.1. */
export class HistoryServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(
    v: OracleVersion,
    logDir: string,
    expectedApps: number,
    timeoutMs = 60_000,
  ): Promise<HistoryServer> {
    const port = await freePort();
    const opts = jvmOptions();
    const child = spawn(
      "java",
      [
        ...opts,
        "-cp",
        `${v.jars}/*`,
        `-Dspark.history.fs.logDirectory=file:${logDir}`,
        `-Dspark.history.ui.port=${port}`,
        "-Dspark.history.fs.update.interval=1s",
        "org.apache.spark.deploy.history.HistoryServer",
      ],
      { env: { ...process.env, SPARK_LOCAL_IP: "127.0.0.1" }, stdio: ["ignore", "ignore", "pipe"] },
    );
    let log = "";
    child.stderr?.on("data", (d: Buffer) => {
      log = (log + d.toString()).slice(-4000);
    });
    const server = new HistoryServer(child, `http://127.0.0.1:${port}/api/v1`);
    for (let i = 0; i < timeoutMs / 500; i++) {
      await new Promise((r) => setTimeout(r, 500));
      try {
        const apps = (await server.get("/applications")) as unknown[];
        if (apps.length >= expectedApps) return server;
      } catch {
        // not up yet
      }
    }
    server.stop();
    throw new Error(
      `the History Server did not list ${expectedApps} applications within ${timeoutMs / 1000} s:\n${log}`,
    );
  }

  async get(path: string): Promise<unknown> {
    const r = await fetch(`${this.url}${path}`);
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
    return r.json();
  }

  stop(): void {
    this.child.kill();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (a && typeof a === "object" ? resolve(a.port) : reject(new Error("no port"))));
    });
  });
}
