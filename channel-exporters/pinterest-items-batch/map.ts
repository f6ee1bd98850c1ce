import { mapPinterestItem, type PinterestItem } from "../pinterest-catalog/map.js";
import type { ChannelProduct, MapContext } from "../types.js";

/** A catalog feed row's columns as the batch API's ItemAttributesRequest names them; it takes the main image as a list. */
export type PinterestItemAttributes = Omit<PinterestItem, "id" | "image_link"> & { image_link?: string[] };

/** One element of `items` in a `POST /v5/catalogs/items/batch` body (pinterest/api-description v5, ItemUpsertBatchRecord). */
export interface PinterestBatchItem {
  item_id: string;
  attributes: PinterestItemAttributes;
}

/** The catalog feed's mapping, limits and warnings, in the batch API's shape. */
export function mapPinterestBatchItems(product: ChannelProduct, context: MapContext): PinterestBatchItem[] {
  return mapPinterestItem(product, context).map(({ id, image_link, ...attributes }) => ({
    item_id: id,
    attributes: image_link ? { ...attributes, image_link: [image_link] } : attributes,
  }));
}

/** The feed row an item was made from, to read it back as the catalog exporter does. */
export function pinterestRowOf({ item_id, attributes: { image_link, ...attributes } }: PinterestBatchItem): PinterestItem {
  return { id: item_id, ...attributes, ...(image_link ? { image_link: image_link[0] } : {}) };
}
