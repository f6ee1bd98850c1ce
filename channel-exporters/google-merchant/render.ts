import { escapeXml, xmlElement } from "../shared/text-safety.js";
import type { ExportContext } from "../types.js";
import type { GoogleItem } from "./map.js";

/** Google reads these three without a namespace; every other attribute is `g:`. */
const plainElements = new Set(["title", "link", "description"]);

export async function* renderGoogleRss(items: AsyncIterable<GoogleItem>, context: ExportContext): AsyncGenerator<string> {
  const title = String(context.options.feedTitle ?? context.channel);
  const link = String(context.options.storeUrl ?? new URL(context.settings.productUrl).origin);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">\n<channel>\n';
  yield `${xmlElement("title", title)}\n${xmlElement("link", link)}\n${xmlElement("description", `${title} (${context.languageTag}, ${context.currency})`)}\n`;
  for await (const item of items) yield renderItem(item);
  yield "</channel>\n</rss>\n";
}

function renderItem(item: GoogleItem): string {
  let xml = "<item>\n";
  for (const [name, value] of Object.entries(item) as Array<[string, string | string[]]>) {
    const element = plainElements.has(name) ? name : `g:${name}`;
    for (const text of Array.isArray(value) ? value : [value]) xml += `  <${element}>${escapeXml(text)}</${element}>\n`;
  }
  return `${xml}</item>\n`;
}
