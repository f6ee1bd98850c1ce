import { renderCsvFeed } from "../shared/csv-feed.js";
import { productDataColumns } from "../shared/product-data-feed.js";
import type { ExportContext } from "../types.js";
import type { TikTokItem } from "./map.js";

/** Every column TikTok reads from us, in the order of the header row; a row leaves a column empty when the item lacks it. */
export const tiktokColumns = ["sku_id", ...productDataColumns] as const satisfies ReadonlyArray<keyof TikTokItem>;

/**
 * CSV rather than TSV: TikTok's catalog takes both, and a quoted CSV cell keeps a description's line
 * breaks, which a TSV cell cannot hold at all.
 */
export function renderTikTokCsv(items: AsyncIterable<TikTokItem>, _context: ExportContext): AsyncGenerator<string> {
  return renderCsvFeed(tiktokColumns, items);
}
