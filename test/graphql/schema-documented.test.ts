import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isSpecifiedScalarType, type GraphQLSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/project-root.js";

const blank = (description: string | null | undefined) => !description || description.trim() === "";

/** Every type, field, input field, argument and enum value of the SDL that has no description, by coordinate. */
function undocumented(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__") || isSpecifiedScalarType(type)) continue;
    if (blank(type.description)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
        for (const arg of field.args) if (blank(arg.description)) missing.push(`${type.name}.${field.name}(${arg.name})`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) if (blank(value.description)) missing.push(`${type.name}.${value.name}`);
    }
  }
  return missing.sort();
}

describe("schema/pim.graphql", () => {
  it("documents every type, field, input field, argument and enum value integrators read", async () => {
    const schema = buildSchema(await readFile(join(projectRoot, "schema", "pim.graphql"), "utf8"));
    expect(undocumented(schema)).toEqual([]);
  });
});
