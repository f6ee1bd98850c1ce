import type { Attribute, CatalogDefinitions, Category, Channel, EconomicOperator, Promotion, StockLocation } from "../catalog/definitions.js";
import { resolveValue, localeChain } from "../catalog/values/value-resolution.js";
import { stockStatus } from "../offers/availability.js";
import { appliesIn, effectivePrice, isActive, type EffectivePrice, type PricedProduct } from "../offers/effective-price.js";
import { treeOf, withAncestors } from "../catalog/read/categories.js";
import { cleanText, htmlText } from "../../channel-exporters/shared/text-safety.js";
import { channelImagePresets, channelPresetAt, mediaUrl } from "../media/channel-images.js";
import type { ChannelImagePresets } from "../media/presets.js";
import { labelIn, renderValue } from "./attribute-text.js";
import { isOfferField, type ChannelExportSettings, type FieldMapping, type FieldName } from "./channel-export-settings.js";
import type { AttributeText, ChannelOffer, ChannelProduct, FieldData, FieldValue, VariantAxis } from "./channel-product.js";
import type { SourceProduct } from "../catalog/read/source-products.js";
import { own } from "../own-key.js";

/** Everything a run needs to turn source products into channel products, prepared once per run. */
export interface ChannelScope {
  channel: Channel;
  settings: ChannelExportSettings;
  definitions: CatalogDefinitions;
  categories: Map<string, Category>;
  locales: Array<string | null>;
  /** The moment the run prices products at: promotions active then apply. */
  generatedAt: Date;
  /** The promotions active in this channel at `generatedAt`, by what they target. */
  promotions: PromotionIndex;
  stockLocations: ReadonlyMap<string, StockLocation>;
  /** The presets of the channel's exporter for its image URLs. */
  imagePresets: ChannelImagePresets | null;
}

export function channelScope(
  channel: Channel,
  settings: ChannelExportSettings,
  definitions: CatalogDefinitions,
  categories: Map<string, Category>,
  generatedAt: Date,
): ChannelScope {
  return {
    channel,
    settings,
    definitions,
    categories,
    locales: localeChain(settings.locale, definitions),
    generatedAt,
    promotions: new PromotionIndex(
      [...definitions.promotions.values()].filter((promotion) => isActive(promotion, generatedAt) && appliesIn(promotion, channel.code)),
    ),
    stockLocations: definitions.stockLocations,
    imagePresets: channelImagePresets(settings.exporter),
  };
}

/** The run's scope as it reads values in another locale of its channel, for a product's translations. */
export function scopeInLocale(scope: ChannelScope, locale: string): ChannelScope {
  return { ...scope, settings: { ...scope.settings, locale }, locales: localeChain(locale, scope.definitions) };
}

const moneyFields: ReadonlySet<FieldName> = new Set(["price", "salePrice"]);
const listFields: ReadonlySet<FieldName> = new Set(["images"]);
/** Fields whose words are enumerations: a select feeds them its option code (or its mapped word), never a label. */
const codeFields: ReadonlySet<FieldName> = new Set(["condition", "gender", "ageGroup"]);
/** Fields every exporter reads as HTML (it strips or keeps tags): plain text from an attribute enters them escaped. */
const htmlFields: ReadonlySet<FieldName> = new Set(["title", "description", "shortDescription"]);

export function buildChannelProduct(source: SourceProduct, scope: ChannelScope): ChannelProduct {
  const family = source.family ? scope.definitions.families.get(source.family) : undefined;
  const mappings: Partial<Record<FieldName, FieldMapping>> = {
    ...(family ? { title: { attribute: family.labelAttribute } } : {}),
    ...(family?.imageAttribute ? { images: { attribute: family.imageAttribute } } : {}),
    ...scope.settings.fields,
  };
  const fields: Partial<Record<FieldName, FieldValue>> = {};
  for (const [name, mapping] of Object.entries(mappings) as Array<[FieldName, FieldMapping]>) {
    // Settings saved before offers existed may still map these; the offer is their only source now.
    if (isOfferField(name)) continue;
    const value = mapField(name, mapping, source, scope);
    if (value) fields[name] = value;
  }
  fields.link ??= { value: productUrl(source, scope), origin: { source: "derived", from: "productUrl" }, changes: [] };
  const offer = offerFields(source, scope, fields);

  const { path, channelCategory } = categoriesOf(source, scope);
  return {
    sku: source.sku,
    family: source.family,
    itemGroupId: source.ancestry[0]?.code ?? null,
    enabled: source.enabled,
    updatedAt: source.updatedAt,
    fields,
    imageAssetIds: imageAssetIdsOf(mappings.images, source, scope),
    imageAssets: [],
    categoryPath: path,
    channelCategory,
    axes: axesOf(source, scope),
    attribute: (code) => attributeText(code, source, scope),
    attributes: () => attributeTexts(source, scope),
    group: null,
    translations: [],
    offer,
    economicOperators: {
      manufacturer: operatorNamed(fields.manufacturer, scope),
      responsiblePerson: operatorNamed(fields.responsiblePerson, scope),
    },
  };
}

/** The operator a field names by code; a mapping onto an attribute without the operator constraint names none. */
function operatorNamed(field: FieldValue | undefined, scope: ChannelScope): EconomicOperator | null {
  return typeof field?.value === "string" ? (scope.definitions.economicOperators.get(field.value) ?? null) : null;
}

/**
 * A run's promotions by the SKUs, families and categories they target, so pricing a product weighs only
 * the few that can apply to it. Searching every promotion's SKU list for every product cost 8.7 s on
 * 100,000 products with 50 promotions of 200 SKUs each.
 */
export class PromotionIndex {
  private readonly bySku = new Map<string, Promotion[]>();
  private readonly byFamily = new Map<string, Promotion[]>();
  private readonly byCategory = new Map<string, Promotion[]>();

  constructor(promotions: Iterable<Promotion>) {
    const add = (index: Map<string, Promotion[]>, key: string, promotion: Promotion) => {
      const list = index.get(key);
      if (list) list.push(promotion);
      else index.set(key, [promotion]);
    };
    for (const promotion of promotions) {
      for (const sku of promotion.target.skus) add(this.bySku, sku, promotion);
      for (const family of promotion.target.families) add(this.byFamily, family, promotion);
      for (const category of promotion.target.categories) add(this.byCategory, category, promotion);
    }
  }

  /** The promotions whose target names this product, its family or one of its categories; each once. */
  candidates(product: Omit<PricedProduct, "prices">): Promotion[] {
    const found = new Set<Promotion>(this.bySku.get(product.sku));
    for (const promotion of (product.family !== null && this.byFamily.get(product.family)) || []) found.add(promotion);
    for (const category of product.categoriesWithAncestors) for (const promotion of this.byCategory.get(category) ?? []) found.add(promotion);
    return [...found];
  }
}

/** The product's price in the channel's currency at the run's moment, with the promotion that lowers it, if any. */
function channelPrice(source: SourceProduct, scope: ChannelScope): EffectivePrice | null {
  const priced: PricedProduct = {
    sku: source.sku,
    family: source.family,
    categoriesWithAncestors: withAncestors(source.categories, (code) => scope.categories.get(code)?.ancestors),
    prices: source.offer.prices,
  };
  return effectivePrice(priced, scope.settings.currency, scope.channel.code, scope.generatedAt, scope.promotions.candidates(priced));
}

/** Fills price, salePrice, availability and availabilityDate from the offer, and returns what exporters need besides. */
function offerFields(source: SourceProduct, scope: ChannelScope, fields: Partial<Record<FieldName, FieldValue>>): ChannelOffer {
  const price = channelPrice(source, scope);
  if (price) {
    fields.price = { value: { amount: price.price, currency: price.currency }, origin: { source: "derived", from: "price list" }, changes: [] };
    if (price.salePrice !== null && price.promotion) {
      fields.salePrice = {
        value: { amount: price.salePrice, currency: price.currency },
        origin: { source: "derived", from: `promotion ${price.promotion.code}` },
        changes: [],
      };
    }
  }
  const stock = stockStatus(source.offer, scope.stockLocations);
  const availabilityDate = stock.availabilityDate ? stock.availabilityDate.toISOString().replace(/\.000Z$/, "Z") : null;
  fields.availability = { value: stock.availability, origin: { source: "derived", from: "stock" }, changes: [] };
  if (availabilityDate) fields.availabilityDate = { value: availabilityDate, origin: { source: "derived", from: "stock" }, changes: [] };
  const promotion = price && price.salePrice !== null ? price.promotion : null;
  return {
    saleWindow: promotion ? { startsAt: promotion.startsAt, endsAt: promotion.endsAt } : null,
    promotion: promotion ? { code: promotion.code, name: promotion.name, channels: promotion.channels } : null,
    sellableQuantity: stock.sellableQuantity,
    availabilityDate,
  };
}

function mapField(name: FieldName, mapping: FieldMapping, source: SourceProduct, scope: ChannelScope): FieldValue | null {
  if (mapping.value !== undefined) return { value: typed(name, cleanText(mapping.value), scope.settings.currency), origin: { source: "static" }, changes: [] };
  const attribute = mapping.attribute ? scope.definitions.attributes.get(mapping.attribute) : undefined;
  if (attribute) {
    const found = resolveValue(source.values, attribute, { locale: scope.settings.locale, channel: scope.channel.code }, scope.definitions);
    const data = found ? attributeData(name, attribute, found.data, mapping, scope) : null;
    if (data !== null && found)
      return { value: data, origin: { source: "attribute", attribute: attribute.code, locale: found.locale, channel: found.channel }, changes: [] };
  }
  if (mapping.default !== undefined)
    return { value: typed(name, cleanText(mapping.default), scope.settings.currency), origin: { source: "default" }, changes: [] };
  return null;
}

function attributeData(name: FieldName, attribute: Attribute, data: unknown, mapping: FieldMapping, scope: ChannelScope): FieldData | null {
  if (listFields.has(name) && attribute.type === "media" && Array.isArray(data)) return data.map((asset, i) => imageUrl(String(asset), i, scope));
  const rendered = renderValue(attribute, data, scope.locales, scope.settings.currency, mapping.values);
  if (!rendered) return null;
  const byCode = codeFields.has(name) && (attribute.type === "simpleselect" || attribute.type === "multiselect");
  const text = cleanText(
    byCode
      ? rendered.raw
          .split(",")
          .map((code) => own(mapping.values, code) ?? code)
          .join(",")
      : rendered.text,
  );
  if (listFields.has(name)) return [text];
  // Only rich-text attributes hold markup; in any other text "<" and "&" are characters.
  return htmlFields.has(name) && !attribute.constraints.richText ? htmlText(text) : text;
}

/** A static or default value in a field's own shape: money in the channel's currency, lists of one. */
export function typed(name: FieldName, text: string, currency: string): FieldData {
  if (moneyFields.has(name)) return { amount: text, currency };
  if (listFields.has(name)) return text ? [text] : [];
  return text;
}

/** The main (first) image may have a preset of its own, e.g. Amazon's framed main image on pure white. */
function imageUrl(asset: string, position: number, scope: ChannelScope): string {
  return mediaUrl(scope.settings.mediaBaseUrl, asset, scope.imagePresets && channelPresetAt(scope.imagePresets, position));
}

function imageAssetIdsOf(mapping: FieldMapping | undefined, source: SourceProduct, scope: ChannelScope): string[] {
  const attribute = mapping?.attribute ? scope.definitions.attributes.get(mapping.attribute) : undefined;
  if (attribute?.type !== "media") return [];
  const found = resolveValue(source.values, attribute, { locale: scope.settings.locale, channel: scope.channel.code }, scope.definitions);
  return Array.isArray(found?.data) ? found.data.map(String) : [];
}

function productUrl(source: SourceProduct, scope: ChannelScope): string {
  const replacements: Record<string, string> = { sku: source.sku, group: source.ancestry[0]?.code ?? source.sku, locale: scope.settings.locale };
  return scope.settings.productUrl.replace(/\{(sku|group|locale)\}/g, (_, key: string) => encodeURIComponent(replacements[key] as string));
}

function categoriesOf(source: SourceProduct, scope: ChannelScope): Pick<ChannelProduct, "channelCategory"> & { path: string[] } {
  const tree = scope.channel.categoryTree;
  const inTree = source.categories
    .map((code) => scope.categories.get(code))
    .filter((c): c is Category => c !== undefined && treeOf(c) === tree)
    .sort((a, b) => b.ancestors.length - a.ancestors.length || a.code.localeCompare(b.code));
  const deepest = inTree[0];
  const path = deepest
    ? [...deepest.ancestors.slice(1), deepest.code].map((code) => labelIn(scope.categories.get(code)?.labels ?? {}, scope.locales, code))
    : [];
  const mapping = scope.settings.categories ?? {};
  for (const category of inTree) {
    for (const code of [category.code, ...[...category.ancestors].reverse()]) {
      const id = own(mapping, code);
      if (id) return { path, channelCategory: { value: id, origin: { source: "derived", from: `category ${code}` }, changes: [] } };
    }
  }
  return { path, channelCategory: null };
}

function axesOf(source: SourceProduct, scope: ChannelScope): VariantAxis[] {
  const root = source.ancestry[0];
  const familyVariant = root ? scope.definitions.familyVariants.get(root.familyVariant) : undefined;
  if (!familyVariant) return [];
  return familyVariant.levels.flatMap((level) =>
    level.axes.flatMap((code) => {
      const attribute = scope.definitions.attributes.get(code);
      const found = attribute
        ? resolveValue(source.values, attribute, { locale: scope.settings.locale, channel: scope.channel.code }, scope.definitions)
        : null;
      const rendered = attribute && found ? renderValue(attribute, found.data, scope.locales, scope.settings.currency) : null;
      return attribute && rendered ? [{ attribute: code, label: labelIn(attribute.labels, scope.locales, code), value: cleanText(rendered.text) }] : [];
    }),
  );
}

function attributeText(code: string, source: SourceProduct, scope: ChannelScope): AttributeText | null {
  const attribute = scope.definitions.attributes.get(code);
  if (!attribute || attribute.type === "identifier") return null;
  const found = resolveValue(source.values, attribute, { locale: scope.settings.locale, channel: scope.channel.code }, scope.definitions);
  const rendered = found ? renderValue(attribute, found.data, scope.locales, scope.settings.currency) : null;
  if (!rendered) return null;
  // A customer reads the operator's name where the catalog stores its code, as with a select's option label.
  const operator = attribute.constraints.economicOperator ? scope.definitions.economicOperators.get(rendered.raw) : undefined;
  const text = operator?.name ?? rendered.text;
  return { code, label: labelIn(attribute.labels, scope.locales, code), text: cleanText(text), raw: cleanText(rendered.raw), unit: rendered.unit };
}

function attributeTexts(source: SourceProduct, scope: ChannelScope): AttributeText[] {
  const order = (code: string) => scope.definitions.attributes.get(code)?.sortOrder ?? 0;
  return Object.keys(source.values)
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    .map((code) => attributeText(code, source, scope))
    .filter((text): text is AttributeText => text !== null);
}
