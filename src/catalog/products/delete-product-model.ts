import { PimError } from "../../errors.js";
import type { CatalogContext } from "../catalog-context.js";
import { diffEntities } from "../history/history.js";
import { releaseClaims } from "./claims.js";
import type { StoredProductModel } from "./product-document.js";
import { loadAncestorChains } from "../read/ancestry.js";
import { guardedState, guardProblems, type Writer } from "../write-guard.js";

/** Refuses while variants or sub-models still inherit from the model, and says how many. */
export async function deleteProductModel(code: string, writer: Writer, context: CatalogContext): Promise<void> {
  const model = (await context.models.productModels.findOne({ _id: code }).lean()) as unknown as StoredProductModel | null;
  if (!model) throw new PimError("NOT_FOUND", `product model ${code} does not exist`);
  const ancestors = model.parent ? ((await loadAncestorChains([model.parent], context.models)).get(model.parent) ?? []) : [];
  const [forbidden = []] = await guardProblems(writer, [{ kind: "product_model", code, before: guardedState(model, ancestors), after: null }]);
  if (forbidden.length > 0) throw new PimError("FORBIDDEN", `product model ${code} was not deleted: ${forbidden[0]?.message}`, forbidden);
  const [subModels, variants] = await Promise.all([
    context.models.productModels.countDocuments({ parent: code }),
    context.models.products.countDocuments({ parent: code }),
  ]);
  if (subModels || variants) {
    const reason = [subModels ? `${subModels} sub-models` : null, variants ? `${variants} variants` : null].filter(Boolean).join(" and ");
    throw new PimError("BAD_USER_INPUT", `product model ${code} cannot be deleted: ${reason} inherit from it`, [
      { path: ["code"], message: `${reason} inherit from it` },
    ]);
  }
  await context.models.productModels.deleteOne({ _id: model._id });
  await releaseClaims(`model:${code}`, model.claims ?? [], context);
  await context.history.record([
    {
      entityType: "product_model",
      entityId: code,
      version: model.version + 1,
      author: writer.actor,
      at: new Date(),
      action: "delete",
      changes: diffEntities(model as unknown as Record<string, unknown>, null),
      snapshot: null,
    },
  ]);
}
