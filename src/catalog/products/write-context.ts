import { idFilter } from "../../database/id-filter.js";
import type { CatalogContext } from "../catalog-context.js";
import type { ValueEntry } from "../validation/product-validation.js";
import { mediaReferenceCandidates } from "../values/media-references.js";
import { assetCollection, existingAssetIds } from "../../media/asset-store.js";

interface ReferencingInput {
  categories?: string[];
  values?: Record<string, ValueEntry[]>;
  associations?: Record<string, { products?: string[]; models?: string[] }>;
}

/** Which of the categories, association targets and media assets named by a batch exist. */
export async function loadReferenceSets(inputs: ReferencingInput[], context: CatalogContext) {
  const categories = new Set<string>();
  const products = new Set<string>();
  const models = new Set<string>();
  for (const input of inputs) {
    for (const code of input.categories ?? []) categories.add(code);
    for (const targets of Object.values(input.associations ?? {})) {
      for (const sku of targets.products ?? []) products.add(sku);
      for (const code of targets.models ?? []) models.add(code);
    }
  }
  const [knownCategories, knownProducts, knownModels, knownAssets] = await Promise.all([
    categories.size ? context.models.categories.find({ _id: { $in: [...categories] } }, { _id: 1 }).lean() : [],
    products.size ? context.models.products.find(idFilter([...products]), { sku: 1 }).lean() : [],
    models.size ? context.models.productModels.find(idFilter([...models]), { code: 1 }).lean() : [],
    existingAssetIds(
      assetCollection(context.models.products.db),
      inputs.flatMap((input) => mediaReferenceCandidates(input.values)),
    ),
  ]);
  return {
    knownCategories: new Set(knownCategories.map((c) => c._id)),
    knownProducts: new Set([...knownProducts.map((p) => p.sku), ...inputs.map((i) => (i as { sku?: string }).sku).filter((s): s is string => !!s)]),
    knownModels: new Set(knownModels.map((m) => m.code)),
    knownAssets,
  };
}
