import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** One Spark version's harness JVM (scripts/oracle/SparkmemOracle.java), spoken to in JSON lines. */
export interface OracleVersion {
  version: string;
  jars: string;
  classes: string;
  python: string | null;
}

export type Answer = { id: number; ok: boolean; error?: string; answeredBy?: string } & Record<
  string,
  unknown
>;

export function cacheDir(): string {
  return process.env.SPARKMEM_CACHE ?? join(homedir(), ".cache", "sparkmem");
}

/** Versions installed by scripts/oracle/setup.sh (npm run oracle:setup). */
export function installedVersions(): OracleVersion[] {
  const manifest = join(cacheDir(), "oracle", "manifest.json");
  if (!existsSync(manifest)) return [];
  const m = JSON.parse(readFileSync(manifest, "utf8")) as {
    versions: Record<string, Omit<OracleVersion, "version">>;
  };
  return Object.entries(m.versions)
    .map(([version, v]) => ({ version, ...v }))
    .filter((v) => existsSync(v.jars) && existsSync(v.classes));
}

/** The versions SPARKMEM_ORACLE_VERSIONS names ("3.5 4.3", "all" or unset: every installed one). */
export function selectedVersions(): OracleVersion[] {
  const env = (process.env.SPARKMEM_ORACLE_VERSIONS ?? "").trim();
  const wanted = env === "" || env === "all" ? null : env.split(/[\s,]+/).filter(Boolean);
  return pickVersions(wanted, installedVersions());
}

/** "3.5" → the installed 3.5.x; "3.5.8" → exactly that. */
export function pickVersions(wanted: string[] | null, all: OracleVersion[]): OracleVersion[] {
  if (!wanted) return all;
  return wanted.map((w) => {
    const hit = all.find((v) => v.version === w) ?? all.find((v) => v.version.startsWith(`${w}.`));
    if (!hit)
      throw new Error(
        `Spark ${w} is not installed for the oracle (installed: ${all.map((v) => v.version).join(", ") || "none"}); run npm run oracle:setup with SPARKMEM_ORACLE_VERSIONS`,
      );
    return hit;
  });
}

/** The JVM flags every Spark JVM we start needs on Java 17 (scripts/oracle/jvm-options.txt). */
export function jvmOptions(): string[] {
  const file = new URL("../../scripts/oracle/jvm-options.txt", import.meta.url);
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split(/\s+/)
    .filter((s) => s && !s.startsWith("#"));
}

export class OracleJvm {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, (a: Answer) => void>();
  private nextId = 1;
  private stderr = "";

  /** mainClass: SparkmemOracle (layouts), or SparkmemMemorySim (simulate's scenarios). */
  constructor(v: OracleVersion, mainClass = "SparkmemOracle") {
    this.child = spawn("java", [...jvmOptions(), "-cp", `${v.classes}:${v.jars}/*`, mainClass], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stderr.on("data", (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    createInterface({ input: this.child.stdout }).on("line", (line) => {
      let a: Answer;
      try {
        a = JSON.parse(line) as Answer;
      } catch {
        return; // not an answer
      }
      this.pending.get(a.id)?.(a);
      this.pending.delete(a.id);
    });
    this.child.on("exit", (code) => {
      for (const [id, resolve] of this.pending)
        resolve({ id, ok: false, error: `harness exited (${code}): ${this.stderr.slice(-500)}` });
      this.pending.clear();
    });
  }

  ask(request: Record<string, unknown>): Promise<Answer> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.stdin.write(`${JSON.stringify({ ...request, id })}\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}
