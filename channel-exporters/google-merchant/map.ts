import { availabilityOf, listField, moneyField, textField } from "../../src/feeds/channel-product.js";
import { availabilityDateOf, effectiveSalePrice, fitText, moneyText, saleInterval, withoutEmpty } from "../shared/fit.js";
import { linkedImage } from "../shared/linked-image.js";
import { asciiUrl, plainText, withParameter } from "../shared/text-safety.js";
import type { ChannelProduct, MapContext } from "../types.js";

/** Field names as Google spells them; render() writes each as `g:<name>` except title, link, description. */
export interface GoogleItem {
  id: string;
  title?: string;
  description?: string;
  link?: string;
  image_link?: string;
  additional_image_link?: string[];
  availability: string;
  availability_date?: string;
  price?: string;
  sale_price?: string;
  /** ISO 8601 interval start/end of the promotion behind sale_price. */
  sale_price_effective_date?: string;
  condition?: string;
  brand?: string;
  gtin?: string;
  mpn?: string;
  identifier_exists?: "no";
  item_group_id?: string;
  google_product_category?: string;
  product_type?: string;
  color?: string;
  size?: string;
  material?: string;
  gender?: string;
  age_group?: string;
  custom_label_0?: string;
  custom_label_1?: string;
  custom_label_2?: string;
  custom_label_3?: string;
  custom_label_4?: string;
}

const customLabels = ["customLabel0", "customLabel1", "customLabel2", "customLabel3", "customLabel4"] as const;

/**
 * Google warns about images under 500×500 from 14 Apr 2026 and disapproves them from 31 Jan 2027 (Merchant
 * Center's 2026 spec update): the smaller side of the rendition Google fetches counts.
 */
const minImageSide = 500;
const smallImagesDisapprovedFrom = new Date("2027-01-31T00:00:00Z");

export function mapGoogleItem(product: ChannelProduct, context: MapContext): GoogleItem[] {
  const images = listField(product, "images").map(asciiUrl);
  const image = images[0] !== undefined && largeEnough(product, context, 0, "image_link") ? images[0] : undefined;
  const moreImages = images.slice(1).filter((_, i) => largeEnough(product, context, i + 1, "additional_image_link"));
  const description = textField(product, "description");
  const price = moneyField(product, "price");
  const salePrice = effectiveSalePrice(price, moneyField(product, "salePrice"));
  const gtin = textField(product, "gtin");
  const mpn = textField(product, "mpn");
  const brand = textField(product, "brand");
  const item: GoogleItem = {
    id: product.sku,
    title: fitText(context, "title", textField(product, "title") && plainText(textField(product, "title") as string), 150) ?? undefined,
    description: fitText(context, "description", description && plainText(description), 5000) ?? undefined,
    // Google wants each variant to land on its own page state, as the website links it.
    link: asciiUrl(variantLink(product, textField(product, "link") ?? "", String(context.options.variantParameter ?? "variant"))),
    image_link: image,
    // Google has no word for a product that is gone for good: it is out of stock there.
    availability: availabilityOf(product) === "discontinued" ? "out_of_stock" : availabilityOf(product),
    availability_date: availabilityDateOf(product) ?? undefined,
    price: moneyText(price) ?? undefined,
    sale_price: moneyText(salePrice) ?? undefined,
    sale_price_effective_date: saleInterval(product, salePrice) ?? undefined,
    condition: textField(product, "condition") ?? "new",
    brand: fitText(context, "brand", brand, 70) ?? undefined,
    gtin: gtin ?? undefined,
    mpn: mpn ?? undefined,
    identifier_exists: !gtin && !mpn ? "no" : undefined,
    item_group_id: product.itemGroupId ?? undefined,
    google_product_category: product.channelCategory?.value,
    product_type: product.categoryPath.length ? product.categoryPath.join(" > ") : undefined,
    color: textField(product, "color") ?? undefined,
    size: textField(product, "size") ?? undefined,
    material: textField(product, "material")?.replace(/, /g, "/") ?? undefined,
    gender: textField(product, "gender") ?? undefined,
    age_group: textField(product, "ageGroup") ?? undefined,
  };
  if (moreImages.length) {
    if (moreImages.length > 10) context.warn("additional_image_link", `${moreImages.length} additional images; Google takes the first 10`);
    item.additional_image_link = moreImages.slice(0, 10);
  }
  customLabels.forEach((field, i) => {
    const label = fitText(context, `custom_label_${i}`, textField(product, field), 100);
    if (label) item[`custom_label_${i}` as `custom_label_${0 | 1 | 2 | 3 | 4}`] = label;
  });
  return [withoutEmpty(item)];
}

/**
 * Whether Google takes the image at this position: one under 500×500 is reported, and left out once Google
 * disapproves such images (an item without its image_link is then refused by its schema). An image that is
 * not a stored asset has no known size and is taken.
 */
function largeEnough(product: ChannelProduct, context: MapContext, position: number, field: "image_link" | "additional_image_link"): boolean {
  const rendition = linkedImage(product, context, position)?.rendition;
  if (!rendition || Math.min(rendition.width, rendition.height) >= minImageSide) return true;
  const disapproved = context.generatedAt >= smallImagesDisapprovedFrom;
  context.warn(
    field,
    `image ${position + 1} comes out at ${rendition.width}×${rendition.height}, under Google's ${minImageSide}×${minImageSide}; ${
      disapproved ? "Google disapproves such images since 31 Jan 2027, so it is left out" : "Google disapproves such images from 31 Jan 2027"
    }`,
  );
  return !disapproved;
}

/** A variant's own landing page: its group's page with the variant preselected. */
function variantLink(product: ChannelProduct, link: string, parameter: string): string {
  return product.itemGroupId && link ? withParameter(link, parameter, product.sku) : link;
}
