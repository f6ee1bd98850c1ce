import type { FieldProblem } from "../../errors.js";
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
 * requested locale (or the default one, when none is named), else along the catalog's fallback chain.
 */
export function resolveValue(
  raw: RawValues,
  attribute: Attribute,
  context: { locale?: string | null; channel?: string | null },
  definitions: CatalogDefinitions,
): ResolvedValue | null {
  const channels = attribute.scopable ? [context.channel ?? null, null].filter((c, i, all) => all.indexOf(c) === i) : [null];
  const locales = attribute.localizable ? localeChain(context.locale ?? defaultLocale(definitions, context.channel ?? null), definitions) : [null];
  for (const locale of locales) {
    for (const channel of channels) {
      const data = getRawValue(raw, attribute.code, channel, locale);
      if (!isEmptyData(data)) return { data, locale, channel };
    }
  }
  return null;
}

/**
 * The locale a read means when it names none: the channel's first locale when it names a channel,
 * else English (en_US) when the catalog has it, else the catalog's first locale by code.
 */
export function defaultLocale(definitions: CatalogDefinitions, channel: string | null): string | null {
  const ofChannel = channel ? definitions.channels.get(channel)?.locales[0] : undefined;
  if (ofChannel) return ofChannel;
  if (definitions.locales.has("en_US")) return "en_US";
  return [...definitions.locales.keys()].sort()[0] ?? null;
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

/** What a read names that the catalog does not have: a typo must be an error, not a silent null. */
export function readScopeProblems(
  definitions: CatalogDefinitions,
  query: { attribute?: string; locale?: string | null; channel?: string | null },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (query.attribute !== undefined && !definitions.attributes.has(query.attribute))
    problems.push({ path: ["attribute"], message: `attribute ${query.attribute} does not exist` });
  if (query.locale && !definitions.locales.has(query.locale))
    problems.push({ path: ["locale"], message: `locale ${query.locale} is not a locale of the catalog` });
  if (query.channel && !definitions.channels.has(query.channel)) problems.push({ path: ["channel"], message: `channel ${query.channel} does not exist` });
  return problems;
}
