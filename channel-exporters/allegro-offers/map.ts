import { availabilityOf, listField, moneyField, textField } from "../../src/feeds/channel-product.js";
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

/** One `POST /sale/product-offers` body (Allegro REST API, application/vnd.allegro.public.v1+json). */
export interface AllegroOffer {
  external: { id: string };
  name?: string;
  category?: { id: string };
  productSet: Array<{ product: AllegroProduct }>;
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
        },
      ],
      parameters: conditionParameter(product, context, options),
      // Allegro sells at one buy-now price: the price the customer pays now (its own promotions are another API).
      sellingMode: { format: "BUY_NOW", ...(price ? { price: salePrice ?? price } : {}) },
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
  for (const [code, mapping] of Object.entries(options.productParameters)) {
    const attribute = product.attribute(code);
    if (!attribute) continue;
    const codes = attribute.raw.split(",");
    const texts = codes.length > 1 ? attribute.text.split(", ") : [mapping.id && attribute.unit ? attribute.raw : attribute.text];
    parameters.push(parameter(attribute.label, mapping, codes, texts));
  }
  return parameters;
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
