import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { once } from "node:events";
import { Transform, Writable, type Readable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";

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
 * Feed files under `<root>/<channel>/`. Every generation gets files of its own; a finished generation is
 * published by renaming `current.json` over the old one, so a reader sees the old feed or the new one,
 * never half of either.
 */
export class FeedSnapshots {
  constructor(private readonly root: string) {}

  /**
   * The channel's published snapshot, or null when there is none or its pointer is not one publish()
   * wrote (unreadable, or naming a file outside the channel's folder): such a pointer is never followed,
   * and the feed counts as not generated yet.
   */
  async current(channel: string): Promise<SnapshotInfo | null> {
    let text: string;
    try {
      text = await readFile(join(this.folder(channel), "current.json"), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    try {
      const info: unknown = JSON.parse(text);
      return isSnapshotInfo(info) ? info : null;
    } catch {
      return null;
    }
  }

  open(channel: string, file: string): Readable {
    if (!feedFilePattern.test(file)) throw new Error(`refusing to open ${JSON.stringify(file)}: not a feed file name`);
    return createReadStream(join(this.folder(channel), file));
  }

  /**
   * Lets `write` stream a feed into a temporary file (gzipped on the fly into a second one, hashed for the
   * ETag), then publishes it. If `write` fails, the previous snapshot stays and the temporary files go.
   */
  async publish<T>(channel: string, extension: string, contentType: string, sequence: number, write: (sink: Writable) => Promise<T>): Promise<{ info: SnapshotInfo; result: T }> {
    const folder = this.folder(channel);
    await mkdir(folder, { recursive: true });
    const generation = `${Date.now()}-${randomBytes(4).toString("hex")}`;
    const file = `feed-${generation}.${extension}`;
    const gzipFile = `${file}.gz`;
    const hash = createHash("sha256");
    let bytes = 0;
    let gzipBytes = 0;
    const plain = createWriteStream(join(folder, `${file}.tmp`));
    const gzip = createGzip();
    const gzipWritten = pipeline(
      gzip,
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          gzipBytes += chunk.length;
          done(null, chunk);
        },
      }),
      createWriteStream(join(folder, `${gzipFile}.tmp`)),
    );
    // One writer, two files: a chunk is accepted once both copies have room, so backpressure reaches the exporter.
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
    // A failing disk (full, or the folder removed) fails this run through the sink; left unheard, the
    // streams' errors would take the whole process down.
    const fail = (error: Error) => sink.destroy(error);
    // The run hears of a failure through write() and finished(sink), whoever is piping into the sink then.
    sink.on("error", () => undefined);
    plain.on("error", fail);
    gzipWritten.catch(fail);
    try {
      const result = await write(sink);
      await finished(sink);
      await rename(join(folder, `${file}.tmp`), join(folder, file));
      await rename(join(folder, `${gzipFile}.tmp`), join(folder, gzipFile));
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
      await writeFile(join(folder, "current.json.tmp"), JSON.stringify(info));
      await rename(join(folder, "current.json.tmp"), join(folder, "current.json"));
      await this.prune(channel, info);
      return { info, result };
    } catch (error) {
      sink.destroy();
      await gzipWritten.catch(() => undefined);
      await rm(join(folder, `${file}.tmp`), { force: true });
      await rm(join(folder, `${gzipFile}.tmp`), { force: true });
      throw error;
    }
  }

  private folder(channel: string): string {
    if (!channelPattern.test(channel)) throw new Error(`refusing a feed folder for channel ${JSON.stringify(channel)}`);
    return join(this.root, channel);
  }

  private async prune(channel: string, current: SnapshotInfo): Promise<void> {
    const generations = (await readdir(this.folder(channel)))
      .filter((name) => name.startsWith("feed-") && !name.endsWith(".gz") && !name.endsWith(".tmp") && name !== current.file)
      .sort()
      .reverse();
    for (const old of generations.slice(keptGenerations)) {
      await rm(join(this.folder(channel), old), { force: true });
      await rm(join(this.folder(channel), `${old}.gz`), { force: true });
    }
  }
}
