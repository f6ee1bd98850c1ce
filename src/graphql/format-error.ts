import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import { PimError } from "../errors.js";
import type { Logger } from "../logger.js";
import { isDatabaseUnavailable } from "../database/connection.js";
import { asTokenLimitError, limitExceededCode } from "../protection/graphql-limits.js";
import { currentRequestId } from "../protection/request-deadline.js";

const apolloCodesKeptAsIs = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

export interface FormatErrorOptions {
  /** Without introspection, "Did you mean …?" hints would still reveal the schema's field names. */
  hideSchemaHints?: boolean;
}

/** Maps PimError to extensions.code; anything unexpected is logged and masked so internals never leak. */
export function createFormatError(logger: Logger, options: FormatErrorOptions = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (options.hideSchemaHints) formatted = { ...formatted, message: formatted.message.replace(/ Did you mean .*\?$/, "") };
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
    if (isDatabaseUnavailable(original)) {
      return {
        message: "The database is unavailable; try again shortly",
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: "SERVICE_UNAVAILABLE" },
      };
    }
    // Apollo files every validation error under GRAPHQL_VALIDATION_FAILED; a limit keeps its own code.
    if (formatted.extensions?.limit !== undefined) return { ...formatted, extensions: { ...formatted.extensions, code: limitExceededCode } };
    const tokenLimit = asTokenLimitError(formatted.message);
    if (tokenLimit)
      return {
        message: tokenLimit.message,
        extensions: { code: limitExceededCode, limit: tokenLimit.extensions.limit, maximum: tokenLimit.extensions.maximum },
      };
    const code = formatted.extensions?.code;
    if (typeof code === "string" && apolloCodesKeptAsIs.has(code)) return formatted;
    const requestId = currentRequestId();
    logger.error({ err: original, path: formatted.path, requestId }, "unexpected error in GraphQL operation");
    return {
      message: "Internal server error",
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: "INTERNAL_SERVER_ERROR", ...(requestId ? { requestId } : {}) },
    };
  };
}
