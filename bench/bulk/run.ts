import "reflect-metadata";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { once } from "node:events";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { createCatalogServices } from "../../src/catalog/services.js";
import { connectDatabase } from "../../src/database/connection.js";
import { startEmbeddedDatabase } from "../../src/embedded-db/embedded-database.js";
import { loadDemoCatalog } from "../../src/demo/demo-catalog.js";
import { BulkJobs, type BulkJob } from "../../src/bulk/jobs/bulk-jobs.js";
import { MediaService } from "../../src/media/media-service.js";
import { projectRoot } from "../../src/project-root.js";

/**
 * `npm run bench:bulk -- [--rows 100000] [--chunk-size 500]`
 * Generates a CSV of new `home` products with 50 attribute columns (streamed to disk), imports it into
 * the demo catalog through the import job (the same path as POST /imports and `npm run import`), then
 * imports the same file again (every row unchanged). Rows/s and the peak RSS of this process for each
 * run go to bench/results/bulk-<rows>.json. MONGODB_URI selects a MongoDB instead of the embedded FerretDB.
 */
const { values: args } = parseArgs({ options: { rows: { type: "string", default: "100000" }, "chunk-size": { type: "string", default: "500" } } });
const rows = Number(args.rows);
const chunkSize = Number(args["chunk-size"]);

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

function gtin13(n: number): string {
  const twelve = `29${String(n).padStart(10, "0")}`;
  const sum = [...twelve].reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return `${twelve}${(10 - (sum % 10)) % 10}`;
}

const locales = ["en_US", "pl_PL", "ru_RU"];
const channelLocales: Array<[string, string[]]> = [
  ["ecommerce", ["en_US", "pl_PL", "ru_RU"]],
  ["mobile", ["en_US", "pl_PL"]],
  ["google_shopping", ["en_US"]],
  ["meta_shops", ["en_US"]],
  ["amazon", ["en_US"]],
  ["allegro", ["pl_PL"]],
  ["yandex_market", ["ru_RU"]],
];
const scoped = (attribute: string) => channelLocales.flatMap(([channel, ls]) => ls.map((locale) => `${attribute}-${locale}-${channel}`));
const measurements = ["volume", "weight", "width", "height", "depth"];
const attributeColumns = [
  ...locales.map((l) => `name-${l}`),
  ...scoped("description"),
  ...scoped("short_description"),
  ...locales.map((l) => `care_instructions-${l}`),
  ...locales.map((l) => `product_url-${l}`),
  "brand", "ean", "mpn", "condition", "release_date", "color", "material", "power_watts", "energy_class", "warranty_months", "is_eco",
  ...measurements.flatMap((m) => [m, `${m}-unit`]),
];
const header = ["sku", "family", "categories", "enabled", ...attributeColumns];
const units: Record<string, string> = { volume: "LITER", weight: "KILOGRAM", width: "CENTIMETER", height: "CENTIMETER", depth: "CENTIMETER" };
const brands = ["hearth_co", "glinka", "casa_lumo", "voltra"];
const colors = ["black", "white", "grey", "beige", "green"];

function cell(column: string, i: number): string {
  const [attribute, locale] = column.split("-");
  if (column.endsWith("-unit")) return units[attribute as string] as string;
  if (measurements.includes(column)) return `${(i % 90) + 1}.${i % 10}`;
  switch (attribute) {
    case "name": return `Bench item ${i} ${locale}`;
    case "description": return `<p>Bench item ${i}, described for ${column}.</p>`;
    case "short_description": return `Bench item ${i}, short, ${column}`;
    case "care_instructions": return `Wash item ${i} by hand (${locale})`;
    case "product_url": return `https://shop.example.com/${locale}/bench-${i}`;
    case "brand": return brands[i % brands.length] as string;
    case "ean": return gtin13(i);
    case "mpn": return `BN-${i}`;
    case "condition": return "new";
    case "release_date": return `2025-0${(i % 9) + 1}-1${i % 10}`;
    case "color": return colors[i % colors.length] as string;
    case "material": return i % 2 ? "ceramic,wood" : "steel";
    case "power_watts": return String(100 + (i % 2000));
    case "energy_class": return "abcdefg"[i % 7] as string;
    case "warranty_months": return String(12 + (i % 4) * 12);
    case "is_eco": return i % 3 === 0 ? "1" : "0";
    default: throw new Error(`no generator for ${column}`);
  }
}

const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

async function generate(path: string): Promise<void> {
  const file = createWriteStream(path);
  const write = async (line: string) => {
    if (!file.write(line)) await once(file, "drain");
  };
  await write(`${header.join(",")}\n`);
  for (let i = 0; i < rows; i++) {
    await write(`${[`BENCH-${i}`, "home", i % 2 ? "kitchen" : "decor", "1", ...attributeColumns.map((c) => cell(c, i))].map(quote).join(",")}\n`);
  }
  file.end();
  await once(file, "close");
}

async function measure(label: string, run: () => Promise<BulkJob>) {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const started = performance.now();
  const job = await run();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const result = { run: label, status: job.status, counts: job.counts, seconds: Math.round(seconds * 10) / 10, rowsPerSecond: Math.round(rows / seconds), peakRssMiB: Math.round(peakRss / 2 ** 20), phaseMs: job.report?.phaseMs };
  log(JSON.stringify(result));
  return result;
}

async function main(): Promise<void> {
  const logger = pino({ level: "warn" });
  const dataDir = await mkdtemp(join(tmpdir(), "pim-bench-bulk-"));
  const embedded = process.env.MONGODB_URI ? null : await startEmbeddedDatabase({ dataDir, logger });
  const connection = await connectDatabase(process.env.MONGODB_URI ?? `${embedded?.uri}bench_bulk`);
  try {
    await connection.dropDatabase();
    const catalog = createCatalogServices(connection, logger);
    await catalog.ensureIndexes();
    await catalog.changeLog.start();
    await loadDemoCatalog(catalog, MediaService.onLocalDisk(connection, dataDir, undefined, logger));
    const file = join(dataDir, "bench.csv");
    log(`generating ${rows} rows × ${attributeColumns.length} attribute columns`);
    await generate(file);
    log(`generated ${((await stat(file)).size / 2 ** 20).toFixed(1)} MiB`);
    const jobs = new BulkJobs(connection, catalog, join(dataDir, "bulk"), undefined, logger);
    const importOnce = async () => {
      const prepared = await jobs.prepareImport({ fileName: "bench.csv", dryRun: false, mapping: null, actor: "bench", origin: "command line" });
      const job = await jobs.recordImport(prepared, { input: file });
      let last = 0;
      return jobs.runImport(job._id, {
        local: { input: file, rejected: null },
        chunkSize,
        onProgress: (progress) => {
          if (progress.rowsDone - last >= 10_000) log(`${progress.rowsDone} rows, ${progress.rowsPerSecond} rows/s`);
          last = progress.rowsDone - (progress.rowsDone % 10_000);
        },
      });
    };
    const created = await measure("new products", importOnce);
    await catalog.changeLog.settled();
    const unchanged = await measure("same file again (unchanged)", importOnce);
    const result = {
      rows,
      attributeColumns: attributeColumns.length,
      chunkSize,
      database: process.env.MONGODB_URI ? "MongoDB (MONGODB_URI)" : "embedded FerretDB 1.24 (SQLite)",
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, loadAverage: loadavg().map((n) => Math.round(n * 10) / 10) },
      runs: [created, unchanged],
    };
    await mkdir(join(projectRoot, "bench", "results"), { recursive: true });
    const out = join(projectRoot, "bench", "results", `bulk-${rows}.json`);
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    log(`wrote ${out}`);
  } finally {
    await connection.close();
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
