import { availabilityOf, listField, moneyField, textField } from "../../src/feeds/channel-product.js";
import { availabilityDateOf, effectiveSalePrice, fitText, lastSaleDay } from "../shared/fit.js";
import { specAttributes, type SpecAttribute } from "../shared/spec-attributes.js";
import { allowedHtml, asciiUrl, plainText, withParameter } from "../shared/text-safety.js";
import type { Availability, ChannelProduct, MapContext, Money } from "../types.js";
import { productJsonLd, schemaVariantProperties, type JsonLd, type JsonLdSource } from "./json-ld.js";

/** One storefront product document. */
export interface WebsiteItem {
  /** The SKU: the id Google and Meta get for the same product. */
  id: string;
  sku: string;
  groupId?: string;
  url: string;
  title: string;
  /** HTML with only the tags in `descriptionTags`, no attributes. */
  description?: string;
  shortDescription?: string;
  brand?: string;
  gtin?: string;
  mpn?: string;
  condition: string;
  price?: Money;
  salePrice?: Money;
  /** The promotion's start and end as the retailer wrote them, for a countdown; only with a sale price. */
  saleWindow?: { startsAt: string; endsAt: string };
  availability: Availability;
  availabilityDate?: string;
  images: string[];
  category: string[];
  attributes: SpecAttribute[];
  variantAxes: Array<{ code: string; label: string; value: string }>;
  /** Absent only when the product has no price: the item schema then rejects the document. */
  jsonLd?: JsonLd;
}

export const descriptionTags = ["p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "h2", "h3", "h4"];
export const defaultVariantParameter = "variant";

export function mapWebsiteItem(product: ChannelProduct, context: MapContext): WebsiteItem[] {
  // Google compares the page's structured data with the Merchant Center feed, whose titles stop at 150.
  const title = fitText(context, "title", plainTextOf(textField(product, "title")), 150) ?? "";
  const description = textField(product, "description");
  const shortDescription = fitText(context, "shortDescription", plainTextOf(textField(product, "shortDescription")), 300);
  const price = moneyField(product, "price");
  const salePrice = effectiveSalePrice(price, moneyField(product, "salePrice"));
  const images = listField(product, "images").map(asciiUrl);
  const variantParameter = String(context.options.variantParameter ?? defaultVariantParameter);
  const pageUrl = asciiUrl(textField(product, "link") ?? "");
  // Variants of a group share one product page; a query parameter preselects each of them there.
  const variantUrl = (sku: string) => (product.itemGroupId ? withParameter(pageUrl, variantParameter, sku) : pageUrl);
  const url = variantUrl(product.sku);
  const groupProperty = (attribute: string) => schemaVariantProperties.find((field) => context.settings.fields?.[field]?.attribute === attribute) ?? null;
  const availability = availabilityOf(product);
  const condition = textField(product, "condition") ?? "new";
  const brand = textField(product, "brand");

  const item: WebsiteItem = {
    id: product.sku,
    sku: product.sku,
    groupId: product.itemGroupId ?? undefined,
    url,
    title,
    description: description ? allowedHtml(description, descriptionTags) : undefined,
    shortDescription: shortDescription ?? undefined,
    brand: brand ?? undefined,
    gtin: textField(product, "gtin") ?? undefined,
    mpn: textField(product, "mpn") ?? undefined,
    condition,
    price: price ?? undefined,
    salePrice: salePrice ?? undefined,
    saleWindow: salePrice ? (product.offer.saleWindow ?? undefined) : undefined,
    availability,
    availabilityDate: availabilityDateOf(product) ?? undefined,
    images,
    category: product.categoryPath,
    attributes: specAttributes(product),
    variantAxes: product.axes.map((axis) => ({ code: axis.attribute, label: axis.label, value: axis.value })),
  };
  if (price) {
    item.jsonLd = productJsonLd(
      {
        sku: product.sku,
        url,
        // Google wants each variant's name more specific than its group's.
        name: product.axes.length ? `${title} – ${product.axes.map((axis) => axis.value).join(", ")}` : title,
        description: description ? plainText(description) : null,
        images,
        brand,
        gtin: item.gtin ?? null,
        mpn: item.mpn ?? null,
        condition,
        price,
        salePrice,
        priceValidUntil: salePrice && product.offer.saleWindow ? lastSaleDay(product.offer.saleWindow.endsAt) : null,
        availability,
        availabilityDate: item.availabilityDate ?? null,
        category: product.categoryPath.length ? product.categoryPath.join(" > ") : null,
        properties: schemaProperties(product),
        otherAxes: product.axes.filter((axis) => groupProperty(axis.attribute) === null),
      },
      product,
      variantUrl,
      groupProperty,
    );
  }
  return [withoutUndefined(item)];
}

/** Colour, size and material as schema.org writes them; a material mix joined with "/" as Google's feeds do. */
function schemaProperties(product: ChannelProduct): JsonLdSource["properties"] {
  const properties: JsonLdSource["properties"] = {};
  for (const field of schemaVariantProperties) {
    const value = textField(product, field);
    if (value) properties[field] = field === "material" ? value.replace(/, /g, "/") : value;
  }
  return properties;
}

function plainTextOf(html: string | null): string | null {
  return html === null ? null : plainText(html);
}

/** Leaves out what the document does not carry, so the item schema sees only what the storefront gets. */
function withoutUndefined<T extends object>(item: T): T {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined && v !== "")) as T;
}
