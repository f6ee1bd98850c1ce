import { PimError } from "../../errors.js";
import { idFilter } from "../../database/id-filter.js";
import { unorderedBulkWrite } from "../../database/bulk-write.js";
import type { CatalogModels } from "../models.js";

/**
 * Writes offer paths (`offer.prices.EUR`, `offer.stock.main`…) as one `$set`/`$unset` per SKU without
 * reading first, so an ERP's price push costs one round trip. Returns the SKUs that matched no product.
 */
export async function writeOfferPaths(pathsBySku: Map<string, Record<string, unknown>>, at: Date, models: CatalogModels): Promise<Set<string>> {
  const operations = [...pathsBySku].map(([sku, paths]) => {
    const removed = Object.keys(paths).filter((path) => paths[path] === null);
    const set = Object.fromEntries(Object.entries(paths).filter(([, value]) => value !== null));
    const update = { $set: { ...set, "offer.updatedAt": at }, ...(removed.length ? { $unset: Object.fromEntries(removed.map((path) => [path, ""])) } : {}) };
    return { updateOne: { filter: { _id: sku }, update } };
  });
  const written = await unorderedBulkWrite(models.products.collection, operations as never);
  if (written.writeErrors.length) throw new PimError("INTERNAL_SERVER_ERROR", `${written.writeErrors.length} offer updates could not be written`);
  if (written.matchedCount === operations.length) return new Set();
  const skus = [...pathsBySku.keys()];
  const rows = await models.products.find(idFilter(skus), { _id: 1 }).lean<Array<{ _id: string }>>();
  const found = new Set(rows.map((row) => row._id));
  return new Set(skus.filter((sku) => !found.has(sku)));
}
