import { randomUUID } from "node:crypto";
import { Schema, type Connection, type Model } from "mongoose";
import type { Attribute, AttributeGroup, Category, Channel, EconomicOperator, Family, FamilyVariant, Locale, Promotion, StockLocation } from "./definitions.js";

/** Values keyed attribute → channel (or ALL_CHANNELS) → locale (or ALL_LOCALES) → data, as Akeneo's raw values. */
export const ALL_CHANNELS = "<all_channels>";
export const ALL_LOCALES = "<all_locales>";

export type ValueData = unknown;
export type RawValues = Record<string, Record<string, Record<string, ValueData>>>;
export type Labels = Record<string, string>;

const schemaOptions = { versionKey: false, minimize: false } as const;
const mixed = Schema.Types.Mixed;

const localeSchema = new Schema(
  {
    _id: { type: String, required: true },
    label: { type: String, required: true },
    fallback: { type: String, default: null },
  },
  schemaOptions,
);

const currencySchema = new Schema({ _id: { type: String, required: true } }, schemaOptions);

const channelSchema = new Schema(
  {
    _id: { type: String, required: true },
    labels: { type: mixed, default: {} },
    locales: { type: [String], default: [] },
    currencies: { type: [String], default: [] },
    categoryTree: { type: String, required: true },
    export: { type: mixed, default: null },
  },
  schemaOptions,
);

const attributeGroupSchema = new Schema(
  {
    _id: { type: String, required: true },
    labels: { type: mixed, default: {} },
    sortOrder: { type: Number, default: 0 },
  },
  schemaOptions,
);

const attributeOptionSchema = new Schema(
  { code: { type: String, required: true }, labels: { type: mixed, default: {} }, sortOrder: { type: Number, default: 0 } },
  { _id: false, versionKey: false, minimize: false },
);

const attributeSchema = new Schema(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    group: { type: String, required: true },
    labels: { type: mixed, default: {} },
    sortOrder: { type: Number, default: 0 },
    localizable: { type: Boolean, default: false },
    scopable: { type: Boolean, default: false },
    unique: { type: Boolean, default: false },
    constraints: { type: mixed, default: {} },
    options: { type: [attributeOptionSchema], default: [] },
  },
  schemaOptions,
);

const familySchema = new Schema(
  {
    _id: { type: String, required: true },
    labels: { type: mixed, default: {} },
    attributes: { type: [String], default: [] },
    labelAttribute: { type: String, required: true },
    imageAttribute: { type: String, default: null },
    /** channel code → attribute codes required for completeness on that channel */
    requirements: { type: mixed, default: {} },
  },
  schemaOptions,
);

const variantLevelSchema = new Schema(
  { axes: { type: [String], default: [] }, attributes: { type: [String], default: [] } },
  { _id: false, versionKey: false },
);

const familyVariantSchema = new Schema(
  {
    _id: { type: String, required: true },
    family: { type: String, required: true },
    labels: { type: mixed, default: {} },
    levels: { type: [variantLevelSchema], default: [] },
  },
  schemaOptions,
);
familyVariantSchema.index({ family: 1 });

const categorySchema = new Schema(
  {
    _id: { type: String, required: true },
    parent: { type: String, default: null },
    /** Ancestor codes from the root down, so a subtree is one indexed query. */
    ancestors: { type: [String], default: [] },
    labels: { type: mixed, default: {} },
    sortOrder: { type: Number, default: 0 },
  },
  schemaOptions,
);
categorySchema.index({ ancestors: 1 });
categorySchema.index({ parent: 1 });

const completenessSchema = new Schema(
  {
    channel: { type: String, required: true },
    locale: { type: String, required: true },
    required: { type: Number, required: true },
    missing: { type: [String], default: [] },
    ratio: { type: Number, required: true },
  },
  { _id: false, versionKey: false },
);

/** Fields products and product models share: what they hold, and the bookkeeping of their writes. */
const sharedContentFields = {
  parent: { type: String, default: null },
  categories: { type: [String], default: [] },
  values: { type: mixed, default: {} },
  /** type → { products: sku[], models: code[] } */
  associations: { type: mixed, default: {} },
  /** Derived from values: measurements in standard units and prices per currency as numbers, for range filters. */
  numbers: { type: mixed },
  axisKey: { type: String, default: null },
  claims: { type: [String], default: [] },
  version: { type: Number, default: 1 },
  createdAt: { type: Date, required: true },
  updatedAt: { type: Date, required: true },
};

const productSchema = new Schema(
  {
    /** The SKU: a product's key is its identifier, so reads by SKU are primary-key lookups. */
    _id: { type: String, required: true },
    sku: { type: String, required: true },
    family: { type: String, default: null },
    enabled: { type: Boolean, default: true },
    ...sharedContentFields,
    completeness: { type: [completenessSchema], default: [] },
    /** channel → locale → ratio, duplicated from completeness so filters are plain field comparisons. */
    completenessIndex: { type: mixed, default: {} },
    searchLabels: { type: [String], default: [] },
    /** Derived from the product's values and its models': what an attribute sort compares. */
    sortKeys: { type: mixed },
    /**
     * Prices and stock: written by their own fast path (src/offers) with $set on single paths, never part of
     * the content version or its history. Absent until the first price or stock figure arrives.
     */
    offer: { type: mixed },
    /** Set by each bulk write, so an unexpected outcome can be traced to the items not written. */
    writeId: { type: String, default: null },
  },
  schemaOptions,
);
productSchema.index({ sku: 1 }, { unique: true });
productSchema.index({ updatedAt: 1, _id: 1 });
productSchema.index({ family: 1 });
productSchema.index({ categories: 1 });
productSchema.index({ parent: 1 });
productSchema.index({ searchLabels: 1 });

const productModelSchema = new Schema(
  {
    /** The model's code, so reads by code are primary-key lookups. */
    _id: { type: String, required: true },
    code: { type: String, required: true },
    family: { type: String, required: true },
    familyVariant: { type: String, required: true },
    ...sharedContentFields,
  },
  schemaOptions,
);
productModelSchema.index({ code: 1 }, { unique: true });
productModelSchema.index({ parent: 1 });
productModelSchema.index({ familyVariant: 1 });

const historySchema = new Schema(
  {
    _id: { type: String, default: () => randomUUID() },
    entityType: { type: String, required: true },
    entityId: { type: String, required: true },
    version: { type: Number, required: true },
    author: { type: String, required: true },
    at: { type: Date, required: true },
    action: { type: String, required: true },
    changes: { type: mixed, default: [] },
    /** The whole entity after the change, so any version can be restored. */
    snapshot: { type: mixed, default: null },
  },
  schemaOptions,
);
historySchema.index({ entityType: 1, entityId: 1, version: -1 });
// The embedded database serves equality on an index's first key only; an entity's history is found by its id.
historySchema.index({ entityId: 1 });

/** Enforces unique attribute values (GTIN/EAN…) across products: one document per attribute and value. */
const uniqueValueSchema = new Schema(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
  },
  schemaOptions,
);
uniqueValueSchema.index({ owner: 1 });

/** A deleted product's SKU, kept so clients that sync by changes (the mobile app) learn to drop it. */
const productTombstoneSchema = new Schema(
  {
    _id: { type: String, required: true },
    deletedAt: { type: Date, required: true },
    /** The model the product belonged to, so a change feed can re-send the siblings whose variant list shrank. */
    parent: { type: String, default: null },
  },
  schemaOptions,
);

const stockLocationSchema = new Schema(
  {
    _id: { type: String, required: true },
    labels: { type: mixed, default: {} },
    type: { type: String, required: true },
    sellable: { type: Boolean, default: true },
  },
  schemaOptions,
);

const promotionSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    discount: { type: mixed, required: true },
    target: { type: mixed, required: true },
    startsAt: { type: String, required: true },
    endsAt: { type: String, required: true },
    channels: { type: [String], default: [] },
    enabled: { type: Boolean, default: true },
  },
  schemaOptions,
);

const economicOperatorSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    address: { type: mixed, required: true },
    email: { type: String },
    phone: { type: String },
    url: { type: String },
  },
  schemaOptions,
);

type Stored<T extends { code: string }> = Omit<T, "code"> & { _id: string };
export type LocaleDoc = Stored<Locale>;
export type CurrencyDoc = { _id: string };
export type ChannelDoc = Stored<Channel>;
export type AttributeGroupDoc = Stored<AttributeGroup>;
export type AttributeDoc = Stored<Attribute>;
export type FamilyDoc = Stored<Family>;
export type FamilyVariantDoc = Stored<FamilyVariant>;
export type CategoryDoc = Stored<Category>;
export type StockLocationDoc = Stored<StockLocation>;
export type PromotionDoc = Stored<Promotion>;
export type EconomicOperatorDoc = Stored<EconomicOperator>;

function compileModels(connection: Connection) {
  return {
    locales: connection.model("Locale", localeSchema, "locales"),
    currencies: connection.model("Currency", currencySchema, "currencies"),
    channels: connection.model("Channel", channelSchema, "channels"),
    attributeGroups: connection.model("AttributeGroup", attributeGroupSchema, "attribute_groups"),
    attributes: connection.model("Attribute", attributeSchema, "attributes"),
    families: connection.model("Family", familySchema, "families"),
    familyVariants: connection.model("FamilyVariant", familyVariantSchema, "family_variants"),
    categories: connection.model("Category", categorySchema, "categories"),
    products: connection.model("Product", productSchema, "products"),
    productModels: connection.model("ProductModel", productModelSchema, "product_models"),
    history: connection.model("History", historySchema, "history"),
    uniqueValues: connection.model("UniqueValue", uniqueValueSchema, "unique_values"),
    productTombstones: connection.model("ProductTombstone", productTombstoneSchema, "product_tombstones"),
    stockLocations: connection.model("StockLocation", stockLocationSchema, "stock_locations"),
    promotions: connection.model("Promotion", promotionSchema, "promotions"),
    economicOperators: connection.model("EconomicOperator", economicOperatorSchema, "economic_operators"),
  };
}

export type CatalogModels = ReturnType<typeof compileModels>;
const modelsByConnection = new WeakMap<Connection, CatalogModels>();

/** The catalog's models on a connection, compiled on first use: a second catalog on one connection shares them. */
export function registerCatalogModels(connection: Connection): CatalogModels {
  let models = modelsByConnection.get(connection);
  if (!models) modelsByConnection.set(connection, (models = compileModels(connection)));
  return models;
}

/** Indexes are created explicitly at start-up (autoIndex is off) so a failure is reported, not swallowed. */
export async function ensureCatalogIndexes(models: CatalogModels): Promise<void> {
  for (const model of Object.values(models)) await (model as unknown as Model<unknown>).createIndexes();
}
