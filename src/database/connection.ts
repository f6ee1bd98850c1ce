import mongoose, { type Connection } from "mongoose";
import { deadlinePlugin } from "../protection/request-deadline.js";

export interface ConnectOptions {
  /** Emit the driver's commandStarted events (tests count round trips with them). */
  monitorCommands?: boolean;
}

export async function connectDatabase(uri: string, options: ConnectOptions = {}): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    monitorCommands: options.monitorCommands ?? false,
    // Short, so the moment before the driver notices an outage costs a request seconds, not the default 30.
    serverSelectionTimeoutMS: 3_000,
    // Fail fast instead of queueing writes while the database is away.
    bufferCommands: false,
    autoIndex: false,
    // Probes a lost database every second, so service resumes within about a second of its return.
    heartbeatFrequencyMS: 1_000,
  });
  connection.plugin(deadlinePlugin);
  await connection.asPromise();
  return connection;
}

/** Answers whether the database replies to a ping within the timeout, with the reason when it does not. */
export async function checkDatabase(connection: Connection, timeoutMs = 2_000): Promise<{ ok: true } | { ok: false; reason: string }> {
  const db = connection.db;
  if (!db || connection.readyState !== mongoose.ConnectionStates.connected) {
    return { ok: false, reason: `database connection is ${mongoose.ConnectionStates[connection.readyState] ?? "unknown"}` };
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.command({ ping: 1 }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer to ping within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

const unavailableErrors = new Set([
  "MongoServerSelectionError",
  "MongooseServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoNotConnectedError",
  "MongoTopologyClosedError",
  "MongoPoolClearedError",
]);

/** The driver's ways of saying the database cannot be reached now, or took longer than the request's time limit (MaxTimeMSExpired). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (unavailableErrors.has(error.name)) return true;
  return (error as { code?: unknown }).code === 50 || /before initial connection is complete/.test(error.message);
}
