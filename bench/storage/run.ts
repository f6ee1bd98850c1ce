/**
 * `npm run bench:storage -- [--objects 400] [--object-kb 60] [--feed-mb 20] [--readers 8] [--uri mongodb://…]`
 *
 * Local disk against GridFS, the two places media and feed files can live (src/storage): `--objects`
 * rendition-sized objects written one after another, then read back whole by `--readers` readers at once
 * (what serving images does), then one `--feed-mb` feed streamed in and streamed out. GridFS runs on the
 * embedded database as `npm start` runs it (H2 file), or on `--uri`. Results: bench/results/storage.json.
 */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import mongoose from "mongoose";
import { startEmbeddedDatabase } from "../../src/embedded-db/embedded-database.js";
import { projectRoot } from "../../src/project-root.js";
import { GridFsStorage } from "../../src/storage/gridfs-storage.js";
import { LocalDiskStorage } from "../../src/storage/local-disk-storage.js";
import type { ObjectStorage } from "../../src/storage/object-storage.js";
import { databaseLabel } from "../database-label.js";
import { releaseBenchDatabase, runBench } from "../run-bench.js";

const { values: args } = parseArgs({
  options: {
    objects: { type: "string", default: "400" },
    "object-kb": { type: "string", default: "60" },
    "feed-mb": { type: "string", default: "20" },
    readers: { type: "string", default: "8" },
    uri: { type: "string" },
  },
});
const objects = Number(args.objects);
const objectBytes = Number(args["object-kb"]) * 1024;
const feedBytes = Number(args["feed-mb"]) * 1024 * 1024;
const readers = Number(args.readers);
const round1 = (n: number) => Math.round(n * 10) / 10;

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

async function drain(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  return bytes;
}

async function measure(storage: ObjectStorage): Promise<Record<string, number>> {
  const payloads = Array.from({ length: 8 }, () => randomBytes(objectBytes));
  const keys = Array.from({ length: objects }, (_, i) => `renditions/bench/${String(i % 256).padStart(3, "0")}/${i}.jpg`);
  let started = performance.now();
  for (const [i, key] of keys.entries()) await storage.put(key, payloads[i % payloads.length]!);
  const writesPerSecond = objects / ((performance.now() - started) / 1000);

  const latencies: number[] = [];
  let next = 0;
  started = performance.now();
  await Promise.all(
    Array.from({ length: readers }, async () => {
      while (next < keys.length) {
        const key = keys[next++]!;
        const begun = performance.now();
        await storage.stat(key);
        await drain(storage.stream(key));
        latencies.push(performance.now() - begun);
      }
    }),
  );
  const readsPerSecond = objects / ((performance.now() - started) / 1000);
  latencies.sort((a, b) => a - b);

  const chunk = randomBytes(64 * 1024);
  started = performance.now();
  await pipeline(
    Readable.from(
      (function* () {
        for (let written = 0; written < feedBytes; written += chunk.length) yield chunk;
      })(),
    ),
    storage.writer("feeds/bench/feed.xml"),
  );
  const feedWriteMBps = feedBytes / 1024 / 1024 / ((performance.now() - started) / 1000);
  started = performance.now();
  await drain(storage.stream("feeds/bench/feed.xml"));
  const feedReadMBps = feedBytes / 1024 / 1024 / ((performance.now() - started) / 1000);
  return {
    objectWritesPerSecond: round1(writesPerSecond),
    objectReadsPerSecond: round1(readsPerSecond),
    objectReadP50Ms: round1(latencies[Math.floor(latencies.length / 2)]!),
    objectReadP95Ms: round1(latencies[Math.floor(latencies.length * 0.95)]!),
    feedWriteMBps: round1(feedWriteMBps),
    feedReadMBps: round1(feedReadMBps),
  };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "pim-bench-storage-"));
  const quiet = { info: () => undefined, debug: () => undefined, warn: log, error: log } as never;
  const embedded = args.uri ? null : await startEmbeddedDatabase({ dataDir, logger: quiet });
  const connection = await mongoose.createConnection(args.uri ?? `${embedded!.uri}bench_storage`).asPromise();
  try {
    log(`local disk: ${objects} objects of ${objectBytes / 1024} KiB, ${readers} readers, a ${feedBytes / 1024 / 1024} MiB feed`);
    const disk = await measure(new LocalDiskStorage(join(dataDir, "objects")));
    log(JSON.stringify(disk));
    log("GridFS");
    const gridfs = await measure(new GridFsStorage(connection, "bench"));
    log(JSON.stringify(gridfs));
    const result = {
      date: new Date().toISOString(),
      database: args.uri ? "MongoDB (--uri)" : databaseLabel({}),
      cpus: cpus().length,
      objects,
      objectBytes,
      readers,
      feedBytes,
      disk,
      gridfs,
    };
    await mkdir(join(projectRoot, "bench", "results"), { recursive: true });
    await writeFile(join(projectRoot, "bench", "results", "storage.json"), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await releaseBenchDatabase(connection, embedded, dataDir);
  }
}

runBench(main);
