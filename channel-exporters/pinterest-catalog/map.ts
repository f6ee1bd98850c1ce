import { availabilityOf, listField, moneyField, textField } from "../../src/feeds/channel-product.js";
import { effectiveSalePrice, fitText, moneyText, saleInterval, withoutEmpty } from "../shared/fit.js";
import { asciiUrl, plainText } from "../shared/text-safety.js";
import type { Availability, ChannelProduct, MapContext } from "../types.js";

/** One row of a Pinterest catalog feed; keys are Pinterest's column names (pinterest/api-description v5, ItemAttributes). */
export interface PinterestItem {
  id: string;
  title?: string;
  description?: string;
  link?: string;
  image_link?: string;
  additional_image_link?: string[];
  price?: string;
  sale_price?: string;
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

/**
 * The PIM's availability in Pinterest's words, which has no backorder or discontinued: a backorder can
 * be ordered now for later, as a preorder can, and a discontinued product is out of stock there.
 */
export const pinterestAvailability: Record<Availability, string> = {
  in_stock: "in stock",
  out_of_stock: "out of stock",
  preorder: "preorder",
  backorder: "preorder",
  discontinued: "out of stock",
};

/** Pinterest's limits (channel-specs.md §4). */
const limits = { title: 500, description: 10_000, link: 511, additionalImages: 10, customLabel: 511, productType: 1000 };
const customLabels = ["customLabel0", "customLabel1", "customLabel2", "customLabel3", "customLabel4"] as const;

export function mapPinterestItem(product: ChannelProduct, context: MapContext): PinterestItem[] {
  const [image, ...moreImages] = listField(product, "images").map(asciiUrl);
  const title = textField(product, "title");
  const description = textField(product, "description");
  const price = moneyField(product, "price");
  const salePrice = effectiveSalePrice(price, moneyField(product, "salePrice"));
  const productType = product.categoryPath.join(" > ");
  const item: PinterestItem = {
    id: product.sku,
    title: fitText(context, "title", title && plainText(title), limits.title) ?? undefined,
    description: fitText(context, "description", description && plainText(description), limits.description) ?? undefined,
    link: asciiUrl(textField(product, "link") ?? ""),
    image_link: image,
    price: moneyText(price) ?? undefined,
    sale_price: moneyText(salePrice) ?? undefined,
    sale_price_effective_date: saleInterval(product, salePrice) ?? undefined,
    availability: pinterestAvailability[availabilityOf(product)],
    condition: textField(product, "condition") ?? "new",
    brand: textField(product, "brand") ?? undefined,
    gtin: textField(product, "gtin") ?? undefined,
    mpn: textField(product, "mpn") ?? undefined,
    item_group_id: product.itemGroupId ?? undefined,
    google_product_category: product.channelCategory?.value,
    product_type: productType ? (fitText(context, "product_type", productType, limits.productType) ?? undefined) : undefined,
    color: textField(product, "color") ?? undefined,
    size: textField(product, "size") ?? undefined,
    gender: textField(product, "gender") ?? undefined,
    age_group: textField(product, "ageGroup") ?? undefined,
    material: textField(product, "material") ?? undefined,
  };
  if (moreImages.length) {
    if (moreImages.length > limits.additionalImages)
      context.warn("additional_image_link", `${moreImages.length} additional images; Pinterest takes the first ${limits.additionalImages}`);
    // One cell holds the images separated by commas, so a comma inside a URL is percent-encoded (Pinterest's rule).
    item.additional_image_link = moreImages.slice(0, limits.additionalImages).map((url) => url.replace(/,/g, "%2C"));
  }
  customLabels.forEach((field, i) => {
    const label = fitText(context, `custom_label_${i}`, textField(product, field), limits.customLabel);
    if (label) item[`custom_label_${i}` as `custom_label_${0 | 1 | 2 | 3 | 4}`] = label;
  });
  return [withoutEmpty(item)];
}
