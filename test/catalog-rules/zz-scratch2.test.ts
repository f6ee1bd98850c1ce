import { it } from "vitest";
import type { Attribute, CatalogDefinitions, Family } from "../../src/catalog/definitions.js";
import { validateProductInput } from "../../src/catalog/validation/product-validation.js";

function attr(code: string, type: Attribute["type"], extra: Partial<Attribute> = {}): Attribute {
  return { code, type, group: "g", labels: {}, sortOrder: 0, localizable: false, scopable: false, unique: false, constraints: {}, options: [], ...extra };
}
const opts = (...codes: string[]) => codes.map((code, i) => ({ code, labels: {}, sortOrder: i }));
const attributes = [
  attr("sku", "identifier", { unique: true }),
  attr("name", "text", { localizable: true, constraints: { maxLength: 20 } }),
  attr("description", "textarea", { localizable: true, scopable: true, constraints: { richText: true } }),
  attr("pieces", "number", { constraints: { min: 1, max: 99 } }),
  attr("color", "simpleselect", { options: opts("red", "green", "blue") }),
  attr("materials", "multiselect", { options: opts("wood", "steel") }),
  attr("price", "price_collection"),
  attr("weight", "measurement", { constraints: { measurementFamily: "weight", allowedUnits: ["GRAM", "KILOGRAM"] } }),
  attr("dishwasher_safe", "boolean"),
  attr("release_date", "date"),
  attr("manual_url", "url"),
  attr("ean", "text", { unique: true, constraints: { gtin: true } }),
];
const definitions: CatalogDefinitions = {
  generation: 1,
  locales: new Map([["en_US", { code: "en_US", label: "English", fallback: null }], ["pl_PL", { code: "pl_PL", label: "Polish", fallback: "en_US" }]]),
  currencies: new Set(["EUR", "USD"]),
  channels: new Map([["ecommerce", { code: "ecommerce", labels: {}, locales: ["en_US"], currencies: ["EUR"], categoryTree: "master" }]]),
  attributes: new Map(attributes.map((a) => [a.code, a])),
  families: new Map(),
  familyVariants: new Map(),
};
const family: Family = { code: "scratch_fam", labels: {}, attributes: attributes.map((a) => a.code), labelAttribute: "name", imageAttribute: null, requirements: {} };
const v = (data: unknown, locale: string | null = null, channel: string | null = null) => [{ locale, channel, data }];
it("scratch", () => {
  const cases: Record<string, unknown>[] = [
    { colour: v("x") },
    { pieces: v("3") }, { name: v(5, "en_US") }, { pieces: v(1.5) }, { pieces: v(0) }, { pieces: v(100) },
    { color: v("red", "en_US") }, { name: v("x", "en_US", "ecommerce") },
    { name: v("x", "de_DE") }, { description: v("x", "en_US", "mobile") }, { name: v("x") }, { description: v("x", "en_US") },
    { price: v([{ amount: "10", currency: "CHF" }]) }, { price: v([{ amount: 10.5, currency: "EUR" }]) }, { price: v([{ amount: "10.123", currency: "EUR" }, { amount: "1", currency: "EUR" }]) },
    { price: v([{ amount: "ten", currency: "EUR" }]) },
    { weight: v({ amount: "1", unit: "POUND" }) }, { weight: v({ amount: 1, unit: "GRAM" }) }, { weight: v({ amount: "1" }) },
    { color: v("purple") }, { materials: v(["wood", "glass"]) }, { materials: v(["wood", "wood"]) }, { materials: v("wood") },
    { ean: v("4006381333932") }, { ean: v("123") },
    { name: v("x".repeat(21), "en_US") }, { name: v("ä€😀".repeat(7), "en_US") },
    { name: [{ locale: "en_US", channel: null, data: "a" }, { locale: "en_US", channel: null, data: "b" }] },
    { release_date: v("12/31/2024") }, { release_date: v("2024-02-30") },
    { manual_url: v("ftp://example.com/manual.pdf") }, { manual_url: v("not a url") },
    { dishwasher_safe: v("yes") },
    { name: [{ locale: "en_US", data: "x" }] },
    { name: [{ locale: "en_US", channel: null, data: "x", extra: 1 }] },
    { name: "x" },
    { sku: v("X") },
  ];
  for (const values of cases) console.log(JSON.stringify(values), "=>", JSON.stringify(validateProductInput({ sku: "S-1", family: "scratch_fam", values: values as never }, family, definitions), null, 0));
  console.log(JSON.stringify(validateProductInput({ sku: "S 1", family: "other", categories: ["a", "a"], bogus: 1 } as never, family, definitions)));
});
