import type { ChannelProduct, ImageAsset, ImageRendition, MapContext } from "../types.js";

/**
 * The stored original behind the images field's picture at this position (0 is the main image) and the
 * rendition the channel links for it, each with its size; null for a picture that is not a stored asset.
 */
export function linkedImage(product: ChannelProduct, context: MapContext, position: number): { asset: ImageAsset; rendition: ImageRendition } | null {
  const asset = product.imageAssets.find((stored) => stored.id === product.imageAssetIds[position]);
  const rendition = asset && context.imageRendition(asset, position);
  return asset && rendition ? { asset, rendition } : null;
}
