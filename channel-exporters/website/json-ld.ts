import type { Availability, ChannelProduct, Money } from "../types.js";

/** schema.org's ItemAvailability for the PIM's words (developers.google.com/search/docs/appearance/structured-data/merchant-listing). */
export const schemaAvailability: Record<Availability, string> = {
  in_stock: "https://schema.org/InStock",
  out_of_stock: "https://schema.org/OutOfStock",
  preorder: "https://schema.org/PreOrder",
  backorder: "https://schema.org/BackOrder",
  discontinued: "https://schema.org/Discontinued",
};

const schemaCondition: Record<string, string> = {
  new: "https://schema.org/NewCondition",
  refurbished: "https://schema.org/RefurbishedCondition",
  used: "https://schema.org/UsedCondition",
};

/** Channel fields that are also variant-identifying schema.org properties Google reads in `variesBy`. */
export const schemaVariantProperties = ["color", "size", "material"] as const;
export type SchemaVariantProperty = (typeof schemaVariantProperties)[number];

/** What the JSON-LD says about one product: the document's own values, already fitted and made safe. */
export interface JsonLdSource {
  sku: string;
  url: string;
  name: string;
  description: string | null;
  images: string[];
  brand: string | null;
  gtin: string | null;
  mpn: string | null;
  condition: string;
  price: Money;
  salePrice: Money | null;
  /** The last day the sale price holds. */
  priceValidUntil: string | null;
  availability: Availability;
  availabilityDate: string | null;
  category: string | null;
  properties: Partial<Record<SchemaVariantProperty, string>>;
  /** Variant axes with no schema.org property of their own. */
  otherAxes: Array<{ label: string; value: string }>;
}

export type JsonLd = Record<string, unknown>;

/**
 * schema.org JSON-LD for a product page, after Google's merchant listing and product variant docs: a
 * `Product` for a simple product; for a variant a `ProductGroup` (productGroupID = Google's
 * item_group_id) holding this variant in full and its siblings by URL, as Google's multi-page
 * example does, since every document is one variant's page.
 */
export function productJsonLd(
  source: JsonLdSource,
  product: ChannelProduct,
  variantUrl: (sku: string) => string,
  groupProperty: (attribute: string) => SchemaVariantProperty | null,
): JsonLd {
  const group = product.group;
  if (!product.itemGroupId) return { "@context": "https://schema.org", ...productNode(source, true) };
  if (!group) return { "@context": "https://schema.org", ...productNode(source, true), inProductGroupWithID: product.itemGroupId };
  const variesBy = group.variesBy.map(groupProperty).filter((p): p is SchemaVariantProperty => p !== null);
  return withoutEmpty({
    "@context": "https://schema.org",
    "@type": "ProductGroup",
    productGroupID: group.code,
    name: group.title ?? source.name,
    brand: source.brand ? { "@type": "Brand", name: source.brand } : undefined,
    variesBy: variesBy.map((p) => `https://schema.org/${p}`),
    hasVariant: [productNode(source, false), ...group.variants.filter((v) => v.sku !== source.sku).map((v) => ({ url: variantUrl(v.sku) }))],
  });
}

function productNode(source: JsonLdSource, withBrand: boolean): JsonLd {
  return withoutEmpty({
    "@type": "Product",
    sku: source.sku,
    name: source.name,
    description: source.description,
    image: source.images,
    brand: withBrand && source.brand ? { "@type": "Brand", name: source.brand } : undefined,
    ...gtinProperty(source.gtin),
    mpn: source.mpn,
    category: source.category,
    ...source.properties,
    additionalProperty: source.otherAxes.map((axis) => ({ "@type": "PropertyValue", name: axis.label, value: axis.value })),
    offers: offer(source),
  });
}

function offer(source: JsonLdSource): JsonLd {
  const current = source.salePrice ?? source.price;
  return withoutEmpty({
    "@type": "Offer",
    url: source.url,
    price: Number(current.amount),
    priceCurrency: current.currency,
    priceValidUntil: source.priceValidUntil,
    // Google shows a sale only when the list price is marked as the strikethrough price.
    priceSpecification: source.salePrice
      ? {
          "@type": "UnitPriceSpecification",
          priceType: "https://schema.org/StrikethroughPrice",
          price: Number(source.price.amount),
          priceCurrency: source.price.currency,
        }
      : undefined,
    availability: schemaAvailability[source.availability],
    availabilityStarts: source.availabilityDate,
    itemCondition: schemaCondition[source.condition] ?? source.condition,
  });
}

/** The most specific GTIN property, as Google recommends: gtin8, gtin12, gtin13 or gtin14. */
function gtinProperty(gtin: string | null): JsonLd {
  return gtin ? { [`gtin${gtin.length}`]: gtin } : {};
}

function withoutEmpty(node: JsonLd): JsonLd {
  return Object.fromEntries(Object.entries(node).filter(([, v]) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0)));
}
