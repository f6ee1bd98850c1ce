import type { ItemResult } from "../../catalog/products/save-products.js";
import type { ProductInput as CatalogProductInput, ValueEntry } from "../../catalog/validation/product-validation.js";
import { toProductType } from "../types/product.types.js";
import { FieldErrorType, ProductUpsertResultType } from "../types/product-results.types.js";
import type { AssociationInput, ProductInput } from "../types/product.inputs.js";
import { plainInput } from "./plain-input.js";

export function associationsMap(list: AssociationInput[] | undefined | null) {
  if (!list) return undefined;
  return Object.fromEntries(list.map((a) => [a.type, { products: a.products ?? [], models: a.models ?? [] }]));
}

export function toCatalogProductInput(input: ProductInput): CatalogProductInput {
  const plain = plainInput(input, ["parent"]);
  return {
    ...plain,
    // Nulls inside values mean "all locales" or "all channels" and must reach validation as sent.
    values: input.values as Record<string, ValueEntry[]> | undefined,
    associations: associationsMap(plain.associations),
  };
}

export function toUpsertResult(result: ItemResult): ProductUpsertResultType {
  return Object.assign(new ProductUpsertResultType(), {
    sku: result.sku,
    status: result.status,
    version: result.version ?? null,
    errorCode: result.errorCode ?? null,
    errors: result.errors.map((e) => Object.assign(new FieldErrorType(), e)),
    warnings: result.warnings,
    product: result.product ? toProductType(result.product) : null,
  });
}
