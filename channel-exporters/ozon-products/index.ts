import type { ChannelExporter, Money } from "../types.js";
import { mapOzonProduct, ozonAttributeIds, type OzonProduct } from "./map.js";
import { ozonOptionsSchema } from "./options.js";
import { ozonImportLimits, renderOzonImport } from "./render.js";

function money(amount: string | undefined, currency: string): Money | null {
  return amount && amount !== "0" ? { amount, currency } : null;
}

export const ozonProductsExporter: ChannelExporter<OzonProduct> = {
  code: "ozon-products",
  label: "Ozon (product import v3 request bodies)",
  contentType: "application/json; charset=utf-8",
  fileExtension: "json",
  itemSchema: "ozon-products.item.schema.json",
  optionsSchema: ozonOptionsSchema,
  parts: ozonImportLimits,
  itemId: (item) => item.offer_id,
  map: mapOzonProduct,
  render: renderOzonImport,
  // A struck-through old_price is the regular price and price the sale price; the import carries no stock.
  customerView: (item) => {
    const struck = money(item.old_price, item.currency_code);
    return {
      title: item.name ?? null,
      description: item.attributes?.find((a) => a.id === ozonAttributeIds.description)?.values[0]?.value ?? null,
      price: struck ?? money(item.price, item.currency_code),
      salePrice: struck ? money(item.price, item.currency_code) : null,
      availability: null,
      image: item.primary_image ?? null,
      // Stock goes to Ozon through its stocks API, not the product import.
      notCarried: ["availability"],
    };
  },
};
