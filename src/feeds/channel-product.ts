import type { EconomicOperator } from "../catalog/definitions.js";
import type { PixelRegion } from "../media/presets.js";
import type { FieldName } from "./channel-export-settings.js";

export type { EconomicOperator };

/** An uploaded image as exporters see it: the original's size and format; renditions come from ExportContext. */
export interface ImageAsset {
  id: string;
  width: number;
  height: number;
  format: string;
  /** Where the product is in the picture, which sets the size of a framed rendition; absent when it was never measured. */
  productRegion?: PixelRegion;
}

export interface Money {
  /** A decimal string with "." and no exponent, e.g. "19.99". */
  amount: string;
  currency: string;
}

export type FieldData = string | string[] | Money;

/** Where a field's value came from before any rule touched it. */
export type FieldOrigin =
  | { source: "attribute"; attribute: string; locale: string | null; channel: string | null }
  | { source: "default" }
  | { source: "static" }
  | { source: "derived"; from: string };

/** Something that changed the value on its way to the channel. */
export type FieldChange = { by: "rule"; rule: string; action: string } | { by: "channel-limit"; reason: string };

export interface FieldValue<T extends FieldData = FieldData> {
  value: T;
  origin: FieldOrigin;
  changes: FieldChange[];
}

export interface AttributeText {
  code: string;
  label: string;
  /** Display text in the channel's locale: option labels, "1.5 kg", "true"/"false". */
  text: string;
  /** Option codes, or the number as written, for conditions and channel parameters. */
  raw: string;
  unit: string | null;
}

export interface VariantAxis {
  attribute: string;
  label: string;
  value: string;
  /** The value's place in its attribute's option order (S before M before L), when the attribute is a select. */
  rank?: number;
}

export interface VariantGroup {
  code: string;
  title: string | null;
  variesBy: string[];
  variants: Array<{ sku: string; axes: VariantAxis[] }>;
}

/** The promotion behind a channel product's sale price. */
export interface OfferPromotion {
  code: string;
  name: string;
  /** The channels it is limited to; empty when it applies everywhere. */
  channels: string[];
}

/** What the price and stock fields do not say: when the sale runs, why, and how much can be sold. */
export interface ChannelOffer {
  /** The applied promotion's start and end, RFC 3339 as the retailer wrote them; null when nothing is on sale. */
  saleWindow: { startsAt: string; endsAt: string } | null;
  promotion: OfferPromotion | null;
  /** Units on hand in sellable locations. */
  sellableQuantity: number;
  /** When a backordered or preordered product ships, ISO 8601 in UTC; null otherwise. */
  availabilityDate: string | null;
}

/**
 * A product built for another locale its channel publishes: its fields (rules applied), category path,
 * attributes, axes and variant group in that locale. Whether the product is listed, and its images, are the
 * channel's own locale's business, so a translation's `imageAssets` and `translations` stay empty.
 */
export interface ProductTranslation {
  locale: string;
  /** The locale as a BCP 47 tag, e.g. pl-PL. */
  languageTag: string;
  product: ChannelProduct;
}

/**
 * One product as a channel sees it: values resolved for the channel's locale and scope, mapped onto the
 * channel's field names, rules applied, each field with its provenance. Exporters read only this.
 */
export interface ChannelProduct {
  sku: string;
  family: string | null;
  /** The root product model's code, shared by every variant of one product (Google's item_group_id). */
  itemGroupId: string | null;
  enabled: boolean;
  updatedAt: Date;
  fields: Partial<Record<FieldName, FieldValue>>;
  /** The asset ids behind the images field, in the product's order (the first is the main image). */
  imageAssetIds: string[];
  /** Those of them that exist, with their size: filled by the feed run before map(). */
  imageAssets: ImageAsset[];
  /** The deepest category of the channel's tree, as labels from the tree's first level down. */
  categoryPath: string[];
  /** The channel's own category id, from the channel's category mapping. */
  channelCategory: FieldValue<string> | null;
  /** The values that make this variant different from its siblings. */
  axes: VariantAxis[];
  /** One attribute's value in the channel's locale; computed on demand because most channels read few. */
  attribute(code: string): AttributeText | null;
  /** Every attribute with a value, in the channel's locale, in the catalog's attribute order. */
  attributes(): AttributeText[];
  /** Only filled for exporters that ask for variant groups. */
  group: VariantGroup | null;
  /** The same product in each other locale the channel publishes; only filled for exporters that ask for them. */
  translations: ProductTranslation[];
  offer: ChannelOffer;
  /** The operators the `manufacturer` and `responsiblePerson` fields name, resolved; null where unnamed or unknown. */
  economicOperators: { manufacturer: EconomicOperator | null; responsiblePerson: EconomicOperator | null };
}

export function textField(product: ChannelProduct, name: FieldName): string | null {
  const value = product.fields[name]?.value;
  return typeof value === "string" && value !== "" ? value : null;
}

/** A yes/no field (a boolean attribute reads "true" or "false"); null when the product does not say. */
export function flagField(product: ChannelProduct, name: FieldName): boolean | null {
  const value = textField(product, name);
  return value === "true" ? true : value === "false" ? false : null;
}

export function listField(product: ChannelProduct, name: FieldName): string[] {
  const value = product.fields[name]?.value;
  if (Array.isArray(value)) return value;
  return typeof value === "string" && value !== "" ? [value] : [];
}

export function moneyField(product: ChannelProduct, name: FieldName): Money | null {
  const value = product.fields[name]?.value;
  return value && typeof value === "object" && !Array.isArray(value) ? value : null;
}

/** The PIM's availability words; each exporter translates them into its channel's. */
export const availabilities = ["in_stock", "out_of_stock", "preorder", "backorder", "discontinued"] as const;
export type Availability = (typeof availabilities)[number];

export function availabilityOf(product: ChannelProduct): Availability {
  const value = textField(product, "availability");
  return (availabilities as readonly string[]).includes(value ?? "") ? (value as Availability) : "in_stock";
}
