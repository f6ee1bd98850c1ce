import { join } from "node:path";
import type { Connection } from "mongoose";
import { GridFsStorage } from "./gridfs-storage.js";
import { LocalDiskStorage } from "./local-disk-storage.js";
import type { ObjectStorage } from "./object-storage.js";

/** `disk`: folders under DATA_DIR, for one process. `gridfs`: the service's MongoDB, shared by a fleet. */
export type StorageKind = "disk" | "gridfs";

/** The service's storage areas, each a folder or a GridFS bucket of its own. */
export interface StorageAreas {
  media: ObjectStorage;
  feeds: ObjectStorage;
  /** Import uploads, rejected rows, export files. */
  bulk: ObjectStorage;
}

export function openStorageAreas(kind: StorageKind, connection: Connection, dataDir: string): StorageAreas {
  const area = (name: keyof StorageAreas): ObjectStorage =>
    kind === "gridfs" ? new GridFsStorage(connection, name) : new LocalDiskStorage(join(dataDir, name));
  return { media: area("media"), feeds: area("feeds"), bulk: area("bulk") };
}
