import { isObjectType, type GraphQLSchema } from "graphql";
import { allowedRolesOf } from "../auth/field-access.js";
import type { Role } from "../auth/roles.js";

/** type-graphql builds Query and Mutation from resolver methods, so they have no class to carry a description. */
const rootDescriptions = {
  query:
    "Reads: products and product models, reference data, prices, stock and promotions, what channels get, bulk jobs, webhooks, API keys and background jobs. Each field names the roles that may call it; others get FORBIDDEN.",
  mutation:
    "Writes: products and product models and their images, prices and stock, reference data, promotions, feeds, imports and exports, webhooks and API keys. Each field names the roles that may call it; others get FORBIDDEN.",
};

/** Who may use a field, in the words of its @Allow declaration (admin is always among them). */
export function rolesSentence(allowed: readonly Role[] | undefined): string {
  if (!allowed) return "Refused to every caller: it declares no roles.";
  const anonymous = allowed.includes("reader") ? " (and anonymous callers when ANONYMOUS_READ=true)" : "";
  return allowed.length === 1 ? "Roles: admin only." : `Roles: ${allowed.join(", ")}${anonymous}.`;
}

function withSentence(description: string | null | undefined, sentence: string): string {
  const text = description?.trim() ?? "";
  return text === "" ? sentence : `${/[.!?]$/.test(text) ? text : `${text}.`} ${sentence}`;
}

/**
 * Describes the root types and appends to every Query and Mutation field (and every object field that
 * declares @Allow) the roles that may use it, read from the same declaration enforceFieldAccess enforces,
 * so the served and the emitted schema tell integrators exactly who may call what. Runs once on the built schema.
 */
export function describeSchema(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  if (query) query.description = rootDescriptions.query;
  if (mutation) mutation.description = rootDescriptions.mutation;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    const root = type === query || type === mutation;
    for (const field of Object.values(type.getFields())) {
      const allowed = allowedRolesOf(field);
      if (root || allowed) field.description = withSentence(field.description, rolesSentence(allowed));
    }
  }
  return schema;
}
