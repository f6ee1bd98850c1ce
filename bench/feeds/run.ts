import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { connectDatabase } from "../../src/database/connection.js";
import { createCatalogServices } from "../../src/catalog/services.js";
import { startEmbeddedDatabase } from "../../src/embedded-db/embedded-database.js";
import { projectRoot } from "../../src/project-root.js";
import { demoBrands, saveReferenceData, storedBatch } from "./synthetic-feed-catalog.js";
import { databaseLabel } from "../database-label.js";
import { releaseBenchDatabase, runBench } from "../run-bench.js";
import { storedCatalog } from "../../test/helpers/stored-catalog.js";

/**
 * `npm run bench:feeds -- --products 100000 [--checkpoints 20000] [--targets scan,google_shopping,…] [--profile <dir>]`
 * Fills the products collection with generated products in their stored shape, then, at each checkpoint
 * and at the full size, measures a bare cursor scan, each channel's whole feed, and each channel's
 * pipeline over the same products held in memory (its ceiling without a database), every one in a child
 * process of its own so each peak RSS belongs to one measurement. Comparing checkpoints shows whether
 * memory grows with the catalog. MONGODB_URI selects a MongoDB (its database is dropped); otherwise the
 * embedded database, whose own memory is sampled too.
 */
const { values: args } = parseArgs({
  options: {
    products: { type: "string", default: "100000" },
    checkpoints: { type: "string" },
    batch: { type: "string", default: "2000" },
    targets: { type: "string", default: "scan,google_shopping,meta_shops,inmemory:google_shopping,inmemory:meta_shops" },
    profile: { type: "string" },
  },
});
const productCount = Number(args.products);
const sizes = [...new Set([...(args.checkpoints ?? String(Math.round(productCount / 5))).split(",").map(Number), productCount])]
  .filter((n) => n > 0 && n <= productCount)
  .sort((a, b) => a - b);
const batchSize = Number(args.batch);
const targets = (args.targets as string).split(",");
/** Compiled (`.js`), the bench measures compiled code; run through tsx, it loads tsx in the children too. */
const here = fileURLToPath(import.meta.url);
const measureScript = here.endsWith(".js") ? [join(dirname(here), "measure.js")] : ["--import", "tsx", join(dirname(here), "measure.ts")];

type Measurement = Record<string, unknown> & { wallMs: number; productsPerSecond: number; streamingProductsPerSecond: number | null; peakRssMiB: number };

async function rssMiB(pid: number): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kib ? Math.round(Number(kib) / 102.4) / 10 : null;
}

/** Runs one measurement while sampling the database's RSS, which a full sort in the database makes grow. */
async function measureWithDatabase(uri: string, target: string, out: string, size: number, dbPid: number | null): Promise<Measurement> {
  let databaseRssMaxMiB = 0;
  const sampler = dbPid
    ? setInterval(() => {
        void rssMiB(dbPid).then((rss) => {
          databaseRssMaxMiB = Math.max(databaseRssMaxMiB, rss ?? 0);
        });
      }, 500)
    : null;
  try {
    const result = await measure(uri, target, out, size);
    return dbPid ? { ...result, databaseRssMaxMiB } : result;
  } finally {
    if (sampler) clearInterval(sampler);
  }
}

function measure(uri: string, target: string, out: string, size: number): Promise<Measurement> {
  const profiling =
    args.profile && target !== "scan" ? ["--cpu-prof", `--cpu-prof-dir=${args.profile}`, `--cpu-prof-name=${target}-${Date.now()}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...profiling, ...measureScript, "--uri", uri, "--target", target, "--out", out, "--products", String(size)], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      const line = stdout.trim().split("\n").at(-1);
      if (code !== 0 || !line) reject(new Error(`measuring ${target} failed (exit ${code})`));
      else resolve(JSON.parse(line) as Measurement);
    });
  });
}

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

async function main(): Promise<void> {
  const loadAtStart = loadavg();
  const logger = pino({ level: "warn" });
  const dataDir = await mkdtemp(join(tmpdir(), "pim-bench-feeds-"));
  const embedded = process.env.MONGODB_URI ? null : await startEmbeddedDatabase({ dataDir, logger });
  const uri = process.env.MONGODB_URI ?? `${embedded?.uri}bench_feeds`;
  const connection = await connectDatabase(uri);
  const dbPid = embedded?.pid ?? null;
  if (args.profile) await mkdir(args.profile, { recursive: true });
  try {
    await connection.dropDatabase();
    const catalog = createCatalogServices(connection, logger);
    await catalog.ensureIndexes();
    const referenceStarted = performance.now();
    await saveReferenceData(catalog);
    // Products are inserted as stored documents from here on; the journal's lease would outlive the connection.
    await catalog.changeLog.settled();
    catalog.changeLog.stop();
    const referenceDataMs = Math.round(performance.now() - referenceStarted);
    const brands = await demoBrands();
    const db = connection.db;
    if (!db) throw new Error("no database handle");
    const products = db.collection(storedCatalog(catalog).products.collection.collectionName);
    const productModels = db.collection(storedCatalog(catalog).productModels.collection.collectionName);

    const checkpoints: Array<Record<string, unknown>> = [];
    let inserted = 0;
    let modelsInserted = 0;
    let insertMs = 0;
    const createdAt = new Date();
    for (const size of sizes) {
      const started = performance.now();
      const stageStart = inserted;
      while (inserted < size) {
        const end = Math.min(size, inserted + batchSize);
        const batch = storedBatch(inserted, end, brands, createdAt);
        if (batch.models.length) await productModels.insertMany(batch.models as never[], { ordered: false });
        await products.insertMany(batch.products as never[], { ordered: false });
        modelsInserted += batch.models.length;
        inserted = end;
        if (inserted % (batchSize * 10) === 0 || inserted === size) {
          log(`inserted ${inserted}/${productCount} products (${Math.round(((inserted - stageStart) / (performance.now() - started)) * 1000)}/s)`);
        }
      }
      insertMs += performance.now() - started;

      const results: Record<string, Measurement> = {};
      for (const target of targets) {
        log(`measuring ${target} at ${size} products`);
        const out = join(dataDir, `${target.replace(":", "-")}.feed`);
        results[target] = await measureWithDatabase(uri, target, out, size, dbPid);
        await rm(out, { force: true });
        log(`${target}: ${results[target].productsPerSecond} products/s, ${results[target].wallMs} ms, peak RSS ${results[target].peakRssMiB} MiB`);
      }
      const scan = results.scan;
      for (const [target, result] of Object.entries(results)) {
        if (target === "scan" || target.startsWith("inmemory:") || !scan) continue;
        result.exporterToScanRatio = Math.round((result.wallMs / scan.wallMs) * 100) / 100;
        // The same ratio once both stream, without the database's up-front sort that both wait for alike.
        if (result.streamingProductsPerSecond && scan.streamingProductsPerSecond) {
          result.streamingExporterToScanRatio = Math.round((Number(scan.streamingProductsPerSecond) / Number(result.streamingProductsPerSecond)) * 100) / 100;
        }
      }
      checkpoints.push({ products: size, productModels: modelsInserted, ...results });
    }

    const full = checkpoints.at(-1) as Record<string, Measurement | number>;
    const result = {
      date: new Date().toISOString(),
      database: databaseLabel(),
      // Other work on the machine slows every figure alike; the load average says how much there was.
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        node: process.version,
        nodeOptions: process.env.NODE_OPTIONS ?? null,
        loadAverageAtStart: loadAtStart.map((l) => Math.round(l * 10) / 10),
        loadAverageAtEnd: loadavg().map((l) => Math.round(l * 10) / 10),
      },
      products: productCount,
      shape:
        "demo attributes; ~15 channel fields per product; 10% variants (5 sizes under a root model); 2% disabled; 2.5% refurbished (excluded by the Meta rule)",
      setup: {
        referenceDataMs,
        insertMany: { batchSize, productsPerSecond: Math.round((productCount / insertMs) * 1000), seconds: Math.round(insertMs / 1000) },
      },
      checkpoints,
      peakRssByTarget: Object.fromEntries(
        targets.map((t) => [t, checkpoints.map((c) => ({ products: c.products, peakRssMiB: (c[t] as Measurement | undefined)?.peakRssMiB }))]),
      ),
      goals: Object.fromEntries(
        targets
          .filter((t) => t !== "scan" && !t.startsWith("inmemory:"))
          .map((t) => {
            const m = full[t] as Measurement | undefined;
            return [
              t,
              m
                ? {
                    productsPerSecondAtLeast20000: m.productsPerSecond >= 20_000,
                    within1_5xOfScan: Number(m.exporterToScanRatio) <= 1.5,
                    within1_5xOfScanWhileStreaming: Number(m.streamingExporterToScanRatio) <= 1.5,
                    peakRssUnder300MiB: m.peakRssMiB < 300,
                  }
                : null,
            ];
          }),
      ),
    };
    const outDir = join(projectRoot, "bench", "results");
    await mkdir(outDir, { recursive: true });
    const file = join(outDir, `feeds-${productCount}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\nwritten to ${file}\n`);
  } finally {
    await releaseBenchDatabase(connection, embedded, dataDir);
  }
}

runBench(main);
