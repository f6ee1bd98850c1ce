import { jsonDocument } from "../shared/json-stream.js";
import type { ExportContext, FeedPartLimits } from "../types.js";
import type { OzonProduct } from "./map.js";

/**
 * One request takes at most 100 products (/v3/product/import). Ozon documents no body size; 10 MB holds
 * 100 products with long annotations many times over, and is what Wildberries and Amazon allow.
 */
export const ozonImportLimits: FeedPartLimits = { maxItems: 100, maxBytes: 10_000_000 };

/** The body of one `POST /v3/product/import`: `{"items":[…]}`, one product per line. */
export function renderOzonImport(items: AsyncIterable<OzonProduct>, _context: ExportContext): AsyncGenerator<string> {
  return jsonDocument({}, "items", items);
}
