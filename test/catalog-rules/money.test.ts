import { describe, expect, it } from "vitest";
import { amountOff, compareAmounts, currencyDigits, isAmount, normalizeAmount, percentOff } from "../../src/offers/money.js";

describe("amounts as written by integrators", () => {
  it("accepts plain non-negative decimals with at most 4 decimals", () => {
    for (const ok of ["0", "19.99", "19.9", "1000", "0.0001", "999999999999.9999"]) expect(isAmount(ok), ok).toBe(true);
  });

  it("refuses signs, exponents, separators, leading zeros, too many decimals and numbers", () => {
    for (const bad of ["-1", "+1", "1e3", "1,50", "1 000", "01", ".5", "5.", "1.23456", "NaN", "", "1000000000000"]) expect(isAmount(bad), bad).toBe(false);
    expect(isAmount(19.99)).toBe(false);
  });
});

describe("currency digits", () => {
  it("follows ISO 4217 minor units", () => {
    expect(currencyDigits("EUR")).toBe(2);
    expect(currencyDigits("JPY")).toBe(0);
    expect(currencyDigits("BHD")).toBe(3);
  });
});

describe("normalizeAmount rounds half-up to the currency's digits", () => {
  it.each([
    ["19.9", "EUR", "19.90"],
    ["19.994", "EUR", "19.99"],
    ["19.995", "EUR", "20.00"],
    ["0.005", "EUR", "0.01"],
    ["0.0049", "EUR", "0.00"],
    ["1500", "JPY", "1500"],
    ["1499.5", "JPY", "1500"],
    ["1499.4999", "JPY", "1499"],
    ["2.0005", "BHD", "2.001"],
  ])("%s %s → %s", (amount, currency, expected) => {
    expect(normalizeAmount(amount, currency)).toBe(expected);
  });

  it("is exact where binary floating point is not (1.005 × 100 is 100.49999… as a float)", () => {
    expect(normalizeAmount("1.005", "EUR")).toBe("1.01");
    expect(normalizeAmount("2.675", "EUR")).toBe("2.68");
  });
});

describe("discounts", () => {
  it("takes a percentage off and rounds the result half-up in the currency", () => {
    expect(percentOff("19.90", "20", "EUR")).toBe("15.92");
    expect(percentOff("10.05", "50", "EUR")).toBe("5.03");
    expect(percentOff("999", "15", "JPY")).toBe("849");
    expect(percentOff("1001", "50", "JPY")).toBe("501");
    expect(percentOff("19.99", "12.5", "EUR")).toBe("17.49");
    expect(percentOff("19.99", "100", "EUR")).toBe("0.00");
  });

  it("takes a fixed amount off, never below zero", () => {
    expect(amountOff("19.90", "5", "EUR")).toBe("14.90");
    expect(amountOff("5.00", "7.50", "EUR")).toBe("0.00");
    expect(amountOff("1500", "0.6", "JPY")).toBe("1499");
  });

  it("compares amounts by value, not by text", () => {
    expect(compareAmounts("9.5", "10")).toBeLessThan(0);
    expect(compareAmounts("10.00", "10")).toBe(0);
    expect(compareAmounts("100", "99.99")).toBeGreaterThan(0);
  });
});
