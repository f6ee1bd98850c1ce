import { spawn, type ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import type { Logger } from "../logger.js";
import { EmbeddedDatabaseError, ensureEmbeddedDatabase, launcherClass } from "./mongo-java-server.js";

export { EmbeddedDatabaseError };

export interface EmbeddedDatabase {
  /** Connection string without a database name. */
  uri: string;
  port: number;
  /** The database process running now (a restart changes it), for outage tests that pause or kill it. */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  logger: Pick<Logger, "info" | "warn" | "error">;
  /** Keep the data in memory only (tests); by default it lives in a file under dataDir. */
  inMemory?: boolean;
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

/** Where the embedded database keeps its file under DATA_DIR. */
export function embeddedStoreFile(dataDir: string): string {
  return join(dataDir, "embedded-db", "catalog.mv.db");
}

interface Launched {
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** Starts one database process and resolves once it listens; rejects saying why when it cannot. */
async function launch(runtime: { java: string; classPath: string }, port: number, storage: string, timeoutMs: number): Promise<Launched> {
  const child: ChildProcess = spawn(runtime.java, ["-cp", runtime.classPath, launcherClass, "127.0.0.1", String(port), storage], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let outputTail = "";
  const keepTail = (chunk: Buffer) => (outputTail = (outputTail + chunk.toString()).slice(-4000));
  child.stderr?.on("data", keepTail);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // The pipe to its standard input is what tells it this process is alive; a write error only means it is gone.
  child.stdin?.on("error", () => undefined);
  const listening = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new EmbeddedDatabaseError(`The embedded database did not start within ${timeoutMs / 1000} s: ${outputTail.trim().slice(-500)}`)),
      timeoutMs,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      keepTail(chunk);
      if (/listening on \d+/.test(outputTail)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new EmbeddedDatabaseError(describeEarlyExit(code, outputTail, storage)));
    });
  });
  try {
    await listening;
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return { child, exited };
}

const firstRestartMs = 500;
const maxRestartMs = 10_000;
/** A database that ran this long before it died is restarted without the backoff of earlier crashes. */
const healthyRunMs = 60_000;

/**
 * Starts the embedded database: mongo-java-server on a free loopback port, with its data in an H2
 * MVStore file under dataDir (every write command committed before it is answered), or in memory.
 * The process reads its standard input from this one, and stops when it closes: when this process
 * ends, however it ends, the database ends with it. A file-backed database that dies is started again
 * on the same port and file, with backoff, so the driver reconnects by itself and the service needs no
 * restart; one in memory is not (its data died with it).
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const runtime = await ensureEmbeddedDatabase((message) => options.logger.info(message));
  let storage = "memory";
  if (!options.inMemory) {
    storage = embeddedStoreFile(options.dataDir);
    await mkdir(join(options.dataDir, "embedded-db"), { recursive: true });
  }
  const port = options.port ?? (await freeLoopbackPort());
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  let current = await launch(runtime, port, storage, timeoutMs);
  options.logger.info({ port, storage }, "embedded database (mongo-java-server) started");
  let stopping = false;
  let restarts = 0;

  const supervise = (launched: Launched) => {
    const startedAt = Date.now();
    void launched.exited.then(async (code) => {
      if (stopping || options.inMemory) return;
      if (Date.now() - startedAt > healthyRunMs) restarts = 0;
      for (;;) {
        const delayMs = Math.min(maxRestartMs, firstRestartMs * 2 ** Math.min(restarts, 10));
        restarts += 1;
        options.logger.error({ code, restarts, delayMs }, "the embedded database stopped unexpectedly; starting it again");
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (stopping) return;
        try {
          current = await launch(runtime, port, storage, timeoutMs);
          options.logger.warn({ port, restarts }, "embedded database started again");
          supervise(current);
          return;
        } catch (error) {
          options.logger.error({ err: error }, "the embedded database could not be started again");
        }
      }
    });
  };
  supervise(current);

  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    get pid() {
      return current.child.pid;
    },
    stop: async () => {
      stopping = true;
      const { child, exited } = current;
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Closing its input is its signal to commit and close the store; a kill is the fallback.
      child.stdin?.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function describeEarlyExit(code: number | null, output: string, storage: string): string {
  if (/locked/i.test(output))
    return `The embedded database's file ${storage} is in use by another process: is another service running on the same DATA_DIR? Stop it, or give this one a DATA_DIR of its own.`;
  return `The embedded database exited with code ${code} while starting: ${output.trim().slice(-500)}`;
}
