import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { isEnumType, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { roles } from "../../src/auth/roles.js";
import { attributeTypes } from "../../src/catalog/definitions.js";
import { associationTypes } from "../../src/catalog/validation/family-schema.js";
import { comparedFields } from "../../src/feeds/consistency.js";
import { buildGraphQLSchema } from "../../src/graphql/schema.js";
import { allowedFormats } from "../../src/media/safe-sharp.js";
import { projectRoot } from "../../src/project-root.js";

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGraphQLSchema();
});

/** The stored words an enum of the schema stands for (its values' internal values). */
function storedValues(name: string): unknown[] {
  const type = schema.getType(name);
  if (!isEnumType(type)) throw new Error(`${name} is not an enum of the schema`);
  return type.getValues().map((value) => value.value);
}

describe("GraphQL enums over closed sets", () => {
  it("stand for exactly the words the code stores, each named by its word in upper case", () => {
    const sets: Record<string, readonly string[]> = {
      AttributeType: attributeTypes,
      Role: roles,
      AssociationType: associationTypes,
      ConsistencyField: comparedFields,
      ImageFormat: allowedFormats,
    };
    for (const [name, words] of Object.entries(sets)) expect([...storedValues(name)].sort(), name).toEqual([...words].sort());
    for (const name of [
      "AttributeType",
      "Role",
      "AssociationType",
      "ProductSaveStatus",
      "ProductUpsertStatus",
      "HistoryAction",
      "AuthAuditEvent",
      "BackgroundJobState",
      "FeedProblemSeverity",
    ]) {
      const type = schema.getType(name);
      if (!isEnumType(type)) throw new Error(`${name} is not an enum of the schema`);
      for (const value of type.getValues()) expect(value.name, name).toBe(String(value.value).toUpperCase());
    }
  });

  it("cover the media presets' purposes and output formats", async () => {
    const presetSchema = JSON.parse(await readFile(join(projectRoot, "schema", "media-presets.schema.json"), "utf8")) as {
      definitions: { preset: { properties: { purpose: { enum: string[] }; format: { enum: string[] } } } };
    };
    const { purpose, format } = presetSchema.definitions.preset.properties;
    expect([...storedValues("RenditionPurpose")].sort()).toEqual([...purpose.enum].sort());
    expect(storedValues("ImageFormat")).toEqual(expect.arrayContaining(format.enum));
  });
});
