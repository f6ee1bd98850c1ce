import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../../src/project-root.js";
import { spawnService, stopSpawnedServices, type ServiceProcess } from "../../test/helpers/service-process.js";
import { databaseLabel } from "../database-label.js";
import { pino } from "pino";
import { createCatalogServices } from "../../src/catalog/services.js";
import { connectDatabase } from "../../src/database/connection.js";
import { startEmbeddedDatabase } from "../../src/embedded-db/embedded-database.js";
import { demoBrands, saveReferenceData, storedBatch } from "../feeds/synthetic-feed-catalog.js";
import { runBench } from "../run-bench.js";
import { storedCatalog } from "../../test/helpers/stored-catalog.js";

/**
 * `npm run bench:freshness -- [--samples 10] [--editors 20] [--seconds 60] [--products 10000]`
 *
 * How soon a change is served in every channel's feed, against a service process with feeds on, on the
 * demo catalog, or with `--products` on the demo's reference data and that many generated products in
 * their stored shape (bench/feeds/synthetic-feed-catalog.ts), in an embedded database of the bench's
 * own (the service's is the same server, started here so the products can be written first):
 * - a price (setPrices), a stock change (setStock) and a promotion start, `--samples` times each: the
 *   time from the change (the promotion's start) until every channel's served feed carries a change
 *   sequence at or past it (`PIM-Feed-Sequence`), p50 and p95;
 * - `--editors` clients writing prices and stock as fast as they are answered for `--seconds`: writes/s,
 *   the largest feed lag `GET /status` showed (sampled every second), change events left unpublished,
 *   and how long the feeds took to catch up once the writes stopped.
 * Results: bench/results/freshness-demo.json, or freshness-<products>.json.
 */
const { values: args } = parseArgs({
  options: {
    samples: { type: "string", default: "10" },
    editors: { type: "string", default: "20" },
    seconds: { type: "string", default: "60" },
    products: { type: "string", default: "0" },
  },
});
const generatedProducts = Number(args.products);
const samples = Number(args.samples);
const editors = Number(args.editors);
const loadSeconds = Number(args.seconds);

const log = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round1 = (n: number) => Math.round(n * 10) / 10;
const percentile = (values: number[], p: number) =>
  round1([...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? NaN);

interface Status {
  changeEvents: { publishedThrough: number; unpublished: { entries: number } };
  feeds: Array<{ channel: string; state: string; sequence: number | null; failedAttempts: number; behindBy: { events: number; seconds: number } }>;
}

let url = "";
let key = "";

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: Array<{ message: string }> };
  if (body.errors) throw new Error(`${query.slice(0, 50)}…: ${body.errors[0]?.message}`);
  return body.data;
}

async function status(): Promise<Status> {
  return (await fetch(`${url}/status`, { headers: { authorization: `Bearer ${key}` } })).json() as Promise<Status>;
}

/** The change sequence each channel's served feed reflects, read as marketplaces pull it. */
async function servedSequences(tokens: Map<string, string>): Promise<number[]> {
  return Promise.all(
    [...tokens].map(async ([channel, token]) => {
      const response = await fetch(`${url}/feeds/${channel}?token=${token}`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET /feeds/${channel} answered ${response.status}`);
      return Number(response.headers.get("pim-feed-sequence") ?? -1);
    }),
  );
}

/** Milliseconds from `since` until every feed is served at a sequence past `after`. */
async function untilServed(tokens: Map<string, string>, after: number, since: number): Promise<number> {
  for (;;) {
    if ((await servedSequences(tokens)).every((sequence) => sequence > after)) return Date.now() - since;
    if (Date.now() - since > 120_000) throw new Error(`feeds not past sequence ${after} after 120 s`);
    await sleep(50);
  }
}

async function quiet(): Promise<number> {
  const started = Date.now();
  for (;;) {
    const now = await status();
    if (now.changeEvents.unpublished.entries === 0 && now.feeds.every((f) => f.behindBy.events === 0 && f.state === "idle")) return Date.now() - started;
    if (Date.now() - started > 300_000) throw new Error(`not quiet after 300 s: ${JSON.stringify(now)}`);
    await sleep(100);
  }
}

/** The demo's reference data and `count` generated products, written straight into a database of their own. */
async function generatedCatalog(dataDir: string, count: number): Promise<{ uri: string; stop: () => Promise<void> }> {
  const logger = pino({ level: "warn" });
  const embedded = await startEmbeddedDatabase({ dataDir: join(dataDir, "generated"), logger });
  const uri = `${embedded.uri}bench_freshness`;
  const connection = await connectDatabase(uri);
  const catalog = createCatalogServices(connection, logger);
  await catalog.ensureIndexes();
  await saveReferenceData(catalog);
  const brands = await demoBrands();
  const createdAt = new Date();
  for (let start = 0; start < count; start += 1000) {
    const batch = storedBatch(start, Math.min(count, start + 1000), brands, createdAt);
    if (batch.models.length) await storedCatalog(catalog).productModels.collection.insertMany(batch.models as never[], { ordered: false });
    await storedCatalog(catalog).products.collection.insertMany(batch.products as never[], { ordered: false });
  }
  await catalog.changeLog.settled();
  await catalog.completeness.settled();
  catalog.changeLog.stop();
  await connection.close();
  log(`generated ${count} products`);
  return { uri, stop: () => embedded.stop() };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "pim-bench-freshness-"));
  let service: ServiceProcess | undefined;
  const generated = generatedProducts > 0 ? await generatedCatalog(dataDir, generatedProducts) : null;
  try {
    const database = generated
      ? { MONGODB_URI: generated.uri, SEED_DEMO: "false" }
      : { ...(process.env.MONGODB_URI ? { MONGODB_URI: process.env.MONGODB_URI } : {}), SEED_DEMO: "true" };
    service = spawnService({
      PORT: "0",
      DATA_DIR: join(dataDir, "service"),
      ...database,
      GENERATE_FEEDS: "true",
      LOG_LEVEL: "info",
      RATE_LIMIT_KEY_REQUESTS: "1000000",
      MAX_IN_FLIGHT_PER_ADDRESS: "1000",
      MAX_IN_FLIGHT_REQUESTS: "1000",
    });
    const listening = await service.waitForLog("PIM service listening", 600_000);
    url = String(listening.url).replace(/\/graphql$/, "");
    key = service.adminKey;
    const channels = (await gql<{ channels: Array<{ code: string; export: unknown }> }>(`{ channels { code export } }`)).channels
      .filter((c) => c.export)
      .map((c) => c.code);
    const tokens = new Map<string, string>();
    for (const channel of channels)
      tokens.set(
        channel,
        (await gql<{ rotateFeedToken: { token: string } }>(`mutation($c: String!) { rotateFeedToken(channel: $c) { token } }`, { c: channel })).rotateFeedToken
          .token,
      );
    const skus = (
      await gql<{ products: { edges: Array<{ node: { sku: string } }> } }>(`{ products(first: 100) { edges { node { sku } } } }`)
    ).products.edges.map((e) => e.node.sku);
    log(`service up, ${channels.length} feeds, ${skus.length} products; waiting for the first feeds`);
    await quiet();

    const latencies: Record<string, number[]> = { price: [], stock: [], promotionStart: [] };
    for (let i = 0; i < samples; i++) {
      const sku = skus[i % skus.length]!;
      let before = (await status()).changeEvents.publishedThrough;
      let started = Date.now();
      await gql(`mutation($u: [PriceUpdateInput!]!) { setPrices(updates: $u) { updated } }`, { u: [{ sku, currency: "USD", amount: `${100 + i}.99` }] });
      latencies.price!.push(await untilServed(tokens, before, started));
      await quiet();

      before = (await status()).changeEvents.publishedThrough;
      started = Date.now();
      await gql(`mutation($u: [StockUpdateInput!]!) { setStock(updates: $u) { updated } }`, { u: [{ sku, location: "main_warehouse", onHand: 10 + i }] });
      latencies.stock!.push(await untilServed(tokens, before, started));
      await quiet();

      // Late enough for the runs the saving itself causes to finish first (about two of the rounds just measured).
      const startsAt = Date.now() + 3_000 + 2 * latencies.price!.at(-1)!;
      const code = `bench_flash_${i}`;
      await gql(`mutation($input: PromotionInput!) { savePromotion(input: $input) { code } }`, {
        input: {
          code,
          name: "Bench flash sale",
          discount: { type: "PERCENT", percent: "10" },
          target: { skus: [sku] },
          startsAt: new Date(startsAt).toISOString(),
          endsAt: new Date(startsAt + 3_600_000).toISOString(),
        },
      });
      await quiet();
      await sleep(Math.max(0, startsAt - Date.now() - 300));
      before = (await status()).changeEvents.publishedThrough;
      await sleep(Math.max(0, startsAt - Date.now()));
      latencies.promotionStart!.push(await untilServed(tokens, before, startsAt));
      await gql(`mutation($c: String!) { deletePromotion(code: $c) }`, { c: code });
      await quiet();
      log(`sample ${i + 1}: price ${latencies.price!.at(-1)} ms, stock ${latencies.stock!.at(-1)} ms, promotion start ${latencies.promotionStart!.at(-1)} ms`);
    }
    const changeToServed = Object.fromEntries(
      Object.entries(latencies).map(([kind, ms]) => [
        kind,
        { samples: ms.length, p50Ms: percentile(ms, 50), p95Ms: percentile(ms, 95), maxMs: Math.max(...ms) },
      ]),
    );

    log(`${editors} editors writing prices and stock for ${loadSeconds} s`);
    let writes = 0;
    let errors = 0;
    let firstError: string | null = null;
    const stopAt = Date.now() + loadSeconds * 1000;
    const editor = async (n: number) => {
      for (let i = 0; Date.now() < stopAt; i++) {
        const sku = skus[(n * 7 + i) % skus.length]!;
        try {
          if (i % 2)
            await gql(`mutation($u: [PriceUpdateInput!]!) { setPrices(updates: $u) { updated } }`, {
              u: [{ sku, currency: "EUR", amount: `${50 + (i % 40)}.00` }],
            });
          else
            await gql(`mutation($u: [StockUpdateInput!]!) { setStock(updates: $u) { updated } }`, { u: [{ sku, location: "main_warehouse", onHand: i % 30 }] });
          writes += 1;
        } catch (error) {
          errors += 1;
          firstError ??= (error as Error).message;
        }
      }
    };
    let maxLagSeconds = 0;
    let maxLagEvents = 0;
    let maxUnpublished = 0;
    let failedRuns = 0;
    const sampler = (async () => {
      while (Date.now() < stopAt) {
        const now = await status();
        for (const feed of now.feeds) {
          maxLagSeconds = Math.max(maxLagSeconds, feed.behindBy.seconds);
          maxLagEvents = Math.max(maxLagEvents, feed.behindBy.events);
          failedRuns = Math.max(failedRuns, feed.failedAttempts);
        }
        maxUnpublished = Math.max(maxUnpublished, now.changeEvents.unpublished.entries);
        await sleep(1000);
      }
    })();
    await Promise.all([...Array.from({ length: editors }, (_, n) => editor(n)), sampler]);
    const catchUpMs = await quiet();
    const after = await status();
    const load = {
      editors,
      seconds: loadSeconds,
      writes,
      writesPerSecond: round1(writes / loadSeconds),
      errors,
      firstError,
      maxFeedLagSeconds: maxLagSeconds,
      maxFeedLagEvents: maxLagEvents,
      maxUnpublishedEntries: maxUnpublished,
      maxFailedRunsInARow: failedRuns,
      caughtUpAfterMs: catchUpMs,
      eventsStuckAfterwards: after.changeEvents.unpublished.entries,
    };
    log(JSON.stringify({ changeToServed, load }));
    const result = {
      date: new Date().toISOString(),
      database: databaseLabel(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, loadAverage: loadavg().map(round1) },
      catalog: generated ? `${generatedProducts} generated products on the demo's reference data` : "the demo catalog",
      feeds: channels,
      changeToServed,
      load,
    };
    const file = join(projectRoot, "bench", "results", `freshness-${generated ? generatedProducts : "demo"}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    log(`written ${file}`);
  } catch (error) {
    // What the service logged last is where to look first.
    process.stderr.write(
      `${service
        ?.stdout()
        .split("\n")
        .filter((line) => !line.includes('"req"'))
        .slice(-30)
        .join("\n")}\n${service?.stderr().slice(-2000)}\n`,
    );
    throw error;
  } finally {
    await stopSpawnedServices();
    await generated?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

runBench(main);
