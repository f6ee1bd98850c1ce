import type { ExportContext, FeedPartLimits } from "../types.js";
import type { WildberriesCardVariant, WildberriesVariant } from "./map.js";

/**
 * One upload takes at most 100 merged cards of at most 30 cards each, in at most 10 MB (cards upload,
 * specs/02-products.yaml). 100 cards a part keeps every part within 100 merged cards, and the cards of one
 * model go into one part so that WB merges them; the 30 per merged card is map()'s. The group is the
 * model, not the merged card: a model of more than 30 variants spreads over `model`, `model#2`…, whose
 * cards arrive mixed, and grouping by merged card would let a part end inside the first of them.
 */
export const wildberriesUploadLimits: FeedPartLimits<WildberriesCardVariant> = {
  maxItems: 100,
  maxBytes: 10_000_000,
  groupOf: (item) => item.card.replace(/#\d+$/, ""),
};

/**
 * The body of one `POST /content/v2/cards/upload`: an array of merged cards, one per line, each holding its
 * variants in the order they came. WB refuses to merge cards of different subjects, so those stay apart.
 * A part is held in memory to gather its variants, which the part limits keep small.
 */
export async function* renderWildberriesUpload(items: AsyncIterable<WildberriesCardVariant>, _context: ExportContext): AsyncGenerator<string> {
  const cards = new Map<string, { subjectID: number | undefined; variants: WildberriesVariant[] }>();
  for await (const { card, subjectID, variant } of items) {
    const key = JSON.stringify([card, subjectID]);
    const merged = cards.get(key) ?? { subjectID, variants: [] };
    merged.variants.push(variant);
    cards.set(key, merged);
  }
  let separator = "\n";
  yield "[";
  for (const card of cards.values()) {
    yield separator + JSON.stringify(card);
    separator = ",\n";
  }
  yield "\n]\n";
}
