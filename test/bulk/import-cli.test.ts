import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Connection } from "mongoose";
import { pino } from "pino";
import { MediaService } from "../../src/media/media-service.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCatalogServices } from "../../src/catalog/services.js";
import { connectDatabase } from "../../src/database/connection.js";
import { loadDemoCatalog } from "../../src/demo/demo-catalog.js";
import { projectRoot } from "../../src/project-root.js";
import { testDatabaseUri } from "../helpers/test-database.js";

const fixture = (name: string) => join(projectRoot, "fixtures", "imports", name);
const skus = ["HC-KETTLE-17", "HC-MUG-SET-4", "SON-BUDS-A2", "SON-BUDS-A2-W", "NV-CREW-BLK-S"];

let uri: string;
let connection: Connection;
let folder: string;
beforeAll(async () => {
  uri = testDatabaseUri("bulk-import-cli");
  connection = await connectDatabase(uri);
  const catalog = createCatalogServices(connection, pino({ level: "silent" }));
  await catalog.ensureIndexes();
  folder = await mkdtemp(join(tmpdir(), "pim-import-cli-"));
  await loadDemoCatalog(catalog, MediaService.onLocalDisk(connection, folder, undefined, pino({ level: "silent" })));
  await catalog.changeLog.settled();
});
afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
  await rm(folder, { recursive: true, force: true });
});

/** The built CLI, as `npm run import` runs it. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(projectRoot, "dist", "src", "cli", "import.js"), ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", MONGODB_URI: uri, DATA_DIR: folder, LOG_LEVEL: "error", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
}

const productCount = () => connection.collection("products").countDocuments({ sku: { $in: skus } });

describe("npm run import", () => {
  it("an import killed mid-way leaves whole products behind, and running it again completes it with every change event", async () => {
    const crashed = await runCli([fixture("akeneo-clean.csv"), "--chunk-size", "2", "--rejected", join(folder, "rejected.csv")], {
      PIM_FAILPOINT: "after-write-before-publish:product.changed",
    });
    expect(crashed.signal).toBe("SIGKILL");
    expect(await productCount()).toBe(2);
    expect(await connection.collection("change_journal").countDocuments()).toBe(1);

    const rerun = await runCli([fixture("akeneo-clean.csv"), "--chunk-size", "2", "--rejected", join(folder, "rejected.csv")]);
    expect(rerun.stderr).not.toMatch(/error/i);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain("rows read 5, created 3, updated 0, unchanged 2, rejected 0, warnings 0");
    expect(await productCount()).toBe(5);
    expect(await connection.collection("change_journal").countDocuments()).toBe(0);
    const events = await connection
      .collection("change_events")
      .find({ subject: { $in: skus } })
      .toArray();
    expect(new Set(events.map((e) => e.subject))).toEqual(new Set(skus));
    const jobs = await connection.collection("bulk_jobs").find().sort({ createdAt: 1 }).toArray();
    expect(jobs.map((j) => j.status)).toEqual(["failed", "succeeded"]);
    expect(jobs[0]?.error).toContain("interrupted");
    for (const sku of skus) expect(await connection.collection("history").countDocuments({ entityId: sku })).toBe(1);
  });

  it("a dry run prints each rejected row with its reasons and writes the rejected-rows file", async () => {
    const rejectedPath = join(folder, "mistakes.rejected.csv");
    const run = await runCli([fixture("mistakes.csv"), "--dry-run", "--rejected", rejectedPath]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("(dry run: nothing was saved)");
    expect(run.stdout).toContain("rows read 13, created 2, updated 0, unchanged 0, rejected 11, warnings 0");
    expect(run.stdout).toContain('row 6 (MX-WATTS-5): power_watts: "two thousand" is not a number');
    expect(run.stdout).toContain(`rejected rows, with an error column, ready to fix and import again: ${rejectedPath}`);
    expect((await readFile(rejectedPath, "utf8")).trim().split("\n")).toHaveLength(12);
    expect(await connection.collection("products").countDocuments({ sku: "MX-GOOD-1" })).toBe(0);
  });

  it("--kind imports another kind of file: categories", async () => {
    const run = await runCli([fixture("categories.csv"), "--kind", "categories", "--rejected", join(folder, "categories.rejected.csv")]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("rows read 5, created 2, updated 0, unchanged 0, rejected 3, warnings 0");
    expect(run.stdout).toContain("row 4 (outdoor_boots): parent: parent category no_such_category does not exist");
    expect(await connection.collection("categories").findOne({ _id: "outdoor_tents" as never })).toMatchObject({
      parent: "outdoor",
      ancestors: ["master", "outdoor"],
    });
  });

  it("a file it cannot read ends with exit code 1 and the reason", async () => {
    const run = await runCli([join(folder, "missing.csv")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/the CSV file cannot be read: ENOENT/);
  });
});
