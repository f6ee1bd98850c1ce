import { mapProductDataItem, type ProductDataChannel, type ProductDataItem } from "../shared/product-data-feed.js";
import type { Availability, ChannelProduct, MapContext } from "../types.js";

/** One row of a Meta catalog feed; keys are Meta's column names. */
export interface MetaItem extends ProductDataItem {
  id: string;
}

/** The PIM's availability in Meta's words (developers.facebook.com/docs/commerce-platform/catalog/fields). */
export const metaAvailability: Record<Availability, string> = {
  in_stock: "in stock",
  out_of_stock: "out of stock",
  preorder: "preorder",
  backorder: "available for order",
  discontinued: "discontinued",
};

const meta: ProductDataChannel<"id"> = {
  idColumn: "id",
  availability: metaAvailability,
  limits: { title: 200, description: 9999, brand: 100, customLabel: 100, additionalImages: 20 },
  tooManyImages: (count, kept) => `${count} additional images; Meta takes the first ${kept}`,
};

export function mapMetaItem(product: ChannelProduct, context: MapContext): MetaItem[] {
  return [mapProductDataItem(product, context, meta)];
}
