import { decodeHTML } from "entities";
import sanitizeHtml from "sanitize-html";

// Everything outside XML 1.0's Char production: C0 controls but tab/LF/CR, lone surrogates, U+FFFE/FFFF.
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text that every format can carry: no control characters, no lone surrogates. */
export function cleanText(text: string): string {
  return text.replace(notXmlChar, "");
}

const xmlEscapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Safe inside an XML element or a quoted attribute. */
export function escapeXml(text: string): string {
  return cleanText(text).replace(/[&<>"']/g, (c) => xmlEscapes[c] as string);
}

export function xmlElement(name: string, text: string | null | undefined, attributes: Record<string, string> = {}): string {
  if (text === null || text === undefined || text === "") return "";
  return `<${name}${xmlAttributes(attributes)}>${escapeXml(text)}</${name}>`;
}

export function xmlAttributes(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join("");
}

/**
 * A CDATA section, for markup a channel wants unescaped inside an element (an HTML description). Only
 * sanitized HTML belongs in one: a parser hands its content on as it is. A "]]>" inside would end the
 * section, so it is split across two.
 */
export function xmlCdata(text: string): string {
  return `<![CDATA[${cleanText(text).replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

/**
 * A cell a spreadsheet will not run as a formula (OWASP CSV injection, ASVS 1.2.10): cells starting with
 * = + - @, tab, CR or NUL get a leading apostrophe. Quoting is left to the CSV writer.
 */
export function spreadsheetSafe(text: string): string {
  const clean = cleanText(text);
  return /^[=+\-@\t\r\0]/.test(clean) ? `'${clean}` : clean;
}

const blockEnds = /<\/(p|div|li|h[1-6]|tr|ul|ol)>|<br\s*\/?>/gi;

/** HTML reduced to plain text: tags dropped, entities decoded, block ends kept as line breaks. */
export function plainText(html: string): string {
  // Most titles and many texts hold no markup at all; parsing them as HTML was a sixth of a feed's CPU.
  const hasMarkup = html.includes("<") || html.includes("&");
  const withoutTags = hasMarkup ? decodeHTML(sanitizeHtml(html.replace(blockEnds, "$&\n"), { allowedTags: [], allowedAttributes: {} })) : html;
  return cleanText(withoutTags)
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ ?\n[ \n]*/g, "\n")
    .trim();
}

/** Plain text that HTML reads back as the same text: "<XL>" stays a size, not a tag. */
export function htmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** HTML reduced to the tags a channel accepts, with no attributes at all. */
export function allowedHtml(html: string, tags: string[]): string {
  return cleanText(sanitizeHtml(html, { allowedTags: tags, allowedAttributes: {}, disallowedTagsMode: "discard" })).trim();
}

/**
 * Text without emoji, for channels that refuse them (TikTok's titles): pictographs shown as emoji, the
 * variation selector and joiner that build emoji sequences, and skin-tone modifiers. Text symbols such
 * as © ® ™ and the digits of keycaps stay.
 */
export function withoutEmoji(text: string): string {
  return text
    .replace(/\p{Extended_Pictographic}\uFE0F|\p{Emoji_Presentation}|\p{Emoji_Modifier}|\uFE0F|\u200D|\u20E3/gu, "")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

/** Shortens text to at most `max` characters, cutting at the last word boundary when there is one. */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max + 1);
  const lastSpace = cut.search(/\s\S*$/);
  cut = lastSpace > max * 0.5 ? cut.slice(0, lastSpace) : text.slice(0, max);
  // Never leave half of a surrogate pair behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut.replace(/[\s,;:\-–—]+$/, "");
}

/** A URL in plain ASCII (RFC 3986): non-ASCII path characters percent-encoded, hosts in punycode. */
export function asciiUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/** The URL with one query parameter set, such as the variant a group's page preselects; an unparsable URL is kept. */
export function withParameter(url: string, name: string, value: string): string {
  try {
    const parsed = new URL(url);
    parsed.searchParams.set(name, value);
    return parsed.href;
  } catch {
    return url;
  }
}
