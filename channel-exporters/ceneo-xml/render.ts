import { escapeXml, xmlAttributes, xmlCdata, xmlElement } from "../shared/text-safety.js";
import type { EconomicOperator, ExportContext } from "../types.js";
import type { CeneoOffer } from "./map.js";

/**
 * The offers file Ceneo pulls: `<offers>` of `<group>`s of `<o>`. Offers arrive in catalog order, so a
 * group is closed and another opened whenever the next offer is in another one; a group's name may
 * therefore appear more than once, which keeps the file streamed instead of held until its end.
 */
export async function* renderCeneoXml(offers: AsyncIterable<CeneoOffer>, context: ExportContext): AsyncGenerator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<offers xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="1">\n';
  yield operatorLists(context.economicOperators);
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
 * GPSR's manufacturers and responsible persons, which offers name by id in their "Producent
 * odpowiedzialny" and "Podmiot odpowiedzialny" attributes, listed ahead of the offers as shop platforms'
 * Ceneo exports write them. Which operators the offers will name is known only after the last offer has
 * streamed past, and an operator may be one product's manufacturer and another's responsible person, so
 * both lists hold every operator of the catalog: an entry no offer names names nothing.
 */
function operatorLists(operators: ReadonlyMap<string, EconomicOperator>): string {
  if (operators.size === 0) return "";
  // By code, so the file (and its ETag) changes only when an operator does, not with the order they were read in.
  const entries = [...operators.values()]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map(operatorEntry)
    .join("");
  return `<responsibleProducers>\n${entries}</responsibleProducers>\n<responsiblePersons>\n${entries}</responsiblePersons>\n`;
}

function operatorEntry({ code, name, address, email, phone }: EconomicOperator): string {
  const element = (tag: string, value: string | undefined, indent: string) => (value ? `${indent}${xmlElement(tag, value)}\n` : "");
  return (
    `  <p${xmlAttributes({ id: code })}>\n` +
    element("name", name, "    ") +
    "    <address>\n" +
    element("countryCode", address.countryCode, "      ") +
    element("street", address.street, "      ") +
    element("postalCode", address.postalCode, "      ") +
    element("city", address.city, "      ") +
    "    </address>\n" +
    (email || phone ? `    <contact>\n${element("email", email, "      ")}${element("phoneNumber", phone, "      ")}    </contact>\n` : "") +
    "  </p>\n"
  );
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
