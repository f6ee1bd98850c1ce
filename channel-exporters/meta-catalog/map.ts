import { availabilityOf, listField, moneyField, textField } from "../../src/feeds/channel-product.js";
import { effectiveSalePrice, fitText, moneyText, saleInterval, withoutEmpty } from "../shared/fit.js";
import { asciiUrl, plainText } from "../shared/text-safety.js";
import type { Availability, ChannelProduct, MapContext } from "../types.js";

/** One row of a Meta catalog feed; keys are Meta's column names. */
export interface MetaItem {
  id: string;
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

/** The PIM's availability in Meta's words (developers.facebook.com/docs/commerce-platform/catalog/fields). */
export const metaAvailability: Record<Availability, string> = {
  in_stock: "in stock",
  out_of_stock: "out of stock",
  preorder: "preorder",
  backorder: "available for order",
  discontinued: "discontinued",
};

const maxAdditionalImages = 20;
const customLabels = ["customLabel0", "customLabel1", "customLabel2", "customLabel3", "customLabel4"] as const;

export function mapMetaItem(product: ChannelProduct, context: MapContext): MetaItem[] {
  const [image, ...moreImages] = listField(product, "images").map(asciiUrl);
  const title = textField(product, "title");
  const description = textField(product, "description");
  const price = moneyField(product, "price");
  const salePrice = effectiveSalePrice(price, moneyField(product, "salePrice"));
  const item: MetaItem = {
    id: product.sku,
    title: fitText(context, "title", title && plainText(title), 200) ?? undefined,
    description: fitText(context, "description", description && plainText(description), 9999) ?? undefined,
    availability: metaAvailability[availabilityOf(product)],
    condition: textField(product, "condition") ?? "new",
    price: moneyText(price) ?? undefined,
    sale_price: moneyText(salePrice) ?? undefined,
    sale_price_effective_date: saleInterval(product, salePrice) ?? undefined,
    link: asciiUrl(textField(product, "link") ?? ""),
    image_link: image,
    brand: fitText(context, "brand", textField(product, "brand"), 100) ?? undefined,
    gtin: textField(product, "gtin") ?? undefined,
    mpn: textField(product, "mpn") ?? undefined,
    item_group_id: product.itemGroupId ?? undefined,
    google_product_category: product.channelCategory?.value,
    product_type: product.categoryPath.length ? product.categoryPath.join(" > ") : undefined,
    color: textField(product, "color") ?? undefined,
    size: textField(product, "size") ?? undefined,
    gender: textField(product, "gender") ?? undefined,
    age_group: textField(product, "ageGroup") ?? undefined,
    material: textField(product, "material") ?? undefined,
  };
  if (moreImages.length) {
    if (moreImages.length > maxAdditionalImages)
      context.warn("additional_image_link", `${moreImages.length} additional images; Meta takes the first ${maxAdditionalImages}`);
    // The images share one cell separated by commas, so a comma inside a URL is percent-encoded.
    item.additional_image_link = moreImages.slice(0, maxAdditionalImages).map((url) => url.replace(/,/g, "%2C"));
  }
  customLabels.forEach((field, i) => {
    const label = fitText(context, `custom_label_${i}`, textField(product, field), 100);
    if (label) item[`custom_label_${i}` as `custom_label_${0 | 1 | 2 | 3 | 4}`] = label;
  });
  return [withoutEmpty(item)];
}
