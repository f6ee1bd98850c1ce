import { unorderedBulkWrite } from "../../database/bulk-write.js";
import type { CatalogContext } from "../catalog-context.js";
import { completenessIndex, computeCompleteness } from "../values/completeness.js";
import { numericIndex, sortKeys } from "../values/numeric-index.js";
import type { RawValues } from "../models.js";
import { stableStringify, type StoredProduct } from "./product-document.js";
import { inheritedValues, loadAncestorChains } from "../read/ancestry.js";

const batchSize = 500;

/** Products and models stored before `numbers` (and products before `sortKeys`) existed get them: a refresh with this filter is asked for at start. */
export const missingDerivedFields = { $or: [{ numbers: { $exists: false } }, { sortKeys: { $exists: false } }] };

/**
 * Recomputes what is derived from values and reference data: stored completeness for the products a
 * change affects (a family's requirements, a channel's locales or currencies, a model's values), with
 * their numeric index and sort keys, streaming products in batches.
 */
export async function refreshCompleteness(context: CatalogContext, filter: Record<string, unknown>): Promise<number> {
  const definitions = await context.definitions.current();
  // Models are filled in by the once-per-database refresh only, not scanned by every refresh.
  if (stableStringify(filter) === stableStringify(missingDerivedFields)) {
    for await (const model of context.models.productModels
      .find({ numbers: { $exists: false } }, { values: 1 })
      .lean()
      .cursor({ batchSize })) {
      await context.models.productModels.updateOne({ _id: model._id }, { $set: { numbers: numericIndex(model.values as RawValues, definitions) } });
    }
  }
  const cursor = context.models.products
    .find(filter, { sku: 1, family: 1, parent: 1, values: 1, completeness: 1, numbers: 1, sortKeys: 1 })
    .lean()
    .cursor({ batchSize });
  let batch: StoredProduct[] = [];
  let updated = 0;
  const flush = async () => {
    const chains = await loadAncestorChains(
      batch.map((p) => p.parent),
      context.models,
    );
    const operations = [];
    for (const product of batch) {
      const ancestors = product.parent ? (chains.get(product.parent) ?? []) : [];
      const values = inheritedValues(ancestors, product.values);
      const completeness = computeCompleteness(values, product.family ? definitions.families.get(product.family) : undefined, definitions);
      const numbers = numericIndex(product.values, definitions);
      const sorting = sortKeys(values, definitions);
      const same =
        JSON.stringify(completeness) === JSON.stringify(product.completeness) &&
        stableStringify(numbers) === stableStringify(product.numbers) &&
        stableStringify(sorting) === stableStringify(product.sortKeys);
      if (same) continue;
      operations.push({
        updateOne: {
          filter: { _id: product._id },
          update: { $set: { completeness, completenessIndex: completenessIndex(completeness), numbers, sortKeys: sorting } },
        },
      });
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
