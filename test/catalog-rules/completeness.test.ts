import { describe, expect, it } from "vitest";
import type { Attribute, AttributeType, CatalogDefinitions, Channel, Family } from "../../src/catalog/definitions.js";
import { completenessIndex, computeCompleteness } from "../../src/catalog/values/completeness.js";
import { ALL_CHANNELS, ALL_LOCALES, type RawValues } from "../../src/catalog/values/raw-values.js";

function attribute(code: string, type: AttributeType, scope: { localizable?: boolean; scopable?: boolean } = {}): Attribute {
  return { code, type, group: "general", labels: {}, sortOrder: 0, localizable: false, scopable: false, unique: false, constraints: {}, options: [], ...scope };
}

function channel(code: string, locales: string[], currencies: string[]): Channel {
  return { code, labels: {}, locales, currencies, categoryTree: "master", export: null };
}

const attributes = [
  attribute("sku", "identifier"),
  attribute("name", "text", { localizable: true }),
  attribute("description", "textarea", { localizable: true, scopable: true }),
  attribute("price", "price_collection"),
  attribute("brand", "simpleselect"),
  attribute("materials", "multiselect"),
  attribute("dishwasher_safe", "boolean"),
  attribute("pieces", "number"),
  attribute("print_code", "text", { scopable: true }),
];

const definitions: CatalogDefinitions = {
  generation: 1,
  locales: new Map(["en_US", "pl_PL", "de_DE"].map((code) => [code, { code, label: code, fallback: null }])),
  currencies: new Set(["EUR", "USD", "PLN"]),
  channels: new Map([
    ["print", channel("print", ["en_US"], ["EUR"])],
    ["ecommerce", channel("ecommerce", ["en_US", "pl_PL"], ["EUR", "USD"])],
  ]),
  attributes: new Map(attributes.map((a) => [a.code, a])),
  families: new Map(),
  familyVariants: new Map(),
  stockLocations: new Map(),
  promotions: new Map(),
  economicOperators: new Map(),
};

function family(requirements: Record<string, string[]>): Family {
  return { code: "mugs", labels: {}, attributes: attributes.map((a) => a.code), labelAttribute: "name", imageAttribute: null, requirements };
}

const one = (data: unknown) => ({ [ALL_CHANNELS]: { [ALL_LOCALES]: data } });
const prices = (...entries: Array<[string, string]>) => one(entries.map(([currency, amount]) => ({ amount, currency })));

function resultFor(results: ReturnType<typeof computeCompleteness>, channelCode: string, locale: string) {
  const result = results.find((r) => r.channel === channelCode && r.locale === locale);
  if (!result) throw new Error(`no result for ${channelCode}/${locale}`);
  return result;
}

describe("computeCompleteness", () => {
  it("gives one result per channel and channel locale, sorted by channel code", () => {
    const results = computeCompleteness({}, family({}), definitions);
    expect(results.map((r) => [r.channel, r.locale])).toEqual([
      ["ecommerce", "en_US"],
      ["ecommerce", "pl_PL"],
      ["print", "en_US"],
    ]);
  });

  it("gives 100 % when nothing is required", () => {
    expect(computeCompleteness({}, family({}), definitions)).toEqual([
      { channel: "ecommerce", locale: "en_US", required: 0, missing: [], ratio: 100 },
      { channel: "ecommerce", locale: "pl_PL", required: 0, missing: [], ratio: 100 },
      { channel: "print", locale: "en_US", required: 0, missing: [], ratio: 100 },
    ]);
  });

  it("gives nothing without a family", () => {
    expect(computeCompleteness({ brand: one("nordvik") }, undefined, definitions)).toEqual([]);
  });

  it("rounds the ratio down: 2 of 3 is 66 %, 1 of 3 is 33 %", () => {
    const requirements = { print: ["brand", "pieces", "dishwasher_safe"] };
    expect(resultFor(computeCompleteness({ brand: one("nordvik"), pieces: one(4) }, family(requirements), definitions), "print", "en_US")).toEqual({
      channel: "print",
      locale: "en_US",
      required: 3,
      missing: ["dishwasher_safe"],
      ratio: 66,
    });
    expect(resultFor(computeCompleteness({ brand: one("nordvik") }, family(requirements), definitions), "print", "en_US").ratio).toBe(33);
  });

  it("rounds down even just below 100 %", () => {
    const many = Array.from({ length: 200 }, (_, i) => attribute(`spec_${i}`, "text"));
    const big: CatalogDefinitions = { ...definitions, attributes: new Map([...definitions.attributes, ...many.map((a) => [a.code, a] as const)]) };
    const values: RawValues = Object.fromEntries(many.slice(1).map((a) => [a.code, one("x")]));
    const result = resultFor(computeCompleteness(values, family({ print: many.map((a) => a.code) }), big), "print", "en_US");
    expect(result).toMatchObject({ required: 200, missing: ["spec_0"], ratio: 99 });
  });

  it("counts false and 0 as filled, and blank text and empty lists as missing", () => {
    const requirements = { print: ["dishwasher_safe", "pieces", "brand", "materials"] };
    const values: RawValues = { dishwasher_safe: one(false), pieces: one(0), brand: one("  "), materials: one([]) };
    expect(resultFor(computeCompleteness(values, family(requirements), definitions), "print", "en_US")).toMatchObject({
      missing: ["brand", "materials"],
      ratio: 50,
    });
  });

  it("always counts the identifier as filled", () => {
    const result = resultFor(computeCompleteness({}, family({ print: ["sku", "brand"] }), definitions), "print", "en_US");
    expect(result).toMatchObject({ required: 2, missing: ["brand"], ratio: 50 });
  });

  it("ignores required attributes that do not exist", () => {
    const result = resultFor(computeCompleteness({ brand: one("nordvik") }, family({ print: ["brand", "retired_attribute"] }), definitions), "print", "en_US");
    expect(result).toMatchObject({ required: 1, missing: [], ratio: 100 });
  });

  it("uses each channel's own requirements", () => {
    const results = computeCompleteness({ brand: one("nordvik") }, family({ print: ["brand"], ecommerce: ["brand", "pieces"] }), definitions);
    expect(resultFor(results, "print", "en_US")).toMatchObject({ required: 1, ratio: 100 });
    expect(resultFor(results, "ecommerce", "en_US")).toMatchObject({ required: 2, missing: ["pieces"], ratio: 50 });
  });

  it("looks a localizable attribute up per locale", () => {
    const values: RawValues = { name: { [ALL_CHANNELS]: { en_US: "Mug", de_DE: "Tasse" } } };
    const results = computeCompleteness(values, family({ ecommerce: ["name"] }), definitions);
    expect(resultFor(results, "ecommerce", "en_US")).toMatchObject({ missing: [], ratio: 100 });
    expect(resultFor(results, "ecommerce", "pl_PL")).toMatchObject({ missing: ["name"], ratio: 0 });
  });

  it("does not count a localizable value stored without a locale", () => {
    const results = computeCompleteness({ name: one("Mug") }, family({ print: ["name"] }), definitions);
    expect(resultFor(results, "print", "en_US").missing).toEqual(["name"]);
  });

  it("looks a scopable attribute up in the channel being computed", () => {
    const values: RawValues = { print_code: { print: { [ALL_LOCALES]: "P-1" } } };
    const results = computeCompleteness(values, family({ print: ["print_code"], ecommerce: ["print_code"] }), definitions);
    expect(resultFor(results, "print", "en_US").ratio).toBe(100);
    expect(resultFor(results, "ecommerce", "en_US").missing).toEqual(["print_code"]);
  });

  it("looks a localizable and scopable attribute up in the channel and the locale", () => {
    const values: RawValues = { description: { ecommerce: { pl_PL: "Kubek" }, print: { en_US: "Mug" } } };
    const results = computeCompleteness(values, family({ print: ["description"], ecommerce: ["description"] }), definitions);
    expect(resultFor(results, "ecommerce", "en_US").missing).toEqual(["description"]);
    expect(resultFor(results, "ecommerce", "pl_PL").missing).toEqual([]);
    expect(resultFor(results, "print", "en_US").missing).toEqual([]);
  });

  it("counts a price only when every currency of the channel has an amount", () => {
    const requirements = { print: ["price"], ecommerce: ["price"] };
    const euroOnly = computeCompleteness({ price: prices(["EUR", "9.99"]) }, family(requirements), definitions);
    expect(resultFor(euroOnly, "print", "en_US").missing).toEqual([]);
    expect(resultFor(euroOnly, "ecommerce", "en_US").missing).toEqual(["price"]);

    const both = computeCompleteness({ price: prices(["USD", "10.99"], ["EUR", "9.99"]) }, family(requirements), definitions);
    expect(resultFor(both, "ecommerce", "en_US").missing).toEqual([]);
    expect(resultFor(both, "ecommerce", "pl_PL").missing).toEqual([]);
  });

  it("does not count a currency whose amount is empty, and ignores currencies outside the channel", () => {
    const requirements = { ecommerce: ["price"] };
    const emptyUsd = computeCompleteness({ price: prices(["EUR", "9.99"], ["USD", ""]) }, family(requirements), definitions);
    expect(resultFor(emptyUsd, "ecommerce", "en_US").missing).toEqual(["price"]);
    const otherCurrency = computeCompleteness({ price: prices(["EUR", "9.99"], ["PLN", "42.00"]) }, family(requirements), definitions);
    expect(resultFor(otherCurrency, "ecommerce", "en_US").missing).toEqual(["price"]);
  });

  it("counts an amount of zero as filled", () => {
    const result = resultFor(computeCompleteness({ price: prices(["EUR", "0"]) }, family({ print: ["price"] }), definitions), "print", "en_US");
    expect(result.missing).toEqual([]);
  });

  it("lists the missing attributes in the order of the requirements", () => {
    const result = resultFor(computeCompleteness({}, family({ print: ["pieces", "brand", "dishwasher_safe"] }), definitions), "print", "en_US");
    expect(result.missing).toEqual(["pieces", "brand", "dishwasher_safe"]);
    expect(result.ratio).toBe(0);
  });
});

describe("completenessIndex", () => {
  it("maps channel → locale → ratio", () => {
    const values: RawValues = { name: { [ALL_CHANNELS]: { en_US: "Mug" } }, brand: one("nordvik") };
    const results = computeCompleteness(values, family({ ecommerce: ["name", "brand"], print: ["brand"] }), definitions);
    expect(completenessIndex(results)).toEqual({ ecommerce: { en_US: 100, pl_PL: 50 }, print: { en_US: 100 } });
  });

  it("is empty for no results", () => {
    expect(completenessIndex([])).toEqual({});
  });
});
