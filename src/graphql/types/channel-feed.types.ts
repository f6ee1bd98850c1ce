import { JSONObjectResolver, JSONResolver } from "graphql-scalars";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import type { ExplanationKind } from "../../feeds/consistency.js";
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
registerEnumType(FieldSourceEnum, { name: "ChannelFieldSource", description: "Where a channel field's value came from before any rule touched it" });

enum FieldChangeByEnum {
  RULE = "rule",
  CHANNEL_LIMIT = "channel-limit",
}
registerEnumType(FieldChangeByEnum, { name: "ChannelFieldChangeBy" });

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
registerEnumType(ExplanationKindEnum, { name: "DifferenceExplanationKind" });

@ObjectType("ChannelFieldOrigin")
export class ChannelFieldOriginType {
  @Field(() => FieldSourceEnum) source!: FieldOrigin["source"];
  @Field(() => String, { nullable: true }) attribute?: string;
  @Field(() => String, { nullable: true, description: "The locale the value was found in (a fallback when it differs from the channel's)" }) locale?: string | null;
  @Field(() => String, { nullable: true, description: "Set when the value is the channel's own (a scoped value)" }) channel?: string | null;
  @Field(() => String, { nullable: true, description: "For derived values: what they were derived from" }) from?: string;
}

@ObjectType("ChannelFieldChange")
export class ChannelFieldChangeType {
  @Field(() => FieldChangeByEnum) by!: FieldChange["by"];
  @Field(() => String, { nullable: true }) rule?: string;
  @Field(() => String, { nullable: true }) action?: string;
  @Field(() => String, { nullable: true, description: "For a channel limit: what it shortened and why" }) reason?: string;
}

@ObjectType("ChannelField", { description: "One field of the channel product, with its provenance" })
export class ChannelFieldType {
  @Field(() => String) field!: string;
  @Field(() => JSONResolver, { description: "Text, a list of texts, or money as {amount, currency}" }) value!: unknown;
  @Field(() => ChannelFieldOriginType) origin!: ChannelFieldOriginType;
  @Field(() => [ChannelFieldChangeType]) changes!: ChannelFieldChangeType[];
}

@ObjectType("ProductRendering", { description: "Exactly what one channel gets for one product" })
export class ProductRenderingType {
  @Field(() => String) sku!: string;
  @Field(() => String) channel!: string;
  @Field(() => String) exporter!: string;
  @Field(() => RenderStatusEnum) status!: RenderStatus;
  @Field(() => String, { nullable: true, description: "The rule that excluded the product" }) excludedBy!: string | null;
  @Field(() => [JSONObjectResolver], { description: "The items exactly as the exporter produced them and the feed carries them" }) items!: unknown[];
  @Field(() => [JSONObjectResolver], { description: "Items the channel's item schema refused" }) rejectedItems!: unknown[];
  @Field(() => [ChannelFieldType]) fields!: ChannelFieldType[];
  @Field(() => [FeedProblemType]) problems!: FeedProblemType[];
}

@ObjectType("DifferenceExplanation")
export class DifferenceExplanationType {
  @Field(() => ExplanationKindEnum) kind!: ExplanationKind;
  @Field(() => String) detail!: string;
  @Field(() => String, { nullable: true }) rule?: string;
}

@ObjectType("FieldConsistency", { description: "One value a customer sees on a channel, next to the product's own" })
export class FieldConsistencyType {
  @Field(() => String, { description: "title, description, price, salePrice, availability or image" }) field!: string;
  @Field(() => JSONResolver, { nullable: true, description: "What the channel's customer sees; money as {amount, currency}" }) channelValue!: unknown;
  @Field(() => JSONResolver, { nullable: true, description: "The master copy: the source attribute in the channel's locale, for no channel" }) sourceValue!: unknown;
  @Field(() => String, { nullable: true, description: "The attribute most channels read for this field" }) sourceAttribute!: string | null;
  @Field(() => Boolean, { description: "False for formatting-only differences (HTML, spacing, 15.00 vs 15)" }) differs!: boolean;
  @Field(() => [DifferenceExplanationType]) explanations!: DifferenceExplanationType[];
  @Field(() => Boolean, { description: "A difference nothing recorded explains" }) unexplained!: boolean;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType("FeedFreshness", { description: "How current the feed the channel serves is" })
export class FeedFreshnessType {
  @Field(() => Boolean, { description: "Behind the catalog by more than 30 seconds: counted as an unexplained difference for every product the channel writes" }) stale!: boolean;
  @Field(() => Int) behindByEvents!: number;
  @Field(() => Int) behindBySeconds!: number;
}

@ObjectType("StaleFeed")
export class StaleFeedType extends FeedFreshnessType {
  @Field(() => String) channel!: string;
}

@ObjectType("ChannelConsistency")
export class ChannelConsistencyType {
  @Field(() => String) channel!: string;
  @Field(() => String) exporter!: string;
  @Field(() => RenderStatusEnum) status!: RenderStatus;
  @Field(() => String, { nullable: true }) excludedBy!: string | null;
  @Field(() => [FeedProblemType]) problems!: FeedProblemType[];
  @Field(() => [FieldConsistencyType], { description: "Empty unless the channel writes the product" }) fields!: FieldConsistencyType[];
  @Field(() => FeedFreshnessType, { nullable: true, description: "The served feed's lag; null where this service does not generate feeds" }) feed!: FeedFreshnessType | null;
}

@ObjectType("ConsistencyReport", { description: "What every channel with export settings shows of one product, next to the source" })
export class ConsistencyReportType {
  @Field(() => String) sku!: string;
  @Field(() => Boolean) found!: boolean;
  @Field(() => Int, { description: "How many values differ with nothing to explain it" }) unexplained!: number;
  @Field(() => [ChannelConsistencyType]) channels!: ChannelConsistencyType[];
}

@ObjectType("UnexplainedDifference")
export class UnexplainedDifferenceType extends FieldConsistencyType {
  @Field(() => String) channel!: string;
}

@ObjectType("InconsistentProduct")
export class InconsistentProductType {
  @Field(() => String) sku!: string;
  @Field(() => [UnexplainedDifferenceType]) differences!: UnexplainedDifferenceType[];
}

@ObjectType("InconsistentProducts")
export class InconsistentProductsType {
  @Field(() => [InconsistentProductType]) products!: InconsistentProductType[];
  @Field(() => Int) productsChecked!: number;
  @Field(() => Boolean, { description: "False when the scan stopped after `first` products were found" }) complete!: boolean;
  @Field(() => [StaleFeedType], { description: "Channels whose served feed is behind the catalog: any of their products may show customers old content" }) staleFeeds!: StaleFeedType[];
}
