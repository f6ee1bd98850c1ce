import { createReadStream } from "node:fs";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { dirname, join, sep } from "node:path";
import type { Readable } from "node:stream";

/** Where originals and renditions live, by key; an object store can implement the same five calls. */
export interface MediaStorage {
  /** Writes all of `data` under `key`; readers see the old object or the new one, never a part. */
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  stat(key: string): Promise<{ bytes: number } | null>;
  stream(key: string): Readable;
  delete(key: string): Promise<void>;
}

const keyPattern = /^[a-z0-9][a-z0-9_./-]{0,299}$/;

/** Files under one folder; keys are relative paths made by the media code, never by a client. */
export class LocalDiskStorage implements MediaStorage {
  constructor(readonly root: string) {}

  private path(key: string): string {
    if (!keyPattern.test(key) || key.split("/").includes("..")) throw new Error(`invalid media storage key ${JSON.stringify(key)}`);
    return join(this.root, ...key.split("/"));
  }

  async put(key: string, data: Buffer): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    // A temporary name in the same folder, then rename: atomic on one file system, so a crash mid-write leaves only a temp file.
    const temp = `${dirname(target)}${sep}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, data);
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async stat(key: string): Promise<{ bytes: number } | null> {
    try {
      return { bytes: (await stat(this.path(key))).size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  stream(key: string): Readable {
    return createReadStream(this.path(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
