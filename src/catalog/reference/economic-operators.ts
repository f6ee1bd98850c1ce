import type { CatalogContext } from "../catalog-context.js";
import type { CatalogDefinitions, EconomicOperator } from "../definitions.js";
import { ALL_CHANNELS, ALL_LOCALES, type EconomicOperatorDoc } from "../models.js";
import type { ReferenceEntitySpec } from "./save-reference-entity.js";

export const economicOperatorSpec: ReferenceEntitySpec<EconomicOperator, EconomicOperatorDoc> = {
  entityType: "economic_operator",
  schemaFile: "economic-operator.schema.json",
  what: "economic operator",
  model: (context) => context.models.economicOperators,
  check: () => [],
  toDocument: ({ code: _code, ...operator }) => operator,
};

/**
 * How many products and models name the operator. Operator attributes are neither localizable nor
 * scopable (checked when the attribute is saved), so each has one stored path to look at.
 */
export async function productsNamingOperator(code: string, definitions: CatalogDefinitions, { models }: CatalogContext): Promise<number> {
  const paths = [...definitions.attributes.values()]
    .filter((attribute) => attribute.constraints.economicOperator)
    .map((attribute) => ({ [`values.${attribute.code}.${ALL_CHANNELS}.${ALL_LOCALES}`]: code }));
  if (paths.length === 0) return 0;
  const [products, productModels] = await Promise.all([models.products.countDocuments({ $or: paths }), models.productModels.countDocuments({ $or: paths })]);
  return products + productModels;
}
