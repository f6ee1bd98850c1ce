import type { ApolloServerPlugin } from "@apollo/server";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import { getNullableType, GraphQLError, isListType, type GraphQLSchema, type ValidationContext, type ValidationRule } from "graphql";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import { maxPageSize } from "../graphql/resolvers/product.resolver.js";
import type { ProtectionSettings } from "./settings.js";

export const limitExceededCode = "QUERY_LIMIT_EXCEEDED";

export type LimitName = "depth" | "cost" | "aliases" | "directives" | "tokens" | "listLength" | "variableDepth";

/** Every refusal by a limit looks the same: the code, which limit, its maximum, and a plain message. */
export function limitExceeded(limit: LimitName, maximum: number, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: limitExceededCode, limit, maximum, http: { status: 400 } } });
}

/**
 * graphql-armor's rules count depth, aliases and directives while the document is validated, before
 * anything runs. Their own error reads "Syntax Error: …"; ours names the limit instead.
 */
export function limitValidationRules(settings: ProtectionSettings): ValidationRule[] {
  const reporting = (limit: LimitName, maximum: number) => ({
    n: maximum,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(limitExceeded(limit, maximum, error.message.replace(/^Syntax Error: /, ""))),
    ],
  });
  return [
    maxDepthRule({ ...reporting("depth", settings.maxDepth), flattenFragments: true }),
    maxAliasesRule(reporting("aliases", settings.maxAliases)),
    maxDirectivesRule(reporting("directives", settings.maxDirectives)),
  ];
}

/** graphql's parser stops at this many tokens, so an oversized document is never even held as a tree. */
// graphql 16 writes "more that"; later versions may fix the typo.
const tokenLimitMessage = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;

/** The parser's token error carries no code of its own; this gives it the limit's. */
export function asTokenLimitError(message: string): GraphQLError | null {
  const match = tokenLimitMessage.exec(message);
  return match ? limitExceeded("tokens", Number(match[1]), `The query has more than ${match[1]} tokens`) : null;
}

/**
 * Lists without a page size are reference data (locales, attributes, a product's values) assumed this
 * long. A page size (`first`) on a list is its length; on an object (a connection, a scan report) it
 * is the length of the lists inside, which were counted at the assumed length.
 */
const assumedListLength = 10;

export const listCost: ComplexityEstimator = ({ field, args, childComplexity }) => {
  // Introspection is answered from memory and is switched off in production.
  if (field.name.startsWith("__")) return 0;
  // No resolver serves a page above maxPageSize; a larger `first` gets its own BAD_USER_INPUT naming the argument.
  const pageSize = typeof args.first === "number" && args.first > 0 ? Math.min(args.first, maxPageSize) : null;
  const isList = isListType(getNullableType(field.type));
  if (isList) return (pageSize ?? assumedListLength) * (1 + childComplexity);
  return 1 + (pageSize === null ? childComplexity : Math.ceil((childComplexity * pageSize) / assumedListLength));
};

/** Finds the longest list and the deepest nesting in the variables without recursion, so no input can overflow the stack. */
function measureVariables(variables: Record<string, unknown>): { longestList: number; listPath: string; depth: number } {
  let longestList = 0;
  let listPath = "";
  let depth = 0;
  const pending: Array<{ value: unknown; path: string; level: number }> = [{ value: variables, path: "", level: 0 }];
  while (pending.length > 0) {
    const { value, path, level } = pending.pop() as { value: unknown; path: string; level: number };
    if (value === null || typeof value !== "object") continue;
    depth = Math.max(depth, level);
    if (Array.isArray(value)) {
      if (value.length > longestList) {
        longestList = value.length;
        listPath = path;
      }
      value.forEach((item, index) => {
        pending.push({ value: item, path: `${path}[${index}]`, level: level + 1 });
      });
    } else {
      for (const [key, item] of Object.entries(value)) pending.push({ value: item, path: path ? `${path}.${key}` : key, level: level + 1 });
    }
  }
  return { longestList, listPath, depth };
}

/**
 * Checks what only the variables reveal, once the operation is known and before it runs: the size
 * of every list sent, how deeply they nest, and the cost with the page sizes the variables ask for.
 */
export function limitsPlugin(schema: GraphQLSchema, settings: ProtectionSettings): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operationName }) {
          const variables = request.variables ?? {};
          const measured = measureVariables(variables);
          if (measured.depth > settings.maxVariableDepth) {
            throw limitExceeded(
              "variableDepth",
              settings.maxVariableDepth,
              `The variables nest ${measured.depth} levels deep; at most ${settings.maxVariableDepth} are allowed`,
            );
          }
          if (measured.longestList > settings.maxListLength) {
            throw limitExceeded(
              "listLength",
              settings.maxListLength,
              `The list at $${measured.listPath} has ${measured.longestList} items; at most ${settings.maxListLength} are allowed per list`,
            );
          }
          let cost: number;
          try {
            cost = getComplexity({ schema, query: document, variables, operationName: operationName ?? undefined, estimators: [listCost] });
          } catch {
            // Variables that do not fit their types; execution refuses them with BAD_USER_INPUT before running anything.
            return;
          }
          if (cost > settings.maxCost) {
            throw limitExceeded(
              "cost",
              settings.maxCost,
              `The query would cost ${cost}, more than the limit of ${settings.maxCost}; ask for smaller pages (first) or fewer fields`,
            );
          }
        },
      };
    },
  };
}
