import { PimError } from "../../errors.js";
import type { CatalogContext } from "../catalog-context.js";
import { diffEntities, type EntityType } from "../history/history.js";
import { productsNamingOperator } from "./economic-operators.js";

type DeletableType = Exclude<EntityType, "product" | "product_model" | "category">;

const count = (n: number, what: string) => (n > 0 ? `${n} ${what}` : null);

/** Why an entity cannot go: everything that still refers to it. */
const usages: Record<DeletableType, (code: string, context: CatalogContext) => Promise<Array<string | null>>> = {
  locale: async (code, { models }) => [
    count(await models.channels.countDocuments({ locales: code }), "channels publish it"),
    count(await models.locales.countDocuments({ fallback: code }), "locales fall back to it"),
  ],
  currency: async (code, { models }) => [count(await models.channels.countDocuments({ currencies: code }), "channels publish it")],
  channel: async (code, { models }) => [
    count(await models.families.countDocuments({ [`requirements.${code}`]: { $exists: true } }), "families have requirements for it"),
    count(await models.promotions.countDocuments({ channels: code }), "promotions apply to it"),
  ],
  attribute_group: async (code, { models }) => [count(await models.attributes.countDocuments({ group: code }), "attributes are in it")],
  attribute: async (code, { models }) => [
    count(await models.families.countDocuments({ attributes: code }), "families use it"),
    (await models.attributes.exists({ _id: code, type: "identifier" })) ? "it is the catalog's identifier" : null,
  ],
  family: async (code, { models }) => [
    count(await models.products.countDocuments({ family: code }), "products belong to it"),
    count(await models.familyVariants.countDocuments({ family: code }), "family variants use it"),
  ],
  family_variant: async (code, { models }) => [count(await models.productModels.countDocuments({ familyVariant: code }), "product models use it")],
  stock_location: async (code, { models }) => [
    count(await models.products.countDocuments({ [`offer.stock.${code}`]: { $exists: true } }), "products have stock there"),
  ],
  promotion: async () => [],
  economic_operator: async (code, context) => {
    const definitions = await context.definitions.current();
    const channels = [...definitions.channels.values()].filter((channel) =>
      [channel.export?.fields?.manufacturer, channel.export?.fields?.responsiblePerson].some((mapping) => mapping?.value === code || mapping?.default === code),
    );
    return [
      count(await productsNamingOperator(code, definitions, context), "products or product models name it"),
      count(channels.length, "channels name it in their export fields"),
    ];
  },
};

const modelOf = (type: DeletableType, { models }: CatalogContext) =>
  ({
    locale: models.locales,
    currency: models.currencies,
    channel: models.channels,
    attribute_group: models.attributeGroups,
    attribute: models.attributes,
    family: models.families,
    family_variant: models.familyVariants,
    stock_location: models.stockLocations,
    promotion: models.promotions,
    economic_operator: models.economicOperators,
  })[type];

/** Deletes a reference entity nothing refers to any more; otherwise says what still does. */
export async function deleteReferenceEntity(type: DeletableType, code: string, actor: string, context: CatalogContext): Promise<void> {
  const model = modelOf(type, context) as unknown as {
    findById(id: string): { lean(): Promise<Record<string, unknown> | null> };
    deleteOne(filter: object): Promise<unknown>;
  };
  const existing = await model.findById(code).lean();
  if (!existing) throw new PimError("NOT_FOUND", `${type.replace("_", " ")} ${code} does not exist`);
  const reasons = (await usages[type](code, context)).filter((r): r is string => r !== null);
  if (reasons.length) {
    throw new PimError("BAD_USER_INPUT", `${type.replace("_", " ")} ${code} cannot be deleted: ${reasons.join(", ")}`, [
      { path: ["code"], message: reasons.join(", ") },
    ]);
  }
  await model.deleteOne({ _id: code });
  const version = (await context.models.history.countDocuments({ entityType: type, entityId: code })) + 1;
  await context.history.record([
    { entityType: type, entityId: code, version, author: actor, at: new Date(), action: "delete", changes: diffEntities(existing, null), snapshot: null },
  ]);
  await context.definitions.changed();
  if (type === "channel") await context.completeness.request({});
}
