import type { CatalogModels } from "../models.js";

/**
 * Which categories a product is in, as one answer for the API, the feeds, promotions and read scopes.
 * A product is in its own categories and its models' (see ancestry.ts), and being in a category means
 * being in each of its ancestors too, so a promotion or a key's tree on a parent covers the subtree.
 */

/** The categories and every ancestor of each. */
export function withAncestors(categories: readonly string[], ancestorsOf: (code: string) => readonly string[] | undefined): Set<string> {
  const all = new Set<string>();
  for (const code of categories) {
    all.add(code);
    for (const ancestor of ancestorsOf(code) ?? []) all.add(ancestor);
  }
  return all;
}

/** The tree a category lies in, named by its root (a root is its own tree). */
export function treeOf(category: { code: string; ancestors: readonly string[] }): string {
  return category.ancestors[0] ?? category.code;
}

/** Whether any of the categories lies in one of the trees: a read scope's check. */
export function inAnyTree(categories: Iterable<{ code: string; ancestors: readonly string[] }>, trees: readonly string[]): boolean {
  for (const category of categories) if (trees.includes(treeOf(category))) return true;
  return false;
}

/** The categories and every category below them. */
export async function categoriesWithSubtrees(categories: string[], models: CatalogModels): Promise<string[]> {
  const found = await models.categories.find({ $or: [{ _id: { $in: categories } }, { ancestors: { $in: categories } }] }, { _id: 1 }).lean();
  return found.map((category) => String(category._id));
}

/** The product models in some categories: root models by their own categories, sub-models by theirs or their root's. */
export async function modelsInCategories(categories: string[], models: CatalogModels): Promise<string[]> {
  const roots = await models.productModels.find({ parent: null, categories: { $in: categories } }, { code: 1 }).lean();
  const rootCodes = roots.map((model) => model.code);
  const subs = await models.productModels
    .find({ parent: { $ne: null }, $or: [{ categories: { $in: categories } }, { parent: { $in: rootCodes } }] }, { code: 1 })
    .lean();
  return [...rootCodes, ...subs.map((model) => model.code)];
}

/** The models in some category trees (their roots and everything below). */
export async function modelsInTrees(trees: string[], models: CatalogModels): Promise<string[]> {
  return modelsInCategories(await categoriesWithSubtrees(trees, models), models);
}

/** The query for products in some categories, by their own categories or their models'. */
export async function productsInCategoriesQuery(categories: string[], models: CatalogModels): Promise<Record<string, unknown>> {
  return { $or: [{ categories: { $in: categories } }, { parent: { $in: await modelsInCategories(categories, models) } }] };
}
