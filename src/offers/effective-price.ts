import type { Promotion } from "../catalog/definitions.js";
import { amountOff, compareAmounts, normalizeAmount, percentOff } from "./money.js";
import { own } from "../own-key.js";
import { promotionCovers, type PromotionSubject } from "../catalog/read/promotion-targets.js";

/** What pricing needs to know about a product: what a promotion judges it by, and its base prices. */
export interface PricedProduct extends PromotionSubject {
  /** currency → base price. */
  prices: Readonly<Record<string, string>>;
}

export interface AppliedPromotion {
  code: string;
  name: string;
  startsAt: string;
  endsAt: string;
  /** The channels it is limited to; empty when it applies everywhere. */
  channels: string[];
}

export interface EffectivePrice {
  currency: string;
  price: string;
  /** Lower than price, or null when no promotion applies. */
  salePrice: string | null;
  promotion: AppliedPromotion | null;
}

export function isActive(promotion: Promotion, at: Date): boolean {
  return promotion.enabled && Date.parse(promotion.startsAt) <= at.getTime() && at.getTime() < Date.parse(promotion.endsAt);
}

/** `channel` null asks for the catalog's own price: promotions limited to channels do not count. */
export function appliesIn(promotion: Promotion, channel: string | null): boolean {
  return promotion.channels.length === 0 || (channel !== null && promotion.channels.includes(channel));
}

/** The discounted amount, or null when the promotion has no discount in this currency or would not lower the price. */
export function discounted(promotion: Promotion, price: string, currency: string): string | null {
  const discount = promotion.discount;
  const result =
    discount.type === "percent"
      ? percentOff(price, discount.percent, currency)
      : (() => {
          const off = discount.amounts.find((a) => a.currency === currency);
          return off && compareAmounts(off.amount, price) < 0 ? amountOff(price, off.amount, currency) : null;
        })();
  return result !== null && compareAmounts(result, price) < 0 ? result : null;
}

/**
 * The price a customer pays in one currency, in one channel, at one moment; the API and every exporter
 * read it from here. When promotions overlap, the customer gets the lowest price; on a tie, the
 * promotion that ends first wins (its end is the next change the customer will see), then the code.
 */
export function effectivePrice(
  product: PricedProduct,
  currency: string,
  channel: string | null,
  at: Date,
  promotions: Iterable<Promotion>,
): EffectivePrice | null {
  const base = own(product.prices, currency);
  if (base === undefined) return null;
  const price = normalizeAmount(base, currency);
  let best: { amount: string; promotion: Promotion } | null = null;
  for (const promotion of promotions) {
    if (!isActive(promotion, at) || !appliesIn(promotion, channel) || !promotionCovers(promotion, product)) continue;
    const amount = discounted(promotion, price, currency);
    if (amount === null) continue;
    if (!best || isBetter(amount, promotion, best)) best = { amount, promotion };
  }
  if (!best) return { currency, price, salePrice: null, promotion: null };
  const { code, name, startsAt, endsAt, channels } = best.promotion;
  return { currency, price, salePrice: best.amount, promotion: { code, name, startsAt, endsAt, channels } };
}

function isBetter(amount: string, promotion: Promotion, best: { amount: string; promotion: Promotion }): boolean {
  const byAmount = compareAmounts(amount, best.amount);
  if (byAmount !== 0) return byAmount < 0;
  const byEnd = Date.parse(promotion.endsAt) - Date.parse(best.promotion.endsAt);
  if (byEnd !== 0) return byEnd < 0;
  return promotion.code < best.promotion.code;
}
