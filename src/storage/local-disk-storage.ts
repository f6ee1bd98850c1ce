import { createReadStream, createWriteStream, type Dirent } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { dirname, join, relative, sep } from "node:path";
import { Writable, type Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { checkedKey, type ObjectStorage } from "./object-storage.js";

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === "ENOENT";

/** Files under one folder: the single-process default, and the fastest to serve. */
export class LocalDiskStorage implements ObjectStorage {
  constructor(readonly root: string) {}

  private path(key: string): string {
    return join(this.root, ...checkedKey(key).split("/"));
  }

  /** A temporary name in the target's folder: renamed over the target it is atomic, so a crash mid-write leaves only a temp file. */
  private async temporaryFor(target: string): Promise<string> {
    await mkdir(dirname(target), { recursive: true });
    return `${dirname(target)}${sep}.${randomUUID()}.tmp`;
  }

  async put(key: string, data: Buffer): Promise<void> {
    const target = this.path(key);
    const temp = await this.temporaryFor(target);
    try {
      await writeFile(temp, data);
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  writer(key: string): Writable {
    const target = this.path(key);
    const opened = this.temporaryFor(target).then((temp) => {
      const file = createWriteStream(temp);
      // A disk error fails the writer, whose user hears it; unheard, it would reach the process.
      file.on("error", (error) => writer.destroy(error));
      return { temp, file };
    });
    const writer = new Writable({
      write(chunk: Buffer, _encoding, done) {
        opened.then(({ file }) => (file.write(chunk) ? done() : file.once("drain", () => done())), done);
      },
      final(done) {
        opened
          .then(async ({ temp, file }) => {
            file.end();
            await finished(file);
            await rename(temp, target);
          })
          .then(() => done(), done);
      },
      destroy(error, done) {
        opened
          .then(async ({ temp, file }) => {
            file.destroy();
            await rm(temp, { force: true });
          })
          .then(
            () => done(error),
            () => done(error),
          );
      },
    });
    return writer;
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async stat(key: string): Promise<{ bytes: number } | null> {
    try {
      return { bytes: (await stat(this.path(key))).size };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  stream(key: string): Readable {
    return createReadStream(this.path(key));
  }

  async list(prefix: string): Promise<string[]> {
    // The prefix's folder is read, not the whole tree: feeds list one channel's generations.
    const folder = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
    const start = folder ? join(this.root, ...checkedKey(folder).split("/")) : this.root;
    let entries: Dirent[];
    try {
      entries = await readdir(start, { recursive: true, withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    return entries
      .filter((entry) => entry.isFile() && !entry.name.endsWith(".tmp"))
      .map((entry) => relative(this.root, join(entry.parentPath, entry.name)).split(sep).join("/"))
      .filter((key) => key.startsWith(prefix))
      .sort();
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
