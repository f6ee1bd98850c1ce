import type { Collection, Connection } from "mongoose";
import type { PixelRegion } from "./presets.js";
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
  /**
   * Where the product is once a white background around it is trimmed away, as the framed renditions
   * (Amazon's main image) cut it; absent on assets uploaded before it was measured.
   */
  productRegion?: PixelRegion;
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

/** The asset ids among `ids` that exist. */
export async function existingAssetIds(collection: Collection<MediaAssetDocument>, ids: Iterable<string>): Promise<Set<string>> {
  const wanted = [...new Set(ids)].filter((id) => assetIdPattern.test(id));
  if (wanted.length === 0) return new Set();
  const found = await collection.find({ _id: { $in: wanted } }, { projection: { _id: 1 } }).toArray();
  return new Set(found.map((doc) => doc._id));
}
