import type { Promotion } from "../definitions.js";
import type { CatalogModels } from "../models.js";
import { categoriesWithSubtrees, productsInCategoriesQuery } from "./categories.js";

/**
 * Which products a promotion covers, as a predicate on one product (API prices, full feeds, the
 * consistency report) and as a query over the catalog (the fixed-discount check, delta feeds). Both
 * read a variant's categories through its models and a category's subtree, so they agree.
 */

/** What the predicate needs to know of a product. */
export interface PromotionSubject {
  sku: string;
  family: string | null;
  /** The product's categories, inherited ones included, with every ancestor (categories.ts `withAncestors`). */
  categoriesWithAncestors: ReadonlySet<string>;
}

export function promotionCovers(promotion: Pick<Promotion, "target">, product: PromotionSubject): boolean {
  const { skus, categories, families } = promotion.target;
  return (
    skus.includes(product.sku) ||
    (product.family !== null && families.includes(product.family)) ||
    categories.some((category) => product.categoriesWithAncestors.has(category))
  );
}

/** The products some promotions cover; null when the targets name nothing. */
export async function promotionTargetQuery(targets: Array<Partial<Promotion["target"]>>, models: CatalogModels): Promise<Record<string, unknown> | null> {
  const skus = [...new Set(targets.flatMap((target) => target.skus ?? []))];
  const families = [...new Set(targets.flatMap((target) => target.families ?? []))];
  const categories = [...new Set(targets.flatMap((target) => target.categories ?? []))];
  const or: Record<string, unknown>[] = [];
  if (skus.length) or.push({ _id: { $in: skus } });
  if (families.length) or.push({ family: { $in: families } });
  if (categories.length) or.push(await productsInCategoriesQuery(await categoriesWithSubtrees(categories, models), models));
  return or.length ? { $or: or } : null;
}
