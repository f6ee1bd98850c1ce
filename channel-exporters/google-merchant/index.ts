import { moneyFromText } from "../shared/fit.js";
import type { Availability, ChannelExporter } from "../types.js";
import { mapGoogleItem, type GoogleItem } from "./map.js";
import { renderGoogleRss } from "./render.js";

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
      variantParameter: {
        type: "string",
        pattern: "^[a-z][a-z0-9_]{0,29}$",
        default: "variant",
        description: "Query parameter of the website that preselects a variant on its group's page: each variant's link lands on it.",
      },
    },
  },
  itemId: (item) => item.id,
  map: mapGoogleItem,
  render: renderGoogleRss,
  customerView: (item) => ({
    title: item.title ?? null,
    description: item.description ?? null,
    price: moneyFromText(item.price),
    salePrice: moneyFromText(item.sale_price),
    availability: item.availability as Availability,
    image: item.image_link ?? null,
  }),
};
