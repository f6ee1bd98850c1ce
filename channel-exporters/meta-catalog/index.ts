import { moneyFromText } from "../shared/fit.js";
import type { Availability, ChannelExporter } from "../types.js";
import { mapMetaItem, metaAvailability, type MetaItem } from "./map.js";
import { renderMetaCsv } from "./render.js";

const pimAvailability = new Map(Object.entries(metaAvailability).map(([pim, meta]) => [meta, pim as Availability]));

export const metaCatalogExporter: ChannelExporter<MetaItem> = {
  code: "meta-catalog",
  label: "Meta catalog for Facebook and Instagram shops (CSV)",
  contentType: "text/csv; charset=utf-8",
  fileExtension: "csv",
  itemSchema: "meta-catalog.item.schema.json",
  itemId: (item) => item.id,
  map: mapMetaItem,
  render: renderMetaCsv,
  customerView: (item) => ({
    title: item.title ?? null,
    description: item.description ?? null,
    price: moneyFromText(item.price),
    salePrice: moneyFromText(item.sale_price),
    availability: pimAvailability.get(item.availability) ?? null,
    image: item.image_link ?? null,
  }),
};
