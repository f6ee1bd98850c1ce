/** The `export` part of a channel, as validated by schema/channel-export.schema.json. */

export const fieldNames = [
  "title",
  "description",
  "shortDescription",
  "brand",
  "gtin",
  "mpn",
  "color",
  "size",
  "material",
  "gender",
  "ageGroup",
  "condition",
  "availability",
  "availabilityDate",
  "price",
  "salePrice",
  "link",
  "images",
  "weight",
  "countryOfOrigin",
  "safetyInformation",
  "manufacturer",
  "responsiblePerson",
  "searchEligible",
  "checkoutEligible",
  "customLabel0",
  "customLabel1",
  "customLabel2",
  "customLabel3",
  "customLabel4",
] as const;
export type FieldName = (typeof fieldNames)[number];

/**
 * Fields the feed pipeline fills from the product's prices, promotions and stock, never from a mapping,
 * so every channel shows the price and availability the catalog decided. Rules may still change them.
 */
export const offerFieldNames = ["price", "salePrice", "availability", "availabilityDate"] as const satisfies readonly FieldName[];
export type OfferFieldName = (typeof offerFieldNames)[number];
/** The fields a channel's `fields` mapping may set. */
export type MappedFieldName = Exclude<FieldName, OfferFieldName>;

export function isOfferField(name: string): name is OfferFieldName {
  return (offerFieldNames as readonly string[]).includes(name);
}

export interface FieldMapping {
  attribute?: string;
  values?: Record<string, string>;
  default?: string;
  value?: string;
}

export type ConditionOperator = "equals" | "notEquals" | "contains" | "notContains" | "in" | "notIn" | "empty" | "notEmpty" | "greaterThan" | "lessThan";

export interface RuleCondition {
  field?: FieldName;
  attribute?: string;
  operator: ConditionOperator;
  value?: string;
  values?: string[];
  caseSensitive?: boolean;
}

export type RuleAction =
  | { action: "set" | "prepend" | "append"; field: FieldName; value: string }
  | { action: "replace"; field: FieldName; search: string; value: string }
  | { action: "truncate"; field: FieldName; maxLength: number }
  | { action: "exclude" };

export interface Rule {
  name: string;
  if?: { all: RuleCondition[] } | { any: RuleCondition[] };
  then: RuleAction[];
}

export interface ChannelExportSettings {
  exporter: string;
  locale: string;
  currency: string;
  productUrl: string;
  mediaBaseUrl: string;
  fields?: Partial<Record<MappedFieldName, FieldMapping>>;
  categories?: Record<string, string>;
  rules?: Rule[];
  /** How far (in percent of the catalog's price) a rule may move a price before the consistency report calls it unexplained; 50 when absent. */
  ruleBandPercent?: number;
  options?: Record<string, unknown>;
  debounceSeconds?: number;
  /** Fewer items per part than the exporter's own limit, for a channel whose feed is cut into parts. */
  itemsPerPart?: number;
}
