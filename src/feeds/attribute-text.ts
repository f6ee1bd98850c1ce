import type { Attribute, Labels } from "../catalog/definitions.js";
import type { Money } from "./channel-product.js";
import { own } from "../own-key.js";

const unitSymbols: Record<string, string> = {
  MILLIGRAM: "mg",
  GRAM: "g",
  KILOGRAM: "kg",
  OUNCE: "oz",
  POUND: "lb",
  MILLIMETER: "mm",
  CENTIMETER: "cm",
  METER: "m",
  INCH: "in",
  FOOT: "ft",
  MILLILITER: "ml",
  CUBIC_CENTIMETER: "cm³",
  LITER: "l",
  CUBIC_METER: "m³",
};

export function unitSymbol(unit: string): string {
  return own(unitSymbols, unit) ?? unit.toLowerCase();
}

/** The label in the first locale of the chain that has one, else the code. */
export function labelIn(labels: Labels, locales: readonly (string | null)[], code: string): string {
  for (const locale of locales) {
    const label = locale ? own(labels, locale) : undefined;
    if (label) return label;
  }
  return code;
}

/** A decimal string with at least two fraction digits, written without floats so no cent is lost. */
export function moneyAmount(decimal: string): string {
  const [whole = "0", fraction = ""] = decimal.split(".");
  return `${whole}.${fraction.padEnd(2, "0")}`;
}

export function priceIn(data: unknown, currency: string): Money | null {
  if (!Array.isArray(data)) return null;
  const price = data.find((p: { currency?: string }) => p?.currency === currency) as { amount?: unknown } | undefined;
  return typeof price?.amount === "string" ? { amount: moneyAmount(price.amount), currency } : null;
}

export interface RenderedValue {
  text: string;
  raw: string;
  unit: string | null;
}

/** A stored value as words in one locale; `optionWords` lets a mapping replace an option's label. */
export function renderValue(
  attribute: Attribute,
  data: unknown,
  locales: readonly (string | null)[],
  currency: string,
  optionWords?: Record<string, string>,
): RenderedValue | null {
  const optionText = (code: string) => own(optionWords, code) ?? labelIn(attribute.options.find((o) => o.code === code)?.labels ?? {}, locales, code);
  switch (attribute.type) {
    case "simpleselect":
      return typeof data === "string" ? { text: optionText(data), raw: data, unit: null } : null;
    case "multiselect":
      return Array.isArray(data) && data.length ? { text: data.map(String).map(optionText).join(", "), raw: data.join(","), unit: null } : null;
    case "price_collection": {
      const money = priceIn(data, currency);
      return money ? { text: `${money.amount} ${money.currency}`, raw: money.amount, unit: money.currency } : null;
    }
    case "measurement": {
      const { amount, unit } = (data ?? {}) as { amount?: string; unit?: string };
      return amount && unit ? { text: `${amount} ${unitSymbol(unit)}`, raw: amount, unit: unitSymbol(unit) } : null;
    }
    case "media":
      return Array.isArray(data) && data.length ? { text: data.join(", "), raw: data.join(","), unit: null } : null;
    case "boolean":
      return typeof data === "boolean" ? { text: String(data), raw: String(data), unit: null } : null;
    default:
      return data === null || data === undefined || data === "" ? null : { text: String(data), raw: String(data), unit: null };
  }
}
