import { JSONObjectResolver, JSONResolver } from "graphql-scalars";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import type { ComparedField, ExplanationKind } from "../../feeds/consistency.js";
import type { FieldChange, FieldOrigin } from "../../feeds/channel-product.js";
import type { RenderStatus } from "../../feeds/render-product.js";
import { FeedProblemType } from "./feed-report.types.js";

enum RenderStatusEnum {
  WRITTEN = "written",
  REJECTED = "rejected",
  EXCLUDED = "excluded",
  DISABLED = "disabled",
  NO_ITEMS = "no-items",
  NOT_FOUND = "not-found",
}
registerEnumType(RenderStatusEnum, {
  name: "RenderStatus",
  description: "What a channel does with a product",
  valuesConfig: {
    WRITTEN: { description: "At least one item reaches the feed" },
    REJECTED: { description: "Left out of the feed; the problems say why" },
    EXCLUDED: { description: "A channel rule excluded it (excludedBy)" },
    DISABLED: { description: "Disabled products reach no channel" },
    NO_ITEMS: { description: "The exporter made no item for it" },
    NOT_FOUND: { description: "No product has this SKU" },
  },
});

enum FieldSourceEnum {
  ATTRIBUTE = "attribute",
  DEFAULT = "default",
  STATIC = "static",
  DERIVED = "derived",
}
registerEnumType(FieldSourceEnum, {
  name: "ChannelFieldSource",
  description: "Where a channel field's value came from before any rule touched it",
  valuesConfig: {
    ATTRIBUTE: { description: "A product attribute's value; attribute, locale and channel say which" },
    DEFAULT: { description: "The channel mapping's default, used because the attribute has no value" },
    STATIC: { description: "A static value of the channel mapping; no attribute is read" },
    DERIVED: { description: "Computed by the feed pipeline; from says from what (price list, a promotion, stock, productUrl, a category)" },
  },
});

enum FieldChangeByEnum {
  RULE = "rule",
  CHANNEL_LIMIT = "channel-limit",
}
registerEnumType(FieldChangeByEnum, {
  name: "ChannelFieldChangeBy",
  description: "What changed a channel field's value on its way to the channel",
  valuesConfig: {
    RULE: { description: "One of the channel's rules (rule and action say which)" },
    CHANNEL_LIMIT: { description: "The channel's own limits, such as a maximum length (reason says what)" },
  },
});

enum ExplanationKindEnum {
  CHANNEL_VALUE = "channel-value",
  LOCALE_FALLBACK = "locale-fallback",
  MAPPING_DEFAULT = "mapping-default",
  STATIC_VALUE = "static-value",
  DERIVED = "derived",
  RULE = "rule",
  CHANNEL_LIMIT = "channel-limit",
  CURRENCY = "currency",
  VALUE_MAP = "value-map",
  PROMOTION = "promotion",
}
registerEnumType(ExplanationKindEnum, {
  name: "DifferenceExplanationKind",
  description: "A recorded reason why a channel's value differs from the product's own",
  valuesConfig: {
    CHANNEL_VALUE: { description: "The attribute has a value of its own for this channel" },
    LOCALE_FALLBACK: { description: "The channel's locale has no value; a fallback locale's stands in" },
    MAPPING_DEFAULT: { description: "The channel mapping's default was used" },
    STATIC_VALUE: { description: "The channel mapping gives a static value" },
    DERIVED: { description: "The value is derived by the feed pipeline (detail says from what)" },
    RULE: { description: "A channel rule changed it (rule names it)" },
    CHANNEL_LIMIT: { description: "The channel's own limits changed it, e.g. shortened it" },
    CURRENCY: { description: "The channel sells in a currency the product has no price in" },
    VALUE_MAP: { description: "The channel mapping translates the option code into the channel's word" },
    PROMOTION: { description: "The sale price comes from a promotion limited to some channels" },
  },
});

enum RuleActionEnum {
  SET = "set",
  PREPEND = "prepend",
  APPEND = "append",
  REPLACE = "replace",
  TRUNCATE = "truncate",
}
registerEnumType(RuleActionEnum, {
  name: "ChannelRuleAction",
  description: "What a channel rule's action did to a field (schema/channel-export.schema.json describes the rules)",
  valuesConfig: {
    SET: { description: "Set the field to a value" },
    PREPEND: { description: "Put a text before the field's value" },
    APPEND: { description: "Put a text after the field's value" },
    REPLACE: { description: "Replaced a text found in the field's value" },
    TRUNCATE: { description: "Shortened the field's value to a maximum length" },
  },
});

enum ComparedFieldEnum {
  TITLE = "title",
  DESCRIPTION = "description",
  PRICE = "price",
  SALE_PRICE = "salePrice",
  AVAILABILITY = "availability",
  IMAGE = "image",
}
registerEnumType(ComparedFieldEnum, {
  name: "ConsistencyField",
  description: "A value a customer sees of a product on every channel, which the consistency report compares with the product's own",
  valuesConfig: {
    TITLE: { description: "The title" },
    DESCRIPTION: { description: "The description" },
    PRICE: { description: "The base price" },
    SALE_PRICE: { description: "The sale price a promotion gives" },
    AVAILABILITY: { description: "The availability" },
    IMAGE: { description: "The main image" },
  },
});

@ObjectType("ChannelFieldOrigin", { description: "Where a channel field's value came from" })
export class ChannelFieldOriginType {
  @Field(() => FieldSourceEnum, { description: "The kind of source" }) source!: FieldOrigin["source"];
  @Field(() => String, { nullable: true, description: "For ATTRIBUTE: the attribute's code; null otherwise" }) attribute?: string;
  @Field(() => String, { nullable: true, description: "The locale the value was found in (a fallback when it differs from the channel's)" }) locale?:
    | string
    | null;
  @Field(() => String, { nullable: true, description: "Set when the value is the channel's own (a scoped value)" }) channel?: string | null;
  @Field(() => String, { nullable: true, description: "For derived values: what they were derived from" }) from?: string;
}

@ObjectType("ChannelFieldChange", { description: "One change made to a channel field's value on its way to the channel" })
export class ChannelFieldChangeType {
  @Field(() => FieldChangeByEnum, { description: "What made the change" }) by!: FieldChange["by"];
  @Field(() => String, { nullable: true, description: "For a rule: its name; null otherwise" }) rule?: string;
  @Field(() => RuleActionEnum, { nullable: true, description: "For a rule: its action; null otherwise" }) action?: string;
  @Field(() => String, { nullable: true, description: "For a channel limit: what it shortened and why" }) reason?: string;
}

@ObjectType("ChannelField", { description: "One field of the channel product, with its provenance" })
export class ChannelFieldType {
  @Field(() => String, { description: "The channel field's name, e.g. title, price or images" }) field!: string;
  @Field(() => JSONResolver, { description: "Text, a list of texts, or money as {amount, currency}" }) value!: unknown;
  @Field(() => ChannelFieldOriginType, { description: "Where the value came from before any change" }) origin!: ChannelFieldOriginType;
  @Field(() => [ChannelFieldChangeType], { description: "What changed the value afterwards, in order; empty when nothing did" })
  changes!: ChannelFieldChangeType[];
}

@ObjectType("ProductRendering", { description: "Exactly what one channel gets for one product" })
export class ProductRenderingType {
  @Field(() => String, { description: "The SKU asked for" }) sku!: string;
  @Field(() => String, { description: "The channel's code" }) channel!: string;
  @Field(() => String, { description: "The channel's exporter, e.g. google-merchant" }) exporter!: string;
  @Field(() => RenderStatusEnum, { description: "What the channel does with the product" }) status!: RenderStatus;
  @Field(() => String, { nullable: true, description: "The rule that excluded the product; null unless status is EXCLUDED" }) excludedBy!: string | null;
  @Field(() => [JSONObjectResolver], { description: "The items exactly as the exporter produced them and the feed carries them" }) items!: unknown[];
  @Field(() => [JSONObjectResolver], { description: "Items the channel's item schema refused" }) rejectedItems!: unknown[];
  @Field(() => [ChannelFieldType], { description: "The channel product's fields, each with its provenance" }) fields!: ChannelFieldType[];
  @Field(() => [FeedProblemType], { description: "Errors that kept items out of the feed and warnings about changes made to fit it" })
  problems!: FeedProblemType[];
}

@ObjectType("DifferenceExplanation", { description: "One recorded reason for a difference between a channel's value and the product's own" })
export class DifferenceExplanationType {
  @Field(() => ExplanationKindEnum, { description: "The kind of reason" }) kind!: ExplanationKind;
  @Field(() => String, { description: "The reason in plain words" }) detail!: string;
  @Field(() => String, { nullable: true, description: "For RULE: the rule's name; null otherwise" }) rule?: string;
}

@ObjectType("FieldConsistency", { description: "One value a customer sees on a channel, next to the product's own" })
export class FieldConsistencyType {
  @Field(() => ComparedFieldEnum, { description: "Which value is compared" }) field!: ComparedField;
  @Field(() => JSONResolver, { nullable: true, description: "What the channel's customer sees; money as {amount, currency}" }) channelValue!: unknown;
  @Field(() => JSONResolver, { nullable: true, description: "The master copy: the source attribute in the channel's locale, for no channel" })
  sourceValue!: unknown;
  @Field(() => String, { nullable: true, description: "The attribute most channels read for this field" }) sourceAttribute!: string | null;
  @Field(() => Boolean, { description: "False for formatting-only differences (HTML, spacing, 15.00 vs 15)" }) differs!: boolean;
  @Field(() => [DifferenceExplanationType], { description: "The recorded reasons for the difference; empty when the values do not differ" })
  explanations!: DifferenceExplanationType[];
  @Field(() => Boolean, { description: "A difference nothing recorded explains" }) unexplained!: boolean;
  @Field(() => String, { nullable: true, description: "Why the difference counts as unexplained; null when it does not" }) note!: string | null;
}

@ObjectType("FeedFreshness", { description: "How current the feed the channel serves is" })
export class FeedFreshnessType {
  @Field(() => Boolean, {
    description: "Behind the catalog by more than 30 seconds: counted as an unexplained difference for every product the channel writes",
  })
  stale!: boolean;
  @Field(() => Int, { description: "Change events since the served snapshot that may concern the channel" }) behindByEvents!: number;
  @Field(() => Int, { description: "Age of the oldest of those events, in seconds; 0 when there are none" }) behindBySeconds!: number;
}

@ObjectType("StaleFeed", { description: "A channel whose served feed is behind the catalog" })
export class StaleFeedType extends FeedFreshnessType {
  @Field(() => String, { description: "The channel's code" }) channel!: string;
}

@ObjectType("ChannelConsistency", { description: "What one channel shows of a product, next to the source" })
export class ChannelConsistencyType {
  @Field(() => String, { description: "The channel's code" }) channel!: string;
  @Field(() => String, { description: "The channel's exporter, e.g. google-merchant" }) exporter!: string;
  @Field(() => RenderStatusEnum, { description: "What the channel does with the product" }) status!: RenderStatus;
  @Field(() => String, { nullable: true, description: "The rule that excluded the product; null unless status is EXCLUDED" }) excludedBy!: string | null;
  @Field(() => [FeedProblemType], { description: "The channel's errors and warnings for the product" }) problems!: FeedProblemType[];
  @Field(() => [FieldConsistencyType], { description: "Empty unless the channel writes the product" }) fields!: FieldConsistencyType[];
  @Field(() => FeedFreshnessType, { nullable: true, description: "The served feed's lag; null where this service does not generate feeds" })
  feed!: FeedFreshnessType | null;
}

@ObjectType("ConsistencyReport", { description: "What every channel with export settings shows of one product, next to the source" })
export class ConsistencyReportType {
  @Field(() => String, { description: "The SKU asked for" }) sku!: string;
  @Field(() => Boolean, { description: "False when no product the caller may read has this SKU; the report is then empty" }) found!: boolean;
  @Field(() => Int, { description: "How many values differ with nothing to explain it" }) unexplained!: number;
  @Field(() => [ChannelConsistencyType], { description: "One entry per channel with export settings whose locale the caller may read" })
  channels!: ChannelConsistencyType[];
}

@ObjectType("UnexplainedDifference", { description: "A value a channel shows that differs from the product's own with nothing recorded to explain it" })
export class UnexplainedDifferenceType extends FieldConsistencyType {
  @Field(() => String, { description: "The channel's code" }) channel!: string;
}

@ObjectType("InconsistentProduct", { description: "A product with at least one unexplained difference on some channel" })
export class InconsistentProductType {
  @Field(() => String, { description: "The product's SKU" }) sku!: string;
  @Field(() => [UnexplainedDifferenceType], { description: "Its unexplained differences, channel by channel" }) differences!: UnexplainedDifferenceType[];
}

@ObjectType("InconsistentProducts", { description: "The result of a catalog scan for unexplained differences" })
export class InconsistentProductsType {
  @Field(() => [InconsistentProductType], { description: "The products found, at most `first`" }) products!: InconsistentProductType[];
  @Field(() => Int, { description: "How many products the scan read" }) productsChecked!: number;
  @Field(() => Boolean, { description: "False when the scan stopped after `first` products were found" }) complete!: boolean;
  @Field(() => [StaleFeedType], { description: "Channels whose served feed is behind the catalog: any of their products may show customers old content" })
  staleFeeds!: StaleFeedType[];
}
