import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { expect } from "vitest";
import type { Connection } from "mongoose";
import { connectDatabase } from "../../src/database/connection.js";
import { createCatalogServices, type CatalogServices } from "../../src/catalog/services.js";
import { demoCatalogDir, loadDemoCatalog } from "../../src/demo/demo-catalog.js";
import { ExportRun } from "../../src/feeds/export-run.js";
import { MediaService } from "../../src/media/media-service.js";
import { writeFeed, type FeedReport } from "../../src/feeds/write-feed.js";
import type { SourceProduct } from "../../src/catalog/read/source-products.js";
import type { StoredProduct } from "../../src/catalog/products/product-document.js";
import { ALL_CHANNELS, ALL_LOCALES, toValueEntries } from "../../src/catalog/values/raw-values.js";
import { storedCatalog } from "./stored-catalog.js";
import { testDatabaseUri } from "./test-database.js";

/** The demo's channels that have a feed, sorted: tests over every channel take the list from the fixture. */
export const demoFeedChannels: readonly string[] = (
  JSON.parse(readFileSync(join(demoCatalogDir, "channels.json"), "utf8")) as Array<{ code: string; export?: unknown }>
)
  .filter((channel) => channel.export)
  .map((channel) => channel.code)
  .sort();

/** Golden files are rendered as of this instant, so dates in feeds do not change between runs. */
export const goldenDate = new Date("2026-11-01T09:00:00.000Z");

export interface DemoCatalog {
  uri: string;
  catalog: CatalogServices;
  connection: Connection;
  /** The media service the demo pictures were uploaded through. */
  media: MediaService;
  stop(): Promise<void>;
}

/** The demo catalog in a database of its own, loaded through the real write path. */
export async function startDemoCatalog(label: string): Promise<DemoCatalog> {
  const uri = testDatabaseUri(label);
  const connection = await connectDatabase(uri);
  const catalog = createCatalogServices(connection, pino({ level: "silent" }));
  await catalog.ensureIndexes();
  const mediaDir = await mkdtemp(join(tmpdir(), "pim-demo-media-"));
  const media = MediaService.onLocalDisk(connection, mediaDir, undefined, pino({ level: "silent" }));
  await loadDemoCatalog(catalog, media);
  return {
    uri,
    catalog,
    connection,
    media,
    stop: async () => {
      await connection.dropDatabase();
      await connection.close();
      await rm(mediaDir, { recursive: true, force: true });
    },
  };
}

/**
 * Renders one channel's whole feed into memory (fine for the demo's 60 products): `parts` holds each
 * file of a channel with limits per file, `text` the first (the whole feed for every other channel).
 */
export async function renderFeed(
  catalog: CatalogServices,
  channel: string,
  generatedAt = goldenDate,
): Promise<{ text: string; parts: string[]; report: FeedReport }> {
  const run = await ExportRun.prepare(channel, catalog, generatedAt);
  const parts: Buffer[][] = [];
  const report = await writeFeed(run, catalog.read, (index) => {
    const chunks: Buffer[] = (parts[index] = []);
    return new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
  });
  const texts = parts.map((chunks) => Buffer.concat(chunks).toString("utf8"));
  return { text: texts[0] ?? "", parts: texts, report };
}

/**
 * Compares a feed with its committed golden file. `UPDATE_GOLDEN=1 npm test` rewrites the files after an
 * intended change; the diff then shows in review exactly what every channel will receive differently.
 */
export async function expectGolden(actual: string, goldenPath: string): Promise<void> {
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(goldenPath)) {
    if (process.env.CI) throw new Error(`golden file ${goldenPath} is missing; create it with UPDATE_GOLDEN=1 and commit it`);
    await mkdir(dirname(goldenPath), { recursive: true });
    await writeFile(goldenPath, actual);
    return;
  }
  const expected = await readFile(goldenPath, "utf8");
  if (actual !== expected) {
    const at = [...actual].findIndex((c, i) => c !== expected[i]);
    throw new Error(
      `feed differs from ${goldenPath} at character ${at}: …${actual.slice(Math.max(0, at - 80), at + 80)}… (run UPDATE_GOLDEN=1 npm test if the change is intended)`,
    );
  }
}

/** Every product of the catalog with what it inherits, keyed by SKU, to compare feeds with their source. */
export async function sourceProducts(catalog: CatalogServices): Promise<Map<string, SourceProduct>> {
  const products = new Map<string, SourceProduct>();
  for await (const product of catalog.read.sourceProducts()) products.set(product.sku, product);
  return products;
}

/**
 * Every enabled demo product is accounted for exactly once: written as one item, rejected or excluded.
 * The demo has 60 products, 3 of them disabled. A rejected item never also appears in the feed.
 */
export function expectEveryDemoProductAccountedFor(report: FeedReport, writtenIds: unknown[]): void {
  expect(new Set(writtenIds).size).toBe(writtenIds.length);
  expect(report.productsRead).toBe(60);
  expect(report.productsDisabled).toBe(3);
  expect(report.itemsWritten).toBe(writtenIds.length);
  expect(report.itemsWritten + report.itemsRejected + report.productsExcluded).toBe(57);
  for (const problem of report.problems.filter((p) => p.severity === "error")) expect(writtenIds).not.toContain(problem.itemId);
}

/**
 * A size added to a demo model after everything else was saved, with its sibling's values and prices and
 * an EAN of its own: the natural order reads it last, far from its model's other sizes.
 */
export async function addSizeLater(catalog: CatalogServices, sibling: string, sku: string, size: string, ean = "5901234123457"): Promise<void> {
  const stored = (await storedCatalog(catalog).products.findById(sibling).lean()) as unknown as StoredProduct & { offer: { prices: Record<string, string> } };
  const { family, parent, categories, enabled, associations } = stored;
  const values = { ...stored.values, size: { [ALL_CHANNELS]: { [ALL_LOCALES]: size } }, ean: { [ALL_CHANNELS]: { [ALL_LOCALES]: ean } } };
  const [created] = await catalog.saveProducts([{ sku, family, parent, categories, enabled, values: toValueEntries(values), associations }], {
    mode: "create",
    actor: "test",
  });
  expect(created?.errors).toEqual([]);
  const prices = Object.entries(stored.offer.prices).map(([currency, amount]) => ({ sku, currency, amount }));
  expect((await catalog.setPrices(prices, "test")).failed).toBe(0);
}
