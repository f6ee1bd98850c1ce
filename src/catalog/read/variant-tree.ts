import { idFilter } from "../../database/id-filter.js";
import type { CatalogModels } from "../models.js";
import type { RawValues } from "../values/raw-values.js";
import { inheritedValues } from "./ancestry.js";

/** Lookups run in slices of this many codes, so no query carries an unbounded `$in`. */
const sliceSize = 500;

/** The root model of each model code (a sub-model's parent, or the model itself); deleted models drop out. */
export async function rootModelsOf(codes: string[], models: CatalogModels): Promise<string[]> {
  const roots: string[] = [];
  for (let i = 0; i < codes.length; i += sliceSize) {
    const found = await models.productModels.find(idFilter(codes.slice(i, i + sliceSize)), { parent: 1 }).lean<Array<{ _id: string; parent: string | null }>>();
    roots.push(...found.map((m) => m.parent ?? m._id));
  }
  return roots;
}

/** The root models of the variants among these products. */
export async function rootModelsOfProducts(skus: string[], models: CatalogModels): Promise<string[]> {
  const parents = new Set<string>();
  for (let i = 0; i < skus.length; i += sliceSize) {
    const found = await models.products.find(idFilter(skus.slice(i, i + sliceSize)), { parent: 1 }).lean<Array<{ _id: string; parent: string | null }>>();
    for (const product of found) if (product.parent) parents.add(product.parent);
  }
  return rootModelsOf([...parents], models);
}

/** SKUs of every product below these root models, directly or through a sub-model. */
export async function skusBelow(roots: string[], models: CatalogModels): Promise<string[]> {
  const skus: string[] = [];
  for (let i = 0; i < roots.length; i += sliceSize) {
    const slice = roots.slice(i, i + sliceSize);
    const subModels = await models.productModels.find({ parent: { $in: slice } }, { _id: 1 }).lean<Array<{ _id: string }>>();
    const parents = [...slice, ...subModels.map((m) => m._id)];
    const rows = await models.products.find({ parent: { $in: parents } }, { _id: 1 }).lean<Array<{ _id: string }>>();
    skus.push(...rows.map((r) => r._id).sort());
  }
  return skus;
}

/** A product group as a channel lists it: the root model, and each enabled variant with the values it inherits. */
export interface VariantTree {
  root: { code: string; family: string; familyVariant: string; values: RawValues };
  variants: Array<{ sku: string; values: RawValues }>;
}

export async function variantTree(rootCode: string, models: CatalogModels): Promise<VariantTree | null> {
  const root = await models.productModels
    .findById(rootCode, { familyVariant: 1, family: 1, values: 1, parent: 1 })
    .lean<{ familyVariant: string; family: string; values: RawValues; parent: string | null }>();
  if (!root) return null;
  const subModels = await models.productModels
    .find({ parent: rootCode }, { values: 1, parent: 1 })
    .lean<Array<{ _id: string; values: RawValues; parent: string }>>();
  const parents = [rootCode, ...subModels.map((m) => m._id)];
  const variants = await models.products
    .find({ parent: parents.length === 1 ? rootCode : { $in: parents }, enabled: true }, { parent: 1, values: 1 })
    .sort({ _id: 1 })
    .lean<Array<{ _id: string; parent: string; values: RawValues }>>();
  const chainOf = (parent: string) => (parent === rootCode ? [root] : [root, ...subModels.filter((m) => m._id === parent)]);
  return {
    root: { code: rootCode, family: root.family, familyVariant: root.familyVariant, values: root.values },
    variants: variants.map((variant) => ({ sku: variant._id, values: inheritedValues(chainOf(variant.parent), variant.values) })),
  };
}
