import DataLoader from "dataloader";
import { idFilter } from "../database/id-filter.js";
import type { CatalogDefinitions, Category } from "./definitions.js";
import type { StoredProduct, StoredProductModel } from "./products/product-document.js";
import type { CatalogServices } from "./services.js";

function byKey<T, K>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): Array<T | null> {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => map.get(key) ?? null);
}

/** Per-request batching, so a page of products costs the same few queries whatever its size. */
export function createCatalogLoaders(catalog: CatalogServices) {
  const { models } = catalog;
  let definitions: Promise<CatalogDefinitions> | undefined;
  return {
    /** Reference data as of the request's first use, read once per request. */
    definitions: () => (definitions ??= catalog.definitions()),
    categoryByCode: new DataLoader<string, Category | null>(async (codes) => {
      const rows = await models.categories.find({ _id: { $in: [...codes] } }).lean();
      return byKey(codes, rows.map((c) => ({ ...c, code: c._id }) as unknown as Category), (c) => c.code);
    }),
    modelByCode: new DataLoader<string, StoredProductModel | null>(async (codes) => {
      const rows = (await models.productModels.find(idFilter(codes)).lean()) as unknown as StoredProductModel[];
      return byKey(codes, rows, (m) => m.code);
    }),
    productBySku: new DataLoader<string, StoredProduct | null>(async (skus) => {
      const rows = (await models.products.find(idFilter(skus)).lean()) as unknown as StoredProduct[];
      return byKey(skus, rows, (p) => p.sku);
    }),
    variantsOfModel: new DataLoader<string, StoredProduct[]>(async (codes) => {
      const rows = (await models.products.find({ parent: { $in: [...codes] } }).sort({ sku: 1 }).lean()) as unknown as StoredProduct[];
      return codes.map((code) => rows.filter((p) => p.parent === code));
    }),
    subModelsOfModel: new DataLoader<string, StoredProductModel[]>(async (codes) => {
      const rows = (await models.productModels.find({ parent: { $in: [...codes] } }).sort({ code: 1 }).lean()) as unknown as StoredProductModel[];
      return codes.map((code) => rows.filter((m) => m.parent === code));
    }),
  };
}

export type CatalogLoaders = ReturnType<typeof createCatalogLoaders>;
