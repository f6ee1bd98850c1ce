import { loadConfig } from "../config/config.js";
import { createLogger } from "../logger.js";
import { withConfiguredDatabase } from "./configured-database.js";
import { createCatalogServices } from "../catalog/services.js";
import { loadDemoCatalog } from "../demo/demo-catalog.js";
import { MediaService } from "../media/media-service.js";
import { openStorageAreas } from "../storage/storage-areas.js";

/** `npm run seed`: (re)loads the demo catalog into the configured database, leaving other data alone. */
async function seed(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, config.logFormat);
  return withConfiguredDatabase(config, logger, async (connection) => {
    const catalog = createCatalogServices(connection, logger);
    await catalog.ensureIndexes();
    const media = MediaService.onStorage(connection, openStorageAreas(config.storage, connection, config.dataDir).media, config.media, logger, null);
    try {
      const report = await loadDemoCatalog(catalog, media);
      // The demo's change events are published in the background; the connection must outlive them.
      await catalog.changeLog.settled();
      await catalog.completeness.settled();
      process.stdout.write(`Demo catalog loaded: ${JSON.stringify(report)}\n`);
    } finally {
      catalog.changeLog.stop();
    }
  });
}

seed().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
