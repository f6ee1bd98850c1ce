import type { ChannelExportSettings } from "../feeds/channel-export-settings.js";
import type { MeasurementFamily } from "./values/measurements.js";

export const attributeTypes = [
  "identifier",
  "text",
  "textarea",
  "number",
  "boolean",
  "date",
  "simpleselect",
  "multiselect",
  "price_collection",
  "measurement",
  "media",
  "url",
] as const;
export type AttributeType = (typeof attributeTypes)[number];

export type Labels = Record<string, string>;

export interface AttributeConstraints {
  maxLength?: number;
  pattern?: string;
  /** The text is a GTIN (EAN, UPC) and must carry a valid GS1 check digit. */
  gtin?: boolean;
  /** The text is the code of an economic operator (GPSR manufacturer or responsible person). */
  economicOperator?: boolean;
  richText?: boolean;
  min?: number;
  max?: number;
  decimalsAllowed?: boolean;
  measurementFamily?: MeasurementFamily;
  defaultUnit?: string;
  allowedUnits?: string[];
}

export interface AttributeOption {
  code: string;
  labels: Labels;
  sortOrder: number;
}

export interface Attribute {
  code: string;
  type: AttributeType;
  group: string;
  labels: Labels;
  sortOrder: number;
  localizable: boolean;
  scopable: boolean;
  unique: boolean;
  constraints: AttributeConstraints;
  options: AttributeOption[];
}

export interface Locale {
  code: string;
  label: string;
  fallback: string | null;
}

export interface Channel {
  code: string;
  labels: Labels;
  locales: string[];
  currencies: string[];
  categoryTree: string;
  /** How the channel's feed is rendered; null for a channel that only scopes values. */
  export: ChannelExportSettings | null;
}

export interface AttributeGroup {
  code: string;
  labels: Labels;
  sortOrder: number;
}

export interface Family {
  code: string;
  labels: Labels;
  attributes: string[];
  labelAttribute: string;
  imageAttribute: string | null;
  requirements: Record<string, string[]>;
}

export interface VariantLevel {
  axes: string[];
  attributes: string[];
}

export interface FamilyVariant {
  code: string;
  family: string;
  labels: Labels;
  levels: VariantLevel[];
}

export interface Category {
  code: string;
  parent: string | null;
  ancestors: string[];
  labels: Labels;
  sortOrder: number;
}

/** A place that holds stock: a warehouse or a store. Only sellable locations count towards availability. */
export interface StockLocation {
  code: string;
  labels: Labels;
  type: "warehouse" | "store";
  sellable: boolean;
}

/**
 * A GPSR economic operator (EU 2023/988): the manufacturer, or the person responsible in the EU for a
 * product made elsewhere. Products name one by code in a text attribute with the `economicOperator`
 * constraint; channels print it as each one asks.
 */
export interface EconomicOperator {
  code: string;
  name: string;
  address: {
    street: string;
    postalCode: string;
    city: string;
    /** ISO 3166-1 alpha-2, e.g. PL. */
    countryCode: string;
    region?: string;
  };
  email?: string;
  phone?: string;
  /** A contact form or website, which the regulation accepts in place of an e-mail address. */
  url?: string;
}

export type PromotionDiscount = { type: "percent"; percent: string } | { type: "amount"; amounts: Array<{ currency: string; amount: string }> };

/** A time-limited discount; it targets products by SKU, category (with its subtree) or family. */
export interface Promotion {
  code: string;
  name: string;
  discount: PromotionDiscount;
  target: { skus: string[]; categories: string[]; families: string[] };
  /** RFC 3339 with an offset, kept as written so channels get the retailer's own time zone back. */
  startsAt: string;
  endsAt: string;
  /** Empty: every channel. */
  channels: string[];
  enabled: boolean;
}

/** The reference data every product write is checked against, loaded once per change of it. */
export interface CatalogDefinitions {
  generation: number;
  locales: Map<string, Locale>;
  currencies: Set<string>;
  channels: Map<string, Channel>;
  attributes: Map<string, Attribute>;
  families: Map<string, Family>;
  familyVariants: Map<string, FamilyVariant>;
  stockLocations: Map<string, StockLocation>;
  promotions: Map<string, Promotion>;
  economicOperators: Map<string, EconomicOperator>;
}

export const axisAttributeTypes: ReadonlySet<AttributeType> = new Set(["simpleselect", "boolean", "measurement"]);
