import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildGraphQLSchema } from "../../src/graphql/schema.js";
import { printSchemaFile } from "../../src/graphql/print-schema.js";
import { projectRoot } from "../../src/project-root.js";

describe("schema/pim.graphql", () => {
  it("matches the schema the type-graphql classes build (run `npm run schema:emit` after changing them)", async () => {
    const committed = await readFile(join(projectRoot, "schema", "pim.graphql"), "utf8");
    expect(printSchemaFile(await buildGraphQLSchema())).toBe(committed);
  });
});
