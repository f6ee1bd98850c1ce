import { PimError, type FieldProblem } from "../../errors.js";
import type { CatalogContext } from "../catalog-context.js";
import type { Category } from "../definitions.js";
import { diffEntities } from "../history/history.js";
import type { CategoryDoc } from "../models.js";
import { problem, type ReferenceEntitySpec } from "./save-reference-entity.js";

type CategoryInput = Pick<Category, "code"> & Partial<Pick<Category, "parent" | "labels" | "sortOrder">>;

async function ancestorsOf(parent: string | null, context: CatalogContext): Promise<string[]> {
  if (!parent) return [];
  const parentDoc = await context.models.categories.findById(parent).lean();
  return parentDoc ? [...parentDoc.ancestors, parent] : [];
}

export const categorySpec: ReferenceEntitySpec<CategoryInput, CategoryDoc> = {
  entityType: "category",
  schemaFile: "category.schema.json",
  what: "category",
  model: (context) => context.models.categories,
  check: async (input, existing, _definitions, context) => {
    const problems: FieldProblem[] = [];
    const parent = input.parent ?? null;
    if (parent === input.code) problems.push(problem(["parent"], "a category cannot be its own parent"));
    else if (parent) {
      const parentDoc = await context.models.categories.findById(parent).lean();
      if (!parentDoc) problems.push(problem(["parent"], `parent category ${parent} does not exist`));
      else if (parentDoc.ancestors.includes(input.code))
        problems.push(problem(["parent"], `moving ${input.code} under ${parent} would make a cycle: ${parent} is inside ${input.code}`));
    }
    if (existing && !existing.parent && parent) {
      const channel = await context.models.channels.findOne({ categoryTree: input.code }).lean();
      if (channel) problems.push(problem(["parent"], `${input.code} is the tree of channel ${channel._id} and must stay a root`));
    }
    return problems;
  },
  toDocument: async (input, _existing, context) => ({
    parent: input.parent ?? null,
    ancestors: await ancestorsOf(input.parent ?? null, context),
    labels: input.labels ?? {},
    sortOrder: input.sortOrder ?? 0,
  }),
  afterSave: async (before, after, context) => {
    const code = after._id as string;
    const ancestors = after.ancestors as string[];
    if (before && JSON.stringify(before.ancestors) !== JSON.stringify(ancestors)) {
      // Re-root the moved subtree: every descendant's path starts with the node's new path.
      const descendants = await context.models.categories.find({ ancestors: code }).lean();
      await Promise.all(
        descendants.map((d) => {
          const below = d.ancestors.slice(d.ancestors.indexOf(code));
          return context.models.categories.updateOne({ _id: d._id }, { $set: { ancestors: [...ancestors, ...below] } });
        }),
      );
    }
  },
};

/** Refuses to delete a category that still has children or products, and says which. */
export async function deleteCategory(code: string, actor: string, context: CatalogContext): Promise<void> {
  const category = await context.models.categories.findById(code).lean();
  if (!category) throw new PimError("NOT_FOUND", `Category ${code} does not exist`);
  const [children, products, models, channel] = await Promise.all([
    context.models.categories.countDocuments({ parent: code }),
    context.models.products.countDocuments({ categories: code }),
    context.models.productModels.countDocuments({ categories: code }),
    context.models.channels.findOne({ categoryTree: code }).lean(),
  ]);
  const reasons = [
    children ? `it has ${children} child categories` : null,
    products ? `${products} products are in it` : null,
    models ? `${models} product models are in it` : null,
    channel ? `channel ${channel._id} publishes it` : null,
  ].filter((r): r is string => r !== null);
  if (reasons.length)
    throw new PimError("BAD_USER_INPUT", `Category ${code} cannot be deleted: ${reasons.join(", ")}`, [{ path: ["code"], message: reasons.join(", ") }]);
  await context.models.categories.deleteOne({ _id: code });
  const version = (await context.models.history.countDocuments({ entityType: "category", entityId: code })) + 1;
  await context.history.record([
    { entityType: "category", entityId: code, version, author: actor, at: new Date(), action: "delete", changes: diffEntities(category, null), snapshot: null },
  ]);
  await context.definitions.changed();
}
