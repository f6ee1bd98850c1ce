import type { ProductTranslation } from "../../src/feeds/channel-product.js";

/** A text in each locale that has it, keyed by BCP 47 language tag: `{ "en-US": "…", "pl-PL": "…" }`. */
export type LocalizedText = Record<string, string>;

/** The product in one locale the channel publishes: its own, or a translation. */
export type LocalizedProduct = Pick<ProductTranslation, "languageTag" | "product">;

/** What `read` finds in each locale, keyed by its tag; undefined when no locale has anything. */
export function localized(locales: readonly LocalizedProduct[], read: (locale: LocalizedProduct, index: number) => string | null): LocalizedText | undefined {
  const texts = locales.flatMap((locale, index): Array<[string, string]> => {
    const text = read(locale, index);
    return text ? [[locale.languageTag, text]] : [];
  });
  return texts.length ? Object.fromEntries(texts) : undefined;
}
