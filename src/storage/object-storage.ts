import type { Readable, Writable } from "node:stream";

/**
 * Where media and feed files live, by key: a folder on local disk, or GridFS in the service's MongoDB so
 * every process of a fleet reads what any of them wrote. Keys are made by the service, never by a client.
 */
export interface ObjectStorage {
  /** Writes all of `data` under `key`; readers see the old object or the new one, never a part. */
  put(key: string, data: Buffer): Promise<void>;
  /**
   * A stream into `key`, for objects too large to hold in memory: the object appears when the stream
   * finishes; destroyed before that, it never appears and what was written is removed.
   */
  writer(key: string): Writable;
  get(key: string): Promise<Buffer | null>;
  stat(key: string): Promise<{ bytes: number } | null>;
  stream(key: string): Readable;
  /** Keys that start with `prefix`, in key order. */
  list(prefix: string): Promise<string[]>;
  delete(key: string): Promise<void>;
}

const keyPattern = /^[a-z0-9][a-z0-9_./-]{0,299}$/;

/** Throws on a key the service could not have made, so no caller can reach outside its storage area. */
export function checkedKey(key: string): string {
  if (!keyPattern.test(key) || key.split("/").some((part) => part === ".." || part === "." || part === ""))
    throw new Error(`invalid storage key ${JSON.stringify(key)}`);
  return key;
}
