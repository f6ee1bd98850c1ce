import type { Availability, ChannelExporter, Money } from "../types.js";
import { mapGoogleItem, type GoogleItem } from "./map.js";
import { renderGoogleRss } from "./render.js";

function money(text: string | undefined): Money | null {
  const [amount, currency] = text?.split(" ") ?? [];
  return amount && currency ? { amount, currency } : null;
}

export const googleMerchantExporter: ChannelExporter<GoogleItem> = {
  code: "google-merchant",
  label: "Google Merchant Center (RSS 2.0)",
  contentType: "application/rss+xml; charset=utf-8",
  fileExtension: "xml",
  itemSchema: "google-merchant.item.schema.json",
  optionsSchema: {
    type: "object",
    additionalProperties: false,
    properties: {
      feedTitle: { type: "string", minLength: 1, maxLength: 150 },
      storeUrl: { type: "string", format: "uri", pattern: "^https?://" },
    },
  },
  itemId: (item) => item.id,
  map: mapGoogleItem,
  render: renderGoogleRss,
  customerView: (item) => ({
    title: item.title ?? null,
    description: item.description ?? null,
    price: money(item.price),
    salePrice: money(item.sale_price),
    availability: item.availability as Availability,
    image: item.image_link ?? null,
  }),
};
