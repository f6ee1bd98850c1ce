import "reflect-metadata";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../src/embedded-db/embedded-database.js";
import { connectDatabase } from "../../src/database/connection.js";
import { createCatalogServices } from "../../src/catalog/services.js";
import { MediaService } from "../../src/media/media-service.js";
import { loadDemoCatalog } from "../../src/demo/demo-catalog.js";
import { withDatabaseName } from "../helpers/test-database.js";
import { ensureChromium } from "../helpers/browser.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** A MongoDB-wire server for the whole run: MONGODB_URI when set, else the embedded database, in memory. */
    mongoServerUri: string;
    /** The demo catalog, loaded once per run through the write path; test services that want it get a copy. */
    demoTemplate: { database: string; dataDir: string };
  }
}

let embedded: EmbeddedDatabase | undefined;
const folders: string[] = [];
let template: { serverUri: string; database: string } | undefined;

export async function setup(project: TestProject): Promise<void> {
  ensureChromium();
  let serverUri = process.env.MONGODB_URI;
  if (!serverUri) {
    const dataDir = await mkdtemp(join(tmpdir(), "pim-test-db-"));
    folders.push(dataDir);
    const log = (first: unknown, second?: unknown) => process.stderr.write(`${typeof first === "string" ? first : String(second)}\n`);
    embedded = await startEmbeddedDatabase({ dataDir, inMemory: true, logger: { info: log, warn: log, error: log } as never });
    serverUri = embedded.uri;
  }
  project.provide("mongoServerUri", serverUri);
  const demo = await loadDemoTemplate(serverUri);
  template = { serverUri, database: demo.database };
  project.provide("demoTemplate", demo);
}

/** Loads the demo catalog once, the way a first start does, into a database and a DATA_DIR of its own. */
async function loadDemoTemplate(serverUri: string): Promise<{ database: string; dataDir: string }> {
  const database = `demo_template_${process.pid}`;
  const dataDir = await mkdtemp(join(tmpdir(), "pim-demo-template-"));
  folders.push(dataDir);
  const logger = pino({ level: "silent" });
  const connection = await connectDatabase(withDatabaseName(serverUri, database));
  try {
    await connection.dropDatabase();
    const catalog = createCatalogServices(connection, logger);
    await catalog.ensureIndexes();
    await catalog.changeLog.start();
    await loadDemoCatalog(catalog, MediaService.onLocalDisk(connection, dataDir, undefined, logger));
    await catalog.changeLog.settled();
    await catalog.completeness.settled();
    catalog.changeLog.stop();
  } finally {
    await connection.close();
  }
  return { database, dataDir };
}

export async function teardown(): Promise<void> {
  // On a server of the caller's (MONGODB_URI), the template goes; the embedded one goes with its process.
  if (template && !embedded) {
    const connection = await connectDatabase(withDatabaseName(template.serverUri, template.database));
    await connection.dropDatabase();
    await connection.close();
  }
  await embedded?.stop();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
}
