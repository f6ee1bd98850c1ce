import sanitizeHtml from "sanitize-html";

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
