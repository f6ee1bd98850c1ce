import type { CatalogServices } from "../../src/catalog/services.js";
import { stockStatus, type StockStatus } from "../../src/offers/availability.js";
import { effectivePrice, type EffectivePrice } from "../../src/offers/effective-price.js";
import { withAncestors } from "../../src/catalog/read/categories.js";
import type { SourceProduct } from "../../src/catalog/read/source-products.js";
import { goldenDate } from "../helpers/demo-feeds.js";
import { storedCatalog } from "../helpers/stored-catalog.js";

export interface ExpectedOffer {
  /** Null when the product has no price in the channel's currency. */
  price: EffectivePrice | null;
  stock: StockStatus;
}

/**
 * What a channel must show of a product's price and stock, straight from the catalog's own rules
 * (effectivePrice, stockStatus), for tests that read a feed back and compare.
 */
export async function offerExpectations(catalog: CatalogServices, channel: string, at: Date = goldenDate): Promise<(source: SourceProduct) => ExpectedOffer> {
  const definitions = await catalog.definitions();
  const currency = definitions.channels.get(channel)?.export?.currency;
  if (!currency) throw new Error(`channel ${channel} has no export settings`);
  const ancestors = new Map(
    (await storedCatalog(catalog).categories.find({}, { ancestors: 1 }).lean<Array<{ _id: string; ancestors: string[] }>>()).map((c) => [c._id, c.ancestors]),
  );
  return (source) => ({
    price: effectivePrice(
      {
        sku: source.sku,
        family: source.family,
        categoriesWithAncestors: withAncestors(source.categories, (code) => ancestors.get(code)),
        prices: source.offer.prices,
      },
      currency,
      channel,
      at,
      definitions.promotions.values(),
    ),
    stock: stockStatus(source.offer, definitions.stockLocations),
  });
}
