import type { CatalogDefinitions, Family } from "../definitions.js";
import { ALL_CHANNELS, ALL_LOCALES, type RawValues } from "../models.js";

export interface OrphanValue {
  attribute: string;
  locale: string | null;
  channel: string | null;
  data: unknown;
  /** Why the catalog would no longer accept it. */
  reason: string;
}

/**
 * Stored values the catalog would refuse today: their attribute left the family (or was deleted), or
 * their locale, channel or currency is gone. (A value only a tightened constraint would refuse is kept
 * too, but not listed: that would take validating every value on every read.) They are kept, never block an edit of something else, and are
 * listed here for an editor to clear.
 */
export function orphanValues(values: RawValues, family: Family | undefined, definitions: CatalogDefinitions): OrphanValue[] {
  const orphans: OrphanValue[] = [];
  for (const [attribute, byChannel] of Object.entries(values)) {
    for (const [channelKey, byLocale] of Object.entries(byChannel)) {
      for (const [localeKey, data] of Object.entries(byLocale)) {
        const channel = channelKey === ALL_CHANNELS ? null : channelKey;
        const locale = localeKey === ALL_LOCALES ? null : localeKey;
        const reason = !definitions.attributes.has(attribute)
          ? `attribute ${attribute} no longer exists`
          : family && !family.attributes.includes(attribute)
            ? `${attribute} is no longer an attribute of family ${family.code}`
            : locale !== null && !definitions.locales.has(locale)
              ? `locale ${locale} no longer exists`
              : channel !== null && !definitions.channels.has(channel)
                ? `channel ${channel} no longer exists`
                : goneCurrency(data, definitions);
        if (reason) orphans.push({ attribute, locale, channel, data, reason });
      }
    }
  }
  return orphans;
}

/** A price in a currency the catalog no longer has. */
function goneCurrency(data: unknown, definitions: CatalogDefinitions): string | null {
  if (!Array.isArray(data)) return null;
  const gone = data.map((price) => (price as { currency?: unknown })?.currency).find((currency) => typeof currency === "string" && !definitions.currencies.has(currency));
  return typeof gone === "string" ? `currency ${gone} no longer exists` : null;
}
