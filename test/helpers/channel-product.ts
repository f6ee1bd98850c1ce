import type { ChannelExporter, MapContext } from "../../channel-exporters/types.js";
import type { ChannelExportSettings, FieldName } from "../../src/feeds/channel-export-settings.js";
import type { AttributeText, ChannelOffer, ChannelProduct, FieldData, FieldValue, Money } from "../../src/feeds/channel-product.js";
import { channelImagePresets, channelImageRendition, channelRenditions, mediaUrl } from "../../src/media/channel-images.js";
import { staticSchemaValidator } from "../../src/validation/json-schemas.js";

/**
 * Hand-made channel products and map contexts for unit tests of an exporter's pure map(): no database,
 * no feed run. A product starts complete and sellable (title, HTML description, brand, GTIN, MPN, link,
 * two images, a price, in stock with 5 units), so a test states only what it changes.
 */

export const money = (amount: string, currency = "EUR"): Money => ({ amount, currency });

/** A field as a mapping fills it from an attribute of the same name; pass a FieldValue for another origin. */
export function fieldValue(value: FieldData, attribute?: string): FieldValue {
  return { value, origin: attribute ? { source: "attribute", attribute, locale: null, channel: null } : { source: "static" }, changes: [] };
}

export interface ChannelProductOverrides extends Partial<Omit<ChannelProduct, "fields" | "attribute" | "attributes" | "offer" | "channelCategory">> {
  /** Replaces the default field of that name; `null` leaves the field out. A FieldValue is taken as is. */
  fields?: Partial<Record<FieldName, FieldData | FieldValue | null>>;
  /** The product's attributes in the channel's locale, in catalog order. */
  attributes?: AttributeText[];
  offer?: Partial<ChannelOffer>;
  /** The channel's own category id. */
  channelCategory?: string | null;
}

export const defaultFields: Partial<Record<FieldName, FieldData>> = {
  title: "Baltica Linen Shirt Regular Fit",
  description: "<p>A <strong>linen</strong> shirt for warm days.</p><ul><li>100% linen</li><li>Regular fit</li></ul>",
  brand: "Baltica",
  gtin: "4006381333931",
  mpn: "BAL-LS-01",
  link: "https://shop.example.com/p/SKU-1",
  images: ["https://shop.example.com/media/front.jpg/main", "https://shop.example.com/media/back.jpg/main"],
  price: money("49.99"),
  availability: "in_stock",
};

function isFieldValue(data: FieldData | FieldValue): data is FieldValue {
  return typeof data === "object" && !Array.isArray(data) && "origin" in data;
}

export function channelProduct(overrides: ChannelProductOverrides = {}): ChannelProduct {
  const { fields: fieldOverrides = {}, attributes = [], offer, channelCategory = null, ...rest } = overrides;
  const fields: ChannelProduct["fields"] = {};
  for (const [name, data] of Object.entries({ ...defaultFields, ...fieldOverrides }) as Array<[FieldName, FieldData | FieldValue | null | undefined]>) {
    if (data === null || data === undefined) continue;
    fields[name] = isFieldValue(data) ? data : fieldValue(data);
  }
  return {
    sku: "SKU-1",
    family: "shirts",
    itemGroupId: null,
    enabled: true,
    updatedAt: new Date("2026-10-01T00:00:00Z"),
    imageAssetIds: [],
    imageAssets: [],
    categoryPath: [],
    axes: [],
    group: null,
    translations: [],
    economicOperators: { manufacturer: null, responsiblePerson: null },
    ...rest,
    fields,
    channelCategory: channelCategory === null ? null : { value: channelCategory, origin: { source: "static" }, changes: [] },
    attribute: (code) => attributes.find((attribute) => attribute.code === code) ?? null,
    attributes: () => attributes,
    offer: { saleWindow: null, promotion: null, sellableQuantity: 5, availabilityDate: null, ...offer },
  };
}

/** A map context that records warnings and remembers firstTime keys, as a feed run's does. */
export interface TestMapContext extends MapContext {
  warnings: Array<{ field: string; reason: string }>;
  /** What map() refused the product for; a feed run writes nothing of a product refused. */
  refusals: Array<{ field: string; reason: string }>;
}

export interface MapContextOverrides extends Partial<Omit<MapContext, "settings" | "warn" | "refuse" | "firstTime">> {
  settings?: Partial<ChannelExportSettings>;
}

/** `exporter` is the exporter's code; its media presets give mediaUrl() and renditions() as a feed run's would. */
export function mapContext(exporter: string, overrides: MapContextOverrides = {}): TestMapContext {
  const locale = overrides.locale ?? "en_US";
  const currency = overrides.currency ?? "EUR";
  const settings: ChannelExportSettings = {
    exporter,
    locale,
    currency,
    productUrl: "https://shop.example.com/p/{sku}",
    mediaBaseUrl: "https://shop.example.com/media/",
    ...overrides.settings,
  };
  const presets = channelImagePresets(exporter);
  const warnings: TestMapContext["warnings"] = [];
  const refusals: TestMapContext["refusals"] = [];
  const seen = new Set<string>();
  return {
    channel: "test_channel",
    languageTag: locale.replace("_", "-"),
    generatedAt: new Date("2026-11-01T09:00:00Z"),
    options: {},
    categories: [],
    economicOperators: new Map(),
    mediaUrl: (asset, preset) => mediaUrl(settings.mediaBaseUrl, asset, preset),
    renditions: (asset) => channelRenditions(settings.mediaBaseUrl, presets, asset),
    imageRendition: (asset, position) => channelImageRendition(settings.mediaBaseUrl, presets, asset, position),
    ...overrides,
    locale,
    currency,
    settings,
    warnings,
    refusals,
    warn: (field, reason) => void warnings.push({ field, reason }),
    refuse: (field, reason) => void refusals.push({ field, reason }),
    firstTime: (key) => !seen.has(key) && Boolean(seen.add(key)),
  };
}

/**
 * Where an item breaks the exporter's item schema (the check a feed run makes before writing it), as
 * "<instance path> <keyword>" lines; empty when the item would be written.
 */
export function schemaErrors(exporter: Pick<ChannelExporter, "itemSchema">, item: unknown): string[] {
  const validate = staticSchemaValidator(`channels/${exporter.itemSchema}`);
  if (validate(item)) return [];
  return (validate.errors ?? []).map(
    (error) =>
      `${error.instancePath || "/"} ${error.keyword}${error.keyword === "required" ? ` ${String((error.params as { missingProperty?: string }).missingProperty)}` : ""}`,
  );
}
