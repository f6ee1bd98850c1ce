import "reflect-metadata";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parse } from "graphql";
import { getComplexity } from "graphql-query-complexity";
import { pino } from "pino";
import { loadConfig } from "../../src/config/config.js";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../src/embedded-db/embedded-database.js";
import { buildGraphQLSchema } from "../../src/graphql/schema.js";
import { projectRoot } from "../../src/project-root.js";
import { startService, type RunningService } from "../../src/server.js";
import { listCost } from "../../src/protection/graphql-limits.js";
import { defaultProtectionSettings } from "../../src/protection/settings.js";
import { spawnService, stopSpawnedServices } from "../../test/helpers/service-process.js";
import { runBench } from "../run-bench.js";

/**
 * `npm run bench:hardening -- [--samples 50] [--flood 2000] [--concurrency 256]`
 * On the demo catalog with its own embedded database: the cost of typical queries under the default limits;
 * how long a typical query and a refused hostile one take; how long the service takes to notice a database
 * outage, how fast it answers during one, and how long it takes to serve again; and a flood against the
 * default in-flight cap (served, shed, throughput, the server's peak memory). Builds first: the flood
 * runs against the built service as a process of its own.
 */
const { values: args } = parseArgs({
  options: {
    samples: { type: "string", default: "50" },
    flood: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "256" },
  },
});
const samples = Number(args.samples);
const floodSize = Number(args.flood);
const concurrency = Number(args.concurrency);

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}
const round1 = (n: number) => Math.round(n * 10) / 10;
const percentile = (values: number[], p: number) =>
  round1([...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? NaN);
const summary = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95), max: round1(Math.max(...values)) });

const typicalQueries: Record<string, string> = {
  "products(first: 50) for a listing page": `{ products(first: 50) { totalCount edges { cursor node { sku label(locale: "en_US") value(attribute: "price") { data } parent { code } } } pageInfo { hasNextPage endCursor } } }`,
  "products(first: 500) with every value and completeness": `{ products(first: 500) { edges { node { sku enabled familyCode categoryCodes values { attribute locale channel data source } completeness { channel locale ratio missing } } } } }`,
  "one product for a product page": `{ product(sku: "NV-CREW-NAVY-S") { sku label(locale: "pl_PL") values { attribute locale channel data } offer { stock { location onHand } } parent { code parent { code } } } }`,
  "inconsistentProducts(first: 200)": `{ inconsistentProducts(first: 200) { productsChecked complete products { sku differences { channel field channelValue sourceValue unexplained note } } } }`,
};

function hostileQueries(): Record<string, string> {
  let deep = "code";
  for (let i = 0; i < 200; i++) deep = `parent { ${deep} }`;
  return {
    "200 levels deep": `{ productModel(code: "x") { ${deep} } }`,
    "1,000 aliases": `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: locales { code }`).join(" ")} }`,
    "50,000 tokens": `{ locales { ${Array.from({ length: 25_000 }, () => "code").join(" ")} } }`,
    "30 aliased pages of 500 products": `{ ${Array.from({ length: 30 }, (_, i) => `p${i}: products(first: 500) { edges { node { sku values { data } } } }`).join(" ")} }`,
  };
}

/**
 * The flood goes to a service process of its own (built by `npm run build`), so its memory is read from
 * /proc without this client's, and the client's work does not slow the server's event loop.
 */
async function measureFlood(uri: string, dataDir: string, maxInFlight: number): Promise<Record<string, unknown>> {
  log(`flood: ${floodSize} requests, ${concurrency} at a time, against a cap of ${maxInFlight}, on a service process`);
  const child = spawnService({
    PORT: "0",
    DATA_DIR: join(dataDir, "flood"),
    MONGODB_URI: uri,
    SEED_DEMO: "false",
    GENERATE_FEEDS: "false",
    LOG_LEVEL: "info",
    MAX_IN_FLIGHT_REQUESTS: String(maxInFlight),
    RATE_LIMIT_KEY_REQUESTS: "1000000",
  });
  try {
    const url = String((await child.waitForLog("PIM service listening")).url).replace(/\/graphql$/, "");
    const target = { url, initialAdminKey: child.adminKey };
    const pid = child.child.pid as number;
    await gql(target, typicalQueries["one product for a product page"] as string);
    const baselineKiB = await memoryKiB(pid, "VmRSS");
    const statuses: Record<number, number> = {};
    const servedTimes: number[] = [];
    let sent = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (sent < floodSize) {
          sent++;
          const answer = await gql(target, typicalQueries["one product for a product page"] as string);
          statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
          if (answer.status === 200) servedTimes.push(answer.ms);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return {
      query: "one product for a product page",
      requests: floodSize,
      concurrency,
      maxInFlightRequests: maxInFlight,
      statuses,
      seconds: round1(seconds),
      servedPerSecond: round1((statuses[200] ?? 0) / seconds),
      servedLatencyMs: summary(servedTimes),
      serverBaselineRssMiB: round1(baselineKiB / 1024),
      serverPeakRssMiB: round1((await memoryKiB(pid, "VmHWM")) / 1024),
      afterwards: (await gql(target, "{ locales { code } }")).status,
    };
  } finally {
    await stopSpawnedServices();
  }
}

async function memoryKiB(pid: number, field: "VmRSS" | "VmHWM"): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
}

async function gql(service: Pick<RunningService, "url" | "initialAdminKey">, query: string): Promise<{ status: number; ms: number; code: unknown }> {
  const started = performance.now();
  const response = await fetch(`${service.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${service.initialAdminKey}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
  return { status: response.status, ms: performance.now() - started, code: body.errors?.[0]?.extensions?.code ?? null };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error("gave up waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return round1(performance.now() - started);
}

async function main(): Promise<void> {
  const settings = defaultProtectionSettings("production");
  const schema = await buildGraphQLSchema();
  const costs: Record<string, number> = {};
  for (const [name, query] of Object.entries({ ...typicalQueries, ...hostileQueries() })) {
    if (name === "50,000 tokens") continue;
    costs[name] = getComplexity({ schema, query: parse(query), variables: {}, estimators: [listCost] });
  }

  const dataDir = await mkdtemp(join(tmpdir(), "pim-bench-hardening-"));
  let database: EmbeddedDatabase = await startEmbeddedDatabase({ dataDir, logger: { info: () => undefined, warn: log, error: log } as never });
  const config = {
    ...loadConfig({ PORT: "0", DATA_DIR: dataDir, MONGODB_URI: `${database.uri}pim`, LOG_LEVEL: "silent", GENERATE_FEEDS: "false" }),
    protection: settings,
  };
  log("starting the service and loading the demo catalog");
  const service = await startService(config, pino({ level: "silent" }));
  try {
    const latency: Record<string, unknown> = {};
    for (const [name, query] of Object.entries(typicalQueries)) {
      const times: number[] = [];
      for (let i = 0; i < samples; i++) times.push((await gql(service, query)).ms);
      latency[name] = summary(times);
      log(`${name}: ${JSON.stringify(latency[name])}`);
    }
    const refusals: Record<string, unknown> = {};
    for (const [name, query] of Object.entries(hostileQueries())) {
      const times: number[] = [];
      let code: unknown = null;
      for (let i = 0; i < samples; i++) {
        const answer = await gql(service, query);
        times.push(answer.ms);
        code = answer.code;
      }
      refusals[name] = { code, ...summary(times) };
      log(`refused ${name}: ${JSON.stringify(refusals[name])}`);
    }

    const flood = await measureFlood(`${database.uri}pim`, dataDir, settings.maxInFlightRequests);
    log(`flood: ${JSON.stringify(flood)}`);

    log("outage: stopping the database");
    const ready = async () => (await fetch(`${service.url}/readyz`)).status === 200;
    const stoppedAt = performance.now();
    await database.stop();
    const noticedMs = await waitFor(async () => !(await ready()));
    const duringOutage: number[] = [];
    const outageCodes = new Set<unknown>();
    for (let i = 0; i < samples; i++) {
      const answer = await gql(service, `{ product(sku: "NV-CREW-NAVY-S") { sku } }`);
      duringOutage.push(answer.ms);
      outageCodes.add(`${answer.status} ${String(answer.code)}`);
    }
    const downForMs = round1(performance.now() - stoppedAt);
    log("outage: starting the database again");
    const restartedAt = performance.now();
    database = await startEmbeddedDatabase({ dataDir, logger: { info: () => undefined, warn: log, error: log } as never, port: database.port });
    const databaseStartMs = round1(performance.now() - restartedAt);
    const servingAgainMs = await waitFor(async () => (await gql(service, "{ locales { code } }")).status === 200);
    const outage = {
      noticedAfterMs: noticedMs,
      answersDuringOutageMs: summary(duringOutage),
      answers: [...outageCodes],
      downForMs,
      databaseStartMs,
      servingAgainAfterDatabaseStartMs: servingAgainMs,
    };
    log(`outage: ${JSON.stringify(outage)}`);

    const result = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, loadAverage: loadavg().map(round1) },
      samples,
      limits: settings,
      costs,
      latencyMs: latency,
      refusals,
      flood,
      outage,
    };
    const resultsDir = join(projectRoot, "bench", "results");
    await mkdir(resultsDir, { recursive: true });
    const file = join(resultsDir, "hardening-demo.json");
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    log(`written ${file}`);
  } finally {
    await service.stop();
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

runBench(main);
