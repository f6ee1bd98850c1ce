import { availabilityOf, listField, moneyField, textField } from "../../src/feeds/channel-product.js";
import { availabilityDateOf, effectiveSalePrice, fitText, withoutEmpty } from "../shared/fit.js";
import { linkedImage } from "../shared/linked-image.js";
import { asciiUrl, plainText, truncateAtWord } from "../shared/text-safety.js";
import type { ChannelProduct, MapContext, Money } from "../types.js";

/**
 * One message of a JSON_LISTINGS_FEED without its messageId, which render() numbers in feed order.
 * Attribute shapes follow the Listings Items API 2021-08-01 (amzn/selling-partner-api-models,
 * models/listings-items-api-model): every attribute is an array of values, each tagged with its marketplace
 * (and its language, for text).
 */
export interface AmazonMessage {
  sku: string;
  operationType: "UPDATE";
  productType: string;
  requirements: "LISTING";
  attributes: AmazonAttributes;
}

export interface TextValue {
  value: string;
  language_tag: string;
  marketplace_id: string;
}
export interface PlainValue<T> {
  value: T;
  marketplace_id: string;
}
/** Amazon's price shape; a discounted price runs from start_at to end_at. */
export type PriceSchedule = Array<{ schedule: Array<{ value_with_tax: number; start_at?: string; end_at?: string }> }>;
export interface ImageLocator {
  media_location: string;
  marketplace_id: string;
}

export interface AmazonAttributes {
  item_name?: TextValue[];
  brand?: TextValue[];
  bullet_point?: TextValue[];
  product_description?: TextValue[];
  externally_assigned_product_identifier?: Array<{ type: "ean" | "upc" | "gtin"; value: string; marketplace_id: string }>;
  supplier_declared_has_product_identifier_exemption?: Array<PlainValue<true>>;
  condition_type?: Array<PlainValue<string>>;
  purchasable_offer?: Array<{ marketplace_id: string; currency: string; audience: "ALL"; our_price: PriceSchedule; discounted_price?: PriceSchedule }>;
  fulfillment_availability?: Array<{ fulfillment_channel_code: "DEFAULT"; quantity: number; restock_date?: string }>;
  main_product_image_locator?: ImageLocator[];
  color?: TextValue[];
  size?: TextValue[];
  country_of_origin?: Array<PlainValue<string>>;
  item_type_keyword?: Array<PlainValue<string>>;
  supplier_declared_dg_hz_regulation?: Array<PlainValue<DgHzRegulation>>;
  parentage_level?: Array<PlainValue<"parent" | "child">>;
  variation_theme?: Array<{ name: string }>;
  child_parent_sku_relationship?: Array<{ child_relationship_type: "variation"; parent_sku: string; marketplace_id: string }>;
  [otherImage: `other_product_image_locator_${number}`]: ImageLocator[] | undefined;
}

/**
 * The main image's longest side: Amazon refuses a smaller one, and zooms only from `zoom` (Seller Central's
 * product image requirements, as third-party summaries quote them).
 */
const mainImageSide = { minimum: 500, zoom: 1000 } as const;

/** main_product_image_locator plus other_product_image_locator_1 … _8. */
const maxOtherImages = 8;
/**
 * item_name: Seller Central's title requirements (help 201100890). Bullet and description: a 2023 snapshot of
 * the PRODUCT type's definition; a live product type definition may set other limits.
 */
const limits = { itemName: 200, bullet: 700, descriptionBytes: 10_000 } as const;

/**
 * supplier_declared_dg_hz_regulation's words in the PRODUCT type's definition: which dangerous-goods
 * regulations (GHS, storage, transport, waste…) apply to the product. Most goods declare not_applicable.
 */
export const dgHzRegulations = ["ghs", "not_applicable", "other", "storage", "transportation", "unknown", "waste"] as const;
export type DgHzRegulation = (typeof dgHzRegulations)[number];

/** The PIM's conditions in Amazon's words; a channel that grades used goods maps condition to Amazon's own words, which pass unchanged. */
const conditionTypes: Record<string, string> = { new: "new_new", refurbished: "refurbished_refurbished", used: "used_good" };

/** Amazon names a GTIN by its length: UPC-A has 12 digits, GTIN-14 has 14, EAN 8 or 13. */
const identifierTypes: Record<number, "upc" | "gtin"> = { 12: "upc", 14: "gtin" };

interface Marketplace {
  marketplaceId: string;
  languageTag: string;
}

export function mapAmazonMessages(product: ChannelProduct, context: MapContext): AmazonMessage[] {
  const marketplace: Marketplace = { marketplaceId: String(context.options.marketplaceId), languageTag: context.locale };
  const productType = String(context.options.productType ?? "PRODUCT");
  const content = contentAttributes(product, context, marketplace);
  const message = (sku: string, attributes: AmazonAttributes): AmazonMessage => ({
    sku,
    operationType: "UPDATE",
    productType,
    requirements: "LISTING",
    attributes,
  });

  const child = message(product.sku, { ...content, ...offerAttributes(product, context, marketplace) });
  const groupId = product.itemGroupId;
  if (!groupId || !product.axes.length) return [child];

  const theme = [{ name: product.axes.map((axis) => axis.attribute.toUpperCase()).join("/") }];
  child.attributes.parentage_level = [{ value: "child", marketplace_id: marketplace.marketplaceId }];
  child.attributes.variation_theme = theme;
  child.attributes.child_parent_sku_relationship = [{ child_relationship_type: "variation", parent_sku: groupId, marketplace_id: marketplace.marketplaceId }];
  if (!context.firstTime(groupId)) return [child];

  // The parent only groups its children on the detail page: it has no offer, no images and no variant values of its own.
  const { item_name, brand, bullet_point, product_description, item_type_keyword, supplier_declared_dg_hz_regulation } = content;
  const parent = message(
    groupId,
    withoutEmpty({
      item_name,
      brand,
      bullet_point,
      product_description,
      item_type_keyword,
      supplier_declared_dg_hz_regulation,
      parentage_level: [{ value: "parent" as const, marketplace_id: marketplace.marketplaceId }],
      variation_theme: theme,
    }),
  );
  return [parent, child];
}

/** Texts every message of the product shares, parent included. */
function contentAttributes(product: ChannelProduct, context: MapContext, marketplace: Marketplace): AmazonAttributes {
  const title = textField(product, "title");
  const bullet = textField(product, "shortDescription");
  const description = textField(product, "description");
  const { marketplaceId } = marketplace;
  return withoutEmpty({
    item_name: text(marketplace, fitText(context, "item_name", title && plainText(title), limits.itemName)),
    brand: text(marketplace, textField(product, "brand")),
    bullet_point: text(marketplace, fitText(context, "bullet_point", bullet && plainText(bullet), limits.bullet)),
    product_description: text(marketplace, fitUtf8(context, "product_description", description && plainText(description), limits.descriptionBytes)),
    // Amazon classifies a listing by its item type keyword, which the channel's category mapping names.
    item_type_keyword: product.channelCategory ? [{ value: product.channelCategory.value, marketplace_id: marketplaceId }] : undefined,
    supplier_declared_dg_hz_regulation: dgHzRegulationsOf(product, context).map((value) => ({ value, marketplace_id: marketplaceId })),
  });
}

/**
 * The channel's declaration (`dgHzRegulation`, not_applicable when unset), unless the attribute the channel
 * names (`dgHzRegulationAttribute`) holds the product's own: its option codes are Amazon's words, and a code
 * that is not one of them makes the item fail its schema with the field named.
 */
function dgHzRegulationsOf(product: ChannelProduct, context: MapContext): DgHzRegulation[] {
  const attribute = context.options.dgHzRegulationAttribute;
  const own = typeof attribute === "string" ? product.attribute(attribute) : null;
  if (own) return own.raw.split(",") as DgHzRegulation[];
  return [(context.options.dgHzRegulation as DgHzRegulation | undefined) ?? "not_applicable"];
}

/** What makes the product buyable: identifiers, condition, prices, stock, images and variant values. */
function offerAttributes(product: ChannelProduct, context: MapContext, marketplace: Marketplace): AmazonAttributes {
  const { marketplaceId } = marketplace;
  const gtin = textField(product, "gtin");
  const price = moneyField(product, "price");
  const [image, ...moreImages] = listField(product, "images").map(asciiUrl);
  const condition = textField(product, "condition") ?? "new";
  const country = textField(product, "countryOfOrigin");
  const attributes: AmazonAttributes = {
    condition_type: [{ value: conditionTypes[condition] ?? condition, marketplace_id: marketplaceId }],
    color: text(marketplace, textField(product, "color")),
    size: text(marketplace, textField(product, "size")),
    country_of_origin: country ? [{ value: country, marketplace_id: marketplaceId }] : undefined,
    fulfillment_availability: [fulfillment(product)],
    main_product_image_locator: image && mainImageFits(product, context) ? [{ media_location: image, marketplace_id: marketplaceId }] : undefined,
  };
  if (gtin) attributes.externally_assigned_product_identifier = [{ type: identifierTypes[gtin.length] ?? "ean", value: gtin, marketplace_id: marketplaceId }];
  else attributes.supplier_declared_has_product_identifier_exemption = [{ value: true, marketplace_id: marketplaceId }];
  // Amazon shows our_price struck through while the discounted price's schedule runs, and our_price again after it.
  if (price) {
    const sale = effectiveSalePrice(price, moneyField(product, "salePrice"));
    const window = product.offer.saleWindow;
    const discount = sale
      ? [{ schedule: [{ value_with_tax: amount(sale), ...(window ? { start_at: window.startsAt, end_at: window.endsAt } : {}) }] }]
      : undefined;
    attributes.purchasable_offer = [
      {
        marketplace_id: marketplaceId,
        currency: price.currency,
        audience: "ALL",
        our_price: [{ schedule: [{ value_with_tax: amount(price) }] }],
        ...(discount ? { discounted_price: discount } : {}),
      },
    ];
  }
  if (moreImages.length > maxOtherImages)
    context.warn("other_product_image_locator", `${moreImages.length} additional images; Amazon takes the first ${maxOtherImages}`);
  moreImages.slice(0, maxOtherImages).forEach((url, i) => {
    attributes[`other_product_image_locator_${i + 1}`] = [{ media_location: url, marketplace_id: marketplaceId }];
  });
  return withoutEmpty(attributes);
}

/**
 * Whether the main image comes out large enough, judged by the rendition Amazon fetches: its framed preset
 * centres the product, so a small product in a large photo makes a small image although the original is
 * large. Below the minimum the listing goes without a main image, which its schema refuses.
 */
function mainImageFits(product: ChannelProduct, context: MapContext): boolean {
  const linked = linkedImage(product, context, 0);
  if (!linked) return true;
  const { asset, rendition } = linked;
  const side = Math.max(rendition.width, rendition.height);
  if (side >= mainImageSide.zoom) return true;
  const cause = asset.productRegion
    ? `the product takes ${asset.productRegion.width}×${asset.productRegion.height} px of the ${asset.width}×${asset.height} original`
    : `the original is ${asset.width}×${asset.height}`;
  const fits = side >= mainImageSide.minimum;
  context.warn(
    "main_product_image_locator",
    `the main image comes out at ${rendition.width}×${rendition.height} (${cause}); ${
      fits
        ? `Amazon zooms only from ${mainImageSide.zoom} px on the longest side`
        : `Amazon refuses a main image under ${mainImageSide.minimum} px on the longest side, so the listing is not sent`
    }`,
  );
  return fits;
}

/**
 * The units sellable now; a backordered or preordered product has none yet and says from which day it
 * has. Amazon reads availability only from the quantity, so a product a rule made out of stock or
 * discontinued offers none, whatever the stock says.
 */
function fulfillment(product: ChannelProduct): NonNullable<AmazonAttributes["fulfillment_availability"]>[number] {
  const availability = availabilityOf(product);
  const quantity = availability === "out_of_stock" || availability === "discontinued" ? 0 : product.offer.sellableQuantity;
  const restockDate = availabilityDateOf(product);
  return restockDate
    ? { fulfillment_channel_code: "DEFAULT", quantity, restock_date: restockDate.slice(0, 10) }
    : { fulfillment_channel_code: "DEFAULT", quantity };
}

function text(marketplace: Marketplace, value: string | null): TextValue[] | undefined {
  return value ? [{ value, language_tag: marketplace.languageTag, marketplace_id: marketplace.marketplaceId }] : undefined;
}

function amount(money: Money): number {
  return Number(money.amount);
}

/** Amazon limits the description in UTF-8 bytes, so a text in Cyrillic or Polish reaches the limit sooner than its length says. */
function fitUtf8(context: MapContext, field: string, value: string | null, maxBytes: number): string | null {
  if (value === null || Buffer.byteLength(value) <= maxBytes) return value;
  let bytes = 0;
  let fittingLength = 0;
  for (const char of value) {
    bytes += Buffer.byteLength(char);
    if (bytes > maxBytes) break;
    fittingLength += char.length;
  }
  const fitted = truncateAtWord(value, fittingLength);
  context.warn(field, `shortened from ${Buffer.byteLength(value)} to ${Buffer.byteLength(fitted)} bytes at a word boundary (limit ${maxBytes} UTF-8 bytes)`);
  return fitted;
}
