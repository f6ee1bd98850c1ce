import { plainText } from "../shared/text-safety.js";
import type { ChannelExporter } from "../types.js";
import { mapAllegroOffer, type AllegroOffer } from "./map.js";
import { allegroOptionsSchema } from "./options.js";
import { renderAllegroOffers } from "./render.js";

export const allegroOffersExporter: ChannelExporter<AllegroOffer> = {
  code: "allegro-offers",
  label: "Allegro (product-offers JSON)",
  contentType: "application/json; charset=utf-8",
  fileExtension: "json",
  itemSchema: "allegro-offers.item.schema.json",
  optionsSchema: allegroOptionsSchema,
  itemId: (offer) => offer.external.id,
  map: mapAllegroOffer,
  render: renderAllegroOffers,
  customerView: (offer) => {
    const text = offer.description?.sections.flatMap((s) => s.items.map((i) => i.content)).join("");
    return {
      title: offer.name ?? null,
      description: text ? plainText(text) : null,
      price: offer.sellingMode.price ?? null,
      salePrice: null,
      availability: offer.publication.status === "ENDED" ? "out_of_stock" : "in_stock",
      image: offer.images[0] ?? null,
    };
  },
};
