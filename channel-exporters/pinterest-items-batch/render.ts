import { jsonDocument } from "../shared/json-stream.js";
import type { ExportContext, FeedPartLimits } from "../types.js";
import type { PinterestBatchItem } from "./map.js";

/**
 * A batch takes at most 1,000 items (maxItems of CatalogsItemsUpsertBatchRequest). Pinterest documents no
 * body size, so 10 MB, which Wildberries and Amazon also allow: a thousand ordinary items fit, and a part of
 * very long ones (10,000-character descriptions, eleven 2,000-character links) holds fewer.
 */
export const pinterestBatchLimits: FeedPartLimits = { maxItems: 1000, maxBytes: 10_000_000 };

/** The CatalogsLocale values Pinterest recommends for `language` (pinterest/api-description v5). */
const catalogsLocales = new Set(
  (
    "af-ZA ar-SA bg-BG bn-IN cs-CZ da-DK de el-GR en-AU en-CA en-GB en-IN en-US es-419 es-AR es-ES es-MX fi-FI fr fr-CA he-IL hi-IN hr-HR " +
    "hu-HU id-ID it ja ko-KR ms-MY nb-NO nl pl-PL pt-BR pt-PT ro-RO ru-RU sk-SK sv-SE te-IN th-TH tl-PH tr uk-UA vi-VN zh-CN zh-TW"
  ).split(" "),
);

/** The channel's locale as a CatalogsLocale, or its language alone (de-DE is "de"), else the ISO 639-1 code the API also takes ("EN"). */
export function pinterestLanguage(languageTag: string): string {
  const language = languageTag.split("-")[0] ?? languageTag;
  if (catalogsLocales.has(languageTag)) return languageTag;
  return catalogsLocales.has(language) ? language : language.toUpperCase();
}

/**
 * The body of one `POST /v5/catalogs/items/batch`: an UPSERT of the part's items for the channel's country
 * and language. Pinterest blocks UPSERT for a catalog that also has a feed source, so a channel uses this
 * exporter or the catalog feed, not both.
 */
export function renderPinterestBatch(items: AsyncIterable<PinterestBatchItem>, context: ExportContext): AsyncGenerator<string> {
  const head = { country: String(context.options.country), language: pinterestLanguage(context.languageTag), operation: "UPSERT" };
  return jsonDocument(head, "items", items);
}
