import type { Attribute, CatalogDefinitions } from "../definitions.js";
import { getRawValue, isEmptyData, type RawValues } from "./raw-values.js";

export interface ResolvedValue {
  data: unknown;
  /** Where the value was found, so a storefront can tell a fallback from the real thing. */
  locale: string | null;
  channel: string | null;
}

/**
 * One value for a storefront: the channel-specific value, else the all-channels value; in the
 * requested locale, else along the catalog's fallback chain.
 */
export function resolveValue(
  raw: RawValues,
  attribute: Attribute,
  context: { locale?: string | null; channel?: string | null },
  definitions: CatalogDefinitions,
): ResolvedValue | null {
  const channels = attribute.scopable ? [context.channel ?? null, null].filter((c, i, all) => all.indexOf(c) === i) : [null];
  const locales = attribute.localizable ? localeChain(context.locale ?? null, definitions) : [null];
  for (const locale of locales) {
    for (const channel of channels) {
      const data = getRawValue(raw, attribute.code, channel, locale);
      if (!isEmptyData(data)) return { data, locale, channel };
    }
  }
  return null;
}

export function localeChain(locale: string | null, definitions: CatalogDefinitions): Array<string | null> {
  const chain: Array<string | null> = [];
  let current = locale;
  while (current && !chain.includes(current)) {
    chain.push(current);
    current = definitions.locales.get(current)?.fallback ?? null;
  }
  return chain.length ? chain : [null];
}
