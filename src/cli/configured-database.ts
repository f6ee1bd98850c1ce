import type { Connection } from "mongoose";
import type { Config } from "../config/config.js";
import { connectDatabase } from "../database/connection.js";
import { startEmbeddedDatabase } from "../embedded-db/embedded-database.js";
import type { Logger } from "../logger.js";

/** Runs work on MONGODB_URI's database, or on the embedded one in DATA_DIR, and closes it afterwards. */
export async function withConfiguredDatabase<T>(config: Config, logger: Logger, work: (connection: Connection) => Promise<T>): Promise<T> {
  const embedded = config.mongodbUri ? null : await startEmbeddedDatabase({ dataDir: config.dataDir, logger });
  const connection = await connectDatabase(config.mongodbUri ?? `${embedded?.uri}pim`);
  try {
    return await work(connection);
  } finally {
    await connection.close();
    await embedded?.stop();
  }
}
