import type { ImageRendition, MapContext } from "../types.js";
import type { ChannelProduct } from "../../src/feeds/channel-product.js";

export interface MobileImage {
  renditions: ImageRendition[];
}

/** Every stored image of the product in the app's preset widths and formats, each with the size it really has. */
export function imageRenditions(product: ChannelProduct, context: MapContext): MobileImage[] {
  return product.imageAssets.map((asset) => ({ renditions: context.renditions(asset) }));
}
