import { Readable, Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { mongo, type Connection } from "mongoose";
import { checkedKey, type ObjectStorage } from "./object-storage.js";

interface StoredFile {
  _id: mongo.ObjectId;
  filename: string;
  length: number;
  uploadDate: Date;
}

const newestFirst = { uploadDate: -1, _id: -1 } as const;

/**
 * GridFS in the service's own database, one bucket per storage area: every process of a fleet reads what
 * any of them wrote, with nothing more to run. An object is a GridFS file named by its key; GridFS
 * writes a file's description after its last chunk, so a reader finds a whole object or none. Writing a
 * key again adds a newer revision and then removes the older ones; readers take the newest.
 */
export class GridFsStorage implements ObjectStorage {
  private readonly bucket: mongo.GridFSBucket;
  private readonly files: mongo.Collection<StoredFile>;

  constructor(connection: Connection, bucketName: string) {
    if (!connection.db) throw new Error("GridFS storage needs an open database connection");
    this.bucket = new mongo.GridFSBucket(connection.db, { bucketName });
    this.files = connection.db.collection<StoredFile>(`${bucketName}.files`);
  }

  private newest(key: string): Promise<StoredFile | null> {
    return this.files.findOne({ filename: checkedKey(key) }, { sort: newestFirst });
  }

  async put(key: string, data: Buffer): Promise<void> {
    const writer = this.writer(key);
    writer.end(data);
    await finished(writer);
  }

  writer(key: string): Writable {
    const upload = this.bucket.openUploadStream(checkedKey(key));
    const dropOlderRevisions = () => this.dropOlderRevisions(key);
    // Agreed by every writer that sees it: the newest revision is never removed, so two writers of one key at once leave one.
    const writer = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (upload.write(chunk)) done();
        else upload.once("drain", () => done());
      },
      final(done) {
        upload.end();
        finished(upload)
          .then(dropOlderRevisions)
          .then(() => done(), done);
      },
      destroy(error, done) {
        // Chunks written so far go; without a file description they were never visible.
        if (upload.writableFinished) done(error);
        else
          upload.abort().then(
            () => done(error),
            () => done(error),
          );
      },
    });
    upload.on("error", (error) => writer.destroy(error));
    return writer;
  }

  private async dropOlderRevisions(key: string): Promise<void> {
    const revisions = await this.files.find({ filename: key }, { sort: newestFirst, projection: { _id: 1 } }).toArray();
    for (const older of revisions.slice(1)) await this.deleteRevision(older._id);
  }

  /** Another writer or a concurrent delete may have removed it already: that is the outcome wanted. */
  private async deleteRevision(id: mongo.ObjectId): Promise<void> {
    try {
      await this.bucket.delete(id);
    } catch (error) {
      if (!(error instanceof mongo.MongoRuntimeError && error.message.startsWith("File not found"))) throw error;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    const file = await this.newest(key);
    if (!file) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(file._id)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async stat(key: string): Promise<{ bytes: number } | null> {
    const file = await this.newest(key);
    return file ? { bytes: file.length } : null;
  }

  stream(key: string): Readable {
    // The revision is looked up first; the returned stream exists at once, so callers pipe it as they would a file.
    const checked = checkedKey(key);
    const bucket = this.bucket;
    const found = this.newest(checked);
    return Readable.from(
      (async function* () {
        const file = await found;
        if (!file) throw Object.assign(new Error(`no stored object ${checked}`), { code: "ENOENT" });
        yield* bucket.openDownloadStream(file._id);
      })(),
      { objectMode: false },
    );
  }

  async list(prefix: string): Promise<string[]> {
    // A key range rather than a pattern, so the filename index answers it.
    const keys = await this.files.distinct("filename", { filename: { $gte: prefix, $lt: `${prefix}\uffff` } });
    return (keys as string[]).sort();
  }

  async delete(key: string): Promise<void> {
    const revisions = await this.files.find({ filename: checkedKey(key) }, { projection: { _id: 1 } }).toArray();
    for (const revision of revisions) await this.deleteRevision(revision._id);
  }
}
