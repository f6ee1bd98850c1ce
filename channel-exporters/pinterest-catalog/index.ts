import { productDataCustomerView } from "../shared/product-data-feed.js";
import type { Availability, ChannelExporter } from "../types.js";
import { mapPinterestItem, type PinterestItem } from "./map.js";
import { renderPinterestCsv } from "./render.js";

/** Pinterest's words back in the PIM's, for the consistency report; a preorder may also be a backorder in the PIM. */
const pimAvailability: Record<string, Availability> = { "in stock": "in_stock", "out of stock": "out_of_stock", preorder: "preorder" };

export const pinterestCatalogExporter: ChannelExporter<PinterestItem> = {
  code: "pinterest-catalog",
  label: "Pinterest catalog (CSV)",
  contentType: "text/csv; charset=utf-8",
  fileExtension: "csv",
  itemSchema: "pinterest-catalog.item.schema.json",
  itemId: (item) => item.id,
  map: mapPinterestItem,
  render: renderPinterestCsv,
  customerView: (item) => productDataCustomerView(item, pimAvailability[item.availability] ?? null),
};
