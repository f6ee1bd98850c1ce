import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";

export function printSchemaFile(schema: GraphQLSchema): string {
  return `# Generated from the type-graphql classes by \`npm run schema:emit\`; a test fails when it is stale.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}
