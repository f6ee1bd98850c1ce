import { renderCsvFeed } from "../shared/csv-feed.js";
import { productDataColumns } from "../shared/product-data-feed.js";
import type { ExportContext } from "../types.js";
import type { MetaItem } from "./map.js";

/** Every column Meta reads from us, in the order of the header row; a row leaves a column empty when the item lacks it. */
export const metaColumns = ["id", ...productDataColumns] as const satisfies ReadonlyArray<keyof MetaItem>;

/**
 * additional_image_link holds up to 20 URLs in one quoted cell, separated by commas, as Meta's field reference
 * documents it (developers.facebook.com/docs/commerce-platform/catalog/fields; mirrored at
 * flexify.net/meta-catalog-docs/categories/common). Flattened `additional_image_link[0]` columns would make the
 * header depend on the product with the most images, which a streamed file cannot know up front.
 */
export function renderMetaCsv(items: AsyncIterable<MetaItem>, _context: ExportContext): AsyncGenerator<string> {
  return renderCsvFeed(metaColumns, items);
}
