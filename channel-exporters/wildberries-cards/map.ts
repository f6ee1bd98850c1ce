import { moneyField, textField } from "../../src/feeds/channel-product.js";
import { own } from "../../src/own-key.js";
import { characteristicValues } from "../shared/characteristics.js";
import { effectiveSalePrice, fitText, withoutEmpty } from "../shared/fit.js";
import { type PackageUnit, packageMeasures } from "../shared/measures.js";
import { plainText } from "../shared/text-safety.js";
import type { ChannelProduct, MapContext } from "../types.js";
import { wildberriesOptions, type WildberriesOptions, type WildberriesPackageName } from "./options.js";

export interface WildberriesSize {
  techSize?: string;
  wbSize?: string;
  price?: number;
  skus?: string[];
}

/**
 * One card (nmID) of a `POST /content/v2/cards/upload` body (Wildberries products API,
 * eslazarev/wildberries-sdk specs/02-products.yaml). Images are not part of it: they go to /content/v3/media/save.
 */
export interface WildberriesVariant {
  vendorCode: string;
  title?: string;
  description?: string;
  brand?: string;
  dimensions?: Partial<Record<WildberriesPackageName, number>>;
  characteristics?: Array<{ id: number; value: string[] | number }>;
  sizes: WildberriesSize[];
}

/**
 * One product's card and the merged card (imtID) it joins. The upload body lists merged cards, each with
 * its variants, so render() gathers the variants of one `card` and subject into one element.
 */
export interface WildberriesCardVariant {
  /** Not sent: the merged card, named by the product model's code (or the SKU of a product without one). */
  card: string;
  subjectID?: number;
  /** Not sent: the currency of `sizes[].price`, for the consistency report. */
  currency: string;
  variant: WildberriesVariant;
}

/** The upload's limits: vendorCode ≤72 (the item schema refuses longer), title ≤60, 30 cards in one merged card. */
const limits = { title: 60, cardsPerMergedCard: 30 } as const;

/** Dimensions in whole centimetres, weight in kilograms with at most three decimals. */
const packageUnits: Record<WildberriesPackageName, PackageUnit> = {
  length: { unit: "CENTIMETER", decimals: 0 },
  width: { unit: "CENTIMETER", decimals: 0 },
  height: { unit: "CENTIMETER", decimals: 0 },
  weightBrutto: { unit: "KILOGRAM", decimals: 3 },
};

export function mapWildberriesCard(product: ChannelProduct, context: MapContext): WildberriesCardVariant[] {
  const options = wildberriesOptions(context.options);
  const title = textField(product, "title");
  const description = textField(product, "description");
  const subject = product.channelCategory?.value;
  const subjectID = subject && /^\d{1,9}$/.test(subject) ? Number(subject) : undefined;
  if (subject && subjectID === undefined) context.refuse("subjectID", `channel category "${subject}" is not a Wildberries subject id`);
  return [
    {
      card: mergedCard(product, context),
      subjectID,
      currency: context.currency,
      variant: withoutEmpty({
        vendorCode: product.sku,
        title: fitText(context, "title", title && plainText(title), limits.title) ?? undefined,
        description: fitText(context, "description", description && plainText(description), options.descriptionLength) ?? undefined,
        brand: textField(product, "brand") ?? undefined,
        dimensions: dimensions(product, context, options),
        characteristics: characteristics(product, context, options),
        sizes: [size(product, context, options)],
      }),
    },
  ];
}

/**
 * Variants of one product model share a merged card. WB merges at most 30, so a larger model is spread
 * over several merged cards by its variants' order (the group's option order, which a run keeps stable).
 */
function mergedCard(product: ChannelProduct, context: MapContext): string {
  const model = product.itemGroupId;
  if (!model) return product.sku;
  const position = product.group?.variants.findIndex((variant) => variant.sku === product.sku) ?? -1;
  const share = Math.floor(Math.max(position, 0) / limits.cardsPerMergedCard);
  if (share === 0) return model;
  context.warn(
    "card",
    `model ${model} has ${product.group?.variants.length} variants and Wildberries merges at most ${limits.cardsPerMergedCard}; this one goes to merged card ${share + 1} of the model`,
  );
  return `${model}#${share + 1}`;
}

function dimensions(product: ChannelProduct, context: MapContext, options: WildberriesOptions): WildberriesVariant["dimensions"] {
  const { values, missing } = packageMeasures(product, options.packageAttributes, packageUnits);
  if (missing.length)
    context.warn(
      `dimensions.${missing.join(",")}`,
      `no value in attribute ${missing.map((name) => options.packageAttributes[name]).join(", ")}; Wildberries records 0 and charges logistics by what it measures`,
    );
  return Object.keys(values).length ? values : undefined;
}

function characteristics(product: ChannelProduct, context: MapContext, options: WildberriesOptions): WildberriesVariant["characteristics"] {
  const result: NonNullable<WildberriesVariant["characteristics"]> = [];
  for (const [code, mapping] of Object.entries(options.characteristics)) {
    const attribute = product.attribute(code);
    if (!attribute) continue;
    const values = characteristicValues(attribute, mapping.unit);
    if (!values) {
      context.warn(`characteristics.${mapping.id}`, `attribute ${code} holds no amount convertible to ${mapping.unit}; left out`);
      continue;
    }
    if (mapping.unit || mapping.number) {
      const number = Number(values[0]?.text);
      if (values.length === 1 && Number.isFinite(number)) result.push({ id: mapping.id, value: number });
      else context.warn(`characteristics.${mapping.id}`, `attribute ${code} ("${attribute.text}") is not one number; left out`);
      continue;
    }
    result.push({ id: mapping.id, value: values.map(({ code: option, text }) => own(mapping.values, option) ?? text) });
  }
  return result;
}

/**
 * The product's one size, with its barcode (WB generates one when there is none) and its price in whole
 * units. The card carries the regular price: WB applies discounts from its prices API, not from the card.
 */
function size(product: ChannelProduct, context: MapContext, options: WildberriesOptions): WildberriesSize {
  const techSize = textField(product, "size");
  const gtin = textField(product, "gtin");
  const price = moneyField(product, "price");
  const salePrice = effectiveSalePrice(price, moneyField(product, "salePrice"));
  if (salePrice)
    context.warn(
      "salePrice",
      `the sale price ${salePrice.amount} ${salePrice.currency} is not part of a card; set the discount through Wildberries' prices API`,
    );
  const whole = price ? Math.round(Number(price.amount)) : undefined;
  if (price && String(whole) !== price.amount.replace(/\.0+$/, ""))
    context.warn("price", `Wildberries takes whole prices: ${price.amount} ${price.currency} is sent as ${whole}`);
  return withoutEmpty({
    techSize: techSize ?? undefined,
    wbSize: techSize ? own(options.russianSizes, techSize) : undefined,
    price: whole,
    skus: gtin ? [gtin] : undefined,
  });
}
