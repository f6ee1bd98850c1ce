import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import mongoose, { type Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GridFsStorage } from "../../src/storage/gridfs-storage.js";
import { LocalDiskStorage } from "../../src/storage/local-disk-storage.js";
import type { ObjectStorage } from "../../src/storage/object-storage.js";
import { testDatabaseUri } from "../helpers/test-database.js";

let connection: Connection;
let folder: string;

beforeAll(async () => {
  connection = await mongoose.createConnection(testDatabaseUri("object-storage")).asPromise();
  folder = await mkdtemp(join(tmpdir(), "pim-storage-"));
});

afterAll(async () => {
  await connection?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const storages: Array<[string, () => ObjectStorage]> = [
  ["local disk", () => new LocalDiskStorage(join(folder, "disk"))],
  ["GridFS", () => new GridFsStorage(connection, "contract")],
];

describe.each(storages)("%s storage", (_name, make) => {
  it("stores, reads, overwrites, lists and deletes objects by key", async () => {
    const storage = make();
    expect(await storage.get("a/missing")).toBeNull();
    expect(await storage.stat("a/missing")).toBeNull();
    await storage.put("a/one.txt", Buffer.from("first"));
    await storage.put("a/two.txt", Buffer.from("second"));
    await storage.put("b/three.txt", Buffer.from("third"));
    await storage.put("a/one.txt", Buffer.from("first, again"));
    expect((await storage.get("a/one.txt"))?.toString()).toBe("first, again");
    expect(await storage.stat("a/one.txt")).toEqual({ bytes: 12 });
    expect(await text(storage.stream("a/two.txt"))).toBe("second");
    expect(await storage.list("a/")).toEqual(["a/one.txt", "a/two.txt"]);
    expect(await storage.list("a/t")).toEqual(["a/two.txt"]);
    await storage.delete("a/one.txt");
    await storage.delete("a/one.txt");
    expect(await storage.get("a/one.txt")).toBeNull();
    expect(await storage.list("a/")).toEqual(["a/two.txt"]);
  });

  it("streams a large object in, visible only once the stream finished", async () => {
    const storage = make();
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const writer = storage.writer("big/object.bin");
    writer.write(data.subarray(0, 1024 * 1024));
    expect(await storage.stat("big/object.bin")).toBeNull();
    await pipeline(
      Readable.from([data.subarray(1024 * 1024)]),
      async function* (source) {
        yield* source;
      },
      writer,
    );
    expect((await storage.get("big/object.bin"))?.equals(data)).toBe(true);
  });

  it("leaves nothing behind when a streamed write is abandoned, and keeps the object it would have replaced", async () => {
    const storage = make();
    await storage.put("kept/object.txt", Buffer.from("old"));
    const writer = storage.writer("kept/object.txt");
    writer.write(randomBytes(600 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 50));
    writer.destroy(new Error("the run failed"));
    await expect(finished(writer)).rejects.toThrow("the run failed");
    expect((await storage.get("kept/object.txt"))?.toString()).toBe("old");
    expect(await storage.list("kept/")).toEqual(["kept/object.txt"]);
    if (storage instanceof GridFsStorage)
      expect(await connection.collection("contract.chunks").countDocuments({ n: { $gt: 0 } })).toBeLessThanOrEqual(await liveChunks());
    else expect((await readdir(join(folder, "disk", "kept"))).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("keeps one whole object when two writers put the same key at once", async () => {
    const storage = make();
    const candidates = Array.from({ length: 4 }, (_, index) => Buffer.alloc(300 * 1024, index + 1));
    await Promise.all(candidates.map((data) => storage.put("race/object.bin", data)));
    const stored = await storage.get("race/object.bin");
    expect(candidates.some((data) => stored?.equals(data))).toBe(true);
    if (storage instanceof GridFsStorage) expect(await connection.collection("contract.files").countDocuments({ filename: "race/object.bin" })).toBe(1);
  });

  it("refuses keys the service could not have made", async () => {
    const storage = make();
    for (const key of ["../outside", "a/../../outside", "/absolute", "a//b", "A/upper", "a/./b"]) {
      await expect(storage.put(key, Buffer.from("x")), key).rejects.toThrow(/invalid storage key/);
    }
  });
});

/** Chunks that belong to a stored file: an abandoned upload's chunks must not outlive it. */
async function liveChunks(): Promise<number> {
  const files = await connection
    .collection("contract.files")
    .find({}, { projection: { _id: 1 } })
    .toArray();
  return connection.collection("contract.chunks").countDocuments({ files_id: { $in: files.map((file) => file._id) }, n: { $gt: 0 } });
}
