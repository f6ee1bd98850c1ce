import { plainText } from "../shared/text-safety.js";
import type { ChannelExporter } from "../types.js";
import { mapYmlOffer, type YmlOffer } from "./map.js";
import { renderYml } from "./render.js";

export const yandexMarketExporter: ChannelExporter<YmlOffer> = {
  code: "yandex-market-yml",
  label: "Yandex Market (YML)",
  contentType: "application/xml; charset=utf-8",
  fileExtension: "xml",
  itemSchema: "yandex-market-yml.item.schema.json",
  optionsSchema: {
    type: "object",
    additionalProperties: false,
    properties: {
      shopName: { type: "string", minLength: 1, maxLength: 20, description: "The shop's short name (YML shop/name)." },
      company: { type: "string", minLength: 1, maxLength: 255, description: "The company's full name (YML shop/company)." },
      url: { type: "string", format: "uri", pattern: "^https?://", maxLength: 2000 },
      params: {
        type: "array",
        uniqueItems: true,
        description: "Attribute codes written as <param> elements, in catalog order.",
        items: { type: "string", pattern: "^[a-z][a-z0-9_]{0,99}$" },
      },
      unitNames: {
        type: "object",
        description: "Unit symbol → the unit as the shop's buyers read it (cm → см).",
        additionalProperties: { type: "string", minLength: 1, maxLength: 50 },
      },
    },
  },
  itemId: (offer) => offer.id,
  map: mapYmlOffer,
  render: renderYml,
  customerView: (offer) => ({
    title: offer.name ?? null,
    description: offer.description ? plainText(offer.description) : null,
    price: offer.price ? { amount: offer.oldprice ?? offer.price, currency: offer.currencyId } : null,
    salePrice: offer.oldprice && offer.price ? { amount: offer.price, currency: offer.currencyId } : null,
    availability: offer.available ? "in_stock" : "out_of_stock",
    image: offer.picture?.[0] ?? null,
  }),
};
