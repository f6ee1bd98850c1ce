import type { MediaAssetDocument } from "./asset-store.js";

/** Paths on this service: GET /media/{asset} and GET /media/{asset}/{preset}. */
export const originalPath = (asset: string) => `/media/${asset}`;
export const renditionPath = (asset: string, preset: string) => `/media/${asset}/${preset}`;

/** An asset as the HTTP API answers it: its facts, and the path of the original and of each preset. */
export function assetView(asset: MediaAssetDocument, presets: string[]) {
  return {
    id: asset._id,
    // As GraphQL's ImageFormat enum names it, so both APIs say the same.
    format: asset.format.toUpperCase(),
    mimeType: asset.mimeType,
    width: asset.width,
    height: asset.height,
    bytes: asset.bytes,
    checksum: asset.checksum,
    dominantColor: asset.dominantColor,
    altTexts: asset.altTexts,
    originalName: asset.originalName,
    createdAt: asset.createdAt.toISOString(),
    original: originalPath(asset._id),
    renditions: Object.fromEntries(presets.map((preset) => [preset, renditionPath(asset._id, preset)])),
  };
}
