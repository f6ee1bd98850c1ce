import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../../src/project-root.js";
import { generateToken } from "../../src/auth/api-keys.js";

export interface ServiceProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** The admin key the service creates on an empty database (INITIAL_ADMIN_KEY). */
  adminKey: string;
  /** Resolves with the first JSON log line whose msg matches, printed before the call or after. */
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

const running = new Set<ChildProcess>();
/** INITIAL_ADMIN_KEY of every service a test file spawns, so a restarted service accepts the same key. */
export const spawnedAdminKey = generateToken();

/** Stops every service a failed test left running, so none outlives the test run. */
export async function stopSpawnedServices(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
}

/** Runs the built service (`npm start` runs the same file) as a separate process. */
export function spawnService(env: Record<string, string>, nodeOptions: string[] = []): ServiceProcess {
  const adminKey = env.INITIAL_ADMIN_KEY ?? spawnedAdminKey;
  const child = spawn(process.execPath, [...nodeOptions, join(projectRoot, "dist", "src", "main.js")], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", XDG_CACHE_HOME: process.env.XDG_CACHE_HOME ?? "", INITIAL_ADMIN_KEY: adminKey, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  /** The last line, until its end arrives: each line is parsed once, not the whole output on every chunk. */
  let partial = "";
  const logLines: Array<Record<string, unknown>> = [];
  const waiters: Array<{ msg: string; resolve: (line: Record<string, unknown>) => void }> = [];
  child.stdout?.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    out += text;
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.startsWith("{")) continue;
      const parsed = JSON.parse(line) as Record<string, unknown>;
      logLines.push(parsed);
      for (const waiter of waiters.filter((w) => w.msg === parsed.msg)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(parsed);
      }
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    adminKey,
    waitForLog: (msg, timeoutMs = 120_000) =>
      new Promise((resolve, reject) => {
        const earlier = logLines.find((line) => line.msg === msg);
        if (earlier) return resolve(earlier);
        const timer = setTimeout(() => reject(new Error(`no "${msg}" log within ${timeoutMs} ms; stderr: ${err}`)), timeoutMs);
        void exited.then((code) => reject(new Error(`service exited with ${code} before "${msg}"; stderr: ${err}`)));
        waiters.push({
          msg,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      }),
  };
}

/**
 * The environment of processes sharing one database, each with a DATA_DIR of its own (so nothing
 * reaches them through a shared disk); `cleanUp` stops them and removes those folders.
 */
export function fleetOnDatabase(database: string, common: Record<string, string>) {
  const dataDirs: string[] = [];
  return {
    env: async (extra: Record<string, string> = {}) => {
      const dataDir = await mkdtemp(join(tmpdir(), "pim-fleet-"));
      dataDirs.push(dataDir);
      return { PORT: "0", DATA_DIR: dataDir, MONGODB_URI: database, SEED_DEMO: "true", ...common, ...extra };
    },
    cleanUp: async () => {
      await stopSpawnedServices();
      for (const dataDir of dataDirs) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
