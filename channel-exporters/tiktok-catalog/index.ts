import { pimAvailabilityOf, productDataCustomerView } from "../shared/product-data-feed.js";
import type { ChannelExporter } from "../types.js";
import { mapTikTokItem, tiktokAvailability, type TikTokItem } from "./map.js";
import { renderTikTokCsv } from "./render.js";

const pimAvailability = pimAvailabilityOf(tiktokAvailability);

export const tiktokCatalogExporter: ChannelExporter<TikTokItem> = {
  code: "tiktok-catalog",
  label: "TikTok catalog for TikTok Shop and shopping ads (CSV)",
  contentType: "text/csv; charset=utf-8",
  fileExtension: "csv",
  itemSchema: "tiktok-catalog.item.schema.json",
  itemId: (item) => item.sku_id,
  map: mapTikTokItem,
  render: renderTikTokCsv,
  customerView: (item) => productDataCustomerView(item, pimAvailability.get(item.availability) ?? null),
};
