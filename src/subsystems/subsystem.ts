import type { Server } from "node:http";
import type { Express, RequestHandler } from "express";
import type { Connection } from "mongoose";
import type { AccessControl } from "../auth/access-control.js";
import type { BulkJobs } from "../bulk/jobs/bulk-jobs.js";
import type { CatalogServices } from "../catalog/services.js";
import type { Config } from "../config/config.js";
import type { ConnectOptions } from "../database/connection.js";
import type { FeedService } from "../feeds/feed-service.js";
import type { BackgroundJobs } from "../jobs/background-jobs.js";
import type { Logger } from "../logger.js";
import type { MediaService } from "../media/media-service.js";
import type { ProtectionSettings } from "../protection/settings.js";
import type { StorageAreas } from "../storage/storage-areas.js";
import type { WebhookService } from "../webhooks/webhook-service.js";

/** What the service is made of; each subsystem adds its part, and later ones use earlier ones. */
export interface Parts {
  config: Config;
  logger: Logger;
  connectOptions: ConnectOptions;
  protection: ProtectionSettings;
  app: Express;
  httpServer: Server;
  connection: Connection;
  catalog: CatalogServices;
  jobs: BackgroundJobs;
  storage: StorageAreas;
  media: MediaService;
  /** Whether this start loaded the demo catalog into an empty database. */
  demoLoaded: boolean;
  feeds: FeedService;
  webhooks: WebhookService;
  access: AccessControl;
  /** The token of the admin key this start created on an empty database; undefined otherwise. */
  initialAdminKey: string | undefined;
  bulk: BulkJobs;
}

/** One subsystem as the composition root sees it: what it serves, its routes, and how it starts and stops. */
export interface Subsystem {
  serves?: Partial<Parts>;
  /** Mounted after authentication, in the order of the list. */
  routes?: RequestHandler[];
  /** Once the service listens, in the order of the list. */
  start?(listening: { url: string }): Promise<void>;
  /** When the service stops, in the reverse order of the list. */
  stop?(): Promise<void>;
}

export type SubsystemFactory = (parts: Parts) => Promise<Subsystem>;

/**
 * The parts built so far, read as if complete: a factory that reads a part a later subsystem builds
 * gets an error naming both, rather than undefined.
 */
export function partsSoFar(built: Partial<Parts>, reader: () => string): Parts {
  return new Proxy(built, {
    get(target, name) {
      // Symbols and "then" are asked by runtime machinery (await, inspection), not by factories.
      if (typeof name === "string" && name !== "then" && !(name in target))
        throw new Error(`subsystem ${reader()} needs ${name}, which no earlier subsystem of the list builds`);
      return Reflect.get(target, name);
    },
  }) as Parts;
}
