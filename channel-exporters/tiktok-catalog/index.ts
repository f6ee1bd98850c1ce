import { moneyFromText } from "../shared/fit.js";
import type { Availability, ChannelExporter } from "../types.js";
import { mapTikTokItem, tiktokAvailability, type TikTokItem } from "./map.js";
import { renderTikTokCsv } from "./render.js";

const pimAvailability = new Map(Object.entries(tiktokAvailability).map(([pim, tiktok]) => [tiktok, pim as Availability]));

export const tiktokCatalogExporter: ChannelExporter<TikTokItem> = {
  code: "tiktok-catalog",
  label: "TikTok catalog for TikTok Shop and shopping ads (CSV)",
  contentType: "text/csv; charset=utf-8",
  fileExtension: "csv",
  itemSchema: "tiktok-catalog.item.schema.json",
  itemId: (item) => item.sku_id,
  map: mapTikTokItem,
  render: renderTikTokCsv,
  customerView: (item) => ({
    title: item.title ?? null,
    description: item.description ?? null,
    price: moneyFromText(item.price),
    salePrice: moneyFromText(item.sale_price),
    availability: pimAvailability.get(item.availability) ?? null,
    image: item.image_link ?? null,
  }),
};
