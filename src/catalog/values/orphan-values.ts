import type { CatalogDefinitions, Family } from "../definitions.js";
import { ALL_CHANNELS, ALL_LOCALES, type RawValues } from "../models.js";
import { validateProductInput, type ValueEntry } from "../validation/product-validation.js";

export interface OrphanValue {
  attribute: string;
  locale: string | null;
  channel: string | null;
  data: unknown;
  /** Why the catalog would no longer accept it. */
  reason: string;
}

/**
 * Stored values the catalog would refuse today: their attribute left the family (or was deleted),
 * their locale, channel or currency is gone, or a constraint tightened since (a shorter maxLength, a
 * lower max…). They are kept, never block an edit of something else, and are listed here for an editor
 * to clear or correct. Only this list validates stored values, so a read that does not ask for it pays nothing.
 */
export function orphanValues(values: RawValues, family: Family | undefined, definitions: CatalogDefinitions): OrphanValue[] {
  const orphans: OrphanValue[] = [];
  const kept: Record<string, ValueEntry[]> = {};
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
        else (kept[attribute] ??= []).push({ locale, channel, data });
      }
    }
  }
  return family ? [...orphans, ...constraintOrphans(kept, family, definitions)] : orphans;
}

/** The kept values today's constraints refuse, each with the validator's reason. */
function constraintOrphans(values: Record<string, ValueEntry[]>, family: Family, definitions: CatalogDefinitions): OrphanValue[] {
  const orphans = new Map<string, OrphanValue>();
  for (const problem of validateProductInput({ sku: "stored", family: family.code, values }, family, definitions)) {
    const [root, attribute, index] = problem.path;
    const entry = root === "values" && attribute !== undefined && index !== undefined ? values[attribute]?.[Number(index)] : undefined;
    if (!entry || attribute === undefined) continue;
    const key = `${attribute}|${index}`;
    if (!orphans.has(key))
      orphans.set(key, { attribute, locale: entry.locale ?? null, channel: entry.channel ?? null, data: entry.data, reason: problem.message });
  }
  return [...orphans.values()];
}

/** A price in a currency the catalog no longer has. */
function goneCurrency(data: unknown, definitions: CatalogDefinitions): string | null {
  if (!Array.isArray(data)) return null;
  const gone = data
    .map((price) => (price as { currency?: unknown })?.currency)
    .find((currency) => typeof currency === "string" && !definitions.currencies.has(currency));
  return typeof gone === "string" ? `currency ${gone} no longer exists` : null;
}
