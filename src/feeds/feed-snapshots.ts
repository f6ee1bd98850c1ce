import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { Writable, type Readable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import type { ObjectStorage } from "../storage/object-storage.js";

/** What `current.json` of a channel points at: one finished feed file and its gzip twin. */
export interface SnapshotInfo {
  channel: string;
  etag: string;
  generatedAt: string;
  /** The change log's safe sequence when the run began: every change up to it is in the feed. */
  sequence: number;
  contentType: string;
  file: string;
  bytes: number;
  gzipFile: string;
  gzipBytes: number;
}

/** Generations kept besides the current one, so a reader that just opened the old file can finish it. */
const keptGenerations = 2;

const channelPattern = /^[a-z][a-z0-9_]{0,99}$/;
/** The names publish() gives feed files; a pointer naming anything else is not followed. */
const feedFilePattern = /^feed-\d{13}-[0-9a-f]{8}\.[a-z]{2,5}(\.gz)?$/;

/** A pointer the service could have written: every field of its kind, and files only by names of its own. */
function isSnapshotInfo(value: unknown): value is SnapshotInfo {
  const info = value as Partial<SnapshotInfo> | null;
  return (
    typeof info === "object" &&
    info !== null &&
    typeof info.file === "string" &&
    feedFilePattern.test(info.file) &&
    typeof info.gzipFile === "string" &&
    feedFilePattern.test(info.gzipFile) &&
    typeof info.etag === "string" &&
    typeof info.contentType === "string" &&
    typeof info.generatedAt === "string" &&
    typeof info.bytes === "number" &&
    typeof info.gzipBytes === "number"
  );
}

/**
 * Feed files under `<channel>/` of a storage area. Every generation gets files of its own; a finished
 * generation is published by writing `current.json` over the old one, so a reader sees the old feed or
 * the new one, never half of either. On shared storage every process serves what any of them generated.
 */
export class FeedSnapshots {
  constructor(private readonly storage: ObjectStorage) {}

  /**
   * The channel's published snapshot, or null when there is none or its pointer is not one publish()
   * wrote (unreadable, or naming a file publish() would not name): such a pointer is never followed,
   * and the feed counts as not generated yet.
   */
  async current(channel: string): Promise<SnapshotInfo | null> {
    const text = await this.storage.get(this.key(channel, "current.json"));
    if (!text) return null;
    try {
      const info: unknown = JSON.parse(text.toString("utf8"));
      return isSnapshotInfo(info) ? info : null;
    } catch {
      return null;
    }
  }

  open(channel: string, file: string): Readable {
    if (!feedFilePattern.test(file)) throw new Error(`refusing to open ${JSON.stringify(file)}: not a feed file name`);
    return this.storage.stream(this.key(channel, file));
  }

  /**
   * Lets `write` stream a feed into a new object (gzipped on the fly into a second one, hashed for the
   * ETag), then publishes it. If `write` fails, the previous snapshot stays and the new objects never appear.
   */
  async publish<T>(
    channel: string,
    extension: string,
    contentType: string,
    sequence: number,
    write: (sink: Writable) => Promise<T>,
  ): Promise<{ info: SnapshotInfo; result: T }> {
    const generation = `${Date.now()}-${randomBytes(4).toString("hex")}`;
    const file = `feed-${generation}.${extension}`;
    const gzipFile = `${file}.gz`;
    const hash = createHash("sha256");
    let bytes = 0;
    let gzipBytes = 0;
    const plain = this.storage.writer(this.key(channel, file));
    const gzip = createGzip();
    const gzipWritten = pipeline(
      gzip,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          gzipBytes += chunk.length;
          yield chunk;
        }
      },
      this.storage.writer(this.key(channel, gzipFile)),
    );
    // One writer, two objects: a chunk is accepted once both copies have room, so backpressure reaches the exporter.
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        bytes += chunk.length;
        const waits = [plain.write(chunk) ? null : once(plain, "drain"), gzip.write(chunk) ? null : once(gzip, "drain")];
        Promise.all(waits).then(() => done(), done);
      },
      final(done) {
        plain.end();
        gzip.end();
        Promise.all([finished(plain), gzipWritten]).then(() => done(), done);
      },
      destroy(error, done) {
        plain.destroy();
        gzip.destroy();
        done(error);
      },
    });
    // A failing store (disk full, database gone) fails this run through the sink; left unheard, the
    // streams' errors would take the whole process down.
    const fail = (error: Error) => sink.destroy(error);
    // The run hears of a failure through write() and finished(sink), whoever is piping into the sink then.
    sink.on("error", () => undefined);
    plain.on("error", fail);
    gzipWritten.catch(fail);
    try {
      const result = await write(sink);
      await finished(sink);
      const info: SnapshotInfo = {
        channel,
        etag: `"${hash.digest("hex").slice(0, 40)}"`,
        generatedAt: new Date().toISOString(),
        sequence,
        contentType,
        file,
        bytes,
        gzipFile,
        gzipBytes,
      };
      await this.storage.put(this.key(channel, "current.json"), Buffer.from(JSON.stringify(info)));
      await this.prune(channel, info);
      return { info, result };
    } catch (error) {
      // Destroying the writers removes what they wrote; the gzip pipeline ends when its writer does.
      sink.destroy();
      await gzipWritten.catch(() => undefined);
      await finished(plain).catch(() => undefined);
      throw error;
    }
  }

  private key(channel: string, file: string): string {
    if (!channelPattern.test(channel)) throw new Error(`refusing a feed folder for channel ${JSON.stringify(channel)}`);
    return `${channel}/${file}`;
  }

  private async prune(channel: string, current: SnapshotInfo): Promise<void> {
    const generations = (await this.storage.list(this.key(channel, "feed-")))
      .map((key) => key.slice(channel.length + 1))
      .filter((name) => feedFilePattern.test(name) && !name.endsWith(".gz") && name !== current.file)
      .sort()
      .reverse();
    for (const old of generations.slice(keptGenerations)) {
      await this.storage.delete(this.key(channel, old));
      await this.storage.delete(this.key(channel, `${old}.gz`));
    }
  }
}
