import { availabilityOf, textField } from "../../src/feeds/channel-product.js";
import type { ChannelProduct, MapContext, Money } from "../types.js";
import { truncateAtWord } from "./text-safety.js";

/** Text shortened to a channel's limit at a word boundary, reported as a warning rather than a rejection. */
export function fitText(context: MapContext, field: string, text: string | null, max: number): string | null {
  if (text === null || text.length <= max) return text;
  const fitted = truncateAtWord(text, max);
  context.warn(field, `shortened from ${text.length} to ${fitted.length} characters at a word boundary (limit ${max})`);
  return fitted;
}

/**
 * An identifier (MPN, model number) longer than the channel takes is left out with a warning: cut short,
 * it would name another product.
 */
export function identifierWithin(context: MapContext, field: string, identifier: string | null, max: number): string | null {
  if (identifier === null || identifier.length <= max) return identifier;
  context.warn(field, `left out: ${identifier.length} characters, the channel takes at most ${max}`);
  return null;
}

/** "15.00 USD", as Google, Meta and Pinterest write prices. */
export function moneyText(money: Money | null): string | null {
  return money ? `${money.amount} ${money.currency}` : null;
}

/** The inverse of moneyText, for reading an item back in the consistency report. */
export function moneyFromText(text: string | undefined): Money | null {
  const [amount, currency] = text?.split(" ") ?? [];
  return amount && currency ? { amount, currency } : null;
}

/** A sale price only counts when it is lower than the price; otherwise channels reject the item. */
export function effectiveSalePrice(price: Money | null, salePrice: Money | null): Money | null {
  if (!price || !salePrice || salePrice.currency !== price.currency) return null;
  return Number(salePrice.amount) < Number(price.amount) ? salePrice : null;
}

/** Google's and Meta's sale_price_effective_date: an ISO 8601 interval of the promotion's start and end as written. */
export function saleInterval(product: ChannelProduct, salePrice: Money | null): string | null {
  const window = product.offer.saleWindow;
  return salePrice && window ? `${window.startsAt}/${window.endsAt}` : null;
}

/**
 * The last day a sale price holds, in the retailer's own offset as written (schema.org's priceValidUntil, a
 * card's "until"). A promotion ending at midnight no longer applies on that day, so its last day is the one before.
 */
export function lastSaleDay(endsAt: string): string {
  const day = endsAt.slice(0, 10);
  if (!/^T00:00(:00(\.0+)?)?(Z|[+-])/.test(endsAt.slice(10))) return day;
  const previous = new Date(`${day}T00:00:00Z`);
  previous.setUTCDate(previous.getUTCDate() - 1);
  return previous.toISOString().slice(0, 10);
}

/** Only backordered and preordered products have a date they become available. */
export function availabilityDateOf(product: ChannelProduct): string | null {
  const availability = availabilityOf(product);
  return availability === "backorder" || availability === "preorder" ? textField(product, "availabilityDate") : null;
}

/** Undefined and empty fields are left out, so the item schema sees only what the feed will carry. */
export function withoutEmpty<T extends object>(item: T): T {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0))) as T;
}
