import { availabilityOf, listField, moneyField, textField } from "../../src/feeds/channel-product.js";
import type { Availability, ChannelProduct, CustomerView, MapContext } from "../types.js";
import { effectiveSalePrice, fitText, identifierWithin, moneyFromText, moneyText, saleInterval, withoutEmpty } from "./fit.js";
import { asciiUrl, plainText } from "./text-safety.js";

/**
 * The columns of Google's product data specification that Meta, Pinterest and TikTok catalogs took over
 * under the same names and meanings; each channel adds its own id column.
 */
export interface ProductDataItem {
  title?: string;
  description?: string;
  link?: string;
  image_link?: string;
  additional_image_link?: string[];
  price?: string;
  sale_price?: string;
  /** ISO 8601 interval start/end of the promotion behind sale_price. */
  sale_price_effective_date?: string;
  availability: string;
  condition?: string;
  brand?: string;
  gtin?: string;
  mpn?: string;
  item_group_id?: string;
  google_product_category?: string;
  product_type?: string;
  color?: string;
  size?: string;
  gender?: string;
  age_group?: string;
  material?: string;
  custom_label_0?: string;
  custom_label_1?: string;
  custom_label_2?: string;
  custom_label_3?: string;
  custom_label_4?: string;
}

/** Every shared column in the order of Google's specification, which Meta's and TikTok's header rows follow after their id column. */
export const productDataColumns = [
  "title",
  "description",
  "availability",
  "condition",
  "price",
  "sale_price",
  "sale_price_effective_date",
  "link",
  "image_link",
  "additional_image_link",
  "brand",
  "gtin",
  "mpn",
  "item_group_id",
  "google_product_category",
  "product_type",
  "color",
  "size",
  "gender",
  "age_group",
  "material",
  "custom_label_0",
  "custom_label_1",
  "custom_label_2",
  "custom_label_3",
  "custom_label_4",
] as const satisfies ReadonlyArray<keyof ProductDataItem>;

/** Lengths in characters; a field the channel sets no length for goes as the product has it. */
export interface ProductDataLimits {
  title: number;
  description: number;
  brand?: number;
  /** An MPN cut short would name another product, so a longer one is left out instead. */
  mpn?: number;
  productType?: number;
  color?: number;
  size?: number;
  material?: number;
  customLabel: number;
  /** Images besides image_link. */
  additionalImages: number;
}

/** What sets one channel's product data feed apart from another's. */
export interface ProductDataChannel<IdColumn extends string> {
  idColumn: IdColumn;
  availability: Record<Availability, string>;
  limits: ProductDataLimits;
  /** The warning when a product has more additional images than the channel takes. */
  tooManyImages(count: number, kept: number): string;
  /** A channel's own rule for a title already in plain text. */
  title?(title: string, context: MapContext): string;
}

const customLabels = ["customLabel0", "customLabel1", "customLabel2", "customLabel3", "customLabel4"] as const;

/**
 * One product as a row of the channel's feed, fitted to its limits with a warning for each field shortened.
 * Key order shows in the Pinterest batch API's JSON bodies, so it stays the order those always had.
 */
export function mapProductDataItem<IdColumn extends string>(
  product: ChannelProduct,
  context: MapContext,
  channel: ProductDataChannel<IdColumn>,
): ProductDataItem & Record<IdColumn, string> {
  const { limits } = channel;
  const fitted = (field: string, text: string | null, max: number | undefined) => (max === undefined ? text : fitText(context, field, text, max)) ?? undefined;
  const [image, ...moreImages] = listField(product, "images").map(asciiUrl);
  const title = textField(product, "title");
  const plainTitle = title && plainText(title);
  const description = textField(product, "description");
  const price = moneyField(product, "price");
  const salePrice = effectiveSalePrice(price, moneyField(product, "salePrice"));
  const mpn = textField(product, "mpn");
  const item = {
    [channel.idColumn]: product.sku,
    title: fitted("title", plainTitle && channel.title ? channel.title(plainTitle, context) : plainTitle, limits.title),
    description: fitted("description", description && plainText(description), limits.description),
    link: asciiUrl(textField(product, "link") ?? ""),
    image_link: image,
    price: moneyText(price) ?? undefined,
    sale_price: moneyText(salePrice) ?? undefined,
    sale_price_effective_date: saleInterval(product, salePrice) ?? undefined,
    availability: channel.availability[availabilityOf(product)],
    condition: textField(product, "condition") ?? "new",
    brand: fitted("brand", textField(product, "brand"), limits.brand),
    gtin: textField(product, "gtin") ?? undefined,
    mpn: (limits.mpn === undefined ? mpn : identifierWithin(context, "mpn", mpn, limits.mpn)) ?? undefined,
    item_group_id: product.itemGroupId ?? undefined,
    google_product_category: product.channelCategory?.value,
    product_type: fitted("product_type", product.categoryPath.join(" > ") || null, limits.productType),
    color: fitted("color", textField(product, "color"), limits.color),
    size: fitted("size", textField(product, "size"), limits.size),
    gender: textField(product, "gender") ?? undefined,
    age_group: textField(product, "ageGroup") ?? undefined,
    material: fitted("material", textField(product, "material"), limits.material),
  } as ProductDataItem & Record<IdColumn, string>;
  if (moreImages.length) {
    if (moreImages.length > limits.additionalImages) context.warn("additional_image_link", channel.tooManyImages(moreImages.length, limits.additionalImages));
    // One cell holds the images separated by commas, so a comma inside a URL is percent-encoded.
    item.additional_image_link = moreImages.slice(0, limits.additionalImages).map((url) => url.replace(/,/g, "%2C"));
  }
  customLabels.forEach((field, i) => {
    const label = fitted(`custom_label_${i}`, textField(product, field), limits.customLabel);
    if (label) item[`custom_label_${i}` as `custom_label_${0 | 1 | 2 | 3 | 4}`] = label;
  });
  return withoutEmpty(item);
}

/** A channel's availability words back in the PIM's, for channels that give each availability its own word. */
export function pimAvailabilityOf(words: Record<Availability, string>): ReadonlyMap<string, Availability> {
  return new Map(Object.entries(words).map(([pim, word]) => [word, pim as Availability]));
}

/** What a customer sees of a row, for the consistency report. */
export function productDataCustomerView(item: ProductDataItem, availability: Availability | null): CustomerView {
  return {
    title: item.title ?? null,
    description: item.description ?? null,
    price: moneyFromText(item.price),
    salePrice: moneyFromText(item.sale_price),
    availability,
    image: item.image_link ?? null,
  };
}
