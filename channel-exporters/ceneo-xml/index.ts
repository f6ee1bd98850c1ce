import { plainText } from "../shared/text-safety.js";
import type { Availability, ChannelExporter } from "../types.js";
import { mapCeneoOffer, type CeneoAvail, type CeneoOffer } from "./map.js";
import { ceneoOptionsSchema } from "./options.js";
import { renderCeneoXml } from "./render.js";

/** Ceneo's avail codes in the PIM's words; 99 says nothing is known, which a customer reads as not in stock. */
const pimAvailability: Record<CeneoAvail, Availability> = {
  "1": "in_stock",
  "3": "in_stock",
  "7": "in_stock",
  "14": "in_stock",
  "90": "backorder",
  "99": "out_of_stock",
  "110": "preorder",
};

export const ceneoXmlExporter: ChannelExporter<CeneoOffer> = {
  code: "ceneo-xml",
  label: "Ceneo (XML offers file)",
  contentType: "application/xml; charset=utf-8",
  fileExtension: "xml",
  itemSchema: "ceneo-xml.item.schema.json",
  optionsSchema: ceneoOptionsSchema,
  itemId: (offer) => offer.id,
  map: mapCeneoOffer,
  render: renderCeneoXml,
  customerView: (offer) => ({
    title: offer.name ?? null,
    description: offer.desc ? plainText(offer.desc) : null,
    price: offer.price ? { amount: offer.price, currency: "PLN" } : null,
    salePrice: null,
    availability: pimAvailability[offer.avail],
    image: offer.imgs?.main ?? null,
  }),
};
