import { availabilityOf, listField, moneyField, textField, type EconomicOperator } from "../../src/feeds/channel-product.js";
import { own } from "../../src/own-key.js";
import { isEuCountry } from "../shared/eu-countries.js";
import { effectiveSalePrice } from "../shared/fit.js";
import { asciiUrl, plainText } from "../shared/text-safety.js";
import type { ChannelProduct, MapContext, Money } from "../types.js";
import { allegroDescriptionBlocks } from "./description.js";
import { allegroOptions, type AllegroOptions, type ParameterMapping } from "./options.js";
import { fitAllegroTitle } from "./title.js";

export interface AllegroParameter {
  id?: string;
  name: string;
  values?: string[];
  valuesIds?: string[];
}

export interface AllegroProduct {
  id?: string;
  idType?: "GTIN";
  name?: string;
  category?: { id: string };
  parameters: AllegroParameter[];
  images: string[];
}

/** The seller's responsible producer or person: an entity of their Allegro account, by its id or by its name there. */
export type AllegroResponsibleProducer = { type: "ID"; id: string } | { type: "NAME"; name: string };
export type AllegroResponsiblePerson = { id: string } | { name: string };
export type AllegroSafetyInformation = { type: "TEXT"; description: string } | { type: "NO_SAFETY_INFORMATION" };

/** GPSR data travels with each product of the set (required since 13 Dec 2024). */
export interface AllegroProductSetItem {
  product: AllegroProduct;
  responsibleProducer?: AllegroResponsibleProducer;
  responsiblePerson?: AllegroResponsiblePerson;
  safetyInformation: AllegroSafetyInformation;
}

/** One `POST /sale/product-offers` body (Allegro REST API, application/vnd.allegro.public.v1+json). */
export interface AllegroOffer {
  external: { id: string };
  name?: string;
  category?: { id: string };
  productSet: AllegroProductSetItem[];
  parameters: AllegroParameter[];
  sellingMode: { format: "BUY_NOW"; price?: Money };
  stock: { available: number; unit: "UNIT" };
  images: string[];
  description?: { sections: Array<{ items: Array<{ type: "TEXT"; content: string }> }> };
  publication: { status: "ACTIVE" | "INACTIVE" | "ENDED" };
  language: string;
}

/** Offers with more images are refused (business accounts; allegro-api docs "images"). */
const maxImages = 16;
/** The largest stock an offer can list (the item schema's limit). */
const maxStock = 999_999;
/** Allegro measures the whole description in bytes. */
const maxDescriptionBytes = 40_000;

export function mapAllegroOffer(product: ChannelProduct, context: MapContext): AllegroOffer[] {
  const options = allegroOptions(context.options);
  const title = textField(product, "title");
  const name = title ? fitAllegroTitle(context, plainText(title)) : undefined;
  const category = product.channelCategory ? { id: product.channelCategory.value } : undefined;
  const images = listField(product, "images").map(asciiUrl);
  if (images.length > maxImages) context.warn("images", `${images.length} images; Allegro takes the first ${maxImages}`);
  const gtin = textField(product, "gtin");
  const price = moneyField(product, "price");
  const salePrice = effectiveSalePrice(price, moneyField(product, "salePrice"));
  if (salePrice)
    context.warn(
      "salePrice",
      `Allegro shows one price: the offer sells at the sale price ${salePrice.amount} ${salePrice.currency}, without the regular price or the sale's dates`,
    );
  const description = descriptionOf(product, context);
  const safety = productSafety(product, context, options);
  if (!safety) return [];
  // Allegro accepts a stock of 0 only on an ENDED offer, so anything not sellable now ends the offer.
  const availability = availabilityOf(product);
  const quantity = product.offer.sellableQuantity;
  const inStock = availability === "in_stock" && quantity > 0;
  if (quantity > maxStock) context.warn("stock.available", `${quantity} units on hand; Allegro lists at most ${maxStock}`);
  if (availability === "preorder" || availability === "backorder") {
    context.warn("publication.status", `Allegro offers have no ${availability} state; the offer is ended until the product is in stock`);
  }
  return [
    {
      external: { id: product.sku },
      ...(name ? { name } : {}),
      ...(category ? { category } : {}),
      productSet: [
        {
          product: {
            ...(gtin ? { id: gtin, idType: "GTIN" as const } : {}),
            ...(name ? { name } : {}),
            ...(category ? { category } : {}),
            parameters: productParameters(product, options, gtin),
            images: images.slice(0, maxImages),
          },
          ...safety,
        },
      ],
      parameters: conditionParameter(product, context, options),
      // Allegro sells at one buy-now price: the price the customer pays now (its own promotions are another API).
      sellingMode: { format: "BUY_NOW", ...(price ? { price: inWholeSteps(context, salePrice ? "salePrice" : "price", salePrice ?? price) } : {}) },
      stock: { available: inStock ? Math.min(quantity, maxStock) : 0, unit: "UNIT" },
      images: images.slice(0, maxImages),
      ...(description ? { description: { sections: [{ items: [{ type: "TEXT" as const, content: description }] }] } } : {}),
      publication: { status: inStock ? options.publicationStatus : "ENDED" },
      language: context.languageTag,
    },
  ];
}

function descriptionOf(product: ChannelProduct, context: MapContext): string | null {
  const html = textField(product, "description");
  const blocks = html ? allegroDescriptionBlocks(html) : [];
  let content = "";
  for (const [i, block] of blocks.entries()) {
    if (Buffer.byteLength(content + block) > maxDescriptionBytes) {
      context.warn(
        "description",
        `${blocks.length - i} of ${blocks.length} paragraphs or lists left out to stay within Allegro's ${maxDescriptionBytes} bytes`,
      );
      break;
    }
    content += block;
  }
  return content || null;
}

function productParameters(product: ChannelProduct, options: AllegroOptions, gtin: string | null): AllegroParameter[] {
  const parameters: AllegroParameter[] = gtin ? [{ id: options.gtinParameterId, name: "EAN (GTIN)", values: [gtin] }] : [];
  // Allegro builds a product's variants itself from its catalog, telling them apart by these parameters
  // (it took offer-variants sets away on 14 Apr 2026), so a variant's axes go even when not listed.
  const unlistedAxes = product.axes.filter((axis) => own(options.productParameters, axis.attribute) === undefined);
  const mappings: Array<[string, ParameterMapping]> = [
    ...Object.entries(options.productParameters),
    ...unlistedAxes.map((axis): [string, ParameterMapping] => [axis.attribute, {}]),
  ];
  for (const [code, mapping] of mappings) {
    const attribute = product.attribute(code);
    if (!attribute) continue;
    const codes = attribute.raw.split(",");
    const texts = codes.length > 1 ? attribute.text.split(", ") : [mapping.id && attribute.unit ? attribute.raw : attribute.text];
    parameters.push(parameter(attribute.label, mapping, codes, texts));
  }
  return parameters;
}

/**
 * The product's GPSR data. A manufacturer outside the EU needs a responsible person in the EU; without
 * one the product cannot be offered at all, so it is refused rather than sent for Allegro to reject.
 */
function productSafety(product: ChannelProduct, context: MapContext, options: AllegroOptions): Omit<AllegroProductSetItem, "product"> | null {
  const { manufacturer, responsiblePerson } = product.economicOperators;
  if (manufacturer && !isEuCountry(manufacturer.address.countryCode) && !(responsiblePerson && isEuCountry(responsiblePerson.address.countryCode))) {
    const person = responsiblePerson
      ? `its responsible person ${responsiblePerson.name} is in ${responsiblePerson.address.countryCode}, also outside the EU`
      : "the product names no responsible person";
    context.refuse(
      "productSet.responsiblePerson",
      `manufacturer ${manufacturer.name} is in ${manufacturer.address.countryCode}, outside the EU, and ${person}: Allegro requires a responsible person in the EU`,
    );
    return null;
  }
  return {
    ...(manufacturer ? { responsibleProducer: responsibleProducerOf(manufacturer, context, options) } : {}),
    ...(responsiblePerson ? { responsiblePerson: responsiblePersonOf(responsiblePerson, context, options) } : {}),
    safetyInformation: safetyInformationOf(product, context),
  };
}

function responsibleProducerOf(manufacturer: EconomicOperator, context: MapContext, options: AllegroOptions): AllegroResponsibleProducer {
  const id = own(options.responsibleProducers, manufacturer.code);
  if (id) return { type: "ID", id };
  context.warn("responsibleProducer", unmappedOperator(manufacturer, "responsibleProducers", "responsible producer"));
  return { type: "NAME", name: manufacturer.name };
}

function responsiblePersonOf(person: EconomicOperator, context: MapContext, options: AllegroOptions): AllegroResponsiblePerson {
  const id = own(options.responsiblePersons, person.code);
  if (id) return { id };
  context.warn("responsiblePerson", unmappedOperator(person, "responsiblePersons", "responsible person"));
  return { name: person.name };
}

function unmappedOperator(operator: EconomicOperator, option: string, entity: string): string {
  return `${operator.code} has no Allegro id in the exporter's ${option} option; sent by name, so the Allegro account needs a ${entity} named "${operator.name}"`;
}

/** Allegro takes safety information as plain text; a product without any is declared to need none. */
function safetyInformationOf(product: ChannelProduct, context: MapContext): AllegroSafetyInformation {
  const text = textField(product, "safetyInformation");
  const description = text ? plainText(text) : "";
  if (description) return { type: "TEXT", description };
  context.warn(
    "safetyInformation",
    "the product has no safety information, so Allegro is told it needs none (NO_SAFETY_INFORMATION), which categories that require it refuse",
  );
  return { type: "NO_SAFETY_INFORMATION" };
}

/** The condition field holds an option code; its words come from the attribute behind it when that says the same. */
function conditionParameter(product: ChannelProduct, context: MapContext, options: AllegroOptions): AllegroParameter[] {
  const condition = textField(product, "condition");
  if (!condition || !options.condition) return [];
  const code = context.settings.fields?.condition?.attribute;
  const attribute = code ? product.attribute(code) : null;
  const text = attribute?.raw === condition ? attribute.text : condition;
  return [parameter(attribute?.label ?? "Stan", options.condition, [condition], [text])];
}

/** Dictionary values go by Allegro's value ids when every option is mapped, else as text. */
function parameter(name: string, mapping: ParameterMapping, codes: string[], texts: string[]): AllegroParameter {
  const ids = codes.map((code) => mapping.valueIds?.[code]);
  const values = ids.every((id): id is string => id !== undefined) ? { valuesIds: ids } : { values: texts };
  return { ...(mapping.id ? { id: mapping.id } : {}), name, ...values };
}

/**
 * Allegro's foreign marketplaces take no fractions of their currency: whole koruna on allegro.cz
 * (allegro-api #7323, #8661), and forints ending in 0 or 5 on allegro.hu, as Hungary rounds cash (#9888).
 */
const priceSteps: Readonly<Record<string, number>> = { CZK: 1, HUF: 5 };

/** A price rounded to the nearest step its currency allows on Allegro (halves up), with a warning when that changed it. */
function inWholeSteps(context: MapContext, field: "price" | "salePrice", price: Money): Money {
  const step = priceSteps[price.currency];
  if (!step) return price;
  const cents = Math.round(Number(price.amount) * 100);
  const rounded = Math.round(cents / (step * 100)) * step;
  if (rounded * 100 === cents) return price;
  const amount = rounded.toFixed(2);
  context.warn(
    field,
    `rounded from ${price.amount} to ${amount} ${price.currency}: Allegro takes ${price.currency} prices in ${step === 1 ? "whole units" : `whole multiples of ${step}`}`,
  );
  return { amount, currency: price.currency };
}
