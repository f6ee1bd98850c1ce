import type { Attribute, CatalogDefinitions } from "../../catalog/definitions.js";
import { associationTypes } from "../../catalog/validation/family-schema.js";

/**
 * The Akeneo-style flat layout, one column per cell of a product:
 * `sku`, `family`, `parent`, `categories`, `enabled`,
 * `<attribute>[-<locale>][-<channel>]` (locale and channel only where the attribute has them; a scopable
 * attribute's column without a channel is its value for every channel),
 * `<price attribute>[-<locale>][-<channel>]-<currency>`, `<measurement attribute>[...]-unit`,
 * `<association type>-products`, `<association type>-product_models` (`-groups` is read and ignored),
 * and the product's offer: `offer_price-<currency>` and `offer_stock-<stock location>`.
 * Import and export both go through this module so a file exported imports unchanged.
 */
export type ColumnTarget =
  | { kind: "sku" | "family" | "parent" | "categories" | "enabled" | "ignored" }
  | { kind: "association"; type: string; targets: "products" | "models" }
  | { kind: "offer_price"; currency: string }
  | { kind: "offer_stock"; location: string }
  | { kind: "value"; attribute: Attribute; locale: string | null; channel: string | null; currency: string | null; part: "data" | "unit" };

export type ValueColumn = Extract<ColumnTarget, { kind: "value" }>;

const fieldColumns = new Set(["sku", "family", "parent", "categories", "enabled"]);
const associationSuffixes: Record<string, "products" | "models" | null> = { products: "products", product_models: "models", groups: null };

/** What a column name means against the catalog's reference data, or why it means nothing. */
export function parseColumn(name: string, definitions: CatalogDefinitions): ColumnTarget | { problem: string } {
  if (fieldColumns.has(name)) return { kind: name as "sku" };
  const parts = name.split("-");
  const offerColumn = parseOfferColumn(name, parts, definitions);
  if (offerColumn) return offerColumn;
  const attribute = definitions.attributes.get(parts[0] as string);
  if (!attribute) {
    const suffix = parts.length === 2 ? associationSuffixes[parts[1] as string] : undefined;
    const type = parts[0] as string;
    if (suffix !== undefined && !(associationTypes as readonly string[]).includes(type))
      return { problem: `column ${name}: ${type} is not an association type (${associationTypes.join(", ")})` };
    if (suffix === null) return { kind: "ignored" };
    if (suffix) return { kind: "association", type, targets: suffix };
    return { problem: `column ${name} is neither a product field, an attribute nor an association (<type>-products, <type>-product_models)` };
  }
  if (attribute.type === "identifier") return { kind: "ignored" };
  const rest = parts.slice(1);
  let part: "data" | "unit" = "data";
  if (attribute.type === "measurement" && rest.at(-1) === "unit") {
    rest.pop();
    part = "unit";
  }
  let currency: string | null = null;
  if (attribute.type === "price_collection" && rest.length > 0 && definitions.currencies.has(rest.at(-1) as string)) currency = rest.pop() as string;
  let locale: string | null = null;
  let channel: string | null = null;
  if (attribute.localizable) {
    locale = rest.shift() ?? null;
    if (!locale || !definitions.locales.has(locale))
      return { problem: `column ${name}: ${attribute.code} is localizable, so the column needs a known locale (${attribute.code}-<locale>)` };
  }
  // A scopable attribute's column without a channel holds its value for every channel (channels without their own value read it).
  if (attribute.scopable && rest.length > 0) {
    channel = rest.shift() ?? null;
    if (!channel || !definitions.channels.has(channel))
      return {
        problem: `column ${name}: ${channel} is not a channel; ${attribute.code} is scopable, so its columns are ${attribute.code}-${attribute.localizable ? "<locale>-" : ""}[<channel>]`,
      };
  }
  if (rest.length > 0) return { problem: `column ${name}: "${rest.join("-")}" is not a ${describeExpectedSuffix(attribute)} of ${attribute.code}` };
  return { kind: "value", attribute, locale, channel, currency, part };
}

/** Offer columns take their names before attribute codes: an attribute cannot be called offer_price or offer_stock in a file. */
function parseOfferColumn(name: string, parts: string[], definitions: CatalogDefinitions): ColumnTarget | { problem: string } | null {
  const [kind, code, ...rest] = parts;
  if (kind !== "offer_price" && kind !== "offer_stock") return null;
  if (code === undefined || rest.length > 0)
    return { problem: `column ${name}: an offer column is ${kind}-<${kind === "offer_price" ? "currency" : "stock location"}>` };
  if (kind === "offer_price")
    return definitions.currencies.has(code) ? { kind, currency: code } : { problem: `column ${name}: ${code} is not a currency of the catalog` };
  return definitions.stockLocations.has(code) ? { kind, location: code } : { problem: `column ${name}: ${code} is not a stock location` };
}

/** The offer columns the product export writes: a price per currency, on-hand stock per location. */
export function offerColumns(definitions: CatalogDefinitions): string[] {
  return [
    ...[...definitions.currencies].sort().map((currency) => `offer_price-${currency}`),
    ...[...definitions.stockLocations.keys()].sort().map((location) => `offer_stock-${location}`),
  ];
}

function describeExpectedSuffix(attribute: Attribute): string {
  if (attribute.type === "price_collection") return "known currency";
  if (attribute.type === "measurement") return "unit column (-unit)";
  return attribute.localizable || attribute.scopable ? "locale or channel" : "suffix";
}

/** The column name of one cell; the inverse of parseColumn. */
export function valueColumnName(attribute: string, locale: string | null, channel: string | null, suffix: string | null = null): string {
  return [attribute, locale, channel, suffix].filter((part): part is string => part !== null).join("-");
}

export function associationColumnName(type: string, targets: "products" | "models"): string {
  return `${type}-${targets === "products" ? "products" : "product_models"}`;
}

/** The association columns the export writes: every type, products then product models. */
export function associationColumns(): string[] {
  return associationTypes.flatMap((type) => [associationColumnName(type, "products"), associationColumnName(type, "models")]);
}

/** Every column the export writes for the catalog's attributes, in a stable order: scopable × localizable × currency or unit. */
export function attributeColumns(definitions: CatalogDefinitions): string[] {
  const columns: string[] = [];
  const attributes = [...definitions.attributes.values()]
    .filter((a) => a.type !== "identifier")
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const attribute of attributes) {
    const channels = attribute.scopable ? [null, ...definitions.channels.values()] : [null];
    for (const channel of channels) {
      const locales = attribute.localizable ? (channel ? channel.locales : [...definitions.locales.keys()]) : [null];
      for (const locale of locales) {
        if (attribute.type === "price_collection") {
          const currencies = channel ? channel.currencies : [...definitions.currencies];
          for (const currency of currencies) columns.push(valueColumnName(attribute.code, locale, channel?.code ?? null, currency));
        } else {
          columns.push(valueColumnName(attribute.code, locale, channel?.code ?? null));
          if (attribute.type === "measurement") columns.push(valueColumnName(attribute.code, locale, channel?.code ?? null, "unit"));
        }
      }
    }
  }
  return columns;
}
