import { truncateAtWord } from "../shared/text-safety.js";
import type { MapContext } from "../types.js";

/** Allegro's title limit since 20 Sep 2023 (allegro/allegro-api#7502), counted after HTML entity encoding. */
export const allegroTitleLimit = 75;

// Allegro stores titles entity-encoded and counts the entities (allegro/allegro-api#1306, #6214).
const entityLengths: Record<string, number> = { "&": 5, "<": 4, ">": 4, '"': 6 };

/** A title's length as Allegro counts it: `&` as 5, `<` and `>` as 4, `"` as 6. */
export function allegroTitleLength(title: string): number {
  let length = 0;
  for (const c of title) length += entityLengths[c] ?? 1;
  return length;
}

/** The title shortened at a word boundary until Allegro's count fits, reported as a warning. */
export function fitAllegroTitle(context: MapContext, title: string): string {
  if (allegroTitleLength(title) <= allegroTitleLimit) return title;
  let max = allegroTitleLimit;
  let fitted = truncateAtWord(title, max);
  while (allegroTitleLength(fitted) > allegroTitleLimit) fitted = truncateAtWord(title, --max);
  context.warn(
    "name",
    `shortened from ${allegroTitleLength(title)} to ${allegroTitleLength(fitted)} characters as Allegro counts them (& counts 5, < and > 4, " 6) at a word boundary (limit ${allegroTitleLimit})`,
  );
  return fitted;
}
