import "reflect-metadata";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { Connection } from "mongoose";
import type { AccessControl } from "./auth/access-control.js";
import type { BulkJobs } from "./bulk/jobs/bulk-jobs.js";
import type { CatalogServices } from "./catalog/services.js";
import type { Config } from "./config/config.js";
import type { ConnectOptions } from "./database/connection.js";
import type { FeedService } from "./feeds/feed-service.js";
import { graphiqlRoutes } from "./http/graphiql-page.js";
import { requestLogging } from "./http/request-logging.js";
import { answerUnavailable, healthRoutes, mountFallbacks } from "./http/routes.js";
import type { Logger } from "./logger.js";
import type { MediaService } from "./media/media-service.js";
import { crossOrigin, securityHeaders } from "./protection/browser-policies.js";
import { databaseGate } from "./protection/database-gate.js";
import { shedLoad } from "./protection/load-shedding.js";
import { defaultProtectionSettings } from "./protection/settings.js";
import { access } from "./subsystems/access.js";
import { bulk } from "./subsystems/bulk.js";
import { catalog } from "./subsystems/catalog.js";
import { database } from "./subsystems/database.js";
import { demoCatalog, demoFeedTokens } from "./subsystems/demo.js";
import { feeds } from "./subsystems/feeds.js";
import { graphql } from "./subsystems/graphql.js";
import { jobRunner, jobs } from "./subsystems/jobs.js";
import { media } from "./subsystems/media.js";
import { promotions } from "./subsystems/promotions.js";
import { storage } from "./subsystems/storage.js";
import { partsSoFar, type Parts, type Subsystem, type SubsystemFactory } from "./subsystems/subsystem.js";
import { webhooks } from "./subsystems/webhooks.js";
import type { WebhookService } from "./webhooks/webhook-service.js";

export class StartupError extends Error {}

export interface RunningService {
  url: string;
  port: number;
  connection: Connection;
  catalog: CatalogServices;
  feeds: FeedService;
  webhooks: WebhookService;
  media: MediaService;
  access: AccessControl;
  /** The token of the admin key this start created on an empty database (tests use it); undefined otherwise. */
  initialAdminKey: string | undefined;
  bulk: BulkJobs;
  stop(): Promise<void>;
}

/**
 * The service, in the order it is built: each subsystem uses those above it, serves its routes in
 * this order, starts in this order once the service listens and stops in the reverse order.
 */
const subsystems: Array<[name: string, factory: SubsystemFactory]> = [
  ["database", database],
  ["catalog", catalog],
  ["jobs", jobs],
  ["storage", storage],
  ["media", media],
  ["demo catalog", demoCatalog],
  ["feeds", feeds],
  ["job runner", jobRunner],
  ["demo feed tokens", demoFeedTokens],
  ["webhooks", webhooks],
  ["access", access],
  ["bulk jobs", bulk],
  ["GraphQL", graphql],
  ["promotion scheduler", promotions],
];

export async function startService(config: Config, logger: Logger, connectOptions: ConnectOptions = {}): Promise<RunningService> {
  const app = express();
  app.disable("x-powered-by");
  const protection = config.protection ?? defaultProtectionSettings(process.env.NODE_ENV);
  // A client that trickles its headers or body cannot hold a connection for Node's default 5 minutes.
  // Node checks the two timeouts every connectionsCheckingInterval (30 s by default), which let them
  // run 30 s late; checked every second, they end a slow client when they say.
  const httpServer = createServer(
    {
      headersTimeout: protection.headersTimeoutMs,
      requestTimeout: Math.max(protection.bodyTimeoutMs, protection.headersTimeoutMs),
      connectionsCheckingInterval: 1000,
    },
    app,
  );
  const built: Partial<Parts> = { config, logger, connectOptions, protection, app, httpServer };
  const running: Array<[string, Subsystem]> = [];
  const stopAll = async () => {
    for (const [name, subsystem] of running.reverse()) {
      logger.debug({ step: name }, "stopping");
      await subsystem.stop?.();
    }
  };
  try {
    for (const [name, factory] of subsystems) {
      const subsystem = await factory(partsSoFar(built, () => name));
      running.push([name, subsystem]);
      Object.assign(built, subsystem.serves);
    }
    const parts = partsSoFar(built, () => "the HTTP front");
    app.use(requestLogging(logger));
    app.use(securityHeaders());
    app.use(crossOrigin(protection.corsOrigins));
    app.use(healthRoutes(parts.connection));
    app.use(shedLoad(protection.maxInFlightRequests, protection.maxInFlightPerAddress, answerUnavailable));
    app.use(databaseGate(parts.connection, answerUnavailable));
    if (protection.landingPage) app.use(graphiqlRoutes());
    app.use(parts.access.middleware());
    for (const [, subsystem] of running) for (const route of subsystem.routes ?? []) app.use(route);
    mountFallbacks(app);

    const port = await listen(httpServer, config.port, config.host);
    const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
    logger.info({ url: `${url}/graphql` }, "PIM service listening");
    for (const [, subsystem] of running) await subsystem.start?.({ url });
    return {
      url,
      port,
      connection: parts.connection,
      catalog: parts.catalog,
      feeds: parts.feeds,
      webhooks: parts.webhooks,
      media: parts.media,
      access: parts.access,
      initialAdminKey: parts.initialAdminKey,
      bulk: parts.bulk,
      stop: async () => {
        logger.info("shutting down");
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new StartupError(`Port ${port} on ${host} is already in use; set PORT to a free port`));
      else if (error.code === "EACCES") reject(new StartupError(`Not allowed to listen on port ${port} on ${host}; set PORT to a port above 1023`));
      else if (error.code === "EADDRNOTAVAIL") reject(new StartupError(`HOST ${host} is not an address of this machine`));
      else reject(error);
    });
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}
