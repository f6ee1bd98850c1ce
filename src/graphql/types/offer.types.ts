import { DateTimeResolver, JSONObjectResolver } from "graphql-scalars";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import type { Labels } from "../../catalog/definitions.js";

// Enum values are the stored words, so inputs pass through to the catalog and stored data back out unchanged.
export enum StockPolicyEnum {
  NONE = "none",
  BACKORDER = "backorder",
  PREORDER = "preorder",
}
registerEnumType(StockPolicyEnum, {
  name: "StockPolicy",
  description: "How a product with nothing sellable is offered",
  valuesConfig: {
    NONE: { description: "The product is out of stock (the default)" },
    BACKORDER: { description: "The product is offered on backorder, shipping on availabilityDate when given" },
    PREORDER: { description: "The product is offered for preorder before its release, shipping on availabilityDate when given" },
  },
});

export enum AvailabilityEnum {
  IN_STOCK = "in_stock",
  OUT_OF_STOCK = "out_of_stock",
  BACKORDER = "backorder",
  PREORDER = "preorder",
}
registerEnumType(AvailabilityEnum, {
  name: "Availability",
  description: "Derived from stock in sellable locations and the stock policy; every channel translates it",
  valuesConfig: {
    IN_STOCK: { description: "Some quantity is on hand in a sellable location" },
    OUT_OF_STOCK: { description: "Nothing sellable, and the stock policy is NONE" },
    BACKORDER: { description: "Nothing sellable, and the stock policy is BACKORDER" },
    PREORDER: { description: "Nothing sellable, and the stock policy is PREORDER" },
  },
});

export enum DiscountTypeEnum {
  PERCENT = "percent",
  AMOUNT = "amount",
}
registerEnumType(DiscountTypeEnum, {
  name: "DiscountType",
  description: "How a promotion's discount is expressed",
  valuesConfig: {
    PERCENT: { description: "A percentage off the base price, rounded half-up to the currency's minor unit" },
    AMOUNT: { description: "A fixed amount off per currency; currencies without an amount get no discount" },
  },
});

export enum StockLocationKindEnum {
  WAREHOUSE = "warehouse",
  STORE = "store",
}
registerEnumType(StockLocationKindEnum, {
  name: "StockLocationKind",
  description: "What kind of place a stock location is",
  valuesConfig: {
    WAREHOUSE: { description: "A warehouse" },
    STORE: { description: "A physical store" },
  },
});

export enum OfferUpdateStatusEnum {
  UPDATED = "updated",
  ERROR = "error",
}
registerEnumType(OfferUpdateStatusEnum, {
  name: "OfferUpdateStatus",
  description: "The outcome of one item of setStock or setPrices",
  valuesConfig: {
    UPDATED: { description: "Written" },
    ERROR: { description: "Refused; errors say why, and nothing of the item was written" },
  },
});

@ObjectType("Money", { description: "An amount as a decimal string in the currency's usual digits, never a float" })
export class MoneyType {
  @Field(() => String, { description: "ISO 4217 currency code, e.g. EUR" }) currency!: string;
  @Field(() => String, { description: 'A decimal string, e.g. "19.90"' }) amount!: string;
}

@ObjectType("StockLevel", { description: "The quantity on hand at one stock location" })
export class StockLevelType {
  @Field(() => String, { description: "The stock location's code" }) location!: string;
  @Field(() => Int, { description: "Units on hand, a whole number from 0" }) onHand!: number;
}

@ObjectType("Offer", { description: "Prices and stock of a product, with the availability every channel derives from them" })
export class OfferType {
  @Field(() => [MoneyType], { description: "Base prices, before promotions" }) prices!: MoneyType[];
  @Field(() => [StockLevelType], { description: "Quantity on hand per location, by location code" }) stock!: StockLevelType[];
  @Field(() => StockPolicyEnum, { description: "How the product is offered when nothing is sellable" }) policy!: StockPolicyEnum;
  @Field(() => Int, { description: "On hand summed over sellable locations" }) sellableQuantity!: number;
  @Field(() => AvailabilityEnum, { description: "What every channel is told about availability" }) availability!: AvailabilityEnum;
  @Field(() => DateTimeResolver, { nullable: true, description: "When a backordered or preordered product ships; null otherwise" })
  availabilityDate!: Date | null;
  @Field(() => DateTimeResolver, { nullable: true, description: "Last price or stock change; null if there never was one" }) updatedAt!: Date | null;
}

@ObjectType("AppliedPromotion", { description: "The promotion that gives the sale price, with its window as the retailer wrote it" })
export class AppliedPromotionType {
  @Field(() => String, { description: "The promotion's code" }) code!: string;
  @Field(() => String, { description: "The promotion's name" }) name!: string;
  @Field(() => String, { description: "RFC 3339 with the offset it was saved with" }) startsAt!: string;
  @Field(() => String, { description: "RFC 3339 with the offset it was saved with; the promotion no longer applies from this moment" }) endsAt!: string;
  @Field(() => [String], { description: "Empty: every channel" }) channels!: string[];
}

@ObjectType("EffectivePrice", {
  description:
    "The price a customer pays in one currency, channel and moment. When promotions overlap the lowest price wins; on a tie, the one that ends first",
})
export class EffectivePriceType {
  @Field(() => String, { description: "ISO 4217 currency code, e.g. EUR" }) currency!: string;
  @Field(() => String, { description: "The base price, a decimal string" }) price!: string;
  @Field(() => String, { nullable: true, description: "Below price; null when no promotion lowers it" }) salePrice!: string | null;
  @Field(() => AppliedPromotionType, { nullable: true, description: "The promotion that gives salePrice; null when none applies" })
  promotion!: AppliedPromotionType | null;
}

@ObjectType("FieldProblem", { description: "What is wrong with one field of an input" })
export class FieldProblemType {
  @Field(() => [String], { description: 'Where in the item, e.g. ["onHand"]' }) path!: string[];
  @Field(() => String, { description: "What is wrong, in plain words" }) message!: string;
}

@ObjectType("OfferUpdateResult", { description: "The answer for one item of setStock or setPrices" })
export class OfferUpdateResultType {
  @Field(() => Int, { description: "Position of the item in the call" }) index!: number;
  @Field(() => String, { description: "The item's SKU" }) sku!: string;
  @Field(() => OfferUpdateStatusEnum, { description: "Whether the item was written" }) status!: OfferUpdateStatusEnum;
  @Field(() => [FieldProblemType], { description: "Why the item was refused; empty when it was written" }) errors!: FieldProblemType[];
}

@ObjectType("OfferUpdateReport", { description: "Valid items are written even when others are refused" })
export class OfferUpdateReportType {
  @Field(() => Int, { description: "Items written" }) updated!: number;
  @Field(() => Int, { description: "Items refused" }) failed!: number;
  @Field(() => [OfferUpdateResultType], { description: "One result per item, in the order of the call" }) results!: OfferUpdateResultType[];
}

@ObjectType("StockLocation", { description: "A warehouse or store holding stock; only sellable locations count towards availability" })
export class StockLocationType {
  @Field(() => String, { description: "The location's code" }) code!: string;
  @Field(() => JSONObjectResolver, { description: "locale → label" }) labels!: Labels;
  @Field(() => StockLocationKindEnum, { description: "Warehouse or store" }) type!: StockLocationKindEnum;
  @Field(() => Boolean, { description: "Whether its stock counts towards availability" }) sellable!: boolean;
}

@ObjectType("Discount", { description: "A percentage off, or a fixed amount off per currency" })
export class DiscountType {
  @Field(() => DiscountTypeEnum, { description: "Percentage or fixed amount" }) type!: DiscountTypeEnum;
  @Field(() => String, { nullable: true, description: 'For PERCENT: e.g. "20" or "12.5"; null for AMOUNT' }) percent!: string | null;
  @Field(() => [MoneyType], { description: "For AMOUNT: the amount off in each currency it applies to; empty for PERCENT" }) amounts!: MoneyType[];
}

@ObjectType("PromotionTarget", { description: "A product is targeted when any list names it, its family, or one of its categories or their ancestors" })
export class PromotionTargetType {
  @Field(() => [String], { description: "Product SKUs" }) skus!: string[];
  @Field(() => [String], { description: "A category covers its whole subtree" }) categories!: string[];
  @Field(() => [String], { description: "Family codes" }) families!: string[];
}

@ObjectType("Promotion", { description: "A time-limited discount" })
export class PromotionType {
  @Field(() => String, { description: "The promotion's code" }) code!: string;
  @Field(() => String, { description: "A name for people" }) name!: string;
  @Field(() => DiscountType, { description: "What it takes off" }) discount!: DiscountType;
  @Field(() => PromotionTargetType, { description: "Which products it applies to" }) target!: PromotionTargetType;
  @Field(() => String, { description: "RFC 3339 with offset, as saved" }) startsAt!: string;
  @Field(() => String, { description: "RFC 3339 with offset, as saved; exclusive" }) endsAt!: string;
  @Field(() => [String], { description: "Empty: every channel" }) channels!: string[];
  @Field(() => Boolean, { description: "A disabled promotion never applies" }) enabled!: boolean;
}
