import { connectDatabase } from "../database/connection.js";
import { startEmbeddedDatabase } from "../embedded-db/embedded-database.js";
import type { SubsystemFactory } from "./subsystem.js";

/** MONGODB_URI's server, or the embedded database this process starts and stops. */
export const database: SubsystemFactory = async ({ config, logger, connectOptions }) => {
  const embedded = config.mongodbUri ? null : await startEmbeddedDatabase({ dataDir: config.dataDir, logger });
  try {
    const connection = await connectDatabase(config.mongodbUri ?? `${embedded?.uri}pim`, connectOptions);
    return {
      serves: { connection },
      stop: async () => {
        await connection.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
};
