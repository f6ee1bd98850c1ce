import "reflect-metadata";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { XMLParser } from "fast-xml-parser";
import mongoose from "mongoose";
import { pino } from "pino";
import { createCatalogServices, type CatalogServices } from "../../src/catalog/services.js";
import { connectDatabase } from "../../src/database/connection.js";
import { startEmbeddedDatabase } from "../../src/embedded-db/embedded-database.js";
import { issueFeedToken } from "../../src/feeds/feed-tokens.js";
import { projectRoot } from "../../src/project-root.js";
import { startService } from "../../src/server.js";
import { demoBrands, saveReferenceData, storedBatch } from "../feeds/synthetic-feed-catalog.js";
import { databaseLabel } from "../database-label.js";
import { storedCatalog } from "../../test/helpers/stored-catalog.js";

/**
 * `npm run bench:offers -- --sizes 1000,10000 --rounds 3 [--feed-samples 5]`
 * The stock fast path: catalog sizes are filled with stored-shape products by insertMany (saveProducts would
 * take minutes per 10,000 and is not what is measured), then timed `catalog.setStock` calls of 10,000 items,
 * the offer history and change events they leave, and, on the demo catalog with feed generation on, how long
 * one SKU's stock change takes to show in the feed a channel pulls. MONGODB_URI selects a MongoDB instead of
 * the embedded database.
 */
const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,10000" },
    rounds: { type: "string", default: "3" },
    "items-per-call": { type: "string", default: "10000" },
    "feed-samples": { type: "string", default: "5" },
    "feed-timeout-ms": { type: "string", default: "120000" },
  },
});
const sizes = (args.sizes as string)
  .split(",")
  .map(Number)
  .filter((n) => n > 0)
  .sort((a, b) => a - b);
const rounds = Number(args.rounds);
const itemsPerCall = Number(args["items-per-call"]);
const insertBatch = 2000;
const actor = "bench";

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const machine = () => ({ cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, loadAverage: loadavg().map(round1) });

type Db = NonNullable<mongoose.Connection["db"]>;

async function totalBsonBytes(db: Db, collection: string): Promise<{ documents: number; bytes: number }> {
  let documents = 0;
  let bytes = 0;
  for await (const doc of db.collection(collection).find()) {
    documents++;
    bytes += mongoose.mongo.BSON.calculateObjectSize(doc);
  }
  return { documents, bytes };
}

/**
 * With fewer SKUs than items per call, each SKU gets one item per location, so a call still carries
 * `itemsPerCall` items; the service merges a SKU's items into one document write, which the result says.
 */
function stockCall(skus: string[], locations: string[], round: number): Array<{ sku: string; location: string; onHand: number }> {
  const perSku = Math.min(locations.length, Math.ceil(itemsPerCall / skus.length));
  const updates: Array<{ sku: string; location: string; onHand: number }> = [];
  for (let i = 0; updates.length < itemsPerCall && i < skus.length * perSku; i++) {
    updates.push({ sku: skus[i % skus.length] as string, location: locations[Math.floor(i / skus.length)] as string, onHand: (i * 7 + round) % 50 });
  }
  return updates;
}

async function measureStock(catalog: CatalogServices, db: Db, skus: string[], locations: string[]): Promise<Record<string, unknown>> {
  const singleUpdateMs: number[] = [];
  const products = db.collection(storedCatalog(catalog).products.collection.collectionName);
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    await products.updateOne({ _id: skus[(i * 97) % skus.length] as never }, { $set: { "offer.stock.bench_wh_0": i } });
    singleUpdateMs.push(performance.now() - started);
  }
  const historyBefore = await totalBsonBytes(db, "offer_history");
  const eventsBefore = await db.collection("change_events").countDocuments();
  const callMs: number[] = [];
  const publishMs: number[] = [];
  let items = 0;
  let documentWrites = 0;
  for (let round = 0; round < rounds; round++) {
    const updates = stockCall(skus, locations, round);
    const started = performance.now();
    const report = await catalog.setStock(updates, actor);
    const ms = performance.now() - started;
    if (report.failed) throw new Error(`setStock refused ${report.failed} items: ${JSON.stringify(report.results.find((r) => r.status === "error"))}`);
    callMs.push(ms);
    const publishStarted = performance.now();
    await catalog.changeLog.settled();
    publishMs.push(performance.now() - publishStarted);
    items += updates.length;
    documentWrites += new Set(updates.map((u) => u.sku)).size;
    log(`  round ${round + 1}: ${updates.length} items in ${Math.round(ms)} ms (${Math.round((updates.length / ms) * 1000)} items/s)`);
  }
  const historyAfter = await totalBsonBytes(db, "offer_history");
  const eventsAfter = await db.collection("change_events").countDocuments();
  const totalMs = callMs.reduce((a, b) => a + b, 0);
  return {
    singleIdUpdateOneMedianMs: round1([...singleUpdateMs].sort((a, b) => a - b)[5] as number),
    calls: rounds,
    itemsPerCall: items / rounds,
    documentWritesPerCall: documentWrites / rounds,
    callMs: callMs.map(Math.round),
    eventsPublishedMsAfterCall: publishMs.map(Math.round),
    stockItemsPerSecond: Math.round((items / totalMs) * 1000),
    documentWritesPerSecond: Math.round((documentWrites / totalMs) * 1000),
    offerHistory: {
      documentsWritten: historyAfter.documents - historyBefore.documents,
      bsonBytesWritten: historyAfter.bytes - historyBefore.bytes,
      bsonBytesPerItem: round1((historyAfter.bytes - historyBefore.bytes) / items),
    },
    changeEvents: { written: eventsAfter - eventsBefore, perCall: (eventsAfter - eventsBefore) / rounds },
  };
}

async function stockBenchmark(uri: string): Promise<void> {
  const logger = pino({ level: "warn" });
  const connection = await connectDatabase(uri);
  try {
    await connection.dropDatabase();
    const catalog = createCatalogServices(connection, logger);
    await catalog.ensureIndexes();
    await saveReferenceData(catalog);
    const locations = Array.from({ length: 10 }, (_, i) => `bench_wh_${i}`);
    for (const code of locations) await catalog.saveStockLocation({ code, type: "warehouse" }, actor);
    const brands = await demoBrands();
    const db = connection.db;
    if (!db) throw new Error("no database handle");
    const createdAt = new Date();
    const skus: string[] = [];
    let insertMs = 0;
    for (const size of sizes) {
      const started = performance.now();
      while (skus.length < size) {
        const batch = storedBatch(skus.length, Math.min(size, skus.length + insertBatch), brands, createdAt);
        if (batch.models.length)
          await db.collection(storedCatalog(catalog).productModels.collection.collectionName).insertMany(batch.models as never[], { ordered: false });
        await db.collection(storedCatalog(catalog).products.collection.collectionName).insertMany(batch.products as never[], { ordered: false });
        skus.push(...batch.products.map((p) => p._id));
      }
      insertMs += performance.now() - started;
      const productBytes = (await totalBsonBytes(db, storedCatalog(catalog).products.collection.collectionName)).bytes;
      log(`${size} products inserted; measuring setStock`);
      const stock = await measureStock(catalog, db, skus, locations);
      const result = {
        date: new Date().toISOString(),
        database: databaseLabel(),
        machine: machine(),
        products: size,
        averageProductBsonBytes: Math.round(productBytes / size),
        setup: `stored-shape products of bench/feeds/synthetic-feed-catalog.ts inserted with insertMany (${Math.round((skus.length / insertMs) * 1000)} products/s), not through saveProducts`,
        setStock: stock,
        feedLatency: feedLatency ?? "not measured in this run (--feed-samples 0)",
      };
      const out = join(projectRoot, "bench", "results", `offers-${size}.json`);
      await mkdir(join(projectRoot, "bench", "results"), { recursive: true });
      await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
      log(`wrote ${out}`);
    }
    await catalog.changeLog.settled();
  } finally {
    await connection.close();
  }
}

/** The availability the google_shopping feed currently serves for one SKU, read back with an XML parser. */
async function servedAvailability(url: string, token: string, sku: string): Promise<string | null> {
  const response = await fetch(`${url}/feeds/google_shopping?token=${token}`);
  if (response.status !== 200) return null;
  const feed = new XMLParser().parse(await response.text()) as { rss?: { channel?: { item?: unknown } } };
  const raw = feed.rss?.channel?.item;
  const items = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Array<Record<string, unknown>>;
  const item = items.find((i) => String(i["g:id"]) === sku);
  return item ? String(item["g:availability"]) : null;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await check()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return null;
}

let feedLatency: Record<string, unknown> | null = null;

/** Receives webhook deliveries on a loopback port and notes when each SKU's availability arrives. */
async function startWebhookReceiver(): Promise<{ url: string; arrivals: Array<{ sku: string; availability: string; at: number }>; close(): void }> {
  const arrivals: Array<{ sku: string; availability: string; at: number }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const at = performance.now();
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { events: Array<{ subject: string; data: { availability?: string } }> };
      for (const event of body.events) arrivals.push({ sku: event.subject, availability: String(event.data.availability), at });
      res.writeHead(204).end();
    });
  });
  const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
  return { url: `http://127.0.0.1:${port}/hook`, arrivals, close: () => server.close() };
}

/** From one setStock call to the regenerated google_shopping feed showing the SKU's new availability, and to the webhook delivering it. */
async function feedBenchmark(uri: string, dataDir: string): Promise<void> {
  // Polling before the first generation is answered 503, which the request log reports as an error each time.
  const logger = pino({ level: "fatal" });
  const service = await startService(
    { port: 0, host: "127.0.0.1", mongodbUri: uri, dataDir, logLevel: "warn", seedDemo: true, generateFeeds: true, storage: "disk" },
    logger,
  );
  try {
    const token = await issueFeedToken(service.feeds.models, "google_shopping");
    const receiver = await startWebhookReceiver();
    await service.webhooks.create({ url: receiver.url, eventTypes: ["offer.stock_changed"] });
    const sku = "NV-CREW-NAVY-M";
    const stored = await storedCatalog(service.catalog).products.findById(sku, { offer: 1 }).lean<{ offer?: { stock?: Record<string, number> } }>();
    const demoStock = Object.entries(stored?.offer?.stock ?? {});
    if (!demoStock.some(([, onHand]) => onHand > 0)) throw new Error(`${sku} has no stock in the demo catalog to sell out`);
    const timeoutMs = Number(args["feed-timeout-ms"]);
    const first = await waitFor(async () => (await servedAvailability(service.url, token, sku)) === "in_stock", timeoutMs);
    if (first === null) throw new Error(`${sku} never appeared in_stock in the google_shopping feed`);
    const samples: number[] = [];
    const webhookSamples: number[] = [];
    for (let i = 0; i < Number(args["feed-samples"]); i++) {
      const soldOut = i % 2 === 0;
      const updates = demoStock.map(([location, onHand]) => ({ sku, location, onHand: soldOut ? 0 : onHand }));
      const started = performance.now();
      const report = await service.catalog.setStock(updates, actor);
      if (report.failed) throw new Error(JSON.stringify(report.results));
      const expected = soldOut ? "out_of_stock" : "in_stock";
      const waited = await waitFor(async () => (await servedAvailability(service.url, token, sku)) === expected, timeoutMs);
      if (waited === null) throw new Error(`the feed did not show ${expected} for ${sku} within ${timeoutMs} ms`);
      samples.push(performance.now() - started);
      const delivered = receiver.arrivals.find((a) => a.sku === sku && a.availability === expected && a.at >= started);
      if (!delivered) throw new Error(`no webhook delivery of ${expected} for ${sku} by the time the feed showed it`);
      webhookSamples.push(delivered.at - started);
      log(
        `  feed shows ${expected} ${Math.round(performance.now() - started)} ms after setStock; the webhook delivered it after ${Math.round(delivered.at - started)} ms`,
      );
    }
    receiver.close();
    const sortedWebhook = [...webhookSamples].sort((a, b) => a - b);
    const sorted = [...samples].sort((a, b) => a - b);
    feedLatency = {
      catalog:
        "demo (60 products), feed generation on, channel google_shopping, polled every 25 ms; one setStock call with every location of the SKU, alternately sold out and restocked",
      samplesMs: samples.map(Math.round),
      medianMs: Math.round(sorted[Math.floor(sorted.length / 2)] ?? NaN),
      maxMs: Math.round(sorted.at(-1) ?? NaN),
      webhook: {
        what: "from the setStock call to the subscriber receiving the offer.stock_changed event with the new availability",
        samplesMs: webhookSamples.map(Math.round),
        medianMs: Math.round(sortedWebhook[Math.floor(sortedWebhook.length / 2)] ?? NaN),
        maxMs: Math.round(sortedWebhook.at(-1) ?? NaN),
      },
    };
  } finally {
    await service.feeds.stop();
    await service.connection.dropDatabase();
    await service.stop();
  }
}

async function main(): Promise<void> {
  const logger = pino({ level: "warn" });
  const dataDir = await mkdtemp(join(tmpdir(), "pim-bench-offers-"));
  const embedded = process.env.MONGODB_URI ? null : await startEmbeddedDatabase({ dataDir, logger });
  const base = process.env.MONGODB_URI ?? (embedded?.uri as string);
  try {
    if (Number(args["feed-samples"]) > 0) {
      log("feed latency on the demo catalog");
      await feedBenchmark(process.env.MONGODB_URI ? base : `${base}bench_offers_feed`, join(dataDir, "service"));
    }
    await stockBenchmark(process.env.MONGODB_URI ? base : `${base}bench_offers`);
  } finally {
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
