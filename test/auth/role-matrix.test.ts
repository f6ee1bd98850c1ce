import {
  getNamedType,
  getNullableType,
  graphql,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGraphQLSchema } from "../../src/graphql/schema.js";
import { allowedRolesOf, enforceFieldAccess } from "../../src/auth/field-access.js";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { keysForRoles, type NonAdminRole } from "./keys-for-roles.js";

/**
 * Who may use what, written out by hand: the test compares it with the running service, and the schema
 * must have exactly these operations, so a new Query or Mutation field fails here until it is added.
 */
const everyone = ["editor", "integration", "reader"] as const;
const expected: Record<"Query" | "Mutation", Record<string, readonly NonAdminRole[]>> = {
  Query: {
    ...Object.fromEntries(
      [
        "attribute",
        "attributeGroups",
        "attributes",
        "categories",
        "category",
        "channel",
        "channels",
        "currencies",
        "families",
        "family",
        "familySchema",
        "familyVariants",
        "locales",
        "mediaAsset",
        "product",
        "productModel",
        "productModels",
        "products",
        "promotion",
        "promotions",
        "stockLocations",
        "economicOperators",
        "viewer",
      ].map((name) => [name, everyone]),
    ),
    ...Object.fromEntries(
      [
        "history",
        "productHistory",
        "productModelHistory",
        "renderProduct",
        "consistencyReport",
        "inconsistentProducts",
        "feedReport",
        "bulkJob",
        "bulkJobs",
        "importMappings",
      ].map((name) => [name, ["editor"] as const]),
    ),
    ...Object.fromEntries(
      ["previewFamilyVariantChange", "webhookSubscriptions", "webhookDeliveries", "apiKeys", "authAudit", "backgroundJobs"].map((name) => [name, [] as const]),
    ),
  },
  Mutation: {
    ...Object.fromEntries(
      [
        "createProduct",
        "updateProduct",
        "deleteProduct",
        "upsertProducts",
        "revertProduct",
        "createProductModel",
        "updateProductModel",
        "deleteProductModel",
        "setMediaAltTexts",
        "attachProductMedia",
        "detachProductMedia",
        "orderProductMedia",
        "setProductMainImage",
        "startImport",
        "startExport",
        "cancelBulkJob",
        "saveImportMapping",
        "deleteImportMapping",
        "saveEconomicOperator",
        "deleteEconomicOperator",
      ].map((name) => [name, ["editor"] as const]),
    ),
    setPrices: ["integration"],
    setStock: ["integration"],
    ...Object.fromEntries(
      [
        "saveLocale",
        "deleteLocale",
        "saveCurrency",
        "deleteCurrency",
        "saveChannel",
        "deleteChannel",
        "saveAttributeGroup",
        "deleteAttributeGroup",
        "saveAttribute",
        "deleteAttribute",
        "saveFamily",
        "deleteFamily",
        "saveFamilyVariant",
        "deleteFamilyVariant",
        "saveCategory",
        "deleteCategory",
        "saveStockLocation",
        "deleteStockLocation",
        "savePromotion",
        "deletePromotion",
        "regenerateFeed",
        "rotateFeedToken",
        "createWebhookSubscription",
        "updateWebhookSubscription",
        "deleteWebhookSubscription",
        "rotateWebhookSecret",
        "replayWebhookDelivery",
        "replayWebhookDeliveries",
        "createApiKey",
        "revokeApiKey",
      ].map((name) => [name, [] as const]),
    ),
  },
};

/** A value GraphQL accepts for a type: access is checked before the resolver looks at it. */
function sampleValue(type: GraphQLInputType): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [];
  if (isEnumType(nullable)) return nullable.getValues()[0]?.name;
  if (isInputObjectType(nullable)) {
    return Object.fromEntries(
      Object.values(nullable.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sampleValue(f.type)]),
    );
  }
  if (isScalarType(nullable)) {
    const samples: Record<string, unknown> = {
      String: "x",
      ID: "x",
      Int: 1,
      Float: 1,
      Boolean: false,
      DateTime: "2099-01-01T00:00:00Z",
      JSON: {},
      JSONObject: {},
    };
    if (!(nullable.name in samples)) throw new Error(`no sample for scalar ${nullable.name}`);
    return samples[nullable.name];
  }
  throw new Error(`no sample for ${String(type)}`);
}

function operationFor(kind: "Query" | "Mutation", field: GraphQLField<unknown, unknown>): { query: string; variables: Record<string, unknown> } {
  const required = field.args.filter((a) => isNonNullType(a.type));
  const declarations = required.map((a) => `$${a.name}: ${String(a.type)}`).join(", ");
  const args = required.map((a) => `${a.name}: $${a.name}`).join(", ");
  const selection = isObjectType(getNamedType(field.type)) ? " { __typename }" : "";
  const query = `${kind === "Query" ? "query" : "mutation"}${declarations ? `(${declarations})` : ""} { ${field.name}${args ? `(${args})` : ""}${selection} }`;
  return { query, variables: Object.fromEntries(required.map((a) => [a.name, sampleValue(a.type)])) };
}

let service: TestService;
let schema: GraphQLSchema;
let tokens: Record<NonAdminRole, string>;

beforeAll(async () => {
  service = await startTestService("auth-role-matrix", { seedDemo: true });
  schema = await buildGraphQLSchema();
  tokens = await keysForRoles(service);
});
afterAll(() => service?.stop());

describe("the role matrix", () => {
  it("lists exactly the schema's operations, each with its declared roles", () => {
    for (const kind of ["Query", "Mutation"] as const) {
      const fields = (kind === "Query" ? schema.getQueryType() : schema.getMutationType())!.getFields();
      expect(Object.keys(fields).sort(), `${kind} fields without a row in this test`).toEqual(Object.keys(expected[kind]).sort());
      for (const field of Object.values(fields)) {
        expect(allowedRolesOf(field), `${kind}.${field.name} has no @Allow declaration`).toBeDefined();
      }
    }
  });

  for (const kind of ["Query", "Mutation"] as const) {
    it(`answers every ${kind} field for every role with allowed or FORBIDDEN, as the matrix says`, async () => {
      const fields = (kind === "Query" ? schema.getQueryType() : schema.getMutationType())!.getFields();
      const mismatches: string[] = [];
      for (const field of Object.values(fields)) {
        const { query, variables } = operationFor(kind, field);
        for (const role of ["admin", "editor", "integration", "reader"] as const) {
          const response = await service.gqlAs(role === "admin" ? service.adminKey : tokens[role], query, variables);
          const codes = (response.errors ?? []).map((e) => e.extensions?.code);
          if (codes.includes("GRAPHQL_VALIDATION_FAILED") || codes.includes("BAD_REQUEST"))
            throw new Error(`${field.name}: the generated operation is invalid: ${JSON.stringify(response.errors)}`);
          const allowed = role === "admin" || (expected[kind][field.name] ?? []).includes(role);
          const refused = codes.includes("FORBIDDEN");
          if (codes.includes("UNAUTHENTICATED") || refused === allowed)
            mismatches.push(
              `${kind}.${field.name} as ${role}: expected ${allowed ? "allowed" : "FORBIDDEN"}, got ${JSON.stringify(response.errors ?? "no error")}`,
            );
          if (refused && !allowed) {
            const refusal = response.errors!.find((e) => e.extensions?.code === "FORBIDDEN")!;
            expect(refusal.message).toContain(`a ${role} key`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    });
  }

  it("refuses an operation that declares no roles to everyone, admin included", async () => {
    const bare = enforceFieldAccess(
      new GraphQLSchema({ query: new GraphQLObjectType({ name: "Query", fields: { undeclared: { type: GraphQLString, resolve: () => "secret" } } }) }),
    );
    const admin = { keyId: "k", name: "admin", role: "admin" as const, locales: null, categoryTrees: null };
    const result = await graphql({ schema: bare, source: "{ undeclared }", contextValue: { principal: admin } });
    expect(result.data?.undeclared).toBeNull();
    expect(result.errors?.[0]?.message).toBe("Query.undeclared declares no roles, so it is refused to everyone");
  });

  it("guards object fields that hold channel settings: editors see them, readers get FORBIDDEN", async () => {
    const query = `{ channels { code export } }`;
    const asReader = await service.gqlAs(tokens.reader, query);
    expect(asReader.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(asReader.errors?.[0]?.message).toContain("Channel.export");
    expect((await service.gqlAs(tokens.editor, query)).errors).toBeUndefined();
  });
});
