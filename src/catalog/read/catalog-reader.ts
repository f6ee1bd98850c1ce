import { idFilter } from "../../database/id-filter.js";
import type { CatalogContext } from "../catalog-context.js";
import type { Attribute, AttributeGroup, Category, Family, Promotion } from "../definitions.js";
import type { StoredProduct, StoredProductModel } from "../products/product-document.js";
import { buildProductQuery, type ProductFilter } from "../products/product-query.js";
import { promotionTargetQuery } from "./promotion-targets.js";
import { readSourceProducts, type ReadOptions } from "./source-products.js";
import { rootModelsOf, rootModelsOfProducts, skusBelow, variantTree } from "./variant-tree.js";

/** Stored documents stream to exports in batches of this many. */
const exportBatchSize = 500;

type Stored<T extends { code: string }> = Omit<T, "code"> & { _id: string };
type StoredEntity = { category: Stored<Category>; attribute: Stored<Attribute>; family: Stored<Family> };
export type DocumentCursor = AsyncIterable<unknown> & { close(): Promise<void> };

/**
 * The catalog's one door for reads from outside it: feeds, exports, imports, events and the API read
 * products, models and categories through these calls and never through the collections.
 */
export function createCatalogReader(context: CatalogContext) {
  const { models } = context;
  const byOrder = { sortOrder: 1, _id: 1 } as const;
  return {
    /** Products with everything they inherit, streamed (see source-products.ts). */
    sourceProducts: (options?: ReadOptions) => readSourceProducts(models, options),
    storedProducts: async (skus: string[]): Promise<StoredProduct[]> =>
      skus.length ? ((await models.products.collection.find(idFilter(skus) as never).toArray()) as unknown as StoredProduct[]) : [],
    storedProductModel: async (code: string): Promise<StoredProductModel | null> =>
      (await models.productModels.findById(code).lean()) as unknown as StoredProductModel | null,
    /** The SKUs among these that name a product. */
    existingSkus: async (skus: string[]): Promise<Set<string>> => {
      const rows = skus.length ? await models.products.find(idFilter(skus), { _id: 1 }).lean<Array<{ _id: string }>>() : [];
      return new Set(rows.map((row) => row._id));
    },
    /** A reference entity as stored, the base a partial import row is laid over. */
    storedEntity: async <Type extends keyof StoredEntity>(type: Type, code: string): Promise<StoredEntity[Type] | null> => {
      const model = { category: models.categories, attribute: models.attributes, family: models.families }[type] as unknown as {
        findById(code: string): { lean(): Promise<unknown> };
      };
      return (await model.findById(code).lean()) as StoredEntity[Type] | null;
    },
    /** Categories in display order: all, one tree (its root and everything below), the children of one node, or the roots. */
    categories: async (filter: { tree?: string | null; parent?: string | null; roots?: boolean; codes?: string[] } = {}): Promise<Category[]> => {
      const query = filter.roots
        ? { parent: null }
        : filter.codes
          ? { _id: { $in: filter.codes } }
          : filter.parent
            ? { parent: filter.parent }
            : filter.tree
              ? { $or: [{ _id: filter.tree }, { ancestors: filter.tree }] }
              : {};
      const rows = await models.categories.find(query).sort(byOrder).lean();
      return rows.map(({ _id, ...category }) => ({ ...category, code: String(_id) }) as Category);
    },
    attributeGroups: async (): Promise<AttributeGroup[]> => {
      const rows = await models.attributeGroups.find().sort(byOrder).lean();
      return rows.map(({ _id, ...group }) => ({ ...group, code: String(_id) }) as AttributeGroup);
    },
    /** Checks a product filter (unknown attributes, locales…) without running it. */
    checkProductFilter: async (filter: ProductFilter): Promise<void> => {
      await buildProductQuery(filter, context);
    },
    /** Stored products matching a filter, as a driver cursor: an export reads the whole catalog without hydrating it. */
    productDocuments: async (filter: ProductFilter): Promise<DocumentCursor> =>
      models.products.collection.find(await buildProductQuery(filter, context), { batchSize: exportBatchSize }),
    /** Stored models, root models before sub-models so a file of them imports in its own order. */
    modelDocuments: (): DocumentCursor[] => [
      models.productModels.collection.find({ parent: null }, { batchSize: exportBatchSize }),
      models.productModels.collection.find({ parent: { $ne: null } }, { batchSize: exportBatchSize }),
    ],
    /** Fast, approximate sizes, for progress bars. */
    estimatedCounts: async () => ({
      products: await models.products.estimatedDocumentCount(),
      productModels: await models.productModels.estimatedDocumentCount(),
    }),
    /** SKUs the promotions cover, by the catalog's one query for it (promotion-targets.ts). */
    promotedSkus: async (promotions: Promotion[]): Promise<string[]> => {
      const covered = await promotionTargetQuery(
        promotions.map((promotion) => promotion.target),
        models,
      );
      if (!covered) return [];
      const skus: string[] = [];
      for await (const row of models.products.find(covered, { _id: 1 }).lean<{ _id: string }>().cursor({ batchSize: exportBatchSize })) skus.push(row._id);
      return skus;
    },
    rootModelsOf: (codes: string[]) => rootModelsOf(codes, models),
    rootModelsOfProducts: (skus: string[]) => rootModelsOfProducts(skus, models),
    skusBelow: (roots: string[]) => skusBelow(roots, models),
    variantTree: (rootCode: string) => variantTree(rootCode, models),
  };
}

export type CatalogReader = ReturnType<typeof createCatalogReader>;
