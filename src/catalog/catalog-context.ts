import type { Connection } from "mongoose";
import type { Logger } from "../logger.js";
import type { DefinitionsStore } from "./definitions-store.js";
import type { HistoryRecorder } from "./history/history.js";
import type { CatalogModels } from "./models.js";
import type { CompletenessQueue } from "./products/completeness-queue.js";

/** What every catalog use case works with; built once per service in services.ts. */
export interface CatalogContext {
  connection: Connection;
  models: CatalogModels;
  definitions: DefinitionsStore;
  history: HistoryRecorder;
  logger: Logger;
  /** Completeness refreshes too large for the request that calls for them. */
  completeness: CompletenessQueue;
}
