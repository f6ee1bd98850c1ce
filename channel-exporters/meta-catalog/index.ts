import { pimAvailabilityOf, productDataCustomerView } from "../shared/product-data-feed.js";
import type { ChannelExporter } from "../types.js";
import { mapMetaItem, metaAvailability, type MetaItem } from "./map.js";
import { renderMetaCsv } from "./render.js";

const pimAvailability = pimAvailabilityOf(metaAvailability);

export const metaCatalogExporter: ChannelExporter<MetaItem> = {
  code: "meta-catalog",
  label: "Meta catalog for Facebook and Instagram shops (CSV)",
  contentType: "text/csv; charset=utf-8",
  fileExtension: "csv",
  itemSchema: "meta-catalog.item.schema.json",
  itemId: (item) => item.id,
  map: mapMetaItem,
  render: renderMetaCsv,
  customerView: (item) => productDataCustomerView(item, pimAvailability.get(item.availability) ?? null),
};
