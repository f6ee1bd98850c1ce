/** How a product with nothing sellable is offered: not at all, for later delivery, or before its release. */
export const stockPolicies = ["none", "backorder", "preorder"] as const;
export type StockPolicy = (typeof stockPolicies)[number];

/**
 * Prices and stock as stored on the product document under `offer`. Keys are codes the catalog
 * validated (ISO currencies, stock location codes), so they are safe as document keys and a single
 * price or stock figure is written with one `$set` on its own path, without reading the rest.
 */
export interface StoredOffer {
  /** currency → base price, a decimal string. */
  prices: Record<string, string>;
  /** stock location → quantity on hand. */
  stock: Record<string, number>;
  policy: StockPolicy;
  /** When a backordered or preordered product is expected to ship. */
  availabilityDate: Date | null;
  updatedAt: Date | null;
}

export function offerOf(stored: Partial<StoredOffer> | null | undefined): StoredOffer {
  return {
    prices: stored?.prices ?? {},
    stock: stored?.stock ?? {},
    policy: stored?.policy ?? "none",
    availabilityDate: stored?.availabilityDate ?? null,
    updatedAt: stored?.updatedAt ?? null,
  };
}
