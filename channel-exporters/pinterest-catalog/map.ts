import { mapProductDataItem, type ProductDataChannel, type ProductDataItem } from "../shared/product-data-feed.js";
import type { Availability, ChannelProduct, MapContext } from "../types.js";

/** One row of a Pinterest catalog feed; keys are Pinterest's column names (pinterest/api-description v5, ItemAttributes). */
export interface PinterestItem extends ProductDataItem {
  id: string;
}

/**
 * The PIM's availability in Pinterest's words, which has no backorder or discontinued: a backorder can
 * be ordered now for later, as a preorder can, and a discontinued product is out of stock there.
 */
export const pinterestAvailability: Record<Availability, string> = {
  in_stock: "in stock",
  out_of_stock: "out of stock",
  preorder: "preorder",
  backorder: "preorder",
  discontinued: "out of stock",
};

/** Pinterest's limits (channel-specs.md §4). */
const pinterest: ProductDataChannel<"id"> = {
  idColumn: "id",
  availability: pinterestAvailability,
  limits: { title: 500, description: 10_000, productType: 1000, customLabel: 511, additionalImages: 10 },
  tooManyImages: (count, kept) => `${count} additional images; Pinterest takes the first ${kept}`,
};

export function mapPinterestItem(product: ChannelProduct, context: MapContext): PinterestItem[] {
  return [mapProductDataItem(product, context, pinterest)];
}
