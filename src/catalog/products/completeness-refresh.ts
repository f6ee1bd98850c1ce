import { unorderedBulkWrite } from "../../database/bulk-write.js";
import type { CatalogContext } from "../catalog-context.js";
import { completenessIndex, computeCompleteness } from "../values/completeness.js";
import { mergeInheritedValues } from "../values/raw-values.js";
import type { StoredProduct } from "./product-document.js";
import { loadAncestorChains } from "./write-context.js";

const batchSize = 500;

/**
 * Recomputes stored completeness for the products a change affects (a family's requirements, a
 * channel's locales or currencies, a model's values), streaming them in batches.
 */
export async function refreshCompleteness(context: CatalogContext, filter: Record<string, unknown>): Promise<number> {
  const definitions = await context.definitions.current();
  const cursor = context.models.products
    .find(filter, { sku: 1, family: 1, parent: 1, values: 1, completeness: 1 })
    .lean()
    .cursor({ batchSize });
  let batch: StoredProduct[] = [];
  let updated = 0;
  const flush = async () => {
    const chains = await loadAncestorChains(batch.map((p) => p.parent), context);
    const operations = [];
    for (const product of batch) {
      const ancestors = product.parent ? (chains.get(product.parent) ?? []) : [];
      const values = mergeInheritedValues(...ancestors.map((a) => a.values), product.values);
      const completeness = computeCompleteness(values, product.family ? definitions.families.get(product.family) : undefined, definitions);
      if (JSON.stringify(completeness) === JSON.stringify(product.completeness)) continue;
      operations.push({ updateOne: { filter: { _id: product._id }, update: { $set: { completeness, completenessIndex: completenessIndex(completeness) } } } });
    }
    if (operations.length) await unorderedBulkWrite(context.models.products.collection, operations as never);
    updated += operations.length;
    batch = [];
  };
  for await (const product of cursor) {
    batch.push(product as unknown as StoredProduct);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length) await flush();
  return updated;
}
