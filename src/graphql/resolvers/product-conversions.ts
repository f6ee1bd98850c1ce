import type { ItemResult } from "../../catalog/products/save-products.js";
import type { ProductInput as CatalogProductInput } from "../../catalog/validation/product-validation.js";
import { valueEntriesOf } from "../../catalog/products/product-changes.js";
import { toProductType } from "../types/product.types.js";
import { FieldErrorType, ProductUpsertResultType } from "../types/product-results.types.js";
import type { AssociationInput, ProductInput } from "../types/product.inputs.js";
import { plainInput } from "./plain-input.js";

export function associationsMap(list: AssociationInput[] | undefined | null) {
  if (!list) return undefined;
  return Object.fromEntries(list.map((a) => [a.type, { products: a.products ?? [], models: a.models ?? [] }]));
}

export function toCatalogProductInput(input: ProductInput): CatalogProductInput {
  const { values, ...rest } = input;
  const plain = plainInput(rest, ["parent"]);
  return {
    ...plain,
    // The typed list becomes the catalog's {attribute: [{locale, channel, data}]}, as updateProduct's setValues do;
    // nulls inside an entry mean "all locales" or "all channels" and reach validation as sent.
    values: values ? valueEntriesOf(values) : undefined,
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
