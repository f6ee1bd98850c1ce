import "reflect-metadata";
import { createServer, type Server } from "node:http";
import { resolve } from "node:path";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { Connection } from "mongoose";
import type { Config } from "./config/config.js";
import { connectDatabase, type ConnectOptions } from "./database/connection.js";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded-db/embedded-database.js";
import { createCatalogServices, type CatalogServices } from "./catalog/services.js";
import { loadDemoCatalogIfEmpty } from "./demo/demo-catalog.js";
import { buildGraphQLSchema } from "./graphql/schema.js";
import type { GraphQLContext } from "./graphql/context.js";
import { createFormatError } from "./graphql/format-error.js";
import { graphiqlRoutes } from "./http/graphiql-page.js";
import { healthRoutes, mountFallbacks } from "./http/routes.js";
import { requestLogging } from "./http/request-logging.js";
import { catalogHttpRoutes } from "./http/catalog-routes.js";
import type { Logger } from "./logger.js";
import { FeedService } from "./feeds/feed-service.js";
import { BackgroundJobs } from "./jobs/background-jobs.js";
import { statusRoutes } from "./http/status-routes.js";
import { FeedSnapshots } from "./feeds/feed-snapshots.js";
import { openStorageAreas } from "./storage/storage-areas.js";
import { issueFeedToken } from "./feeds/feed-tokens.js";
import { feedRoutes } from "./http/feed-routes.js";
import { WebhookService } from "./webhooks/webhook-service.js";
import { defaultWebhookSettings } from "./webhooks/settings.js";
import { PromotionScheduler } from "./offers/promotion-scheduler.js";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { defaultProtectionSettings } from "./protection/settings.js";
import { limitsPlugin, limitValidationRules } from "./protection/graphql-limits.js";
import { wellFormedTextPlugin } from "./protection/well-formed-text.js";
import { crossOrigin, securityHeaders } from "./protection/browser-policies.js";
import { shedLoad } from "./protection/load-shedding.js";
import { databaseGate } from "./protection/database-gate.js";
import { requestDeadline } from "./protection/request-deadline.js";
import { answerUnavailable } from "./http/routes.js";
import { MediaService } from "./media/media-service.js";
import { mediaRoutes } from "./http/media-routes.js";
import { AccessControl } from "./auth/access-control.js";
import { principalOf } from "./auth/authentication.js";
import { httpRoute } from "./auth/http-access.js";
import { actorOf, readableTrees } from "./auth/principal.js";
import { writeGuardFor } from "./auth/write-rights.js";
import { productReaders } from "./auth/roles.js";
import { BulkJobs } from "./bulk/jobs/bulk-jobs.js";
import { bulkRoutes } from "./http/bulk-routes.js";
import { previewRoutes } from "./http/preview-routes.js";

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

export async function startService(config: Config, logger: Logger, options: ConnectOptions = {}): Promise<RunningService> {
  const cleanups: Array<{ name: string; run: () => Promise<void> }> = [];
  const runCleanups = async () => {
    for (const cleanup of cleanups.reverse()) {
      logger.debug({ step: cleanup.name }, "stopping");
      await cleanup.run();
    }
  };
  try {
    let uri = config.mongodbUri;
    if (!uri) {
      const embedded: EmbeddedDatabase = await startEmbeddedDatabase({ dataDir: config.dataDir, logger });
      cleanups.push({ name: "embedded database", run: () => embedded.stop() });
      uri = `${embedded.uri}pim`;
    }
    const connection = await connectDatabase(uri, options);
    cleanups.push({ name: "database connection", run: () => connection.close() });

    const catalog = createCatalogServices(connection, logger);
    await catalog.ensureIndexes();
    await catalog.changeLog.start();
    cleanups.push({ name: "change log", run: async () => catalog.changeLog.stop() });
    const jobs = new BackgroundJobs(connection, logger);
    await catalog.refreshInBackground(jobs);
    const storage = openStorageAreas(config.storage, connection, config.dataDir);
    const media = MediaService.onStorage(connection, storage.media, config.media, logger, jobs);
    cleanups.push({ name: "media renditions", run: () => media.stop() });
    const demoLoaded = config.seedDemo && (await loadDemoCatalogIfEmpty(catalog, media, logger));
    const feeds = new FeedService(catalog, new FeedSnapshots(storage.feeds), jobs, logger);
    cleanups.push({ name: "feed generation", run: () => feeds.stop() });
    // Stopped before the feeds wait for their runs, so no new job starts meanwhile.
    cleanups.push({ name: "background jobs", run: () => jobs.stop() });
    // One dispatcher per process: several instances on one database would each deliver every event.
    const webhooks = new WebhookService(connection, catalog, { ...defaultWebhookSettings, ...config.webhooks }, jobs, logger);
    await webhooks.start();
    cleanups.push({ name: "webhook dispatcher", run: () => webhooks.stop() });
    const access = new AccessControl(connection, config.auth ?? {}, logger);
    const initialAdminKey = await access.ensureInitialAdminKey();
    const bulk = new BulkJobs(connection, catalog, resolve(config.dataDir, "bulk"), config.bulk, logger, { guardFor: (principal) => writeGuardFor(principal, catalog.categoryRoots), files: storage.bulk, jobs });
    cleanups.push({ name: "bulk jobs", run: () => bulk.stop() });

    const app = express();
    app.disable("x-powered-by");
    const protection = config.protection ?? defaultProtectionSettings(process.env.NODE_ENV);
    // A client that trickles its headers or body cannot hold a connection for Node's default 5 minutes.
    // Node checks the two timeouts every connectionsCheckingInterval (30 s by default), which let them
    // run 30 s late; checked every second, they end a slow client when they say.
    const httpServer = createServer({ headersTimeout: protection.headersTimeoutMs, requestTimeout: Math.max(protection.bodyTimeoutMs, protection.headersTimeoutMs), connectionsCheckingInterval: 1000 }, app);
    const schema = await buildGraphQLSchema();
    const apollo = new ApolloServer<GraphQLContext>({
      schema,
      formatError: createFormatError(logger, { hideSchemaHints: !protection.introspection }),
      plugins: [
        ApolloServerPluginDrainHttpServer({ httpServer }),
        // Apollo's own page loads from a CDN; graphiql-page.ts serves an offline explorer instead.
        ApolloServerPluginLandingPageDisabled(),
        limitsPlugin(schema, protection),
        wellFormedTextPlugin(),
      ],
      introspection: protection.introspection,
      includeStacktraceInErrorResponses: false,
      validationRules: limitValidationRules(protection),
      parseOptions: { maxTokens: protection.maxTokens },
      // main.ts owns shutdown: Apollo's own signal handler would race it and never let the process exit.
      stopOnTerminationSignals: false,
    });
    await apollo.start();
    cleanups.push({ name: "GraphQL server and HTTP listener", run: () => apollo.stop() });

    app.use(requestLogging(logger));
    app.use(securityHeaders());
    app.use(crossOrigin(protection.corsOrigins));
    app.use(healthRoutes(connection));
    app.use(shedLoad(protection.maxInFlightRequests, protection.maxInFlightPerAddress, answerUnavailable));
    app.use(databaseGate(connection, answerUnavailable));
    if (protection.landingPage) app.use(graphiqlRoutes());
    app.use(access.middleware());
    app.use(catalogHttpRoutes(catalog));
    app.use(feedRoutes(feeds));
    app.use(statusRoutes(catalog, feeds, jobs));
    app.use(previewRoutes(catalog, feeds));
    app.use(mediaRoutes(media));
    // Every role reaches the endpoint; each Query and Mutation field declares who may use it.
    for (const method of ["GET", "POST"]) httpRoute(method, "/graphql", productReaders);
    app.use(bulkRoutes(bulk));
    app.use(
      "/graphql",
      express.json({ limit: protection.maxBodyBytes }),
      requestDeadline(protection.requestTimeoutMs, answerUnavailable),
      expressMiddleware(apollo, {
        context: async ({ req, res }) => ({
          requestId: String(req.id),
          logger: req.log,
          actor: actorOf(authenticated(res)),
          writer: { actor: actorOf(authenticated(res)), guard: writeGuardFor(authenticated(res), catalog.categoryRoots) },
          principal: authenticated(res),
          access,
          clientIp: req.ip ?? null,
          catalog,
          feeds,
          jobs,
          loaders: catalog.loaders(readableTrees(authenticated(res))),
          webhooks,
          media,
          mediaAssets: media.assetLoader(),
          bulk,
        }),
      }),
    );
    mountFallbacks(app);

    const demoFeedTokens = demoLoaded ? await issueDemoFeedTokens(feeds, catalog) : [];
    const port = await listen(httpServer, config.port, config.host);
    const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
    logger.info({ url: `${url}/graphql` }, "PIM service listening");
    await feeds.start({ generate: config.generateFeeds });
    await jobs.start();
    const promotionScheduler = new PromotionScheduler(catalog, jobs.leases, logger);
    await promotionScheduler.start();
    cleanups.push({ name: "promotion scheduler", run: () => promotionScheduler.stop() });
    for (const { channel, token } of demoFeedTokens) logger.info({ channel, feed: `${url}/feeds/${channel}?token=${token}` }, "demo feed URL (shown once; rotate with the rotateFeedToken mutation)");
    return {
      url,
      port,
      connection,
      catalog,
      feeds,
      webhooks,
      media,
      access,
      initialAdminKey,
      bulk,
      stop: async () => {
        logger.info("shutting down");
        await runCleanups();
      },
    };
  } catch (error) {
    await runCleanups();
    throw error;
  }
}

/**
 * A newcomer's first start prints a working pull URL per channel; the tokens are not shown again. They
 * are issued before the service listens, so none replaces a token a client rotates as soon as it can.
 */
async function issueDemoFeedTokens(feeds: FeedService, catalog: CatalogServices): Promise<Array<{ channel: string; token: string }>> {
  const issued = [];
  for (const channel of (await catalog.definitions()).channels.values()) {
    if (channel.export) issued.push({ channel: channel.code, token: await issueFeedToken(feeds.models, channel.code) });
  }
  return issued;
}

/** The authentication middleware runs before /graphql; reaching it without a principal is a wiring bug. */
function authenticated(res: Parameters<typeof principalOf>[0]) {
  const principal = principalOf(res);
  if (!principal) throw new Error("GraphQL request without an authenticated principal");
  return principal;
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
