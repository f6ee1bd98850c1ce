import DataLoader from "dataloader";
import { idFilter } from "../../database/id-filter.js";
import type { CatalogContext } from "../catalog-context.js";
import type { CatalogDefinitions, Category } from "../definitions.js";
import type { StoredProduct, StoredProductModel } from "../products/product-document.js";
import { inheritedCategories, loadChainAbove } from "./ancestry.js";
import { inAnyTree } from "./categories.js";

function byKey<T, K>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): Array<T | null> {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => map.get(key) ?? null);
}

/**
 * Per-request batching, so a page of products costs the same few queries whatever its size. With
 * `readableTrees`, products and models outside those category trees (by their own categories or their
 * models') are not found, wherever the request reaches them: a lookup, an association, a model's variants.
 */
export function createCatalogLoaders(context: CatalogContext, readableTrees: string[] | null = null) {
  const { models } = context;
  let definitions: Promise<CatalogDefinitions> | undefined;
  const categoryByCode = new DataLoader<string, Category | null>(async (codes) => {
    const rows = await models.categories.find({ _id: { $in: [...codes] } }).lean();
    return byKey(
      codes,
      rows.map((c) => ({ ...c, code: c._id }) as unknown as Category),
      (c) => c.code,
    );
  });
  /** Every model, readable or not: values and categories are inherited whatever the caller may see. */
  const modelByCode = new DataLoader<string, StoredProductModel | null>(async (codes) => {
    const rows = (await models.productModels.find(idFilter(codes)).lean()) as unknown as StoredProductModel[];
    return byKey(codes, rows, (m) => m.code);
  });
  /** Models above a product or model, root first. */
  const chainAbove = (parent: string | null) => loadChainAbove(parent, (code) => modelByCode.load(code));
  async function readable<T extends { categories: string[]; parent: string | null }>(entity: T): Promise<boolean> {
    if (!readableTrees) return true;
    const found = await categoryByCode.loadMany(inheritedCategories(await chainAbove(entity.parent), entity.categories));
    return inAnyTree(
      found.filter((category): category is Category => !!category && !(category instanceof Error)),
      readableTrees,
    );
  }
  async function onlyReadable<T extends { categories: string[]; parent: string | null }>(rows: T[]): Promise<T[]> {
    if (!readableTrees) return rows;
    const verdicts = await Promise.all(rows.map(readable));
    return rows.filter((_, i) => verdicts[i]);
  }
  return {
    /** Reference data as of the request's first use, read once per request. */
    definitions: () => (definitions ??= context.definitions.current()),
    chainAbove,
    categoryByCode,
    modelByCode,
    /** A model as the caller may see it: null outside its readable trees. */
    readableModelByCode: new DataLoader<string, StoredProductModel | null>(async (codes) => {
      const found = (await modelByCode.loadMany(codes)).filter((m): m is StoredProductModel => !!m && !(m instanceof Error));
      return byKey(codes, await onlyReadable(found), (m) => m.code);
    }),
    productBySku: new DataLoader<string, StoredProduct | null>(async (skus) => {
      const rows = (await models.products.find(idFilter(skus)).lean()) as unknown as StoredProduct[];
      return byKey(skus, await onlyReadable(rows), (p) => p.sku);
    }),
    variantsOfModel: new DataLoader<string, StoredProduct[]>(async (codes) => {
      const rows = (await models.products
        .find({ parent: { $in: [...codes] } })
        .sort({ sku: 1 })
        .lean()) as unknown as StoredProduct[];
      const visible = await onlyReadable(rows);
      return codes.map((code) => visible.filter((p) => p.parent === code));
    }),
    subModelsOfModel: new DataLoader<string, StoredProductModel[]>(async (codes) => {
      const rows = (await models.productModels
        .find({ parent: { $in: [...codes] } })
        .sort({ code: 1 })
        .lean()) as unknown as StoredProductModel[];
      const visible = await onlyReadable(rows);
      return codes.map((code) => visible.filter((m) => m.parent === code));
    }),
  };
}

export type CatalogLoaders = ReturnType<typeof createCatalogLoaders>;
