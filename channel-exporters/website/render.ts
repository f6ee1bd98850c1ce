import { htmlSafeJson, jsonDocument } from "../shared/json-stream.js";
import type { ExportContext } from "../types.js";
import type { WebsiteItem } from "./map.js";

/** `{"channel", "generatedAt", "locale", "currency", "products": [...]}`, one product per line. */
export function renderWebsiteDocuments(items: AsyncIterable<WebsiteItem>, context: ExportContext): AsyncGenerator<string> {
  const head = { channel: context.channel, generatedAt: context.generatedAt.toISOString(), locale: context.languageTag, currency: context.currency };
  return jsonDocument(head, "products", items, htmlSafeJson);
}
