import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../src/embedded-db/embedded-database.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** A MongoDB-wire server for the whole run: MONGODB_URI when set, else the embedded database, in memory. */
    mongoServerUri: string;
  }
}

let embedded: EmbeddedDatabase | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.MONGODB_URI) {
    project.provide("mongoServerUri", process.env.MONGODB_URI);
    return;
  }
  dataDir = await mkdtemp(join(tmpdir(), "pim-test-db-"));
  const log = (first: unknown, second?: unknown) => process.stderr.write(`${typeof first === "string" ? first : String(second)}\n`);
  embedded = await startEmbeddedDatabase({ dataDir, inMemory: true, logger: { info: log, warn: log, error: log } as never });
  project.provide("mongoServerUri", embedded.uri);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
