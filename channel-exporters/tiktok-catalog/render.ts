import { renderCsvFeed } from "../shared/csv-feed.js";
import type { ExportContext } from "../types.js";
import type { TikTokItem } from "./map.js";

/** Every column TikTok reads from us, in the order of the header row; a row leaves a column empty when the item lacks it. */
export const tiktokColumns = [
  "sku_id",
  "title",
  "description",
  "availability",
  "condition",
  "price",
  "sale_price",
  "sale_price_effective_date",
  "link",
  "image_link",
  "additional_image_link",
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
] as const satisfies ReadonlyArray<keyof TikTokItem>;

/**
 * CSV rather than TSV: TikTok's catalog takes both, and a quoted CSV cell keeps a description's line
 * breaks, which a TSV cell cannot hold at all.
 */
export function renderTikTokCsv(items: AsyncIterable<TikTokItem>, _context: ExportContext): AsyncGenerator<string> {
  return renderCsvFeed(tiktokColumns, items);
}
