import { pinterestCatalogExporter } from "../pinterest-catalog/index.js";
import type { ChannelExporter } from "../types.js";
import { mapPinterestBatchItems, type PinterestBatchItem, pinterestRowOf } from "./map.js";
import { pinterestBatchLimits, renderPinterestBatch } from "./render.js";

export const pinterestItemsBatchExporter: ChannelExporter<PinterestBatchItem> = {
  code: "pinterest-items-batch",
  label: "Pinterest catalog items batch (API v5 request bodies)",
  contentType: "application/json; charset=utf-8",
  fileExtension: "json",
  itemSchema: "pinterest-items-batch.item.schema.json",
  optionsSchema: {
    type: "object",
    additionalProperties: false,
    required: ["country"],
    properties: { country: { type: "string", pattern: "^[A-Z]{2}$", description: "The ISO 3166-1 alpha-2 country the items are sold in." } },
  },
  parts: pinterestBatchLimits,
  itemId: (item) => item.item_id,
  map: mapPinterestBatchItems,
  render: renderPinterestBatch,
  customerView: (item) => pinterestCatalogExporter.customerView(pinterestRowOf(item)),
};
