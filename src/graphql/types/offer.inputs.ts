import { DateTimeResolver, JSONObjectResolver } from "graphql-scalars";
import { Field, InputType, Int } from "type-graphql";
import type { Labels, PromotionDiscount } from "../../catalog/definitions.js";
import { PimError } from "../../errors.js";
import { DiscountTypeEnum, StockLocationKindEnum, StockPolicyEnum } from "./offer.types.js";

@InputType({ description: "Stock of one SKU: a location with its quantity on hand, and/or the policy for when nothing is sellable" })
export class StockUpdateInput {
  @Field(() => String) sku!: string;
  @Field(() => String, { nullable: true, description: "Required with onHand" }) location?: string | null;
  @Field(() => Int, { nullable: true, description: "Whole number from 0; replaces the quantity at the location" }) onHand?: number | null;
  @Field(() => StockPolicyEnum, { nullable: true }) policy?: StockPolicyEnum | null;
  @Field(() => DateTimeResolver, { nullable: true, description: "When a backordered or preordered product ships" }) availabilityDate?: Date | null;
}

@InputType({ description: "The base price of one SKU in one currency" })
export class PriceUpdateInput {
  @Field(() => String) sku!: string;
  @Field(() => String) currency!: string;
  @Field(() => String, { nullable: true, description: "A decimal string like \"19.99\"; null removes the price in this currency" }) amount!: string | null;
}

@InputType()
export class StockLocationInput {
  @Field(() => String) code!: string;
  @Field(() => JSONObjectResolver, { nullable: true, description: "locale → label" }) labels?: Labels | null;
  @Field(() => StockLocationKindEnum) type!: StockLocationKindEnum;
  @Field(() => Boolean, { nullable: true, description: "Whether its stock counts towards availability; default true" }) sellable?: boolean | null;
}

@InputType()
export class DiscountAmountInput {
  @Field(() => String) currency!: string;
  @Field(() => String, { description: "A decimal string like \"5.00\"" }) amount!: string;
}

@InputType({ description: "PERCENT with percent, or AMOUNT with amounts" })
export class DiscountInput {
  @Field(() => DiscountTypeEnum) type!: DiscountTypeEnum;
  @Field(() => String, { nullable: true, description: "Above 0 and at most 100, e.g. \"20\"" }) percent?: string | null;
  @Field(() => [DiscountAmountInput], { nullable: true, description: "The amount off per currency; each must stay below the price of every targeted product" })
  amounts?: DiscountAmountInput[] | null;
}

@InputType({ description: "At least one SKU, category or family" })
export class PromotionTargetInput {
  @Field(() => [String], { nullable: true }) skus?: string[] | null;
  @Field(() => [String], { nullable: true, description: "A category covers its whole subtree" }) categories?: string[] | null;
  @Field(() => [String], { nullable: true }) families?: string[] | null;
}

@InputType({ description: "As schema/promotion.schema.json describes it" })
export class PromotionInput {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => DiscountInput) discount!: DiscountInput;
  @Field(() => PromotionTargetInput) target!: PromotionTargetInput;
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
  if (problems.length) throw new PimError("BAD_USER_INPUT", `Invalid promotion: ${problems.map((p) => `discount.${p.path[1]} ${p.message}`).join("; ")}`, problems);
  return input.type === DiscountTypeEnum.PERCENT
    ? { type: "percent", percent: input.percent as string }
    : { type: "amount", amounts: (input.amounts ?? []).map(({ currency, amount }) => ({ currency, amount })) };
}
