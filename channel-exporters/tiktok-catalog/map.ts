import { availabilityOf, listField, moneyField, textField } from "../../src/feeds/channel-product.js";
import { effectiveSalePrice, fitText, identifierWithin, moneyText, saleInterval, withoutEmpty } from "../shared/fit.js";
import { asciiUrl, plainText, withoutEmoji } from "../shared/text-safety.js";
import type { Availability, ChannelProduct, MapContext } from "../types.js";

/** One row of a TikTok catalog feed; keys are TikTok's column names (ads.tiktok.com/help/article/catalog-product-parameters). */
export interface TikTokItem {
  sku_id: string;
  title?: string;
  description?: string;
  availability: string;
  condition?: string;
  price?: string;
  sale_price?: string;
  /** ISO 8601 interval start/end of the promotion behind sale_price. */
  sale_price_effective_date?: string;
  link?: string;
  image_link?: string;
  additional_image_link?: string[];
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

/** The PIM's availability in TikTok's five words, the same as Meta's. */
export const tiktokAvailability: Record<Availability, string> = {
  in_stock: "in stock",
  out_of_stock: "out of stock",
  preorder: "preorder",
  backorder: "available for order",
  discontinued: "discontinued",
};

/**
 * TikTok publishes no lengths for its catalog, so Google's apply (channel-specs.md §3). Images: the Shop
 * shows at most 9 per product (main_images 1–9), the stricter of the two destinations of this feed.
 */
const limits = {
  title: 150,
  description: 5000,
  brand: 70,
  mpn: 70,
  productType: 750,
  color: 100,
  size: 100,
  material: 200,
  customLabel: 100,
  additionalImages: 8,
};
const customLabels = ["customLabel0", "customLabel1", "customLabel2", "customLabel3", "customLabel4"] as const;

export function mapTikTokItem(product: ChannelProduct, context: MapContext): TikTokItem[] {
  const [image, ...moreImages] = listField(product, "images").map(asciiUrl);
  const description = textField(product, "description");
  const price = moneyField(product, "price");
  const salePrice = effectiveSalePrice(price, moneyField(product, "salePrice"));
  const productType = product.categoryPath.join(" > ");
  const item: TikTokItem = {
    sku_id: product.sku,
    title: fitText(context, "title", titleOf(product, context), limits.title) ?? undefined,
    description: fitText(context, "description", description && plainText(description), limits.description) ?? undefined,
    availability: tiktokAvailability[availabilityOf(product)],
    condition: textField(product, "condition") ?? "new",
    price: moneyText(price) ?? undefined,
    sale_price: moneyText(salePrice) ?? undefined,
    sale_price_effective_date: saleInterval(product, salePrice) ?? undefined,
    link: asciiUrl(textField(product, "link") ?? ""),
    image_link: image,
    brand: fitText(context, "brand", textField(product, "brand"), limits.brand) ?? undefined,
    gtin: textField(product, "gtin") ?? undefined,
    mpn: identifierWithin(context, "mpn", textField(product, "mpn"), limits.mpn) ?? undefined,
    item_group_id: product.itemGroupId ?? undefined,
    google_product_category: product.channelCategory?.value,
    product_type: fitText(context, "product_type", productType || null, limits.productType) ?? undefined,
    color: fitText(context, "color", textField(product, "color"), limits.color) ?? undefined,
    size: fitText(context, "size", textField(product, "size"), limits.size) ?? undefined,
    gender: textField(product, "gender") ?? undefined,
    age_group: textField(product, "ageGroup") ?? undefined,
    material: fitText(context, "material", textField(product, "material"), limits.material) ?? undefined,
  };
  if (moreImages.length) {
    if (moreImages.length > limits.additionalImages)
      context.warn(
        "additional_image_link",
        `${moreImages.length} additional images; TikTok Shop shows ${limits.additionalImages + 1} images in all, so the first ${limits.additionalImages} are kept`,
      );
    // One cell holds the images separated by commas, so a comma inside a URL is percent-encoded.
    item.additional_image_link = moreImages.slice(0, limits.additionalImages).map((url) => url.replace(/,/g, "%2C"));
  }
  customLabels.forEach((field, i) => {
    const label = fitText(context, `custom_label_${i}`, textField(product, field), limits.customLabel);
    if (label) item[`custom_label_${i}` as `custom_label_${0 | 1 | 2 | 3 | 4}`] = label;
  });
  return [withoutEmpty(item)];
}

/** TikTok rejects titles with emoji, so they are taken out and the report says so. */
function titleOf(product: ChannelProduct, context: MapContext): string | null {
  const title = textField(product, "title");
  if (title === null) return null;
  const plain = plainText(title);
  const clean = withoutEmoji(plain);
  if (clean !== plain) context.warn("title", "emoji taken out: TikTok refuses titles with emoji");
  return clean || null;
}
