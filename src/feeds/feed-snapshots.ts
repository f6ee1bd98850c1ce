import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { Writable, type Readable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import type { ObjectStorage } from "../storage/object-storage.js";

/** One finished file of a snapshot and its gzip twin. */
export interface SnapshotFile {
  file: string;
  bytes: number;
  gzipFile: string;
  gzipBytes: number;
  etag: string;
}

/**
 * What `current.json` of a channel points at: a finished feed. Its own file fields are the first part;
 * a channel whose files or requests have limits (ChannelExporter.parts) may have more, all in `parts`.
 */
export interface SnapshotInfo extends SnapshotFile {
  channel: string;
  generatedAt: string;
  /** The change log's safe sequence when the run began: every change up to it is in the feed. */
  sequence: number;
  contentType: string;
  /** Every part in order, the first included; a pointer written before parts existed has none. */
  parts?: SnapshotFile[];
}

/** A snapshot's parts in order; one for a feed that is a single file. */
export function partsOf(info: SnapshotInfo): SnapshotFile[] {
  return info.parts?.length ? info.parts : [{ file: info.file, bytes: info.bytes, gzipFile: info.gzipFile, gzipBytes: info.gzipBytes, etag: info.etag }];
}

/** Opens the sink of the part with this index (0 first); a run opens them in order, each after the last one ended. */
export type PartOpener = (index: number) => Writable;

/** Generations kept besides the current one, so a reader that just opened the old file can finish it. */
const keptGenerations = 2;

const channelPattern = /^[a-z][a-z0-9_]{0,99}$/;
/** The names publish() gives feed files; a pointer naming anything else is not followed. */
const feedFilePattern = /^feed-\d{13}-[0-9a-f]{8}(-part\d{1,6})?\.[a-z]{2,5}(\.gz)?$/;
const generationOf = (file: string) => file.slice(0, "feed-".length + 13 + 1 + 8);

function isSnapshotFile(value: unknown): value is SnapshotFile {
  const file = value as Partial<SnapshotFile> | null;
  return (
    typeof file === "object" &&
    file !== null &&
    typeof file.file === "string" &&
    feedFilePattern.test(file.file) &&
    typeof file.gzipFile === "string" &&
    feedFilePattern.test(file.gzipFile) &&
    typeof file.etag === "string" &&
    typeof file.bytes === "number" &&
    typeof file.gzipBytes === "number"
  );
}

/** A pointer the service could have written: every field of its kind, and files only by names of its own. */
function isSnapshotInfo(value: unknown): value is SnapshotInfo {
  if (!isSnapshotFile(value)) return false;
  const info = value as Partial<SnapshotInfo>;
  return (
    typeof info.contentType === "string" &&
    typeof info.generatedAt === "string" &&
    (info.parts === undefined || (Array.isArray(info.parts) && info.parts.every(isSnapshotFile)))
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

  /** Whether every file of a generation is still stored (pruning removes old ones). */
  async exists(channel: string, files: readonly SnapshotFile[]): Promise<boolean> {
    for (const { file } of files) {
      if (!feedFilePattern.test(file) || !(await this.storage.stat(this.key(channel, file)))) return false;
    }
    return true;
  }

  open(channel: string, file: string): Readable {
    if (!feedFilePattern.test(file)) throw new Error(`refusing to open ${JSON.stringify(file)}: not a feed file name`);
    return this.storage.stream(this.key(channel, file));
  }

  /**
   * Lets `write` stream a feed into new objects, one per part it opens (each gzipped on the fly into a
   * second object and hashed for its ETag), then publishes them together. If `write` fails, the previous
   * snapshot stays and the new objects never appear. `keep` names generations (by their first file) that
   * pruning must leave alone, such as one a push delivery has not finished.
   */
  async publish<T>(
    channel: string,
    extension: string,
    contentType: string,
    sequence: number,
    write: (open: PartOpener) => Promise<T>,
    keep: readonly string[] = [],
  ): Promise<{ info: SnapshotInfo; result: T }> {
    const generation = `${Date.now()}-${randomBytes(4).toString("hex")}`;
    const files: Array<ReturnType<FeedSnapshots["fileWriter"]>> = [];
    const open: PartOpener = (index) => {
      if (index !== files.length) throw new Error(`part ${index + 1} opened out of order: ${files.length} opened so far`);
      const file = `feed-${generation}${index === 0 ? "" : `-part${index + 1}`}.${extension}`;
      const writer = this.fileWriter(channel, file);
      files.push(writer);
      return writer.sink;
    };
    try {
      const result = await write(open);
      if (files.length === 0) open(0).end();
      const parts = await Promise.all(files.map((writer) => writer.finished()));
      const [first] = parts as [SnapshotFile, ...SnapshotFile[]];
      const info: SnapshotInfo = { channel, generatedAt: new Date().toISOString(), sequence, contentType, ...first, parts };
      await this.storage.put(this.key(channel, "current.json"), Buffer.from(JSON.stringify(info)));
      await this.prune(channel, info, keep);
      return { info, result };
    } catch (error) {
      await Promise.all(files.map((writer) => writer.abandon()));
      throw error;
    }
  }

  /**
   * One file and its gzip twin behind one sink. A failing store (disk full, database gone) fails the
   * run through the sink; left unheard, the streams' errors would take the whole process down.
   */
  private fileWriter(channel: string, file: string) {
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
    const fail = (error: Error) => sink.destroy(error);
    // The run hears of a failure through write() and finished(sink), whoever is piping into the sink then.
    sink.on("error", () => undefined);
    plain.on("error", fail);
    gzipWritten.catch(fail);
    return {
      sink,
      finished: async (): Promise<SnapshotFile> => {
        await finished(sink);
        return { file, bytes, gzipFile, gzipBytes, etag: `"${hash.digest("hex").slice(0, 40)}"` };
      },
      /**
       * Destroying the writers removes what they had not finished; a part already finished is deleted, so a
       * failed run leaves no files behind to pile up or to count as a generation when pruning.
       */
      abandon: async (): Promise<void> => {
        sink.destroy();
        await gzipWritten.catch(() => undefined);
        await finished(plain).catch(() => undefined);
        await this.storage.delete(this.key(channel, file));
        await this.storage.delete(this.key(channel, gzipFile));
      },
    };
  }

  private key(channel: string, file: string): string {
    if (!channelPattern.test(channel)) throw new Error(`refusing a feed folder for channel ${JSON.stringify(channel)}`);
    return `${channel}/${file}`;
  }

  /** Deletes every file of the generations older than the current one and the `keptGenerations` before it, except those kept. */
  private async prune(channel: string, current: SnapshotInfo, keep: readonly string[]): Promise<void> {
    const files = (await this.storage.list(this.key(channel, "feed-")))
      .map((key) => key.slice(channel.length + 1))
      .filter((name) => feedFilePattern.test(name));
    const spared = new Set([current.file, ...keep].map(generationOf));
    const older = [...new Set(files.map(generationOf))]
      .filter((generation) => !spared.has(generation))
      .sort()
      .reverse();
    const dropped = new Set(older.slice(keptGenerations));
    for (const name of files) if (dropped.has(generationOf(name))) await this.storage.delete(this.key(channel, name));
  }
}
