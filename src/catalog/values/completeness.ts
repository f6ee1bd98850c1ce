import type { Attribute, CatalogDefinitions, Family } from "../definitions.js";
import { getRawValue, isEmptyData, type RawValues } from "./raw-values.js";

export interface CompletenessResult {
  channel: string;
  locale: string;
  required: number;
  missing: string[];
  ratio: number;
}

/**
 * Akeneo's rule, per channel × channel locale: ratio = floor(100 × filled / required), 100 when
 * nothing is required; a price is filled only when every currency of the channel has an amount.
 */
export function computeCompleteness(values: RawValues, family: Family | undefined, definitions: CatalogDefinitions): CompletenessResult[] {
  if (!family) return [];
  const results: CompletenessResult[] = [];
  for (const channel of [...definitions.channels.values()].sort((a, b) => a.code.localeCompare(b.code))) {
    const required = (family.requirements[channel.code] ?? []).filter((code) => definitions.attributes.has(code));
    for (const locale of channel.locales) {
      const missing = required.filter((code) => {
        const attribute = definitions.attributes.get(code) as Attribute;
        return !isFilled(values, attribute, channel.code, locale, channel.currencies);
      });
      const ratio = required.length === 0 ? 100 : Math.floor((100 * (required.length - missing.length)) / required.length);
      results.push({ channel: channel.code, locale, required: required.length, missing, ratio });
    }
  }
  return results;
}

function isFilled(values: RawValues, attribute: Attribute, channel: string, locale: string, currencies: string[]): boolean {
  if (attribute.type === "identifier") return true;
  const valueLocale = attribute.localizable ? locale : null;
  let data = getRawValue(values, attribute.code, attribute.scopable ? channel : null, valueLocale);
  // A scopable media attribute's all-channels value serves every channel without an override of its own.
  if (attribute.type === "media" && attribute.scopable && isEmptyData(data)) data = getRawValue(values, attribute.code, null, valueLocale);
  if (isEmptyData(data)) return false;
  if (attribute.type === "price_collection") {
    const filled = new Set((data as Array<{ currency: string; amount: string }>).filter((p) => p.amount !== "").map((p) => p.currency));
    return currencies.every((currency) => filled.has(currency));
  }
  return true;
}

/** channel → locale → ratio, stored beside the full result so "at least N %" is an indexed comparison. */
export function completenessIndex(results: CompletenessResult[]): Record<string, Record<string, number>> {
  const index: Record<string, Record<string, number>> = {};
  for (const result of results) (index[result.channel] ??= {})[result.locale] = result.ratio;
  return index;
}
