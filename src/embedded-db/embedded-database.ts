import { spawn, type ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { createServer, connect } from "node:net";
import { join } from "node:path";
import type { Logger } from "../logger.js";
import { EmbeddedDatabaseError, ensureFerretDB } from "./ferretdb-binary.js";

export { EmbeddedDatabaseError };

export interface EmbeddedDatabase {
  /** Connection string without a database name. */
  uri: string;
  port: number;
  /** The FerretDB process, for outage tests that pause it. */
  pid: number | undefined;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  logger: Pick<Logger, "info" | "warn" | "error">;
  startTimeoutMs?: number;
  /** A fixed port, e.g. to start it again where a running service expects it; default: a free one. */
  port?: number;
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const runningChildren = new Set<ChildProcess>();
// If the service dies without a graceful stop, its database must not outlive it.
process.once("exit", () => {
  for (const child of runningChildren) child.kill("SIGKILL");
});

/** Starts FerretDB with its SQLite backend on a free loopback port, storing data under dataDir. */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const binary = await ensureFerretDB((message) => options.logger.info(message));
  const sqliteDir = join(options.dataDir, "ferretdb");
  const stateDir = join(options.dataDir, "ferretdb-state");
  await mkdir(sqliteDir, { recursive: true });
  await mkdir(stateDir, { recursive: true });
  const port = options.port ?? (await freeLoopbackPort());
  const child = spawn(
    binary,
    [
      "--handler=sqlite",
      // WAL with synchronous=NORMAL: a commit survives the process being killed, only a power cut can lose
      // the last ones; FULL would sync the disk on every write statement, about 3 ms each here.
      `--sqlite-url=file:${sqliteDir}/?_pragma=synchronous(normal)`,
      `--state-dir=${stateDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      "--debug-addr=-",
      "--telemetry=disable",
      "--log-level=error",
    ],
    { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, DO_NOT_TRACK: "1" } },
  );
  runningChildren.add(child);
  let stderrTail = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  exited.then(() => runningChildren.delete(child));

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  while (!(await acceptsConnections(port))) {
    if (exitCode !== undefined) throw new EmbeddedDatabaseError(`The embedded database (FerretDB) exited with code ${exitCode} while starting: ${stderrTail.trim().slice(-500)}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new EmbeddedDatabaseError(`The embedded database (FerretDB) did not accept connections within ${(options.startTimeoutMs ?? 30_000) / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  options.logger.info({ port, dataDir: sqliteDir }, "embedded database (FerretDB, SQLite backend) started");

  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    pid: child.pid,
    stop: async () => {
      if (exitCode !== undefined) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
