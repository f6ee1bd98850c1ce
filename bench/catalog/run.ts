import "reflect-metadata";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { startEmbeddedDatabase } from "../../src/embedded-db/embedded-database.js";
import { projectRoot } from "../../src/project-root.js";
import { startService } from "../../src/server.js";
import { generateToken } from "../../src/auth/api-keys.js";
import { createSyntheticReference, syntheticProduct } from "./synthetic-catalog.js";
import { databaseLabel } from "../database-label.js";
import { runBench } from "../run-bench.js";

/**
 * `npm run bench:catalog -- --products 100000 --attributes 50`
 * Bulk upsert throughput (the generator itself goes through the API's write path), then save and list
 * latency over HTTP against the generated catalog. MONGODB_URI selects a MongoDB; otherwise the embedded database.
 */
const { values: args } = parseArgs({
  options: {
    products: { type: "string", default: "10000" },
    attributes: { type: "string", default: "50" },
    batch: { type: "string", default: "1000" },
    saves: { type: "string", default: "200" },
    pages: { type: "string", default: "60" },
  },
});
const productCount = Number(args.products);
const shape = { attributes: Number(args.attributes) };
const batchSize = Number(args.batch);

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN).toFixed(1));
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

/** The bench's admin key; created again after the database is dropped. */
const adminKey = generateToken();

async function gql(url: string, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const headers = { "content-type": "application/json", authorization: `Bearer ${adminKey}` };
  const response = await fetch(`${url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data: Record<string, unknown>; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const listQuery = `query($after: String, $filter: ProductFilterInput) {
  products(first: 100, after: $after, filter: $filter) {
    edges { node {
      sku label(locale: "pl_PL") family { code } categories { code } parent { code }
      associations { type products { sku } } completeness(channel: "web") { locale ratio }
    } }
    pageInfo { endCursor hasNextPage }
  }
}`;

async function main(): Promise<void> {
  const logger = pino({ level: "warn" });
  const dataDir = await mkdtemp(join(tmpdir(), "pim-bench-"));
  const embedded = process.env.MONGODB_URI ? null : await startEmbeddedDatabase({ dataDir, logger });
  const uri = process.env.MONGODB_URI ?? `${embedded?.uri}bench_catalog`;
  const service = await startService(
    {
      port: 0,
      host: "127.0.0.1",
      mongodbUri: uri,
      dataDir,
      logLevel: "warn",
      seedDemo: false,
      generateFeeds: false,
      storage: "disk",
      auth: { initialAdminKey: adminKey },
    },
    logger,
  );
  try {
    await service.connection.dropDatabase();
    await service.access.ensureInitialAdminKey();
    await service.catalog.ensureIndexes();
    await createSyntheticReference(service.catalog, shape);

    const batchTimes: number[] = [];
    const [, upsertMs] = await timed(async () => {
      for (let start = 0; start < productCount; start += batchSize) {
        const inputs = Array.from({ length: Math.min(batchSize, productCount - start) }, (_, i) => syntheticProduct(start + i, shape));
        const [results, ms] = await timed(() => service.catalog.saveProducts(inputs, { mode: "upsert", actor: "bench" }));
        const failed = results.filter((r) => r.status !== "created");
        if (failed.length) throw new Error(`bulk upsert refused ${failed.length} products: ${JSON.stringify(failed[0])}`);
        batchTimes.push(ms);
        process.stderr.write(`\rupserted ${start + inputs.length}/${productCount} (last batch ${Math.round(ms)} ms)`);
      }
    });
    process.stderr.write("\n");

    const unchangedCount = Math.min(productCount, 5 * batchSize);
    const [, unchangedMs] = await timed(async () => {
      for (let start = 0; start < unchangedCount; start += batchSize) {
        const inputs = Array.from({ length: Math.min(batchSize, unchangedCount - start) }, (_, i) => syntheticProduct(start + i, shape));
        await service.catalog.saveProducts(inputs, { mode: "upsert", actor: "bench" });
      }
    });

    const saveTimes: number[] = [];
    for (let i = 0; i < Number(args.saves); i++) {
      const n = Math.floor((i * 7919) % productCount);
      const sku = `SKU-${String(n).padStart(8, "0")}`;
      const [, ms] = await timed(() =>
        gql(
          service.url,
          `mutation($sku: String!, $name: JSON) { updateProduct(sku: $sku, changes: { setValues: [{ attribute: "name", locale: "en_US", data: $name }] }) { product { version completeness(channel: "web") { ratio } } } }`,
          { sku, name: `Renamed ${i}` },
        ),
      );
      saveTimes.push(ms);
    }

    const listTimes: number[] = [];
    let after: string | null = null;
    for (let i = 0; i < Number(args.pages); i++) {
      const filter =
        i % 3 === 1 ? { families: ["electronics"], enabled: true } : i % 3 === 2 ? { categories: ["home"], includeSubcategories: true } : undefined;
      const [data, ms] = await timed(() => gql(service.url, listQuery, { after: filter ? null : after, filter }));
      listTimes.push(ms);
      const page = data.products as { pageInfo: { endCursor: string | null; hasNextPage: boolean } };
      if (!filter) after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    }

    const result = {
      date: new Date().toISOString(),
      database: databaseLabel(),
      products: productCount,
      attributesPerProduct: shape.attributes + 3,
      locales: 3,
      channels: 2,
      bulkUpsert: {
        batchSize,
        productsPerSecond: Math.round((productCount / upsertMs) * 1000),
        firstBatchMs: Math.round(batchTimes[0] ?? 0),
        lastBatchMs: Math.round(batchTimes.at(-1) ?? 0),
        unchangedProductsPerSecond: Math.round((unchangedCount / unchangedMs) * 1000),
      },
      saveWithCompletenessMs: { samples: saveTimes.length, p50: percentile(saveTimes, 50), p95: percentile(saveTimes, 95) },
      listPageOf100WithRelationsMs: { samples: listTimes.length, p50: percentile(listTimes, 50), p95: percentile(listTimes, 95) },
    };
    const outDir = join(projectRoot, "bench", "results");
    await mkdir(outDir, { recursive: true });
    const file = join(outDir, `catalog-${productCount}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\nwritten to ${file}\n`);
  } finally {
    await service.connection.dropDatabase().catch(() => undefined);
    await service.stop();
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

runBench(main);
