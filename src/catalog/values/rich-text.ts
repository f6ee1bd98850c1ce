import sanitizeHtml from "sanitize-html";
import type { CatalogDefinitions } from "../definitions.js";
import { describeValue, type ValueEntry } from "../validation/product-validation.js";

/** Tags a product description may carry into storefronts and channels that accept HTML. */
const allowedTags = ["p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4", "a", "span", "table", "thead", "tbody", "tr", "th", "td"];

export interface SanitizedText {
  html: string;
  /** True when something was removed, so the editor can be told. */
  changed: boolean;
}

export function sanitizeRichText(html: string): SanitizedText {
  const clean = sanitizeHtml(html, {
    allowedTags,
    allowedAttributes: { a: ["href", "title"] },
    allowedSchemes: ["http", "https", "mailto"],
    disallowedTagsMode: "discard",
  });
  if (clean === html) return { html: clean, changed: false };
  // Compare against the same parser's rendering with nothing removed, so mere re-serialization
  // (quoting, self-closing tags, entities) is not reported as a change.
  const reserialized = sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    allowedSchemes: ["http", "https", "mailto", "ftp", "tel", "javascript", "vbscript", "data", "file"],
  });
  return { html: clean, changed: clean !== reserialized };
}

/** Every rich-text value of an input made safe (products and models alike); each removal is told in `warnings`. */
export function sanitizeRichTextValues(
  values: Record<string, ValueEntry[]>,
  definitions: CatalogDefinitions,
  warnings: string[],
): Record<string, ValueEntry[]> {
  const sanitized: Record<string, ValueEntry[]> = {};
  for (const [code, entries] of Object.entries(values)) {
    const attribute = definitions.attributes.get(code);
    if (attribute?.type !== "textarea" || !attribute.constraints.richText) {
      sanitized[code] = entries;
      continue;
    }
    sanitized[code] = entries.map((entry) => {
      if (typeof entry.data !== "string") return entry;
      const clean = sanitizeRichText(entry.data);
      if (clean.changed) warnings.push(`${describeValue(code, entry)}: unsafe HTML (scripts, event handlers or tags outside the allow-list) was removed`);
      return { ...entry, data: clean.html };
    });
  }
  return sanitized;
}
