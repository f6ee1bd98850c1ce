import type { ChannelExporter } from "../types.js";
import { mapWildberriesCard, type WildberriesCardVariant } from "./map.js";
import { wildberriesOptionsSchema } from "./options.js";
import { renderWildberriesUpload, wildberriesUploadLimits } from "./render.js";

export const wildberriesCardsExporter: ChannelExporter<WildberriesCardVariant> = {
  code: "wildberries-cards",
  label: "Wildberries (cards upload v2 request bodies)",
  contentType: "application/json; charset=utf-8",
  fileExtension: "json",
  itemSchema: "wildberries-cards.item.schema.json",
  optionsSchema: wildberriesOptionsSchema,
  needsVariantGroups: true,
  parts: wildberriesUploadLimits,
  itemId: (item) => item.variant.vendorCode,
  map: mapWildberriesCard,
  render: renderWildberriesUpload,
  // A card carries its regular price only (discounts, stock and images go through other WB methods).
  customerView: ({ variant, currency }) => {
    const price = variant.sizes[0]?.price;
    return {
      title: variant.title ?? null,
      description: variant.description ?? null,
      price: price === undefined ? null : { amount: String(price), currency },
      salePrice: null,
      availability: null,
      image: null,
      // The cards upload carries none of these: discounts go through the prices API, stock through the
      // stocks API and photos through the media API.
      notCarried: ["salePrice", "availability", "image"],
    };
  },
};
