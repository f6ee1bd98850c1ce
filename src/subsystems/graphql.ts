import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Response } from "express";
import { principalOf } from "../auth/authentication.js";
import { httpRoute } from "../auth/http-access.js";
import { actorOf, readableTrees } from "../auth/principal.js";
import { productReaders } from "../auth/roles.js";
import { writeGuardFor } from "../auth/write-rights.js";
import type { GraphQLContext } from "../graphql/context.js";
import { createFormatError } from "../graphql/format-error.js";
import { buildGraphQLSchema } from "../graphql/schema.js";
import { answerUnavailable } from "../http/routes.js";
import { limitsPlugin, limitValidationRules } from "../protection/graphql-limits.js";
import { requestDeadline } from "../protection/request-deadline.js";
import { wellFormedTextPlugin } from "../protection/well-formed-text.js";
import type { SubsystemFactory } from "./subsystem.js";

/** The authentication middleware runs before /graphql; reaching it without a principal is a wiring bug. */
function authenticated(res: Response) {
  const principal = principalOf(res);
  if (!principal) throw new Error("GraphQL request without an authenticated principal");
  return principal;
}

/** POST and GET /graphql over every other subsystem; stopping it drains the HTTP server. */
export const graphql: SubsystemFactory = async ({ httpServer, protection, logger, catalog, feeds, jobs, webhooks, media, bulk, access }) => {
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
  // Every role reaches the endpoint; each Query and Mutation field declares who may use it.
  for (const method of ["GET", "POST"]) httpRoute(method, "/graphql", productReaders);
  const router = express.Router();
  router.use(
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
  return { routes: [router], stop: () => apollo.stop() };
};
