import { allowedHtml, htmlText, plainText, truncateAtWord } from "../shared/text-safety.js";
import type { MapContext } from "../types.js";

/** Tags Yandex Market shows in a description, and its length limit (partner API OfferDescription.yaml). */
const yandexTags = ["h1", "h2", "h3", "h4", "h5", "h6", "br", "p", "ol", "ul", "li", "div"];
export const maxDescriptionLength = 6000;
const blockTag = /<(\/?)(h[1-6]|p|ol|ul|li|div)>/g;
/** A cut at a block keeps at least this share of the limit, or the text is cut at a word instead. */
const minimumKept = 0.8;

/**
 * The description in Yandex's HTML subset. One over the limit ends at the last whole top-level block
 * that fits, unless that would throw most of the limit away (a short first paragraph before a long
 * one): then it is plain text cut at a word near the limit.
 */
export function yandexDescription(context: MapContext, html: string): string | null {
  const reduced = allowedHtml(html, yandexTags);
  if (!reduced) return null;
  if (reduced.length <= maxDescriptionLength) return reduced;
  const atBlock = cutAtBlock(reduced);
  const blockKeepsEnough = atBlock !== null && atBlock.length >= maxDescriptionLength * minimumKept;
  const fitted = blockKeepsEnough ? atBlock : plainFit(plainText(reduced));
  const where = blockKeepsEnough ? "at the end of a paragraph or list" : "as plain text at a word boundary";
  context.warn("description", `shortened from ${reduced.length} to ${fitted.length} characters ${where} (limit ${maxDescriptionLength})`);
  return fitted;
}

function cutAtBlock(html: string): string | null {
  let depth = 0;
  let cut = 0;
  for (const match of html.matchAll(blockTag)) {
    const end = match.index + match[0].length;
    if (end > maxDescriptionLength) break;
    depth += match[1] ? -1 : 1;
    if (match[1] && depth === 0) cut = end;
  }
  return cut ? html.slice(0, cut) : null;
}

/** Plain text cut at a word so that it still fits once escaped for HTML. */
function plainFit(text: string): string {
  let max = maxDescriptionLength;
  let fitted = htmlText(truncateAtWord(text, max));
  while (fitted.length > maxDescriptionLength) {
    max -= fitted.length - maxDescriptionLength;
    fitted = htmlText(truncateAtWord(text, max));
  }
  return fitted;
}
