import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { MongoClient } from "mongodb";
import sharp from "sharp";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../src/embedded-db/embedded-database.js";
import { projectRoot } from "../../src/project-root.js";
import { spawnService, stopSpawnedServices, type ServiceProcess } from "../../test/helpers/service-process.js";
import { runBench } from "../run-bench.js";

/**
 * `npm run bench:embedded-db -- --models 1000 [--database file|memory|uri] [--uri mongodb://…] [--clients 20] [--seconds 20]`
 *
 * Loads a catalog the way a retailer evaluating the PIM would, through the service's own interfaces:
 * `--models` product models of the demo's electronics family, three colour variants each, three locales,
 * one image each (a model import and a product import over HTTP, then prices and stock by setPrices and
 * setStock), on top of the demo catalog. Then it measures, against a service process of its own:
 * - `productModels(first: 100)` with variants, offers and option values, and `product(sku:)`, each from
 *   `--clients` clients at once for `--seconds`: requests/s, p50, p95, and the CPU the service (node)
 *   and the database spent per request;
 * - point queries straight on the database: by sku, by parent, by 100 ids with $in;
 * - a full Google feed run (products/s), and saves of a category and of an attribute with options.
 * `--database file` (default) is what `npm start` runs, `memory` what `npm test` runs, `uri` any server
 * (MongoDB, or another MongoDB-wire database to compare with). Results: bench/results/embedded-db-<database>-<models>.json.
 * `--profile <dir>` writes the service's CPU profile there (read it with `npx tsx bench/feeds/profile-summary.ts <file>`).
 */
const { values: args } = parseArgs({
  options: {
    models: { type: "string", default: "1000" },
    database: { type: "string", default: "file" },
    uri: { type: "string" },
    label: { type: "string" },
    clients: { type: "string", default: "20" },
    seconds: { type: "string", default: "20" },
    profile: { type: "string" },
  },
});
const models = Number(args.models);
const clients = Number(args.clients);
const seconds = Number(args.seconds);
const databaseKind = args.database as "file" | "memory" | "uri";

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}
const round1 = (n: number) => Math.round(n * 10) / 10;
const percentile = (values: number[], p: number) =>
  round1([...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? NaN);
const median = (values: number[]) => percentile(values, 50);

interface Target {
  url: string;
  key: string;
}

async function gql<T = Record<string, unknown>>(target: Target, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${target.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${target.key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: Array<{ message: string }> };
  if (body.errors) throw new Error(`${query.slice(0, 60)}…: ${body.errors[0]?.message}`);
  return body.data;
}

/** Clock ticks of CPU a process has used (user + system), from /proc. */
async function cpuTicks(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]?.split(" ") ?? [];
  return Number(fields[11]) + Number(fields[12]);
}
const ticksPerSecond = 100;

/** The database process: the embedded one the service started (its child), or the one this bench started. */
async function childPids(pid: number): Promise<number[]> {
  const tasks = await readdir(`/proc/${pid}/task`);
  const children = await Promise.all(tasks.map((task) => readFile(`/proc/${pid}/task/${task}/children`, "utf8").catch(() => "")));
  return children.join(" ").trim().split(/\s+/).filter(Boolean).map(Number);
}

/** Runs `request` from `clients` loops for `seconds`, measuring latency and the CPU of the service and the database. */
async function underLoad(
  name: string,
  servicePid: number,
  databasePid: number | null,
  request: (i: number) => Promise<unknown>,
): Promise<Record<string, unknown>> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const [serviceBefore, databaseBefore] = await Promise.all([cpuTicks(servicePid), databasePid ? cpuTicks(databasePid) : Promise.resolve(0)]);
  const started = performance.now();
  const until = started + seconds * 1000;
  let counter = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const at = performance.now();
        try {
          await request(counter++);
          latencies.push(performance.now() - at);
        } catch (error) {
          errors++;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const [serviceAfter, databaseAfter] = await Promise.all([cpuTicks(servicePid), databasePid ? cpuTicks(databasePid) : Promise.resolve(0)]);
  const perRequest = (ticks: number) => round1(((ticks / ticksPerSecond) * 1000) / Math.max(1, latencies.length));
  const result = {
    name,
    clients,
    seconds: round1(elapsed),
    answered: latencies.length,
    errors,
    firstError,
    requestsPerSecond: round1(latencies.length / elapsed),
    p50Ms: median(latencies),
    p95Ms: percentile(latencies, 95),
    serviceCpuMsPerRequest: perRequest(serviceAfter - serviceBefore),
    databaseCpuMsPerRequest: databasePid ? perRequest(databaseAfter - databaseBefore) : null,
  };
  log(JSON.stringify(result));
  return result;
}

const colors = ["black", "white", "grey"];
const modelCode = (i: number) => `bench_model_${String(i).padStart(6, "0")}`;
const variantSku = (i: number, color: string) => `BENCH-${String(i).padStart(6, "0")}-${color.toUpperCase()}`;

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const file = createWriteStream(path);
  for (const line of lines) if (!file.write(`${line}\n`)) await once(file, "drain");
  file.end();
  await once(file, "close");
}

function* modelRows(assets: string[]): Generator<string> {
  yield "code,family_variant,categories,name-en_US,name-pl_PL,name-ru_RU,description-en_US-ecommerce,description-en_US-google_shopping,brand,images-ecommerce,images-google_shopping";
  for (let i = 0; i < models; i++) {
    yield [
      modelCode(i),
      "phone_color",
      i % 2 ? "phones" : "laptops",
      `Bench phone ${i}`,
      `Telefon ${i}`,
      `Телефон ${i}`,
      `<p>Bench phone ${i} described.</p>`,
      `<p>Bench phone ${i} described for Google.</p>`,
      "voltra",
      assets[i % assets.length],
      assets[i % assets.length],
    ].join(",");
  }
}

function* variantRows(): Generator<string> {
  yield "sku,parent,color";
  for (let i = 0; i < models; i++) for (const color of colors) yield [variantSku(i, color), modelCode(i), color].join(",");
}

async function importFile(target: Target, path: string, kind: string, pids: { service: number; database: number | null }): Promise<Record<string, unknown>> {
  const started = performance.now();
  const [serviceBefore, databaseBefore] = await Promise.all([cpuTicks(pids.service), pids.database ? cpuTicks(pids.database) : Promise.resolve(0)]);
  const response = await fetch(`${target.url}/imports?format=csv&kind=${kind}`, {
    method: "POST",
    headers: { authorization: `Bearer ${target.key}` },
    body: await readFile(path),
  });
  const { id, message } = (await response.json()) as { id: string; message?: string };
  if (response.status !== 202) throw new Error(`import refused: ${message}`);
  for (;;) {
    const { bulkJob } = await gql<{
      bulkJob: { status: string; counts: { rowsRead: number; created: number; rejected: number }; report: { problems: Array<{ message: string }> } | null };
    }>(target, `query($id: ID!) { bulkJob(id: $id) { status counts { rowsRead created rejected } report { problems { message } } } }`, { id });
    if (!["QUEUED", "RUNNING"].includes(bulkJob.status)) {
      const elapsed = (performance.now() - started) / 1000;
      const [serviceAfter, databaseAfter] = await Promise.all([cpuTicks(pids.service), pids.database ? cpuTicks(pids.database) : Promise.resolve(0)]);
      const perRow = (ticks: number) => round1(((ticks / ticksPerSecond) * 1000) / Math.max(1, bulkJob.counts.rowsRead));
      const result = {
        kind,
        status: bulkJob.status,
        ...bulkJob.counts,
        seconds: round1(elapsed),
        rowsPerSecond: round1(bulkJob.counts.rowsRead / elapsed),
        serviceCpuMsPerRow: perRow(serviceAfter - serviceBefore),
        databaseCpuMsPerRow: pids.database ? perRow(databaseAfter - databaseBefore) : null,
        firstProblem: bulkJob.report?.problems[0]?.message ?? null,
      };
      log(JSON.stringify(result));
      return result;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function timed(times: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "pim-bench-embedded-"));
  let ownDatabase: EmbeddedDatabase | null = null;
  let service: ServiceProcess | undefined;
  try {
    let uri: string | undefined;
    if (databaseKind === "memory") {
      ownDatabase = await startEmbeddedDatabase({ dataDir, inMemory: true, logger: { info: () => undefined, warn: log, error: log } as never });
      uri = `${ownDatabase.uri}bench`;
    } else if (databaseKind === "uri") {
      if (!args.uri) throw new Error("--database uri needs --uri");
      uri = args.uri;
    }
    service = spawnService(
      {
        PORT: "0",
        DATA_DIR: join(dataDir, "service"),
        ...(uri ? { MONGODB_URI: uri } : {}),
        SEED_DEMO: "true",
        GENERATE_FEEDS: "false",
        LOG_LEVEL: "info",
        RATE_LIMIT_KEY_REQUESTS: "1000000",
        MAX_IN_FLIGHT_PER_ADDRESS: "1000",
        MAX_IN_FLIGHT_REQUESTS: "1000",
      },
      args.profile ? ["--cpu-prof", `--cpu-prof-dir=${args.profile}`] : [],
    );
    const listening = await service.waitForLog("PIM service listening", 600_000);
    const target: Target = { url: String(listening.url).replace(/\/graphql$/, ""), key: service.adminKey };
    const servicePid = service.child.pid as number;
    const databasePid = ownDatabase?.pid ?? (databaseKind === "file" ? ((await childPids(servicePid))[0] ?? null) : null);
    log(`service up (pid ${servicePid}, database pid ${databasePid ?? "not watched"})`);

    const assets: string[] = [];
    for (const color of ["#202020", "#e0e0e0", "#808080"]) {
      const jpeg = await sharp({ create: { width: 1200, height: 1200, channels: 3, background: color } })
        .jpeg()
        .toBuffer();
      const response = await fetch(`${target.url}/media`, { method: "POST", headers: { authorization: `Bearer ${target.key}` }, body: jpeg });
      assets.push(((await response.json()) as { asset: { id: string } }).asset.id);
    }
    const modelsFile = join(dataDir, "models.csv");
    const variantsFile = join(dataDir, "variants.csv");
    await writeLines(modelsFile, modelRows(assets));
    await writeLines(variantsFile, variantRows());
    log(`loading ${models} models and ${models * 3} variants`);
    const pids = { service: servicePid, database: databasePid };
    const modelImport = await importFile(target, modelsFile, "product_models", pids);
    const variantImport = await importFile(target, variantsFile, "products", pids);
    const skus = Array.from({ length: models }, (_, i) => colors.map((color) => variantSku(i, color))).flat();
    const offersStarted = performance.now();
    for (let start = 0; start < skus.length; start += 10_000) {
      const batch = skus.slice(start, start + 10_000);
      for (const currency of ["EUR", "USD"]) {
        await gql(target, `mutation($u: [PriceUpdateInput!]!) { setPrices(updates: $u) { updated } }`, {
          u: batch.map((sku, i) => ({ sku, currency, amount: `${100 + (i % 50)}.00` })),
        });
      }
      await gql(target, `mutation($u: [StockUpdateInput!]!) { setStock(updates: $u) { updated } }`, {
        u: batch.map((sku, i) => ({ sku, location: "main_warehouse", onHand: i % 7 })),
      });
    }
    const offers = { items: skus.length, seconds: round1((performance.now() - offersStarted) / 1000) };
    log(`offers: ${JSON.stringify(offers)}`);

    const listPage = `query($after: String) { productModels(first: 100, after: $after) { edges { cursor node { code value(attribute: "name", locale: "en_US") { data }
      variants { sku enabled value(attribute: "color") { data } offer { availability prices { currency amount } } } } } } }`;
    const pageCursors: Array<string | null> = [null];
    for (let page = 0; page < Math.min(10, Math.ceil(models / 100)); page++) {
      const { productModels } = await gql<{ productModels: { edges: Array<{ cursor: string }> } }>(target, listPage, { after: pageCursors.at(-1) });
      pageCursors.push(productModels.edges.at(-1)?.cursor ?? null);
    }
    const load = [
      await underLoad("productModels(first: 100) with variants, offers and option values", servicePid, databasePid, (i) =>
        gql(target, listPage, { after: pageCursors[i % (pageCursors.length - 1)] }),
      ),
      await underLoad("product(sku:)", servicePid, databasePid, (i) =>
        gql(target, `query($sku: String!) { product(sku: $sku) { sku label(locale: "en_US") value(attribute: "color") { data } offer { availability } } }`, {
          sku: skus[(i * 7919) % skus.length],
        }),
      ),
    ];

    const client = new MongoClient(uri ?? `mongodb://127.0.0.1:${await embeddedPort(service)}/pim`);
    await client.connect();
    const products = client.db().collection("products");
    const pointQueries = {
      findOneBySkuMs: round1(await timed(20, (i) => products.findOne({ sku: skus[(i * 31) % skus.length] }))),
      findByParentMs: round1(await timed(20, (i) => products.find({ parent: modelCode((i * 37) % models) }).toArray())),
      findIn100IdsMs: round1(await timed(10, (i) => products.find({ _id: { $in: skus.slice(i * 100, i * 100 + 100) } as never }).toArray())),
      countDocumentsByFamilyMs: round1(await timed(5, () => products.countDocuments({ family: "electronics" }))),
    };
    const historyEntries = await client.db().collection("history").estimatedDocumentCount();
    await client.close();
    log(`point queries: ${JSON.stringify(pointQueries)}`);

    const feedStarted = performance.now();
    const { regenerateFeed } = await gql<{
      regenerateFeed: {
        productsRead: number;
        productsDisabled: number;
        productsExcluded: number;
        itemsWritten: number;
        itemsRejected: number;
        problems: Array<{ field: string; reason: string }>;
      };
    }>(
      target,
      `mutation { regenerateFeed(channel: "google_shopping") { productsRead productsDisabled productsExcluded itemsWritten itemsRejected problems { field reason } } }`,
    );
    const feedSeconds = (performance.now() - feedStarted) / 1000;
    const { problems, ...feedCounts } = regenerateFeed;
    const feed = {
      channel: "google_shopping",
      ...feedCounts,
      firstProblem: problems[0] ?? null,
      seconds: round1(feedSeconds),
      productsPerSecond: round1(regenerateFeed.productsRead / feedSeconds),
    };
    log(`feed: ${JSON.stringify(feed)}`);

    const referenceSaves = {
      historyEntries,
      categorySaveMs: round1(
        await timed(5, (i) =>
          gql(target, `mutation($input: CategoryInput!) { saveCategory(input: $input) { code } }`, {
            input: { code: `bench_category_${i}`, parent: "electronics", labels: { en_US: `Bench ${i}` } },
          }),
        ),
      ),
      attributeWithOptionsSaveMs: round1(
        await timed(5, (i) =>
          gql(target, `mutation($input: AttributeInput!) { saveAttribute(input: $input) { code } }`, {
            input: {
              code: "bench_finish",
              type: "SIMPLESELECT",
              group: "general",
              labels: { en_US: "Finish" },
              options: Array.from({ length: i + 2 }, (_, k) => ({ code: `finish_${k}`, labels: { en_US: `Finish ${k}` } })),
            },
          }),
        ),
      ),
    };
    log(`reference saves: ${JSON.stringify(referenceSaves)}`);

    const label = args.label ?? (databaseKind === "uri" ? "uri" : databaseKind);
    const result = {
      date: new Date().toISOString(),
      database:
        databaseKind === "file"
          ? "embedded (mongo-java-server, H2 file)"
          : databaseKind === "memory"
            ? "embedded (mongo-java-server, memory)"
            : `MONGODB_URI ${label}`,
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, loadAverage: loadavg().map(round1) },
      catalog: { models, variants: models * 3, onTopOf: "the demo catalog" },
      loading: { modelImport, variantImport, offers },
      load,
      pointQueries,
      feed,
      referenceSaves,
    };
    const resultsDir = join(projectRoot, "bench", "results");
    await mkdir(resultsDir, { recursive: true });
    const file = join(resultsDir, `embedded-db-${label}-${models}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    log(`written ${file}`);
  } finally {
    await stopSpawnedServices();
    await ownDatabase?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The port of the database the service started, from its log line. */
async function embeddedPort(service: ServiceProcess): Promise<number> {
  const line = service
    .stdout()
    .split("\n")
    .find((l) => l.includes("embedded database (mongo-java-server) started"));
  if (!line) throw new Error("the service did not log its embedded database's port");
  return Number((JSON.parse(line) as { port: number }).port);
}

runBench(main);
