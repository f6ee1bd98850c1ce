import { openStorageAreas } from "../storage/storage-areas.js";
import type { SubsystemFactory } from "./subsystem.js";

export const storage: SubsystemFactory = async ({ config, connection }) => ({
  serves: { storage: openStorageAreas(config.storage, connection, config.dataDir) },
});
