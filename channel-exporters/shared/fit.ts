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

/** Only backordered and preordered products have a date they become available. */
export function availabilityDateOf(product: ChannelProduct): string | null {
  const availability = availabilityOf(product);
  return availability === "backorder" || availability === "preorder" ? textField(product, "availabilityDate") : null;
}

/** Undefined and empty fields are left out, so the item schema sees only what the feed will carry. */
export function withoutEmpty<T extends object>(item: T): T {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0))) as T;
}
