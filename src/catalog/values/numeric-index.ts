import type { CatalogDefinitions } from "../definitions.js";
import type { RawValues } from "../models.js";
import { convertMeasurement, isMeasurementFamily, measurementFamilies } from "./measurements.js";

/**
 * Amounts as numbers, for range filters. Measurements and prices are stored as decimal strings (so
 * money and units are never binary floats), which compare as text: "13000" sorts between "1" and "2".
 * Each measurement is kept here in its family's standard unit (KILOGRAM, METER, LITER) and each price
 * per currency, under `numericKey`, so a range is a plain numeric comparison on both databases.
 */
export function numericIndex(values: RawValues, definitions: CatalogDefinitions): Record<string, number> {
  const index: Record<string, number> = {};
  for (const [code, byChannel] of Object.entries(values)) {
    const attribute = definitions.attributes.get(code);
    if (!attribute || (attribute.type !== "measurement" && attribute.type !== "price_collection")) continue;
    for (const [channel, byLocale] of Object.entries(byChannel)) {
      for (const [locale, data] of Object.entries(byLocale)) {
        if (attribute.type === "measurement") {
          const amount = standardAmount(data, attribute.constraints.measurementFamily);
          if (amount !== null) index[numericKey(code, channel, locale)] = amount;
        } else if (Array.isArray(data)) {
          for (const price of data as Array<{ amount?: unknown; currency?: unknown }>) {
            if (typeof price?.currency === "string" && typeof price.amount === "string")
              index[numericKey(code, channel, locale, price.currency)] = Number(price.amount);
          }
        }
      }
    }
  }
  return index;
}

/** The field of `numbers` that holds one value's amount: no dots, so it is a single path segment. */
export function numericKey(attribute: string, channelKey: string, localeKey: string, currency?: string): string {
  return [attribute, channelKey, localeKey, ...(currency ? [currency] : [])].join("|");
}

/** Attributes whose values sort: short scalars. Long text (textarea), lists and prices do not. */
export const sortableTypes: ReadonlySet<string> = new Set(["identifier", "text", "number", "boolean", "date", "simpleselect", "measurement"]);
/** Text sorts by its beginning: enough to order it, without copying whole values into every product. */
const sortedTextLength = 100;

/**
 * The value a product sorts by for each attribute, locale and channel, inherited values included (a
 * variant sorts by its model's name): text (its first 100 characters), numbers, dates and booleans as
 * stored, measurements in standard units. Kept under the same keys as `numericIndex`.
 */
export function sortKeys(values: RawValues, definitions: CatalogDefinitions): Record<string, string | number | boolean> {
  const keys: Record<string, string | number | boolean> = {};
  for (const [code, byChannel] of Object.entries(values)) {
    const attribute = definitions.attributes.get(code);
    if (!attribute || !sortableTypes.has(attribute.type)) continue;
    for (const [channel, byLocale] of Object.entries(byChannel)) {
      for (const [locale, data] of Object.entries(byLocale)) {
        const key = numericKey(code, channel, locale);
        if (typeof data === "string") keys[key] = data.slice(0, sortedTextLength);
        else if (typeof data === "number" || typeof data === "boolean") keys[key] = data;
        else if (attribute.type === "measurement") {
          const amount = standardAmount(data, attribute.constraints.measurementFamily);
          if (amount !== null) keys[key] = amount;
        }
      }
    }
  }
  return keys;
}

function standardAmount(data: unknown, family: string | undefined): number | null {
  const { amount, unit } = (data ?? {}) as { amount?: unknown; unit?: unknown };
  if (typeof amount !== "string" || typeof unit !== "string" || !family || !isMeasurementFamily(family)) return null;
  try {
    return Number(convertMeasurement(amount, family, unit, measurementFamilies[family].standard, 9));
  } catch {
    return null;
  }
}

/** A range bound given in `unit`, in the family's standard unit; null when the unit is not one of the family's. */
export function boundInStandardUnit(bound: string, family: string, unit: string): number | null {
  if (!isMeasurementFamily(family)) return null;
  try {
    return Number(convertMeasurement(bound, family, unit, measurementFamilies[family].standard, 9));
  } catch {
    return null;
  }
}
