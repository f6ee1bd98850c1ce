import { mapProductDataItem, type ProductDataChannel, type ProductDataItem } from "../shared/product-data-feed.js";
import { withoutEmoji } from "../shared/text-safety.js";
import type { Availability, ChannelProduct, MapContext } from "../types.js";

/** One row of a TikTok catalog feed; keys are TikTok's column names (ads.tiktok.com/help/article/catalog-product-parameters). */
export interface TikTokItem extends ProductDataItem {
  sku_id: string;
}

/** The PIM's availability in TikTok's five words, the same as Meta's. */
export const tiktokAvailability: Record<Availability, string> = {
  in_stock: "in stock",
  out_of_stock: "out of stock",
  preorder: "preorder",
  backorder: "available for order",
  discontinued: "discontinued",
};

/**
 * TikTok publishes no lengths for its catalog, so Google's apply (channel-specs.md §3). Images: the Shop
 * shows at most 9 per product (main_images 1–9), the stricter of the two destinations of this feed.
 */
const tiktok: ProductDataChannel<"sku_id"> = {
  idColumn: "sku_id",
  availability: tiktokAvailability,
  limits: {
    title: 150,
    description: 5000,
    brand: 70,
    mpn: 70,
    productType: 750,
    color: 100,
    size: 100,
    material: 200,
    customLabel: 100,
    additionalImages: 8,
  },
  tooManyImages: (count, kept) => `${count} additional images; TikTok Shop shows ${kept + 1} images in all, so the first ${kept} are kept`,
  title: titleWithoutEmoji,
};

export function mapTikTokItem(product: ChannelProduct, context: MapContext): TikTokItem[] {
  return [mapProductDataItem(product, context, tiktok)];
}

/** TikTok rejects titles with emoji, so they are taken out and the report says so. */
function titleWithoutEmoji(title: string, context: MapContext): string {
  const clean = withoutEmoji(title);
  if (clean !== title) context.warn("title", "emoji taken out: TikTok refuses titles with emoji");
  return clean;
}
