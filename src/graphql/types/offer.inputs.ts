import { DateTimeResolver, JSONObjectResolver } from "graphql-scalars";
import { Field, InputType, Int } from "type-graphql";
import type { Labels, PromotionDiscount } from "../../catalog/definitions.js";
import { PimError } from "../../errors.js";
import { DiscountTypeEnum, StockLocationKindEnum, StockPolicyEnum } from "./offer.types.js";

@InputType({ description: "Stock of one SKU: a location with its quantity on hand, and/or the policy for when nothing is sellable" })
export class StockUpdateInput {
  @Field(() => String, { description: "The product's SKU (1 to 255 characters)" }) sku!: string;
  @Field(() => String, { nullable: true, description: "Code of an existing stock location; required with onHand" }) location?: string | null;
  @Field(() => Int, { nullable: true, description: "Whole number from 0 to 1,000,000,000; replaces the quantity at the location. Required with location" })
  onHand?: number | null;
  @Field(() => StockPolicyEnum, { nullable: true, description: "How the product is offered when nothing is sellable; omitted or null keeps the stored policy" })
  policy?: StockPolicyEnum | null;
  @Field(() => DateTimeResolver, { nullable: true, description: "When a backordered or preordered product ships; omitted or null keeps the stored date" })
  availabilityDate?: Date | null;
}

@InputType({ description: "The base price of one SKU in one currency" })
export class PriceUpdateInput {
  @Field(() => String, { description: "The product's SKU (1 to 255 characters)" }) sku!: string;
  @Field(() => String, { description: "ISO 4217 code of a catalog currency, e.g. EUR" }) currency!: string;
  @Field(() => String, {
    nullable: true,
    description: 'A decimal string like "19.99" above zero, with no more decimals than the currency has; null removes the price in this currency',
  })
  amount!: string | null;
}

@InputType({ description: "A stock location to create or change" })
export class StockLocationInput {
  @Field(() => String, { description: "Lowercase letters, digits and _, starting with a letter; at most 64 characters" }) code!: string;
  @Field(() => JSONObjectResolver, { nullable: true, description: "locale → label" }) labels?: Labels | null;
  @Field(() => StockLocationKindEnum, { description: "Warehouse or store" }) type!: StockLocationKindEnum;
  @Field(() => Boolean, { nullable: true, description: "Whether its stock counts towards availability; default true" }) sellable?: boolean | null;
}

@InputType({ description: "A fixed amount off in one currency" })
export class DiscountAmountInput {
  @Field(() => String, { description: "ISO 4217 currency code, e.g. EUR" }) currency!: string;
  @Field(() => String, { description: 'A decimal string like "5.00" (at most 4 decimals)' }) amount!: string;
}

@InputType({ description: "PERCENT with percent, or AMOUNT with amounts" })
export class DiscountInput {
  @Field(() => DiscountTypeEnum, { description: "Which of percent and amounts is given" }) type!: DiscountTypeEnum;
  @Field(() => String, { nullable: true, description: 'For PERCENT (required then): above 0 and at most 100, e.g. "20"' }) percent?: string | null;
  @Field(() => [DiscountAmountInput], {
    nullable: true,
    description: "For AMOUNT (required then, at least one): the amount off per currency; each must stay below the price of every targeted product",
  })
  amounts?: DiscountAmountInput[] | null;
}

@InputType({ description: "At least one SKU, category or family" })
export class PromotionTargetInput {
  @Field(() => [String], { nullable: true, description: "Product SKUs (at most 10,000)" }) skus?: string[] | null;
  @Field(() => [String], { nullable: true, description: "Category codes; a category covers its whole subtree (at most 10,000)" }) categories?: string[] | null;
  @Field(() => [String], { nullable: true, description: "Family codes (at most 10,000)" }) families?: string[] | null;
}

@InputType({ description: "As schema/promotion.schema.json describes it" })
export class PromotionInput {
  @Field(() => String, { description: "Lowercase letters, digits, _ and -, starting with a letter or digit; at most 100 characters" }) code!: string;
  @Field(() => String, { description: "A name for people, 1 to 200 characters" }) name!: string;
  @Field(() => DiscountInput, { description: "What the promotion takes off" }) discount!: DiscountInput;
  @Field(() => PromotionTargetInput, { description: "Which products it applies to" }) target!: PromotionTargetInput;
  @Field(() => String, { description: "RFC 3339 with an offset, e.g. 2026-11-27T00:00:00+01:00; kept as written" }) startsAt!: string;
  @Field(() => String, { description: "RFC 3339 with an offset; after startsAt, exclusive" }) endsAt!: string;
  @Field(() => [String], { nullable: true, description: "Limit to these channels; omitted or empty: every channel" }) channels?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: "Default true" }) enabled?: boolean | null;
}

/**
 * The discount as the schema's one-of expects it. Checked here because the schema, seeing neither branch fit,
 * reports the failures of both, while the typed input already says which one was meant.
 */
export function discountOf(input: DiscountInput): PromotionDiscount {
  const [wanted, unwanted] = input.type === DiscountTypeEnum.PERCENT ? (["percent", "amounts"] as const) : (["amounts", "percent"] as const);
  const problems = [
    ...(input[wanted] == null ? [{ path: ["discount", wanted], message: `is required when type is ${input.type.toUpperCase()}` }] : []),
    ...(input[unwanted] != null ? [{ path: ["discount", unwanted], message: `is only for type ${unwanted === "percent" ? "PERCENT" : "AMOUNT"}` }] : []),
  ];
  if (problems.length)
    throw new PimError("BAD_USER_INPUT", `Invalid promotion: ${problems.map((p) => `discount.${p.path[1]} ${p.message}`).join("; ")}`, problems);
  return input.type === DiscountTypeEnum.PERCENT
    ? { type: "percent", percent: input.percent as string }
    : { type: "amount", amounts: (input.amounts ?? []).map(({ currency, amount }) => ({ currency, amount })) };
}
