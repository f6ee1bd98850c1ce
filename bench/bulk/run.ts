import "reflect-metadata";
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
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
import { attributeColumns, generateCsv } from "./synthetic-rows.js";
import { databaseLabel } from "../database-label.js";
import { runBench } from "../run-bench.js";

/**
 * `npm run bench:bulk -- [--rows 100000] [--chunk-size 500]`
 * Generates a CSV of new `home` products with 50 attribute columns (streamed to disk), imports it into
 * the demo catalog through the import job (the same path as POST /imports and `npm run import`), then
 * imports the same file again (every row unchanged). Rows/s and the peak RSS of this process for each
 * run go to bench/results/bulk-<rows>.json. MONGODB_URI selects a MongoDB instead of the embedded database.
 */
const { values: args } = parseArgs({ options: { rows: { type: "string", default: "100000" }, "chunk-size": { type: "string", default: "500" } } });
const rows = Number(args.rows);
const chunkSize = Number(args["chunk-size"]);

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

async function measure(label: string, run: () => Promise<BulkJob>) {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const started = performance.now();
  const job = await run();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const result = {
    run: label,
    status: job.status,
    counts: job.counts,
    seconds: Math.round(seconds * 10) / 10,
    rowsPerSecond: Math.round(rows / seconds),
    peakRssMiB: Math.round(peakRss / 2 ** 20),
    phaseMs: job.report?.phaseMs,
  };
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
    await generateCsv(file, rows);
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
      database: databaseLabel(),
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

runBench(main);
