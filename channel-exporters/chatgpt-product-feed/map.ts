import { availabilityOf, flagField, listField, moneyField, textField } from "../../src/feeds/channel-product.js";
import { availabilityDateOf, effectiveSalePrice, fitText, identifierWithin, lastSaleDay, moneyText, withoutEmpty } from "../shared/fit.js";
import { asciiUrl, plainText } from "../shared/text-safety.js";
import type { Availability, ChannelProduct, MapContext } from "../types.js";
import { chatGptOptions, type ChatGptOptions } from "./options.js";

/**
 * One line of an OpenAI product feed (developers.openai.com/commerce/specs/file-upload/products): one
 * purchasable item or variant, keys in OpenAI's field names.
 */
export interface ChatGptItem {
  is_eligible_search: boolean;
  is_eligible_checkout: boolean;
  item_id: string;
  title?: string;
  description?: string;
  url?: string;
  brand?: string;
  gtin?: string;
  mpn?: string;
  condition?: string;
  product_category?: string;
  image_url?: string;
  additional_image_urls?: string[];
  price?: string;
  sale_price?: string;
  sale_price_start_date?: string;
  sale_price_end_date?: string;
  availability: string;
  availability_date?: string;
  listing_has_variations: boolean;
  group_id?: string;
  variant_dict?: Record<string, string>;
  color?: string;
  size?: string;
  material?: string;
  seller_name?: string;
  seller_url?: string;
  seller_privacy_policy?: string;
  seller_tos?: string;
  return_policy?: string;
  return_deadline_in_days?: number;
  target_countries: string[];
  store_country?: string;
}

/** The PIM's availability in OpenAI's words; a discontinued product can no longer be bought. */
export const chatGptAvailability: Record<Availability, string> = {
  in_stock: "in_stock",
  out_of_stock: "out_of_stock",
  preorder: "pre_order",
  backorder: "backorder",
  discontinued: "out_of_stock",
};

/** OpenAI's lengths (the feed reference's validation rules). */
const limits = { title: 150, description: 5000, brand: 70, mpn: 70, color: 40, size: 20, material: 100 };

export function mapChatGptItem(product: ChannelProduct, context: MapContext): ChatGptItem[] {
  const options = chatGptOptions(context.options);
  const [image, ...moreImages] = listField(product, "images").map(asciiUrl);
  const title = textField(product, "title");
  const description = textField(product, "description");
  const price = moneyField(product, "price");
  const salePrice = effectiveSalePrice(price, moneyField(product, "salePrice"));
  const saleWindow = salePrice ? product.offer.saleWindow : null;
  const { search, checkout } = eligibility(product, options, context);
  const item: ChatGptItem = {
    is_eligible_search: search,
    is_eligible_checkout: checkout,
    item_id: product.sku,
    title: fitText(context, "title", title && plainText(title), limits.title) ?? undefined,
    description: fitText(context, "description", description && plainText(description), limits.description) ?? undefined,
    url: asciiUrl(textField(product, "link") ?? ""),
    brand: fitText(context, "brand", textField(product, "brand"), limits.brand) ?? undefined,
    gtin: textField(product, "gtin") ?? undefined,
    mpn: identifierWithin(context, "mpn", textField(product, "mpn"), limits.mpn) ?? undefined,
    condition: textField(product, "condition") ?? undefined,
    product_category: product.categoryPath.join(" > "),
    image_url: image,
    additional_image_urls: moreImages,
    price: moneyText(price) ?? undefined,
    sale_price: moneyText(salePrice) ?? undefined,
    // OpenAI takes a sale's days, not its instants: the days as the retailer wrote them, in its own offset.
    sale_price_start_date: saleWindow?.startsAt.slice(0, 10),
    sale_price_end_date: saleWindow ? lastSaleDay(saleWindow.endsAt) : undefined,
    availability: chatGptAvailability[availabilityOf(product)],
    availability_date: availabilityDateOf(product) ?? undefined,
    listing_has_variations: product.itemGroupId !== null,
    group_id: product.itemGroupId ?? undefined,
    variant_dict: product.axes.length ? Object.fromEntries(product.axes.map((axis) => [axis.label, axis.value])) : undefined,
    color: fitText(context, "color", textField(product, "color"), limits.color) ?? undefined,
    size: fitText(context, "size", textField(product, "size"), limits.size) ?? undefined,
    material: fitText(context, "material", textField(product, "material"), limits.material) ?? undefined,
    seller_name: options.sellerName ?? undefined,
    seller_url: options.sellerUrl ?? undefined,
    seller_privacy_policy: options.sellerPrivacyPolicy ?? undefined,
    seller_tos: options.sellerTos ?? undefined,
    return_policy: options.returnPolicy ?? undefined,
    return_deadline_in_days: options.returnDeadlineDays ?? undefined,
    target_countries: options.targetCountries,
    store_country: options.storeCountry ?? undefined,
  };
  return [withoutEmpty(item)];
}

/**
 * The two flags OpenAI requires on every line. A product that does not say is searchable but not for
 * sale in ChatGPT: being in the channel is the merchant's wish to be found, as OpenAI itself treats a
 * Google-format feed that has no flags, while selling inside ChatGPT is a separate approval that only an
 * explicit yes may claim. Checkout is only written true where OpenAI accepts it: with search eligibility
 * and with the seller's privacy policy and terms; otherwise the report says why it was turned off.
 */
function eligibility(product: ChannelProduct, options: ChatGptOptions, context: MapContext): { search: boolean; checkout: boolean } {
  const search = flagField(product, "searchEligible") ?? true;
  const checkout = flagField(product, "checkoutEligible") ?? false;
  if (!checkout) return { search, checkout };
  if (!search) {
    context.warn("is_eligible_checkout", "written false: OpenAI allows checkout only for products eligible for search, and this one is not");
    return { search, checkout: false };
  }
  if (!options.sellerPrivacyPolicy || !options.sellerTos) {
    context.warn(
      "is_eligible_checkout",
      "written false: checkout needs the seller's privacy policy and terms (the channel's sellerPrivacyPolicy and sellerTos options)",
    );
    return { search, checkout: false };
  }
  return { search, checkout };
}
