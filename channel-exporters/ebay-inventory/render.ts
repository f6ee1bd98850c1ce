import type { ExportContext } from "../types.js";
import type { EbayListing, EbayOffer } from "./map.js";
import { ebayOptions } from "./options.js";

/** bulkCreateOrReplaceInventoryItem and bulkCreateOffer each take at most 25 records per call. */
export const maxRecordsPerCall = 25;

/**
 * One part of the feed: the bodies of the two bulk calls that list its products, in the order they must be
 * sent (an offer names an inventory item that must already exist), with the site and the Content-Language
 * header both calls need. Inventory items are written as they come; the part's offers (at most 25) wait
 * for them. An offer that already exists on eBay is changed with updateOffer, not created again.
 */
export async function* renderEbayBodies(items: AsyncIterable<EbayListing>, context: ExportContext): AsyncGenerator<string> {
  const { marketplaceId } = ebayOptions(context.options);
  yield `{"marketplaceId":${JSON.stringify(marketplaceId)},"contentLanguage":${JSON.stringify(context.languageTag)},"bulkCreateOrReplaceInventoryItem":{"requests":[`;
  const offers: EbayOffer[] = [];
  for await (const { inventoryItem, offer } of items) {
    if (offers.length === maxRecordsPerCall)
      throw new Error(`eBay's bulk calls take at most ${maxRecordsPerCall} records, and channel ${context.channel} gave one body more`);
    yield `${offers.length ? "," : ""}\n${JSON.stringify(inventoryItem)}`;
    offers.push(offer);
  }
  yield `\n]},"bulkCreateOffer":{"requests":[${offers.map((offer) => `\n${JSON.stringify(offer)}`).join(",")}\n]}}\n`;
}
