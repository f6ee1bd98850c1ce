import { availabilityOf, moneyField, textField } from "../../src/feeds/channel-product.js";
import { availabilityDateOf, effectiveSalePrice, fitText } from "../shared/fit.js";
import { specAttributes } from "../shared/spec-attributes.js";
import { asciiUrl, plainText } from "../shared/text-safety.js";
import type { Availability, ChannelProduct, MapContext, Money } from "../types.js";
import { imageRenditions, type MobileImage } from "./images.js";
import { localized, type LocalizedProduct, type LocalizedText } from "./localized.js";
import { variantMatrix, type VariantMatrix } from "./variants.js";

/** schema.org's ItemAvailability names, as the app contract spells availability. */
export const appAvailability = {
  in_stock: "InStock",
  out_of_stock: "OutOfStock",
  preorder: "PreOrder",
  backorder: "BackOrder",
  discontinued: "Discontinued",
} as const satisfies Record<Availability, string>;
export type AppAvailability = (typeof appAvailability)[Availability];

/** One product in the app's catalog; the contract is schema/channels/mobile-app.item.schema.json. */
export interface MobileItem {
  /** The SKU, the id Google and Meta get too, so a deep link from an ad resolves. */
  id: string;
  url: string;
  title: LocalizedText;
  description?: LocalizedText;
  shortDescription?: LocalizedText;
  brand?: string;
  gtin?: string;
  condition: string;
  price?: Money;
  salePrice?: Money;
  /** The promotion's start and end as the retailer wrote them; only with a sale price. */
  saleWindow?: { startsAt: string; endsAt: string };
  availability: AppAvailability;
  availabilityDate?: string;
  /** Units that can be sold now. */
  quantity: number;
  images: MobileImage[];
  category: Record<string, string[]>;
  attributes: Array<{ code: string; label: LocalizedText; value: LocalizedText; unit: string | null }>;
  variants?: VariantMatrix;
}

export function mapMobileItem(product: ChannelProduct, context: MapContext): MobileItem[] {
  // The channel's own locale first: the one every text has, and the one the report compares.
  const locales: LocalizedProduct[] = [{ languageTag: context.languageTag, product }, ...product.translations];
  const plain = (field: "title" | "description" | "shortDescription", max: number) =>
    localized(locales, ({ product: each, languageTag }) => {
      const value = textField(each, field);
      return fitText(context, languageTag === context.languageTag ? field : `${field}.${languageTag}`, value && plainText(value), max);
    });
  const price = moneyField(product, "price");
  const salePrice = effectiveSalePrice(price, moneyField(product, "salePrice"));
  const specs = locales.map(({ product: each }) => new Map(specAttributes(each).map((spec) => [spec.code, spec])));
  const item: MobileItem = {
    id: product.sku,
    url: asciiUrl(textField(product, "link") ?? ""),
    title: plain("title", 200) ?? {},
    description: plain("description", 5000),
    shortDescription: plain("shortDescription", 300),
    brand: textField(product, "brand") ?? undefined,
    gtin: textField(product, "gtin") ?? undefined,
    condition: textField(product, "condition") ?? "new",
    price: price ?? undefined,
    salePrice: salePrice ?? undefined,
    saleWindow: salePrice ? (product.offer.saleWindow ?? undefined) : undefined,
    availability: appAvailability[availabilityOf(product)],
    availabilityDate: availabilityDateOf(product) ?? undefined,
    quantity: product.offer.sellableQuantity,
    images: imageRenditions(product, context),
    category: Object.fromEntries(locales.filter((each) => each.product.categoryPath.length).map((each) => [each.languageTag, each.product.categoryPath])),
    attributes: specAttributes(product).map(({ code, unit }) => ({
      code,
      label: localized(locales, (_, i) => specs[i]?.get(code)?.label ?? null) ?? {},
      value: localized(locales, (_, i) => specs[i]?.get(code)?.value ?? null) ?? {},
      unit,
    })),
    variants: variantMatrix(locales),
  };
  return [Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined)) as MobileItem];
}
