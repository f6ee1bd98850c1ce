import type { ChannelExporter } from "../types.js";
import { defaultVariantParameter, mapWebsiteItem, type WebsiteItem } from "./map.js";
import { renderWebsiteDocuments } from "./render.js";

export const websiteExporter: ChannelExporter<WebsiteItem> = {
  code: "website",
  label: "Website (JSON product documents with schema.org JSON-LD)",
  contentType: "application/json; charset=utf-8",
  fileExtension: "json",
  itemSchema: "website.item.schema.json",
  optionsSchema: {
    type: "object",
    additionalProperties: false,
    properties: {
      variantParameter: {
        type: "string",
        pattern: "^[a-z][a-z0-9_]{0,29}$",
        default: defaultVariantParameter,
        description: "Query parameter that preselects a variant on its group's page.",
      },
    },
  },
  needsVariantGroups: true,
  deltaPulls: true,
  itemId: (item) => item.id,
  map: mapWebsiteItem,
  render: renderWebsiteDocuments,
  customerView: (item) => ({
    title: item.title,
    description: item.description ?? null,
    price: item.price ?? null,
    salePrice: item.salePrice ?? null,
    availability: item.availability,
    image: item.images[0] ?? null,
  }),
};
