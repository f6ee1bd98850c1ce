import Big from "big.js";
import type { Money } from "../feeds/channel-product.js";

export type { Money };

/** Plain decimal notation only: no sign, exponent or thousands separators, at most 4 decimals. */
export const amountPattern = /^(0|[1-9]\d{0,11})(\.\d{1,4})?$/;

export function isAmount(text: unknown): text is string {
  return typeof text === "string" && amountPattern.test(text);
}

/** The number of minor-unit digits a currency is written with (EUR 2, JPY 0, BHD 3). */
export function currencyDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** Why an amount in a currency cannot be stored, or null: a plain decimal, not negative, with no more decimals than the currency has. */
export function amountProblem(amount: string, currency: string): string | null {
  if (!/^-?\d{1,15}(\.\d{1,6})?$/.test(amount)) return `amount ${JSON.stringify(amount)} is not a decimal amount written like "19.99"`;
  if (amount.startsWith("-")) return `amount ${amount} is negative`;
  const decimals = amount.split(".")[1]?.length ?? 0;
  const digits = currencyDigits(currency);
  return decimals > digits ? `amount ${amount} has ${decimals} decimals; ${currency} has ${digits === 0 ? "none" : digits}` : null;
}

/** A formatter costs ~19 µs to build and feeds price every product several times. */
const digitsByCurrency = new Map<string, number>();

/** An amount in its currency's usual form: "19.9" EUR → "19.90", rounded half-up where it has more digits. */
export function normalizeAmount(amount: string, currency: string): string {
  return new Big(amount).round(currencyDigits(currency), Big.roundHalfUp).toFixed(currencyDigits(currency));
}

export function compareAmounts(a: string, b: string): number {
  return new Big(a).cmp(new Big(b));
}

/** The price after a percentage off, rounded half-up to the currency's minor unit. */
export function percentOff(amount: string, percent: string, currency: string): string {
  const factor = new Big(100).minus(new Big(percent)).div(100);
  return normalizeAmount(new Big(amount).times(factor).toFixed(8), currency);
}

/** The price after a fixed amount off; never below zero. */
export function amountOff(amount: string, discount: string, currency: string): string {
  const result = new Big(amount).minus(new Big(discount));
  return normalizeAmount(result.lt(0) ? "0" : result.toFixed(8), currency);
}
