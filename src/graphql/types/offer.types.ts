import { DateTimeResolver, JSONObjectResolver } from "graphql-scalars";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import type { Labels } from "../../catalog/definitions.js";

// Enum values are the stored words, so inputs pass through to the catalog and stored data back out unchanged.
export enum StockPolicyEnum {
  NONE = "none",
  BACKORDER = "backorder",
  PREORDER = "preorder",
}
registerEnumType(StockPolicyEnum, { name: "StockPolicy", description: "How a product with nothing sellable is offered" });

export enum AvailabilityEnum {
  IN_STOCK = "in_stock",
  OUT_OF_STOCK = "out_of_stock",
  BACKORDER = "backorder",
  PREORDER = "preorder",
}
registerEnumType(AvailabilityEnum, { name: "Availability", description: "Derived from stock in sellable locations and the stock policy; every channel translates it" });

export enum DiscountTypeEnum {
  PERCENT = "percent",
  AMOUNT = "amount",
}
registerEnumType(DiscountTypeEnum, { name: "DiscountType" });

export enum StockLocationKindEnum {
  WAREHOUSE = "warehouse",
  STORE = "store",
}
registerEnumType(StockLocationKindEnum, { name: "StockLocationKind" });

export enum OfferUpdateStatusEnum {
  UPDATED = "updated",
  ERROR = "error",
}
registerEnumType(OfferUpdateStatusEnum, { name: "OfferUpdateStatus" });

@ObjectType("Money", { description: "An amount as a decimal string in the currency's usual digits, never a float" })
export class MoneyType {
  @Field(() => String) currency!: string;
  @Field(() => String) amount!: string;
}

@ObjectType("StockLevel")
export class StockLevelType {
  @Field(() => String) location!: string;
  @Field(() => Int) onHand!: number;
}

@ObjectType("Offer", { description: "Prices and stock of a product, with the availability every channel derives from them" })
export class OfferType {
  @Field(() => [MoneyType], { description: "Base prices, before promotions" }) prices!: MoneyType[];
  @Field(() => [StockLevelType]) stock!: StockLevelType[];
  @Field(() => StockPolicyEnum) policy!: StockPolicyEnum;
  @Field(() => Int, { description: "On hand summed over sellable locations" }) sellableQuantity!: number;
  @Field(() => AvailabilityEnum) availability!: AvailabilityEnum;
  @Field(() => DateTimeResolver, { nullable: true, description: "When a backordered or preordered product ships; null otherwise" }) availabilityDate!: Date | null;
  @Field(() => DateTimeResolver, { nullable: true, description: "Last price or stock change" }) updatedAt!: Date | null;
}

@ObjectType("AppliedPromotion", { description: "The promotion that gives the sale price, with its window as the retailer wrote it" })
export class AppliedPromotionType {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: "RFC 3339 with the offset it was saved with" }) startsAt!: string;
  @Field(() => String, { description: "RFC 3339 with the offset it was saved with; the promotion no longer applies from this moment" }) endsAt!: string;
  @Field(() => [String], { description: "Empty: every channel" }) channels!: string[];
}

@ObjectType("EffectivePrice", {
  description: "The price a customer pays in one currency, channel and moment. When promotions overlap the lowest price wins; on a tie, the one that ends first",
})
export class EffectivePriceType {
  @Field(() => String) currency!: string;
  @Field(() => String, { description: "The base price" }) price!: string;
  @Field(() => String, { nullable: true, description: "Below price; null when no promotion lowers it" }) salePrice!: string | null;
  @Field(() => AppliedPromotionType, { nullable: true }) promotion!: AppliedPromotionType | null;
}

@ObjectType("FieldProblem", { description: "What is wrong with one field of an input" })
export class FieldProblemType {
  @Field(() => [String], { description: "Where in the item, e.g. [\"onHand\"]" }) path!: string[];
  @Field(() => String) message!: string;
}

@ObjectType("OfferUpdateResult", { description: "The answer for one item of setStock or setPrices" })
export class OfferUpdateResultType {
  @Field(() => Int, { description: "Position of the item in the call" }) index!: number;
  @Field(() => String) sku!: string;
  @Field(() => OfferUpdateStatusEnum) status!: OfferUpdateStatusEnum;
  @Field(() => [FieldProblemType]) errors!: FieldProblemType[];
}

@ObjectType("OfferUpdateReport", { description: "Valid items are written even when others are refused" })
export class OfferUpdateReportType {
  @Field(() => Int) updated!: number;
  @Field(() => Int) failed!: number;
  @Field(() => [OfferUpdateResultType]) results!: OfferUpdateResultType[];
}

@ObjectType("StockLocation", { description: "A warehouse or store holding stock; only sellable locations count towards availability" })
export class StockLocationType {
  @Field(() => String) code!: string;
  @Field(() => JSONObjectResolver, { description: "locale → label" }) labels!: Labels;
  @Field(() => StockLocationKindEnum) type!: StockLocationKindEnum;
  @Field(() => Boolean) sellable!: boolean;
}

@ObjectType("Discount", { description: "A percentage off, or a fixed amount off per currency" })
export class DiscountType {
  @Field(() => DiscountTypeEnum) type!: DiscountTypeEnum;
  @Field(() => String, { nullable: true, description: "For PERCENT: e.g. \"20\" or \"12.5\"" }) percent!: string | null;
  @Field(() => [MoneyType], { description: "For AMOUNT: the amount off in each currency it applies to" }) amounts!: MoneyType[];
}

@ObjectType("PromotionTarget", { description: "A product is targeted when any list names it, its family, or one of its categories or their ancestors" })
export class PromotionTargetType {
  @Field(() => [String]) skus!: string[];
  @Field(() => [String], { description: "A category covers its whole subtree" }) categories!: string[];
  @Field(() => [String]) families!: string[];
}

@ObjectType("Promotion", { description: "A time-limited discount" })
export class PromotionType {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => DiscountType) discount!: DiscountType;
  @Field(() => PromotionTargetType) target!: PromotionTargetType;
  @Field(() => String, { description: "RFC 3339 with offset, as saved" }) startsAt!: string;
  @Field(() => String, { description: "RFC 3339 with offset, as saved; exclusive" }) endsAt!: string;
  @Field(() => [String], { description: "Empty: every channel" }) channels!: string[];
  @Field(() => Boolean) enabled!: boolean;
}
