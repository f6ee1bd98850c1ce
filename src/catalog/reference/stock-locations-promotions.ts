import Big from "big.js";
import type { FieldProblem } from "../../errors.js";
import type { CatalogContext } from "../catalog-context.js";
import type { Labels, Promotion, StockLocation } from "../definitions.js";
import type { PromotionDoc, StockLocationDoc } from "../models.js";
import { offerOf } from "../../offers/offer.js";
import { amountProblem, compareAmounts } from "../../offers/money.js";
import { problem, type ReferenceEntitySpec } from "./save-reference-entity.js";
import { promotionTargetQuery } from "../read/promotion-targets.js";
import { own } from "../../own-key.js";

interface StockLocationInput extends Omit<StockLocation, "labels" | "sellable"> {
  labels?: Labels;
  sellable?: boolean;
}

export const stockLocationSpec: ReferenceEntitySpec<StockLocationInput, StockLocationDoc> = {
  entityType: "stock_location",
  schemaFile: "stock-location.schema.json",
  what: "stock location",
  model: (context) => context.models.stockLocations,
  check: () => [],
  toDocument: (input) => ({ labels: input.labels ?? {}, type: input.type, sellable: input.sellable ?? true }),
};

export interface PromotionInput extends Omit<Promotion, "target" | "channels" | "enabled"> {
  target: Partial<Promotion["target"]>;
  channels?: string[];
  enabled?: boolean;
}

/** How many products a refusal names before it says "and N more". */
const namedProducts = 10;

export const promotionSpec: ReferenceEntitySpec<PromotionInput, PromotionDoc> = {
  entityType: "promotion",
  schemaFile: "promotion.schema.json",
  what: "promotion",
  model: (context) => context.models.promotions,
  check: async (input, _existing, definitions, context) => {
    const problems: FieldProblem[] = [];
    if (Date.parse(input.endsAt) <= Date.parse(input.startsAt)) problems.push(problem(["endsAt"], `must be after startsAt (${input.startsAt})`));
    const { discount } = input;
    if (discount.type === "percent") {
      const percent = new Big(discount.percent);
      if (percent.lte(0)) problems.push(problem(["discount", "percent"], "must be above 0"));
      if (percent.gt(100)) problems.push(problem(["discount", "percent"], `${discount.percent} % is over 100 %, which would make prices negative`));
    } else {
      discount.amounts.forEach(({ currency, amount }, i) => {
        if (!definitions.currencies.has(currency))
          problems.push(problem(["discount", "amounts", String(i), "currency"], `${currency} is not a currency of the catalog`));
        if (new Big(amount).lte(0)) problems.push(problem(["discount", "amounts", String(i), "amount"], "must be above 0"));
        else if (definitions.currencies.has(currency)) {
          const amountIssue = amountProblem(amount, currency);
          if (amountIssue) problems.push(problem(["discount", "amounts", String(i), "amount"], amountIssue));
        }
      });
      if (new Set(discount.amounts.map((a) => a.currency)).size < discount.amounts.length) {
        problems.push(problem(["discount", "amounts"], "names a currency more than once"));
      }
    }
    (input.channels ?? []).forEach((channel, i) => {
      if (!definitions.channels.has(channel)) problems.push(problem(["channels", String(i)], `channel ${channel} does not exist`));
    });
    (input.target.families ?? []).forEach((family, i) => {
      if (!definitions.families.has(family)) problems.push(problem(["target", "families", String(i)], `family ${family} does not exist`));
    });
    const categories = input.target.categories ?? [];
    const knownCategories = new Set((await context.models.categories.find({ _id: { $in: categories } }, { _id: 1 }).lean()).map((c) => c._id));
    categories.forEach((category, i) => {
      if (!knownCategories.has(category)) problems.push(problem(["target", "categories", String(i)], `category ${category} does not exist`));
    });
    const skus = input.target.skus ?? [];
    if (skus.length + categories.length + (input.target.families ?? []).length === 0) {
      problems.push(problem(["target"], "must name at least one SKU, category or family"));
    }
    if (problems.length > 0) return problems;
    const knownSkus = new Set((await context.models.products.find({ _id: { $in: skus } }, { _id: 1 }).lean()).map((p) => p._id));
    skus.forEach((sku, i) => {
      if (!knownSkus.has(sku)) problems.push(problem(["target", "skus", String(i)], `product ${sku} does not exist`));
    });
    if (discount.type === "amount") problems.push(...(await discountsAbovePrices(input, discount.amounts, context)));
    return problems;
  },
  toDocument: (input) => ({
    name: input.name,
    discount: input.discount,
    target: { skus: input.target.skus ?? [], categories: input.target.categories ?? [], families: input.target.families ?? [] },
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    channels: input.channels ?? [],
    enabled: input.enabled ?? true,
  }),
};

/** A fixed discount must stay below the price of every product it targets; a free product is not a promotion. */
async function discountsAbovePrices(
  input: PromotionInput,
  amounts: Array<{ currency: string; amount: string }>,
  context: CatalogContext,
): Promise<FieldProblem[]> {
  const covered = await promotionTargetQuery([input.target], context.models);
  if (!covered) return [];
  const cursor = context.models.products.find(covered, { offer: 1 }).lean<{ _id: string; offer?: object }>().cursor({ batchSize: 500 });
  const tooHigh = amounts.map(() => [] as string[]);
  for await (const product of cursor) {
    const prices = offerOf(product.offer as never).prices;
    amounts.forEach(({ currency, amount }, i) => {
      const price = own(prices, currency);
      if (price !== undefined && compareAmounts(amount, price) >= 0) tooHigh[i]?.push(`${product._id} (${price} ${currency})`);
    });
  }
  return amounts.flatMap(({ amount, currency }, i) => {
    const skus = tooHigh[i] ?? [];
    if (skus.length === 0) return [];
    const more = skus.length > namedProducts ? ` and ${skus.length - namedProducts} more` : "";
    return [
      problem(
        ["discount", "amounts", String(i), "amount"],
        `${amount} ${currency} is not below the price of ${skus.slice(0, namedProducts).join(", ")}${more}`,
      ),
    ];
  });
}
