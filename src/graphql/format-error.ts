import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import { PimError } from "../errors.js";
import type { Logger } from "../logger.js";

const apolloCodesKeptAsIs = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/** Maps PimError to extensions.code; anything unexpected is logged and masked so internals never leak. */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof PimError) {
      return {
        message: original.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: {
          code: original.code,
          ...(original.problems.length > 0 ? { problems: original.problems } : {}),
          ...original.details,
        },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === "string" && apolloCodesKeptAsIs.has(code)) return formatted;
    logger.error({ err: original, path: formatted.path }, "unexpected error in GraphQL operation");
    return { message: "Internal server error", path: formatted.path, locations: formatted.locations, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}
