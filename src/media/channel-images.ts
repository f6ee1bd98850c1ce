import type { Collection } from "mongoose";
import type { ImageAsset, ImageRendition } from "../../channel-exporters/types.js";
import { assetIdPattern, type MediaAssetDocument } from "./asset-store.js";
import { loadPresets, renditionSize, tooSmallFor, type ChannelImagePresets, type PresetCatalog } from "./presets.js";

let presetCatalog: PresetCatalog | null = null;

/** The presets file, read and checked once per process. */
export function mediaPresets(): PresetCatalog {
  presetCatalog ??= loadPresets();
  return presetCatalog;
}

export function channelImagePresets(exporter: string): ChannelImagePresets | null {
  return mediaPresets().channels.get(exporter) ?? null;
}

/** `GET /media/{asset}/{preset}` under the channel's media base URL; the original without a preset. */
export function mediaUrl(baseUrl: string, asset: string, preset: string | null): string {
  return preset ? `${baseUrl}${encodeURIComponent(asset)}/${preset}` : baseUrl + encodeURIComponent(asset);
}

/** The preset a channel's image at this position is served in: the main one (e.g. Amazon's framed main image) for the first. */
export function channelPresetAt(presets: ChannelImagePresets, position: number): string {
  return position === 0 ? (presets.main ?? presets.images) : presets.images;
}

function rendition(baseUrl: string, name: string, asset: ImageAsset): ImageRendition {
  const preset = mediaPresets().presets.get(name);
  if (!preset) throw new Error(`preset ${name} does not exist`);
  return { url: mediaUrl(baseUrl, asset.id, name), ...renditionSize(preset, asset.width, asset.height, asset.productRegion), format: preset.format };
}

/** The channel's listed renditions of an asset, with the size each comes out at. */
export function channelRenditions(baseUrl: string, presets: ChannelImagePresets | null, asset: ImageAsset): ImageRendition[] {
  return (presets?.renditions ?? []).map((name) => rendition(baseUrl, name, asset));
}

/** The rendition a channel links for an asset at this position, with the size it comes out at; null for a channel without presets. */
export function channelImageRendition(baseUrl: string, presets: ChannelImagePresets | null, asset: ImageAsset, position: number): ImageRendition | null {
  return presets ? rendition(baseUrl, channelPresetAt(presets, position), asset) : null;
}

/** Why an asset at this position cannot meet the channel's minimum, or null when it can. */
export function channelImageProblem(presets: ChannelImagePresets | null, asset: ImageAsset, position: number): string | null {
  if (!presets) return null;
  const preset = mediaPresets().presets.get(channelPresetAt(presets, position));
  return preset ? tooSmallFor(preset, asset.width, asset.height) : null;
}

/** Asset sizes for one feed run, looked up by `_id` as products name them and kept, up to a bound, for products that share pictures. */
export class AssetSizes {
  private readonly cache = new Map<string, ImageAsset | null>();

  constructor(
    private readonly assets: Collection<MediaAssetDocument>,
    private readonly limit = 20_000,
  ) {}

  async get(id: string): Promise<ImageAsset | null> {
    if (this.cache.has(id)) return this.cache.get(id) ?? null;
    const doc = assetIdPattern.test(id) ? await this.assets.findOne({ _id: id }, { projection: { width: 1, height: 1, format: 1, productRegion: 1 } }) : null;
    const asset = doc
      ? { id, width: doc.width, height: doc.height, format: doc.format, ...(doc.productRegion ? { productRegion: doc.productRegion } : {}) }
      : null;
    if (this.cache.size >= this.limit) this.cache.clear();
    this.cache.set(id, asset);
    return asset;
  }
}
