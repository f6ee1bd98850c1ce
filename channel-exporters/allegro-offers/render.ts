import type { ExportContext } from "../types.js";
import type { AllegroOffer } from "./map.js";

/**
 * `{"offers":[…]}`, one offer per line, written as each arrives. Every element is exactly the body of one
 * `POST /sale/product-offers` call (Allegro creates one offer per request), so a pusher can stream the array.
 */
export async function* renderAllegroOffers(offers: AsyncIterable<AllegroOffer>, _context: ExportContext): AsyncGenerator<string> {
  let separator = "\n";
  yield '{"offers":[';
  for await (const offer of offers) {
    yield separator + JSON.stringify(offer);
    separator = ",\n";
  }
  yield "\n]}\n";
}
