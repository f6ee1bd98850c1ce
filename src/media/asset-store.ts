import type { Collection, Connection } from "mongoose";
import type { ImageFormat } from "./safe-sharp.js";

/** One stored original. `_id` is the sha256 of its bytes, so the same bytes uploaded twice are one asset. */
export interface MediaAssetDocument {
  _id: string;
  format: ImageFormat;
  mimeType: string;
  width: number;
  height: number;
  bytes: number;
  /** `sha256:<hex>`, the same digest as the id, in the form integrators compare against. */
  checksum: string;
  dominantColor: string;
  hasAlpha: boolean;
  orientation: number;
  /** Alt text by locale code. */
  altTexts: Record<string, string>;
  /** The file name the first uploader gave, for people; nothing depends on it. */
  originalName: string | null;
  createdAt: Date;
}

export const assetIdPattern = /^[0-9a-f]{64}$/;

export function assetCollection(connection: Connection): Collection<MediaAssetDocument> {
  return connection.collection<MediaAssetDocument>("media_assets");
}

/**
 * The asset ids among `ids` that exist, one `_id` lookup each: FerretDB serves only a single `_id`
 * equality from its index, and a product names a handful of assets.
 */
export async function existingAssetIds(collection: Collection<MediaAssetDocument>, ids: Iterable<string>): Promise<Set<string>> {
  const wanted = [...new Set(ids)].filter((id) => assetIdPattern.test(id));
  const existing = new Set<string>();
  // 50 at a time, so a batch of a thousand products does not open thousands of queries at once.
  for (let start = 0; start < wanted.length; start += 50) {
    const found = await Promise.all(wanted.slice(start, start + 50).map((id) => collection.findOne({ _id: id }, { projection: { _id: 1 } })));
    for (const doc of found) if (doc) existing.add(doc._id);
  }
  return existing;
}
