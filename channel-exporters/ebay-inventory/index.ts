import { plainText } from "../shared/text-safety.js";
import type { ChannelExporter, Money } from "../types.js";
import { mapEbayListing, type EbayAmount, type EbayListing } from "./map.js";
import { ebayOptionsSchema } from "./options.js";
import { maxRecordsPerCall, renderEbayBodies } from "./render.js";

const money = (amount: EbayAmount | undefined): Money | null => (amount ? { amount: amount.value, currency: amount.currency } : null);

export const ebayInventoryExporter: ChannelExporter<EbayListing> = {
  code: "ebay-inventory",
  label: "eBay Sell Inventory API (bulk inventory item and offer bodies)",
  contentType: "application/json; charset=utf-8",
  fileExtension: "json",
  itemSchema: "ebay-inventory.item.schema.json",
  optionsSchema: ebayOptionsSchema,
  // eBay documents no size limit for these bodies; 10 MiB stays under the 15 MB it sets for the bulk files of its Feed API.
  parts: { maxItems: maxRecordsPerCall, maxBytes: 10 * 1024 * 1024 },
  itemId: (listing) => listing.inventoryItem.sku,
  map: mapEbayListing,
  render: renderEbayBodies,
  // The listing shows the inventory item's description, then the safety information the offer adds to it.
  customerView: ({ inventoryItem: { product, availability }, offer }) => {
    const pricing = offer.pricingSummary;
    return {
      title: product.title ?? null,
      description: product.description ? plainText(product.description) : null,
      price: money(pricing?.originalRetailPrice ?? pricing?.price),
      salePrice: pricing?.originalRetailPrice ? money(pricing.price) : null,
      availability: availability.shipToLocationAvailability.quantity > 0 ? "in_stock" : "out_of_stock",
      image: product.imageUrls?.[0] ?? null,
    };
  },
};
