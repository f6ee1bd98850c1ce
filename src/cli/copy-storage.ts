import { parseArgs } from "node:util";
import { loadConfig } from "../config/config.js";
import { createLogger } from "../logger.js";
import { openStorageAreas, type StorageAreas, type StorageKind } from "../storage/storage-areas.js";
import { withConfiguredDatabase } from "./configured-database.js";

const kinds: StorageKind[] = ["disk", "gridfs"];

/**
 * `npm run storage:copy -- --from disk --to gridfs`: copies the media (originals and renditions) a
 * service stored in one kind of storage into the other, for a move to a fleet. Objects already there
 * with the same size are left alone, so it can run again after an interruption. Feeds are not copied:
 * a service regenerates missing ones when it starts.
 */
async function copyStorage(): Promise<void> {
  const { values } = parseArgs({ options: { from: { type: "string" }, to: { type: "string" } } });
  const from = kinds.find((kind) => kind === values.from);
  const to = kinds.find((kind) => kind === values.to);
  if (!from || !to || from === to)
    throw new Error(`usage: npm run storage:copy -- --from disk|gridfs --to gridfs|disk (got --from ${values.from} --to ${values.to})`);
  const config = loadConfig();
  const logger = createLogger(config.logLevel, config.logFormat);
  await withConfiguredDatabase(config, logger, async (connection) => {
    const source: StorageAreas = openStorageAreas(from, connection, config.dataDir);
    const target: StorageAreas = openStorageAreas(to, connection, config.dataDir);
    let copied = 0;
    let present = 0;
    for (const key of await source.media.list("")) {
      const [there, here] = await Promise.all([target.media.stat(key), source.media.stat(key)]);
      if (there && there.bytes === here?.bytes) {
        present += 1;
        continue;
      }
      const data = await source.media.get(key);
      if (data) await target.media.put(key, data);
      copied += 1;
    }
    process.stdout.write(`Media copied from ${from} to ${to}: ${copied} objects copied, ${present} already there\n`);
  });
}

copyStorage().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
