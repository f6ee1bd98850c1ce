import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Promotion, StockLocation } from "../../catalog/definitions.js";
import type { OfferUpdateReport } from "../../offers/offer-updates.js";
import type { StockPolicy } from "../../offers/offer.js";
import type { GraphQLContext } from "../context.js";
import { discountOf, PriceUpdateInput, PromotionInput, StockLocationInput, StockUpdateInput } from "../types/offer.inputs.js";
import {
  DiscountType,
  type DiscountTypeEnum,
  FieldProblemType,
  MoneyType,
  OfferUpdateReportType,
  OfferUpdateResultType,
  type OfferUpdateStatusEnum,
  PromotionTargetType,
  PromotionType,
  type StockLocationKindEnum,
  StockLocationType,
} from "../types/offer.types.js";
import { plainInput } from "./plain-input.js";
import { mergeByDefault, WriteModeEnum } from "../types/product.inputs.js";
import { Allow, productReaders } from "../../auth/roles.js";

const as = <T extends object>(type: new () => T, data: object): T => Object.assign(new type(), data);

function toReport(report: OfferUpdateReport): OfferUpdateReportType {
  return as(OfferUpdateReportType, {
    updated: report.updated,
    failed: report.failed,
    results: report.results.map((r) =>
      as(OfferUpdateResultType, {
        ...r,
        status: r.status as OfferUpdateStatusEnum,
        errors: r.errors.map((e) => as(FieldProblemType, { path: e.path, message: e.message })),
      }),
    ),
  });
}

function toStockLocation(location: Omit<StockLocation, "code"> & { code?: string; _id?: string }): StockLocationType {
  return as(StockLocationType, {
    code: location.code ?? location._id,
    labels: location.labels,
    type: location.type as StockLocationKindEnum,
    sellable: location.sellable,
  });
}

function toPromotion(promotion: Omit<Promotion, "code"> & { code?: string; _id?: string }): PromotionType {
  const { discount } = promotion;
  return as(PromotionType, {
    ...promotion,
    code: promotion.code ?? promotion._id,
    discount: as(DiscountType, {
      type: discount.type as DiscountTypeEnum,
      percent: discount.type === "percent" ? discount.percent : null,
      amounts: discount.type === "amount" ? discount.amounts.map((a) => as(MoneyType, a)) : [],
    }),
    target: as(PromotionTargetType, promotion.target),
  });
}

/** Prices, stock, stock locations and promotions; every rule lives in src/offers and the catalog services. */
@Resolver()
export class OfferResolver {
  @Allow("integration")
  @Mutation(() => OfferUpdateReportType, {
    description: "Stock of up to 10,000 SKUs in one call, answered per item; valid items are written even when others are refused",
  })
  async setStock(
    @Arg("updates", () => [StockUpdateInput], { description: "At most 10,000 items; each is answered on its own" }) updates: StockUpdateInput[],
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<OfferUpdateReportType> {
    return toReport(
      await catalog.setStock(
        updates.map((u) => ({ ...u, policy: u.policy as StockPolicy | null | undefined })),
        actor,
      ),
    );
  }

  @Allow("integration")
  @Mutation(() => OfferUpdateReportType, { description: "Base prices of up to 10,000 SKU/currency pairs in one call, answered per item" })
  async setPrices(
    @Arg("updates", () => [PriceUpdateInput], { description: "At most 10,000 items; each is answered on its own" }) updates: PriceUpdateInput[],
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<OfferUpdateReportType> {
    return toReport(
      await catalog.setPrices(
        updates.map((u) => ({ sku: u.sku, currency: u.currency, amount: u.amount ?? null })),
        actor,
      ),
    );
  }

  @Allow(...productReaders)
  @Query(() => [StockLocationType], { description: "Every stock location, by code" })
  async stockLocations(@Ctx() { loaders }: GraphQLContext): Promise<StockLocationType[]> {
    return [...(await loaders.definitions()).stockLocations.values()].sort((a, b) => a.code.localeCompare(b.code)).map(toStockLocation);
  }

  @Allow()
  @Mutation(() => StockLocationType, { description: "Creates or changes a stock location" })
  async saveStockLocation(
    @Arg("input", () => StockLocationInput, { description: "The location's code and settings" }) input: StockLocationInput,
    @Arg("mode", () => WriteModeEnum, mergeByDefault) mode: WriteModeEnum,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<StockLocationType> {
    const { entity } = await catalog.saveStockLocation(plainInput(input), actor, mode);
    return toStockLocation(entity as StockLocation & { _id: string });
  }

  @Allow()
  @Mutation(() => Boolean, { description: "Refused with the reason while products have stock there" })
  async deleteStockLocation(
    @Arg("code", () => String, { description: "The location's code" }) code: string,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<boolean> {
    await catalog.deleteReferenceEntity("stock_location", code, actor);
    return true;
  }

  @Allow(...productReaders)
  @Query(() => [PromotionType], { description: "Every promotion, enabled or not, by code" })
  async promotions(@Ctx() { loaders }: GraphQLContext): Promise<PromotionType[]> {
    return [...(await loaders.definitions()).promotions.values()].sort((a, b) => a.code.localeCompare(b.code)).map(toPromotion);
  }

  @Allow(...productReaders)
  @Query(() => PromotionType, { nullable: true, description: "One promotion; null when none has this code" })
  async promotion(
    @Arg("code", () => String, { description: "The promotion's code" }) code: string,
    @Ctx() { loaders }: GraphQLContext,
  ): Promise<PromotionType | null> {
    const promotion = (await loaders.definitions()).promotions.get(code);
    return promotion ? toPromotion(promotion) : null;
  }

  @Allow()
  @Mutation(() => PromotionType, { description: "Creates or replaces a promotion; refused with the reasons when its window, discount or targets are wrong" })
  async savePromotion(
    @Arg("input", () => PromotionInput, { description: "The whole promotion" }) input: PromotionInput,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<PromotionType> {
    const { entity } = await catalog.savePromotion({ ...plainInput(input), discount: discountOf(input.discount) }, actor);
    return toPromotion(entity);
  }

  @Allow()
  @Mutation(() => Boolean, { description: "Deletes a promotion; returns true" })
  async deletePromotion(
    @Arg("code", () => String, { description: "The promotion's code" }) code: string,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<boolean> {
    await catalog.deleteReferenceEntity("promotion", code, actor);
    return true;
  }
}
