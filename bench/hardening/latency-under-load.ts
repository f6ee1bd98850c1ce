import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import ExcelJS from "exceljs";
import sharp from "sharp";
import { startEmbeddedDatabase } from "../../src/embedded-db/embedded-database.js";
import { projectRoot } from "../../src/project-root.js";
import { spawnService, stopSpawnedServices, type ServiceProcess } from "../../test/helpers/service-process.js";
import { generateCsv, header, productRow } from "../bulk/synthetic-rows.js";
import { runBench } from "../run-bench.js";

/**
 * `npm run bench:latency -- [--import-rows 2000] [--xlsx-rows 10000] [--seconds 15]`
 * How a storefront's product page fares while the service does heavy work: `product(sku:)` is asked every
 * 25 ms, one request at a time, from this process, against a service process of its own on the demo
 * catalog (embedded database), before and during each of:
 * - a CSV import of new products uploaded over HTTP (parsed in the parser thread, checked and written);
 * - an XLSX upload checked as a dry run (zip and XML parsing, then every row's checks, no writes);
 * - writes against a catastrophic attribute pattern, `^([A-Z0-9]+-?)+$`, from four clients at once;
 * - a 49-megapixel PNG upload and its renditions in the background.
 * Reports p50, p95 and max of the probe's latency and the server's peak RSS per scenario to
 * bench/results/latency-under-load.json. The aim: p95 below 100 ms on an idle machine.
 */
const { values: args } = parseArgs({
  options: {
    "import-rows": { type: "string", default: "2000" },
    "xlsx-rows": { type: "string", default: "10000" },
    seconds: { type: "string", default: "15" },
  },
});
const importRows = Number(args["import-rows"]);
const xlsxRows = Number(args["xlsx-rows"]);
const patternSeconds = Number(args.seconds);

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}
const round1 = (n: number) => Math.round(n * 10) / 10;
const percentile = (values: number[], p: number) =>
  round1([...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? NaN);

interface Target {
  url: string;
  key: string;
  pid: number;
}

async function call(target: Target, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${target.key}`);
  return fetch(`${target.url}${path}`, { ...init, headers });
}

async function gql<T = unknown>(target: Target, query: string, variables: Record<string, unknown> = {}): Promise<{ data: T; errors?: unknown[] }> {
  const response = await call(target, "/graphql", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data: T; errors?: unknown[] };
}

async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
}

/** Probes the product page while `work` runs, and samples the server's memory. */
async function underLoad(target: Target, label: string, work: () => Promise<unknown>): Promise<Record<string, unknown>> {
  const probe = `{ product(sku: "NV-CREW-NAVY-S") { sku label(locale: "en_US") offer { availability } } }`;
  const latencies: number[] = [];
  let done = false;
  let peakKiB = await rssKiB(target.pid);
  const baseKiB = peakKiB;
  const sampler = setInterval(
    () =>
      void rssKiB(target.pid).then(
        (kib) => (peakKiB = Math.max(peakKiB, kib)),
        () => undefined,
      ),
    100,
  );
  const probing = (async () => {
    while (!done) {
      const started = performance.now();
      await gql(target, probe);
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  const started = performance.now();
  const outcome = await work();
  const seconds = (performance.now() - started) / 1000;
  done = true;
  await probing;
  clearInterval(sampler);
  const result = {
    scenario: label,
    seconds: round1(seconds),
    probes: latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: round1(Math.max(...latencies)),
    serverRssMiB: round1(baseKiB / 1024),
    serverPeakRssMiB: round1(peakKiB / 1024),
    outcome,
  };
  log(JSON.stringify(result));
  return result;
}

async function waitForJob(target: Target, id: string): Promise<unknown> {
  for (;;) {
    const { data } = await gql<{ bulkJob: { status: string; counts: unknown } }>(
      target,
      `query($id: ID!) { bulkJob(id: $id) { status counts { rowsRead created updated rejected } } }`,
      { id },
    );
    if (!["QUEUED", "RUNNING"].includes(data.bulkJob.status)) return data.bulkJob;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function upload(target: Target, body: Buffer, query: string): Promise<unknown> {
  const response = await call(target, `/imports?${query}`, { method: "POST", body });
  const job = (await response.json()) as { id: string; message?: string };
  if (response.status !== 202) throw new Error(`upload refused: ${response.status} ${job.message}`);
  return waitForJob(target, job.id);
}

async function xlsxFile(path: string, rows: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet("products");
  sheet.addRow(header).commit();
  for (let i = 0; i < rows; i++) sheet.addRow(productRow(i + 1_000_000)).commit();
  sheet.commit();
  await workbook.commit();
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "pim-bench-latency-"));
  const database = await startEmbeddedDatabase({ dataDir, logger: { info: () => undefined, warn: log, error: log } as never });
  let service: ServiceProcess | undefined;
  try {
    log(`generating a CSV of ${importRows} rows and an XLSX of ${xlsxRows} rows`);
    const csvPath = join(dataDir, "import.csv");
    await generateCsv(csvPath, importRows);
    const xlsxPath = join(dataDir, "upload.xlsx");
    await xlsxFile(xlsxPath, xlsxRows);
    const png = await sharp({ create: { width: 7000, height: 7000, channels: 3, background: "#d0c4b0" } })
      .png()
      .toBuffer();

    service = spawnService({
      PORT: "0",
      DATA_DIR: join(dataDir, "service"),
      MONGODB_URI: `${database.uri}pim`,
      SEED_DEMO: "true",
      GENERATE_FEEDS: "false",
      LOG_LEVEL: "info",
      RATE_LIMIT_KEY_REQUESTS: "1000000",
    });
    const listening = await service.waitForLog("PIM service listening", 300_000);
    const target: Target = { url: String(listening.url).replace(/\/graphql$/, ""), key: service.adminKey, pid: service.child.pid as number };
    log("service up with the demo catalog");

    const scenarios = [];
    scenarios.push(await underLoad(target, "idle", () => new Promise((resolve) => setTimeout(resolve, 5000))));
    scenarios.push(await underLoad(target, `CSV import of ${importRows} new products`, async () => upload(target, await readFile(csvPath), "format=csv")));
    scenarios.push(
      await underLoad(target, `XLSX upload of ${xlsxRows} rows, dry run`, async () => upload(target, await readFile(xlsxPath), "format=xlsx&dryRun=true")),
    );
    const mpn = { code: "mpn", type: "TEXT", group: "general", labels: { en_US: "MPN" }, constraints: { maxLength: 200, pattern: "^([A-Z0-9]+-?)+$" } };
    await gql(target, `mutation($input: AttributeInput!) { saveAttribute(input: $input) { code } }`, { input: mpn });
    scenarios.push(
      await underLoad(target, `writes against ^([A-Z0-9]+-?)+$ from 4 clients for ${patternSeconds} s`, async () => {
        const until = performance.now() + patternSeconds * 1000;
        let writes = 0;
        await Promise.all(
          Array.from({ length: 4 }, async () => {
            while (performance.now() < until) {
              await gql(target, `mutation($changes: ProductChangesInput!) { updateProduct(sku: "HCO-BOARD-BAMBOO-L", changes: $changes) { status } }`, {
                changes: { setValues: [{ attribute: "mpn", data: `${"A".repeat(60)}!` }] },
              });
              writes++;
            }
          }),
        );
        return { writes };
      }),
    );
    scenarios.push(
      await underLoad(target, "PNG of 7000×7000 pixels uploaded, renditions in the background", async () => {
        const response = await call(target, "/media", { method: "POST", body: png });
        const { asset } = (await response.json()) as { asset: { id: string } };
        // Renditions render one after another after the upload; asking for each waits until it is there.
        const presets = Object.keys(
          (JSON.parse(await readFile(join(projectRoot, "src", "media", "media-presets.json"), "utf8")) as { presets: object }).presets,
        );
        for (const preset of presets) await call(target, `/media/${asset.id}/${preset}`).then((r) => r.arrayBuffer());
        return { status: response.status, bytes: png.length };
      }),
    );

    const result = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, loadAverage: loadavg().map(round1) },
      scenarios,
    };
    const resultsDir = join(projectRoot, "bench", "results");
    await mkdir(resultsDir, { recursive: true });
    await writeFile(join(resultsDir, "latency-under-load.json"), `${JSON.stringify(result, null, 2)}\n`);
    log("written bench/results/latency-under-load.json");
  } finally {
    await stopSpawnedServices();
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

runBench(main);
