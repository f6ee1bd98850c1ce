import "reflect-metadata";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildGraphQLSchema } from "../graphql/schema.js";
import { printSchemaFile } from "../graphql/print-schema.js";
import { projectRoot } from "../project-root.js";

/** `npm run schema:emit`: writes the SDL that schema/pim.graphql commits. */
const target = join(projectRoot, "schema", "pim.graphql");
await writeFile(target, printSchemaFile(await buildGraphQLSchema()));
process.stdout.write(`wrote ${target}\n`);
