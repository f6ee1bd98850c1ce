import { idFilter } from "../../database/id-filter.js";
import type { CatalogModels } from "../models.js";
import type { StoredProductModel } from "../products/product-document.js";
import type { RawValues } from "../values/raw-values.js";
import { offerOf, type StoredOffer } from "../../offers/offer.js";
import { chainAbove, inheritedCategories, inheritedValues } from "./ancestry.js";

/** A product with everything it inherits from its models, as the feed pipeline reads it. */
export interface SourceProduct {
  sku: string;
  family: string | null;
  enabled: boolean;
  updatedAt: Date;
  categories: string[];
  values: RawValues;
  /** Models from the root down to the direct parent. */
  ancestry: Array<Pick<StoredProductModel, "code" | "familyVariant">>;
  /** The product's own prices and stock; variants do not inherit them from their models. */
  offer: StoredOffer;
}

type ModelRow = Pick<StoredProductModel, "_id" | "code" | "familyVariant" | "parent" | "categories" | "values">;
type ProductRow = {
  _id: string;
  family: string | null;
  parent: string | null;
  enabled: boolean;
  updatedAt: Date;
  categories: string[];
  values: RawValues;
  offer?: Partial<StoredOffer>;
};

const productProjection = { family: 1, parent: 1, enabled: 1, updatedAt: 1, categories: 1, values: 1, offer: 1 } as const;
const modelProjection = { code: 1, familyVariant: 1, parent: 1, categories: 1, values: 1 } as const;
/** Models are few next to products; the cache is cleared rather than grown past this. */
const modelCacheLimit = 20_000;

export interface ReadOptions {
  batchSize?: number;
  /** Only these SKUs (one product's preview, or a consistency check). */
  skus?: string[];
  updatedSince?: Date;
  /** Each product model's products one after another, however far apart they were saved (see `modelsTogether`). */
  modelsTogether?: boolean;
}

/**
 * Streams products in the collection's natural order through a lean cursor (no hydration, a projection, the driver's own
 * batching), resolving parent models in batches so memory stays flat however large the catalog.
 */
export async function* readSourceProducts(models: CatalogModels, options: ReadOptions = {}): AsyncGenerator<SourceProduct> {
  const batchSize = options.batchSize ?? 500;
  const modelCache = new Map<string, ModelRow | null>();
  const filter: Record<string, unknown> = {};
  if (options.skus) filter._id = options.skus.length === 1 ? options.skus[0] : { $in: options.skus };
  if (options.updatedSince) filter.updatedAt = { $gt: options.updatedSince };
  // Natural order, not sorted: a sort makes a server without an index for it buffer the whole collection
  // before the first product, and on MongoDB a full export reads faster as a collection scan than through
  // the _id index. Feeds are full snapshots; their order is not a contract.
  const cursor = models.products.find(filter, productProjection).lean<ProductRow>().cursor({ batchSize });
  const resolve = options.modelsTogether ? modelsTogether(models, modelCache, filter) : (rows: ProductRow[]) => resolveBatch(rows, models, modelCache);
  let batch: ProductRow[] = [];
  try {
    for await (const row of cursor) {
      batch.push(row);
      if (batch.length < batchSize) continue;
      yield* resolve(batch);
      batch = [];
    }
    if (batch.length) yield* resolve(batch);
  } finally {
    await cursor.close();
  }
}

/** New models met in one stretch of the scan, whose products are read and held together: this bounds memory. */
const modelsPerRead = 50;

/**
 * Natural order scatters a model's variants: one added later sits after every product saved before it. A
 * channel that merges variants into one card per request body (Wildberries) or wants a parent next to
 * its children (Amazon) needs them together, so the first time the scan meets a model, all the model's
 * products are read through the parent index and handed over at once, and the scan skips them later.
 * Remembering when each model was read costs memory by the number of models, not of products.
 *
 * The catalog may change during the run. A product the scan meets after its model was read, saved since
 * (placed under the model, or changed), is handed over on its own; one the scan saw under a model it has
 * left by the time the model is read is handed over as scanned. So no product is missed; a product moved
 * during the run may come twice, which a whole read of a changing catalog allows anyway.
 */
function modelsTogether(models: CatalogModels, cache: Map<string, ModelRow | null>, filter: Record<string, unknown>) {
  const readAt = new Map<string, Date>();
  const rootOf = (product: SourceProduct) => product.ancestry[0]?.code;

  async function productsOf(roots: string[]): Promise<Map<string, SourceProduct[]>> {
    // Taken before the reads: a product saved while they run counts as saved after them.
    const now = new Date();
    const subModels = await models.productModels.find({ parent: { $in: roots } }, { _id: 1 }).lean<Array<{ _id: string }>>();
    const parents = [...roots, ...subModels.map((model) => model._id)];
    const rows = await models.products.find({ ...filter, parent: { $in: parents } }, productProjection).lean<ProductRow[]>();
    const byRoot = new Map<string, SourceProduct[]>(roots.map((root) => [root, []]));
    for await (const product of resolveBatch(rows, models, cache)) byRoot.get(rootOf(product) as string)?.push(product);
    for (const root of roots) readAt.set(root, now);
    return byRoot;
  }

  return async function* (rows: ProductRow[]): AsyncGenerator<SourceProduct> {
    const scanned: SourceProduct[] = [];
    for await (const product of resolveBatch(rows, models, cache)) scanned.push(product);
    for (let from = 0; from < scanned.length; ) {
      const stretch: SourceProduct[] = [];
      const roots = new Set<string>();
      for (; from < scanned.length; from += 1) {
        const root = rootOf(scanned[from] as SourceProduct);
        if (root !== undefined && !readAt.has(root) && !roots.has(root)) {
          if (roots.size === modelsPerRead) break;
          roots.add(root);
        }
        stretch.push(scanned[from] as SourceProduct);
      }
      const members = roots.size ? await productsOf([...roots]) : new Map<string, SourceProduct[]>();
      for (const product of stretch) {
        const root = rootOf(product);
        const together = root === undefined ? undefined : members.get(root);
        if (together) {
          members.delete(root as string);
          yield* together;
          if (!together.some((member) => member.sku === product.sku)) yield product;
        } else if (root === undefined || product.updatedAt > (readAt.get(root) as Date)) yield product;
      }
    }
  };
}

async function* resolveBatch(rows: ProductRow[], models: CatalogModels, cache: Map<string, ModelRow | null>): AsyncGenerator<SourceProduct> {
  if (cache.size > modelCacheLimit) cache.clear();
  let missing = [...new Set(rows.map((r) => r.parent).filter((p): p is string => p !== null && !cache.has(p)))];
  while (missing.length) {
    const found = await models.productModels.find(idFilter(missing), modelProjection).lean<ModelRow[]>();
    for (const code of missing) cache.set(code, found.find((m) => m._id === code) ?? null);
    missing = [...new Set(found.map((m) => m.parent).filter((p): p is string => p !== null && !cache.has(p)))];
  }
  for (const row of rows) yield withAncestry(row, cache);
}

function withAncestry(row: ProductRow, cache: Map<string, ModelRow | null>): SourceProduct {
  const chain = chainAbove(row.parent, (code) => cache.get(code));
  return {
    sku: row._id,
    family: row.family,
    enabled: row.enabled,
    updatedAt: row.updatedAt,
    categories: inheritedCategories(chain, row.categories),
    values: inheritedValues(chain, row.values),
    ancestry: chain.map((m) => ({ code: m._id, familyVariant: m.familyVariant })),
    offer: offerOf(row.offer),
  };
}
