import { convertMeasurement, measurementFamilies, type MeasurementFamily } from "../../src/catalog/values/measurements.js";
import { unitSymbol } from "../../src/feeds/attribute-text.js";
import type { FieldName } from "../../src/feeds/channel-export-settings.js";
import type { AttributeText } from "../../src/feeds/channel-product.js";
import type { ChannelProduct } from "../types.js";

function familyOf(unit: string): MeasurementFamily | null {
  for (const [family, { units }] of Object.entries(measurementFamilies)) if (Object.hasOwn(units, unit)) return family as MeasurementFamily;
  return null;
}

/**
 * A measurement attribute's amount in `unit` (a PIM unit code such as GRAM) as an exact decimal string with
 * at most `decimals` fraction digits; null when the attribute holds no amount of that unit's kind.
 * `up` rounds any remainder up, for a package a channel charges by: a box is never smaller than its contents.
 */
export function amountIn(attribute: AttributeText | null, unit: string, decimals: number, rounding: "nearest" | "up" = "nearest"): string | null {
  const family = familyOf(unit);
  if (!attribute?.unit || !family) return null;
  // AttributeText carries the unit's symbol ("kg"); the conversion table speaks unit codes.
  const from = Object.keys(measurementFamilies[family].units).find((code) => unitSymbol(code) === attribute.unit);
  if (!from || !/^\d+(\.\d+)?$/.test(attribute.raw)) return null;
  if (rounding === "nearest") return convertMeasurement(attribute.raw, family, from, unit, decimals);
  const exact = convertMeasurement(attribute.raw, family, from, unit, decimals + 9);
  const [whole = "0", fraction = ""] = exact.split(".");
  const kept = fraction.slice(0, decimals).padEnd(decimals, "0");
  const scaled = BigInt(whole + kept) + (/[1-9]/.test(fraction.slice(decimals)) ? 1n : 0n);
  const digits = scaled.toString().padStart(decimals + 1, "0");
  const rounded = decimals ? `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` : digits;
  return decimals ? rounded.replace(/\.?0+$/, "") : rounded;
}

/**
 * A measurement field's amount in `unit`, read from the attribute the channel maps the field from (the weight
 * field's, say); null when the field has no such attribute behind it or it holds no amount of that kind.
 */
export function fieldAmountIn(
  product: ChannelProduct,
  field: FieldName,
  unit: string,
  decimals: number,
  rounding: "nearest" | "up" = "nearest",
): string | null {
  const origin = product.fields[field]?.origin;
  return origin?.source === "attribute" ? amountIn(product.attribute(origin.attribute), unit, decimals, rounding) : null;
}

/** A package measure in a channel's unit (a PIM unit code such as MILLIMETER) and precision. */
export interface PackageUnit {
  unit: string;
  decimals: number;
}

/**
 * The package measures a marketplace charges logistics by, each read from the PIM attribute the channel
 * names for it and rounded up in the channel's unit, and the names of those the product has no value for
 * (or no value of the right kind).
 */
export function packageMeasures<Name extends string>(
  product: ChannelProduct,
  attributes: Record<Name, string>,
  units: Record<Name, PackageUnit>,
): { values: Partial<Record<Name, number>>; missing: Name[] } {
  const values: Partial<Record<Name, number>> = {};
  const missing: Name[] = [];
  for (const [name, { unit, decimals }] of Object.entries(units) as Array<[Name, PackageUnit]>) {
    const amount = amountIn(product.attribute(attributes[name]), unit, decimals, "up");
    if (amount === null) missing.push(name);
    else values[name] = Number(amount);
  }
  return { values, missing };
}

const attributeCode = { type: "string", pattern: "^[a-z][a-z0-9_]{0,99}$" } as const;

/** Options schema of the PIM attributes a channel's package measures are read from, by the channel's names. */
export function packageAttributesSchema<Name extends string>(names: readonly Name[], description: string) {
  return {
    type: "object",
    additionalProperties: false,
    description,
    properties: Object.fromEntries(names.map((name) => [name, attributeCode])) as Record<Name, typeof attributeCode>,
  } as const;
}
