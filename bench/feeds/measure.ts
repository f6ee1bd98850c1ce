import { createWriteStream } from "node:fs";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { connectDatabase } from "../../src/database/connection.js";
import { createCatalogServices, type CatalogServices } from "../../src/catalog/services.js";
import { ExportRun } from "../../src/feeds/export-run.js";
import { writeFeed } from "../../src/feeds/write-feed.js";
import type { SourceProduct } from "../../src/catalog/read/source-products.js";
import { offerOf } from "../../src/offers/offer.js";
import { mergeInheritedValues } from "../../src/catalog/values/raw-values.js";
import { demoBrands, storedBatch } from "./synthetic-feed-catalog.js";
import { runBench } from "../run-bench.js";
import { storedCatalog } from "../../test/helpers/stored-catalog.js";

/**
 * One measurement in a process of its own, so its peak RSS is its own. `--target scan` reads the products
 * collection the way the feed reader does and nothing else; `--target <channel>` writes the channel's
 * whole feed to `--out`; `--target inmemory:<channel>` runs the same map, check and render over the
 * `--products` generated products without reading them back, which is the pipeline's own ceiling.
 * Prints one JSON line.
 */
const { values: args } = parseArgs({
  options: {
    uri: { type: "string" },
    target: { type: "string" },
    out: { type: "string" },
    products: { type: "string" },
    "sample-ms": { type: "string", default: "250" },
  },
});
if (!args.uri || !args.target) throw new Error("measure.ts needs --uri and --target");

/** The reader's projection, natural order and batch size (src/feeds/source-products.ts), so the scan is its floor. */
const readerProjection = { family: 1, parent: 1, enabled: 1, updatedAt: 1, categories: 1, values: 1 } as const;
const readerBatchSize = 500;
const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

interface Sample {
  seconds: number;
  rssMiB: number;
  heapUsedMiB: number;
  products: number;
}

let progress = 0;
const started = performance.now();
/** Past the first thousand products the reader streams; a database that sorts first has done so by then. */
let thousandthProductMs: number | null = null;
function advance(read: number): void {
  progress = read;
  if (read >= 1000) thousandthProductMs ??= performance.now() - started;
}
const cpuAtStart = process.cpuUsage();
/** What the loaded modules and connection cost before any product is read; the peak minus this is the run's own. */
const rssAtStartMiB = mib(process.memoryUsage().rss);
const samples: Sample[] = [];
function sample(): void {
  const memory = process.memoryUsage();
  samples.push({ seconds: Math.round(performance.now() - started) / 1000, rssMiB: mib(memory.rss), heapUsedMiB: mib(memory.heapUsed), products: progress });
}
const sampler = setInterval(sample, Number(args["sample-ms"]));

async function scan(catalog: CatalogServices): Promise<Record<string, unknown>> {
  const cursor = storedCatalog(catalog).products.find({}, readerProjection).lean().cursor({ batchSize: readerBatchSize });
  let firstProductMs: number | null = null;
  for await (const _row of cursor) {
    firstProductMs ??= performance.now() - started;
    advance(progress + 1);
  }
  return { productsRead: progress, firstProductMs: Math.round(firstProductMs ?? 0) };
}

async function feed(catalog: CatalogServices, channel: string, out: string): Promise<Record<string, unknown>> {
  const run = await ExportRun.prepare(channel, catalog);
  // Parts after the first go next to it; the bench measures their making, not their names.
  const report = await writeFeed(run, catalog.read, (index) => createWriteStream(index === 0 ? out : `${out}.part${index + 1}`), {
    onProgress: advance,
  });
  const firstError = report.problems.find((p) => p.severity === "error");
  return {
    exporter: report.exporter,
    productsRead: report.productsRead,
    productsDisabled: report.productsDisabled,
    productsExcluded: report.productsExcluded,
    itemsWritten: report.itemsWritten,
    itemsRejected: report.itemsRejected,
    warnings: report.warnings,
    firstError: firstError ? `${firstError.sku} ${firstError.field}: ${firstError.reason}` : null,
    outputBytes: report.bytes,
    parts: report.parts,
  };
}

/** Generated products as the reader would hand them over: variants merged with their root model. */
async function* generatedSources(count: number): AsyncGenerator<SourceProduct> {
  const brands = await demoBrands();
  const createdAt = new Date();
  // Batches start at multiples of 100, so a block's root models come with its variants.
  for (let start = 0; start < count; start += 500) {
    const { products, models } = storedBatch(start, Math.min(count, start + 500), brands, createdAt);
    const byCode = new Map(models.map((m) => [m._id, m]));
    for (const p of products) {
      const model = p.parent ? byCode.get(p.parent) : undefined;
      yield {
        sku: p._id,
        family: p.family,
        enabled: p.enabled,
        updatedAt: p.updatedAt,
        offer: offerOf(p.offer),
        categories: model ? [...new Set([...model.categories, ...p.categories])] : p.categories,
        values: model ? mergeInheritedValues(model.values, p.values) : p.values,
        ancestry: model ? [{ code: model._id, familyVariant: model.familyVariant }] : [],
      };
    }
  }
}

/** The same run as feed(), with products generated in memory instead of read: the pipeline's ceiling without a database. */
async function inMemoryFeed(catalog: CatalogServices, channel: string, count: number, out: string): Promise<Record<string, unknown>> {
  const run = await ExportRun.prepare(channel, catalog);
  const report = await writeFeed(
    run,
    {
      async *sourceProducts() {
        for await (const source of generatedSources(count)) {
          advance(progress + 1);
          yield source;
        }
      },
    },
    (index) => createWriteStream(index === 0 ? out : `${out}.part${index + 1}`),
  );
  return { exporter: run.exporter.code, productsRead: progress, itemsWritten: report.itemsWritten, outputBytes: report.bytes, parts: report.parts };
}

async function main(): Promise<void> {
  const connection = await connectDatabase(args.uri as string);
  try {
    const catalog = createCatalogServices(connection, pino({ level: "silent" }));
    const target = args.target as string;
    const out = args.out ?? "/dev/null";
    const counts =
      target === "scan"
        ? await scan(catalog)
        : target.startsWith("inmemory:")
          ? await inMemoryFeed(catalog, target.slice("inmemory:".length), Number(args.products), out)
          : await feed(catalog, target, out);
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuAtStart);
    sample();
    clearInterval(sampler);
    const products = Number(counts.productsRead);
    const rss = samples.map((s) => s.rssMiB).sort((a, b) => a - b);
    process.stdout.write(
      `${JSON.stringify({
        target,
        ...counts,
        wallMs: Math.round(wallMs),
        productsPerSecond: Math.round((products / wallMs) * 1000),
        streamingProductsPerSecond:
          thousandthProductMs !== null && products > 1000 ? Math.round(((products - 1000) / (wallMs - thousandthProductMs)) * 1000) : null,
        // Node's own CPU time: far below the wall time means the process mostly waited for the database.
        nodeCpuMs: Math.round((cpu.user + cpu.system) / 1000),
        nodeCpuUsPerProduct: products ? Math.round((cpu.user + cpu.system) / products) : null,
        // resourceUsage reports maxRSS in KiB: the true peak, between samples too.
        peakRssMiB: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
        rssAtStartMiB,
        sampledRss: { medianMiB: rss[Math.floor(rss.length / 2)], maxMiB: rss.at(-1), samples: samples.length },
        rssOverTime: thin(samples, 20),
      })}\n`,
    );
  } finally {
    await connection.close();
  }
}

/** At most `count` evenly spaced samples (always the last), so a long run's curve stays readable. */
function thin(all: Sample[], count: number): Sample[] {
  if (all.length <= count) return all;
  const step = all.length / count;
  return Array.from({ length: count }, (_, i) => all[Math.min(all.length - 1, Math.round((i + 1) * step) - 1)] as Sample);
}

runBench(main);
