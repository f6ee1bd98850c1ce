import { escapeXml, xmlAttributes, xmlCdata, xmlElement } from "../shared/text-safety.js";
import type { ExportContext } from "../types.js";
import type { CeneoOffer } from "./map.js";

/**
 * The offers file Ceneo pulls: `<offers>` of `<group>`s of `<o>`. Offers arrive in catalog order, so a
 * group is closed and another opened whenever the next offer is in another one; a group's name may
 * therefore appear more than once, which keeps the file streamed instead of held until its end.
 */
export async function* renderCeneoXml(offers: AsyncIterable<CeneoOffer>, _context: ExportContext): AsyncGenerator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<offers xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="1">\n';
  let group: string | null = null;
  for await (const offer of offers) {
    if (offer.group !== group) {
      if (group !== null) yield "</group>\n";
      group = offer.group;
      yield `<group${xmlAttributes({ name: group })}>\n`;
    }
    yield renderOffer(offer);
  }
  if (group !== null) yield "</group>\n";
  yield "</offers>\n";
}

/**
 * Texts are escaped XML text; only the description, sanitized HTML, is a CDATA section as Ceneo's own
 * examples write it. A name in CDATA would reach a page that shows it as markup.
 */
function renderOffer(offer: CeneoOffer): string {
  const { id, url, price, avail, stock, weight } = offer;
  const attributes = Object.fromEntries(Object.entries({ id, url, price, avail, stock, weight }).filter(([, value]) => value !== undefined)) as Record<
    string,
    string
  >;
  let xml = `<o${xmlAttributes(attributes)}>\n`;
  if (offer.cat) xml += `  ${xmlElement("cat", offer.cat)}\n`;
  if (offer.name) xml += `  ${xmlElement("name", offer.name)}\n`;
  if (offer.imgs) {
    xml += `  <imgs>\n    <main${xmlAttributes({ url: offer.imgs.main })}/>\n`;
    for (const url of offer.imgs.more) xml += `    <i${xmlAttributes({ url })}/>\n`;
    xml += "  </imgs>\n";
  }
  if (offer.desc) xml += `  <desc>${xmlCdata(offer.desc)}</desc>\n`;
  if (offer.attrs.length) {
    xml += "  <attrs>\n";
    for (const { name, value } of offer.attrs) xml += `    <a${xmlAttributes({ name })}>${escapeXml(value)}</a>\n`;
    xml += "  </attrs>\n";
  }
  return `${xml}</o>\n`;
}
