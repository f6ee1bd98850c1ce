import { jsonDocument } from "../shared/json-stream.js";
import type { Availability, ChannelExporter } from "../types.js";
import { appAvailability, mapMobileItem, type MobileItem } from "./map.js";

const pimAvailability = Object.fromEntries(Object.entries(appAvailability).map(([pim, app]) => [app, pim])) as Record<MobileItem["availability"], Availability>;

export const mobileAppExporter: ChannelExporter<MobileItem> = {
  code: "mobile-app",
  label: "Mobile app (compact JSON)",
  contentType: "application/json; charset=utf-8",
  fileExtension: "json",
  itemSchema: "mobile-app.item.schema.json",
  needsVariantGroups: true,
  needsTranslations: true,
  deltaPulls: true,
  itemId: (item) => item.id,
  map: mapMobileItem,
  render: (items, context) =>
    jsonDocument(
      { channel: context.channel, generatedAt: context.generatedAt.toISOString(), locale: context.languageTag, currency: context.currency },
      "products",
      items,
    ),
  customerView: (item) => ({
    title: Object.values(item.title)[0] ?? null,
    description: item.description ? (Object.values(item.description)[0] ?? null) : null,
    price: item.price ?? null,
    salePrice: item.salePrice ?? null,
    availability: pimAvailability[item.availability],
    image: item.images[0]?.renditions.at(-1)?.url ?? null,
  }),
};
