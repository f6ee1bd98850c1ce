import { ALL_CHANNELS, ALL_LOCALES, type RawValues } from "../models.js";
import type { ValueEntry } from "../validation/product-validation.js";
import { own } from "../../own-key.js";

export { ALL_CHANNELS, ALL_LOCALES, type RawValues };

export function channelKey(channel: string | null | undefined): string {
  return channel ?? ALL_CHANNELS;
}

export function localeKey(locale: string | null | undefined): string {
  return locale ?? ALL_LOCALES;
}

/** Empty data (null, "", []) means "no value" and is not stored. */
export function isEmptyData(data: unknown): boolean {
  return data === null || data === undefined || (typeof data === "string" && data.trim() === "") || (Array.isArray(data) && data.length === 0);
}

export function toRawValues(values: Record<string, ValueEntry[]>): RawValues {
  const raw: RawValues = {};
  for (const [attribute, entries] of Object.entries(values)) {
    for (const entry of entries) setRawValue(raw, attribute, entry.channel ?? null, entry.locale ?? null, entry.data);
  }
  return raw;
}

export function toValueEntries(raw: RawValues): Record<string, ValueEntry[]> {
  const values: Record<string, ValueEntry[]> = {};
  for (const [attribute, byChannel] of Object.entries(raw)) {
    for (const [channel, byLocale] of Object.entries(byChannel)) {
      for (const [locale, data] of Object.entries(byLocale)) {
        (values[attribute] ??= []).push({
          channel: channel === ALL_CHANNELS ? null : channel,
          locale: locale === ALL_LOCALES ? null : locale,
          data,
        });
      }
    }
  }
  return values;
}

/** Sets one value, removing it (and emptied parents) when the data is empty. */
export function setRawValue(raw: RawValues, attribute: string, channel: string | null, locale: string | null, data: unknown): void {
  const ch = channelKey(channel);
  const lo = localeKey(locale);
  if (isEmptyData(data)) {
    const byChannel = raw[attribute];
    const byLocale = byChannel?.[ch];
    if (!byChannel || !byLocale) return;
    delete byLocale[lo];
    if (Object.keys(byLocale).length === 0) delete byChannel[ch];
    if (Object.keys(byChannel).length === 0) delete raw[attribute];
    return;
  }
  ((raw[attribute] ??= {})[ch] ??= {})[lo] = data;
}

export function getRawValue(raw: RawValues, attribute: string, channel: string | null, locale: string | null): unknown {
  return own(own(own(raw, attribute), channelKey(channel)), localeKey(locale));
}

/**
 * Values as read on a variant: its ancestors' values, nearest last, each level overriding single
 * attribute/channel/locale cells of the ones above (a variant may override what it inherits).
 */
export function mergeInheritedValues(...levels: RawValues[]): RawValues {
  const merged: RawValues = {};
  for (const level of levels) {
    for (const [attribute, byChannel] of Object.entries(level)) {
      for (const [channel, byLocale] of Object.entries(byChannel)) {
        for (const [locale, data] of Object.entries(byLocale)) ((merged[attribute] ??= {})[channel] ??= {})[locale] = data;
      }
    }
  }
  return merged;
}

/** Flat "attribute/channel/locale" → data view, used for diffs and history. */
export function flattenValues(raw: RawValues): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  for (const [attribute, byChannel] of Object.entries(raw)) {
    for (const [channel, byLocale] of Object.entries(byChannel)) {
      for (const [locale, data] of Object.entries(byLocale)) flat.set(`${attribute}/${channel}/${locale}`, data);
    }
  }
  return flat;
}

/** Value lists as clients send them: each attribute a list of entry objects. Anything else is left for validation to refuse. */
export function isValueEntryMap(values: Record<string, unknown>): values is Record<string, ValueEntry[]> {
  return Object.values(values).every(
    (entries) => Array.isArray(entries) && entries.every((entry) => typeof entry === "object" && entry !== null && !Array.isArray(entry)),
  );
}

/**
 * Lays value entries over stored values: each entry replaces the value of its attribute, locale and
 * channel, an entry with empty data (null or "") removes that one value, and every other value stays.
 * Entries are kept as sent otherwise, so validation reports a wrong type or an unknown locale.
 */
export function overlayValues(stored: RawValues, given: Record<string, ValueEntry[]>): Record<string, ValueEntry[]> {
  const values = structuredClone(stored);
  for (const [attribute, entries] of Object.entries(given))
    for (const entry of entries) setRawValue(values, attribute, entry.channel ?? null, entry.locale ?? null, null);
  const merged = toValueEntries(values);
  for (const [attribute, entries] of Object.entries(given)) {
    const set = entries.filter((entry) => !isEmptyData(entry.data ?? null));
    if (set.length > 0) merged[attribute] = [...(merged[attribute] ?? []), ...set];
  }
  return merged;
}
