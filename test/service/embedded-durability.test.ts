import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedDatabaseError, startEmbeddedDatabase, type EmbeddedDatabase } from "../../src/embedded-db/embedded-database.js";
import { eventually } from "../helpers/eventually.js";

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "pim-durability-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function withClient<T>(database: EmbeddedDatabase, work: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(`${database.uri}durability`, { serverSelectionTimeoutMS: 5000 });
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

describe("the embedded database on disk", () => {
  it("keeps every acknowledged write when its process is killed without warning", async () => {
    const first = await startEmbeddedDatabase({ dataDir, logger: silent });
    await withClient(first, async (client) => {
      const products = client.db().collection<{ _id: string; stock: number }>("products");
      for (let i = 0; i < 300; i++) await products.insertOne({ _id: `SKU-${i}`, stock: i });
      await products.updateOne({ _id: "SKU-7" }, { $set: { stock: 70 } });
      await products.deleteOne({ _id: "SKU-8" });
    });
    // SIGKILL: no shutdown hook, no final commit; only what each command committed is on disk.
    process.kill(first.pid as number, "SIGKILL");
    await first.stop();

    const second = await startEmbeddedDatabase({ dataDir, logger: silent });
    try {
      await withClient(second, async (client) => {
        const products = client.db().collection<{ _id: string; stock: number }>("products");
        expect(await products.countDocuments()).toBe(299);
        expect(await products.findOne({ _id: "SKU-7" })).toEqual({ _id: "SKU-7", stock: 70 });
        expect(await products.findOne({ _id: "SKU-299" })).toEqual({ _id: "SKU-299", stock: 299 });
        expect(await products.findOne({ _id: "SKU-8" })).toBeNull();
      });

      // The file is held by the running database: a second one on the same DATA_DIR is refused, saying why.
      const rival = startEmbeddedDatabase({ dataDir, logger: silent });
      await expect(rival).rejects.toBeInstanceOf(EmbeddedDatabaseError);
      await expect(rival).rejects.toThrow(/is in use by another process: is another service running on the same DATA_DIR\?/);
    } finally {
      await second.stop();
    }
  });

  it("is started again on the same port and file when its process dies, and a connected client carries on", async () => {
    const database = await startEmbeddedDatabase({ dataDir: join(dataDir, "supervised"), logger: silent });
    const client = new MongoClient(`${database.uri}supervised`, { serverSelectionTimeoutMS: 30_000 });
    try {
      const items = client.db().collection<{ _id: string }>("items");
      await items.insertOne({ _id: "before" });
      const firstPid = database.pid as number;
      process.kill(firstPid, "SIGKILL");
      await eventually("a new database process", () => (database.pid !== firstPid ? true : undefined), 30_000, 100);
      await items.insertOne({ _id: "after" });
      expect((await items.find().sort({ _id: 1 }).toArray()).map((item) => item._id)).toEqual(["after", "before"]);
    } finally {
      await client.close();
      await database.stop();
    }
  });
});
