import type { CatalogDefinitions } from "../definitions.js";
import type { CatalogModels } from "../models.js";
import { idFilter } from "../../database/id-filter.js";
import { stockStatus } from "../../offers/availability.js";
import { offerOf, type StoredOffer } from "../../offers/offer.js";
import type { PayloadReader } from "../../events/change-log.js";

interface ProductRow {
  _id: string;
  enabled: boolean;
  version: number;
  offer?: Partial<StoredOffer>;
}

/** What a webhook receiver needs without calling back: the product's state after the change, availability decided. */
export function productState(row: ProductRow, definitions: CatalogDefinitions): Record<string, unknown> {
  const offer = offerOf(row.offer);
  const status = stockStatus(offer, definitions.stockLocations);
  return {
    sku: row._id,
    enabled: row.enabled,
    version: row.version,
    availability: status.availability,
    availabilityDate: status.availabilityDate?.toISOString() ?? null,
    sellableQuantity: status.sellableQuantity,
    stock: Object.entries(offer.stock).map(([location, onHand]) => ({ location, onHand })),
    prices: Object.entries(offer.prices).map(([currency, amount]) => ({ currency, amount })),
  };
}

/** Reads event payloads from the catalog as it stands once the write is done. */
export function catalogPayloadReader(models: CatalogModels, definitions: () => Promise<CatalogDefinitions>): PayloadReader {
  return async (type, subjects) => {
    const payloads = new Map<string, Record<string, unknown> | null>();
    switch (type) {
      case "product.changed":
      case "offer.stock_changed":
      case "offer.price_changed": {
        const current = await definitions();
        const cursor = models.products.find(idFilter(subjects), { enabled: 1, version: 1, offer: 1 }).lean<ProductRow>().cursor({ batchSize: 1000 });
        for await (const row of cursor) payloads.set(row._id, productState(row, current));
        break;
      }
      case "product.deleted": {
        const tombstones = await models.productTombstones.find(idFilter(subjects), { parent: 1 }).lean<Array<{ _id: string; parent: string | null }>>();
        const parents = new Map(tombstones.map((t) => [t._id, t.parent ?? null]));
        for (const sku of subjects) payloads.set(sku, { sku, parent: parents.get(sku) ?? null });
        break;
      }
      case "product_model.changed":
      case "product_model.deleted":
        for (const code of subjects) payloads.set(code, { code });
        break;
      case "promotion.changed":
        for (const code of subjects) payloads.set(code, { after: await models.promotions.findById(code).lean() });
        break;
      case "definitions.changed":
        for (const subject of subjects) {
          const [entityType, ...code] = subject.split(":");
          payloads.set(subject, { entityType, code: code.join(":") });
        }
        break;
      default:
        break;
    }
    return payloads;
  };
}
