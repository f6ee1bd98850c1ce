import mongoose, { type Connection } from "mongoose";

export interface ConnectOptions {
  /** Emit the driver's commandStarted events (tests count round trips with them). */
  monitorCommands?: boolean;
}

export async function connectDatabase(uri: string, options: ConnectOptions = {}): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    monitorCommands: options.monitorCommands ?? false,
    serverSelectionTimeoutMS: 5_000,
    // Fail fast instead of queueing writes while the database is away.
    bufferCommands: false,
    autoIndex: false,
  });
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
