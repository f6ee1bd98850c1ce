import { availabilityOf, listField, moneyField, textField } from "../../src/feeds/channel-product.js";
import { characteristicValues } from "../shared/characteristics.js";
import { isEuCountry } from "../shared/eu-countries.js";
import { effectiveSalePrice } from "../shared/fit.js";
import { fitHtml } from "../shared/html-fit.js";
import { fieldAmountIn } from "../shared/measures.js";
import { asciiUrl, plainText } from "../shared/text-safety.js";
import type { Availability, ChannelProduct, MapContext } from "../types.js";
import { ceneoOptions, type CeneoGroup } from "./options.js";

/**
 * Ceneo's avail codes (channel-specs.md §11): an in-stock product ships within 1, 3, 7 or 14 days, 90 is
 * "to order", 99 "no information" (Ceneo shows "check in the shop"), 110 pre-sale.
 */
export type CeneoAvail = "1" | "3" | "7" | "14" | "90" | "99" | "110";

export interface CeneoAttr {
  name: string;
  value: string;
}

/**
 * One `<o>` of a Ceneo offers file, and the `<group>` it goes in. Attributes of the element are strings as
 * written: price gross in PLN with a dot, weight in kilograms.
 */
export interface CeneoOffer {
  group: CeneoGroup;
  id: string;
  url: string;
  price?: string;
  avail: CeneoAvail;
  stock: string;
  weight?: string;
  cat?: string;
  name?: string;
  imgs?: { main: string; more: string[] };
  /** Sanitized HTML. */
  desc?: string;
  attrs: CeneoAttr[];
}

/**
 * Shoper's Ceneo exporter writes at most 10 `<a>` per offer ("ceneo limits attributes count to 10",
 * dreamcommerce/app-ceneo-xml-exporter); the identifiers and GPSR attributes come first, so they stay.
 */
const maxAttrs = 10;
/** Tags commonly kept in Ceneo descriptions; Ceneo shows them as HTML. */
const descriptionTags = ["p", "br", "b", "strong", "ul", "ol", "li"];
/** Ceneo's descriptions have no documented limit; this keeps one far beyond any page within reason. */
const maxDescriptionLength = 50_000;

/**
 * GPSR's operators and safety text as Ceneo attributes, named as shop platforms that updated their Ceneo
 * templates for GPSR write them (Comarch e-Sklep's template change, per channel-updates-2026.md §12). The
 * two operator attributes hold an id of an entry in the file's `<responsibleProducers>` and
 * `<responsiblePersons>` lists (render.ts), as those platforms' exports and feeds made for Ceneo do.
 */
export const gpsrAttrNames = {
  manufacturer: "Producent odpowiedzialny",
  responsiblePerson: "Podmiot odpowiedzialny",
  safetyInformation: "Informacje o bezpieczeństwie",
} as const;

export function mapCeneoOffer(product: ChannelProduct, context: MapContext): CeneoOffer[] {
  if (context.currency !== "PLN") throw new Error(`Ceneo lists prices in PLN, and channel ${context.channel} exports ${context.currency}`);
  const options = ceneoOptions(context.options);
  const title = textField(product, "title");
  const html = textField(product, "description");
  const [main, ...more] = listField(product, "images").map(asciiUrl);
  const weight = fieldAmountIn(product, "weight", "KILOGRAM", 2, "up");
  const availability = availabilityOf(product);
  checkGpsr(product.economicOperators, context);
  const offer: CeneoOffer = {
    group: (product.family && options.groups[product.family]) || "other",
    id: product.sku,
    url: asciiUrl(textField(product, "link") ?? ""),
    price: priceOf(product, context),
    avail: availOf(availability, options.shippingDays, context),
    stock: String(availability === "out_of_stock" || availability === "discontinued" ? 0 : product.offer.sellableQuantity),
    weight: weight && Number(weight) > 0 ? weight : undefined,
    cat: product.channelCategory?.value ?? (product.categoryPath.join("/") || undefined),
    name: (title && plainText(title)) || undefined,
    imgs: main ? { main, more } : undefined,
    desc: (html && fitHtml(context, "description", html, descriptionTags, maxDescriptionLength)) || undefined,
    attrs: attrsOf(product, context, options.attributes),
  };
  return [Object.fromEntries(Object.entries(offer).filter(([, value]) => value !== undefined)) as CeneoOffer];
}

/** Ceneo compares one price, the one a buyer pays now: during a sale, the sale price. */
function priceOf(product: ChannelProduct, context: MapContext): string | undefined {
  const price = moneyField(product, "price");
  const sale = effectiveSalePrice(price, moneyField(product, "salePrice"));
  if (sale) context.warn("salePrice", `Ceneo shows one price: the offer lists the sale price ${sale.amount} ${sale.currency} without the regular price`);
  return (sale ?? price)?.amount;
}

function availOf(availability: Availability, shippingDays: number, context: MapContext): CeneoAvail {
  if (availability === "in_stock") return String(shippingDays) as CeneoAvail;
  if (availability === "backorder") return "90";
  if (availability === "preorder") return "110";
  if (availability === "discontinued") context.warn("availability", "Ceneo has no discontinued state; the offer says 99 (no information) with no stock");
  return "99";
}

/**
 * Producent (the brand, as Ceneo's matching reads it), Kod_producenta and EAN, then GPSR's manufacturer,
 * responsible person and safety information, then the attributes the channel names; several values of
 * one attribute are separated by ";", as Ceneo's templates write them.
 */
function attrsOf(product: ChannelProduct, context: MapContext, named: Record<string, string>): CeneoAttr[] {
  const { manufacturer, responsiblePerson } = product.economicOperators;
  const safety = textField(product, "safetyInformation");
  const candidates: Array<[string, string | null]> = [
    ["Producent", textField(product, "brand")],
    ["Kod_producenta", textField(product, "mpn")],
    ["EAN", textField(product, "gtin")],
    [gpsrAttrNames.manufacturer, manufacturer?.code ?? null],
    [gpsrAttrNames.responsiblePerson, responsiblePerson?.code ?? null],
    [gpsrAttrNames.safetyInformation, safety?.replace(/\s*\n\s*/g, " ").trim() ?? null],
    ...Object.entries(named).map(([name, code]): [string, string | null] => {
      const attribute = product.attribute(code);
      return [name, attribute && (characteristicValues(attribute) ?? []).map((value) => value.text).join(";")];
    }),
  ];
  const attrs = candidates.flatMap(([name, value]) => (value ? [{ name, value }] : []));
  if (attrs.length > maxAttrs)
    context.warn(
      "attrs",
      `${attrs.length} attributes; Ceneo takes ${maxAttrs}, so ${attrs
        .slice(maxAttrs)
        .map((a) => a.name)
        .join(", ")} are left out`,
    );
  return attrs.slice(0, maxAttrs);
}

/**
 * Ceneo refuses no offer for missing GPSR data, but an offer to EU buyers needs the manufacturer and, for
 * one established outside the EU, a responsible person in the EU (GPSR Art. 19): the report says so.
 */
function checkGpsr({ manufacturer, responsiblePerson }: ChannelProduct["economicOperators"], context: MapContext): void {
  // Once per operator and run: the list names each operator once, however many offers name it.
  const operators = [
    ["manufacturer", manufacturer],
    ["responsiblePerson", responsiblePerson],
  ] as const;
  for (const [field, operator] of operators)
    if (operator && !operator.email && context.firstTime(`no e-mail:${operator.code}`))
      context.warn(field, `${operator.name} has no e-mail address, the electronic address Ceneo's list of operators carries; the list names it without one`);
  if (!manufacturer) {
    context.warn("manufacturer", "no manufacturer: GPSR asks an offer to EU buyers for the manufacturer's name and address");
    return;
  }
  if (responsiblePerson && !isEuCountry(responsiblePerson.address.countryCode))
    context.warn("responsiblePerson", `${responsiblePerson.name} is in ${responsiblePerson.address.countryCode}; GPSR needs a responsible person in the EU`);
  else if (!responsiblePerson && !isEuCountry(manufacturer.address.countryCode))
    context.warn(
      "responsiblePerson",
      `${manufacturer.name} is in ${manufacturer.address.countryCode}, outside the EU, and the product names no responsible person in the EU, which GPSR requires`,
    );
}
