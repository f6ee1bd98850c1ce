import type { MapContext } from "../types.js";
import { allowedHtml, htmlText, plainText, truncateAtWord } from "./text-safety.js";

const blockTag = /<(\/?)(h[1-6]|p|ol|ul|li|div|table)>/g;
/** A cut at a block keeps at least this share of the limit, or the text is cut at a word instead. */
const minimumKept = 0.8;

/**
 * HTML reduced to a channel's tags (no attributes) and fitted to its length limit. One over the limit ends
 * at the last whole top-level block that fits, unless that would throw most of the limit away (a short
 * first paragraph before a long one): then it is plain text cut at a word near the limit. Null when
 * nothing is left.
 */
export function fitHtml(context: MapContext, field: string, html: string, tags: string[], maxLength: number): string | null {
  const reduced = allowedHtml(html, tags);
  if (!reduced) return null;
  if (reduced.length <= maxLength) return reduced;
  const atBlock = cutAtBlock(reduced, maxLength);
  const blockKeepsEnough = atBlock !== null && atBlock.length >= maxLength * minimumKept;
  const fitted = blockKeepsEnough ? atBlock : plainFit(plainText(reduced), maxLength);
  const where = blockKeepsEnough ? "at the end of a paragraph or list" : "as plain text at a word boundary";
  context.warn(field, `shortened from ${reduced.length} to ${fitted.length} characters ${where} (limit ${maxLength})`);
  return fitted;
}

function cutAtBlock(html: string, maxLength: number): string | null {
  let depth = 0;
  let cut = 0;
  for (const match of html.matchAll(blockTag)) {
    const end = match.index + match[0].length;
    if (end > maxLength) break;
    depth += match[1] ? -1 : 1;
    if (match[1] && depth === 0) cut = end;
  }
  return cut ? html.slice(0, cut) : null;
}

/** Plain text cut at a word so that it still fits once escaped for HTML. */
function plainFit(text: string, maxLength: number): string {
  let max = maxLength;
  let fitted = htmlText(truncateAtWord(text, max));
  while (fitted.length > maxLength) {
    max -= fitted.length - maxLength;
    fitted = htmlText(truncateAtWord(text, max));
  }
  return fitted;
}
