import { renderCsvFeed } from "../shared/csv-feed.js";
import type { ExportContext } from "../types.js";
import type { PinterestItem } from "./map.js";

/** Every column Pinterest reads from us, in the order of the header row; a row leaves a column empty when the item lacks it. */
export const pinterestColumns = [
  "id",
  "title",
  "description",
  "link",
  "image_link",
  "additional_image_link",
  "price",
  "sale_price",
  "sale_price_effective_date",
  "availability",
  "condition",
  "brand",
  "gtin",
  "mpn",
  "item_group_id",
  "google_product_category",
  "product_type",
  "color",
  "size",
  "gender",
  "age_group",
  "material",
  "custom_label_0",
  "custom_label_1",
  "custom_label_2",
  "custom_label_3",
  "custom_label_4",
] as const satisfies ReadonlyArray<keyof PinterestItem>;

export function renderPinterestCsv(items: AsyncIterable<PinterestItem>, _context: ExportContext): AsyncGenerator<string> {
  return renderCsvFeed(pinterestColumns, items);
}
