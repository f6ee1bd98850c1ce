import type { StockLocation } from "../catalog/definitions.js";
import type { Availability } from "../feeds/channel-product.js";
import type { StoredOffer } from "./offer.js";

export interface StockStatus {
  /** On-hand quantity summed over sellable locations; a location the catalog no longer has does not count. */
  sellableQuantity: number;
  availability: Extract<Availability, "in_stock" | "out_of_stock" | "backorder" | "preorder">;
  /** Only for backorder and preorder. */
  availabilityDate: Date | null;
}

/**
 * The one place availability is decided: in stock while anything is sellable; otherwise backorder or
 * preorder if the product is set up so; otherwise out of stock. Every channel translates this word.
 */
export function stockStatus(offer: StoredOffer, locations: ReadonlyMap<string, StockLocation>): StockStatus {
  let sellableQuantity = 0;
  for (const [location, onHand] of Object.entries(offer.stock)) {
    if (locations.get(location)?.sellable) sellableQuantity += Math.max(0, onHand);
  }
  if (sellableQuantity > 0) return { sellableQuantity, availability: "in_stock", availabilityDate: null };
  if (offer.policy !== "none") return { sellableQuantity, availability: offer.policy, availabilityDate: offer.availabilityDate };
  return { sellableQuantity, availability: "out_of_stock", availabilityDate: null };
}
