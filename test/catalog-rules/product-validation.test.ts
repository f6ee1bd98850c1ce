import { describe, expect, it } from "vitest";
import type { Attribute, AttributeType, CatalogDefinitions, Family } from "../../src/catalog/definitions.js";
import { validateProductInput, type ProductInput, type ValueEntry } from "../../src/catalog/validation/product-validation.js";

function attribute(code: string, type: AttributeType, extra: Partial<Attribute> = {}): Attribute {
  return { code, type, group: "general", labels: {}, sortOrder: 0, localizable: false, scopable: false, unique: false, constraints: {}, options: [], ...extra };
}

const options = (...codes: string[]) => codes.map((code, sortOrder) => ({ code, labels: {}, sortOrder }));

const attributes = [
  attribute("sku", "identifier", { unique: true }),
  attribute("name", "text", { localizable: true, constraints: { maxLength: 20 } }),
  attribute("description", "textarea", { localizable: true, scopable: true, constraints: { richText: true } }),
  attribute("pieces", "number", { constraints: { min: 1, max: 99 } }),
  attribute("capacity_ml", "number", { constraints: { decimalsAllowed: true } }),
  attribute("color", "simpleselect", { options: options("red", "green", "blue") }),
  attribute("materials", "multiselect", { options: options("stoneware", "porcelain", "glass") }),
  attribute("price", "price_collection"),
  attribute("weight", "measurement", { constraints: { measurementFamily: "weight", allowedUnits: ["GRAM", "KILOGRAM"] } }),
  attribute("height", "measurement", { constraints: { measurementFamily: "length" } }),
  attribute("dishwasher_safe", "boolean"),
  attribute("release_date", "date"),
  attribute("manual_url", "url"),
  attribute("ean", "text", { unique: true, constraints: { gtin: true } }),
  attribute("supplier_code", "text"),
];

function catalog(generation: number, changed: Attribute[] = []): CatalogDefinitions {
  const all = new Map(attributes.map((a) => [a.code, a]));
  for (const a of changed) all.set(a.code, a);
  return {
    generation,
    locales: new Map([
      ["en_US", { code: "en_US", label: "English (US)", fallback: null }],
      ["pl_PL", { code: "pl_PL", label: "Polski", fallback: "en_US" }],
    ]),
    currencies: new Set(["EUR", "USD"]),
    channels: new Map([
      ["ecommerce", { code: "ecommerce", labels: {}, locales: ["en_US", "pl_PL"], currencies: ["EUR", "USD"], categoryTree: "master", export: null }],
      ["print", { code: "print", labels: {}, locales: ["en_US"], currencies: ["EUR"], categoryTree: "master", export: null }],
    ]),
    attributes: all,
    families: new Map(),
    familyVariants: new Map(),
    stockLocations: new Map(),
    promotions: new Map(),
    economicOperators: new Map(),
  };
}

const definitions = catalog(1);
const mugs: Family = {
  code: "rules_validation_mugs",
  labels: {},
  attributes: attributes.filter((a) => a.code !== "supplier_code").map((a) => a.code),
  labelAttribute: "name",
  imageAttribute: null,
  requirements: {},
};

function value(data: unknown, locale: string | null = null, channel: string | null = null): ValueEntry[] {
  return [{ locale, channel, data }];
}

function validate(values: Record<string, ValueEntry[]>, extra: Partial<ProductInput> = {}) {
  return validateProductInput({ sku: "MUG-1", family: mugs.code, values, ...extra }, mugs, definitions);
}

function onlyProblem(values: Record<string, ValueEntry[]>) {
  const problems = validate(values);
  expect(problems).toHaveLength(1);
  return problems[0];
}

describe("validateProductInput accepts valid products", () => {
  it("returns no problems for a complete, valid product", () => {
    const problems = validate(
      {
        name: [
          { locale: "en_US", channel: null, data: "Stoneware mug" },
          { locale: "pl_PL", channel: null, data: "Kubek" },
        ],
        description: [
          { locale: "en_US", channel: "ecommerce", data: "<p>Holds <strong>300 ml</strong>.</p>" },
          { locale: "en_US", channel: "print", data: "Holds 300 ml." },
          { locale: "pl_PL", channel: "ecommerce", data: "<p>Mieści 300 ml.</p>" },
        ],
        pieces: value(4),
        capacity_ml: value(300.5),
        color: value("blue"),
        materials: value(["stoneware", "glass"]),
        price: value([
          { amount: "19.99", currency: "EUR" },
          { amount: "21.50", currency: "USD" },
        ]),
        weight: value({ amount: "0.35", unit: "KILOGRAM" }),
        height: value({ amount: "4", unit: "INCH" }),
        dishwasher_safe: value(false),
        release_date: value("2024-02-29"),
        manual_url: value("https://example.com/manuals/mug.pdf"),
        ean: value("4006381333931"),
      },
      { categories: ["kitchen", "mugs"], enabled: true, associations: { cross_sell: { products: ["PLATE-1"] } } },
    );
    expect(problems).toEqual([]);
  });

  it("accepts a product without values", () => {
    expect(validateProductInput({ sku: "MUG-2" }, mugs, definitions)).toEqual([]);
  });

  it("accepts null data, which clears a value", () => {
    expect(validate({ pieces: value(null), name: value(null, "en_US") })).toEqual([]);
  });

  it("accepts every real GTIN length for a GTIN attribute", () => {
    for (const ean of ["96385074", "036000291452", "4006381333931", "10012345678902"]) expect(validate({ ean: value(ean) }), ean).toEqual([]);
  });

  it("accepts a value of a non-localizable, non-scopable attribute without locale and channel fields", () => {
    expect(validate({ color: [{ data: "red" }] })).toEqual([]);
  });

  it("accepts text of exactly the maximum length, counting characters rather than UTF-16 units", () => {
    expect(validate({ name: value("x".repeat(20), "en_US") })).toEqual([]);
    expect(validate({ name: value("☕😀".repeat(10), "en_US") })).toEqual([]);
  });

  it("accepts the bounds of a number range", () => {
    expect(validate({ pieces: value(1) })).toEqual([]);
    expect(validate({ pieces: value(99) })).toEqual([]);
  });
});

describe("validateProductInput explains each problem in plain words", () => {
  it("refuses an unknown attribute", () => {
    expect(onlyProblem({ colour: value("red") })).toEqual({
      path: ["values", "colour"],
      attribute: "colour",
      message: "colour is not an attribute of family rules_validation_mugs",
    });
  });

  it("refuses an attribute of the catalog that is not in the family", () => {
    expect(onlyProblem({ supplier_code: value("S-1") })).toMatchObject({
      attribute: "supplier_code",
      message: "supplier_code is not an attribute of family rules_validation_mugs",
    });
  });

  it("refuses text for a number", () => {
    expect(onlyProblem({ pieces: value("four") })).toEqual({
      path: ["values", "pieces", "0", "data"],
      attribute: "pieces",
      locale: null,
      channel: null,
      message: "pieces must be a whole number",
    });
  });

  it("refuses a fraction for a whole number and accepts it where decimals are allowed", () => {
    expect(onlyProblem({ pieces: value(2.5) })).toMatchObject({ attribute: "pieces", message: "pieces must be a whole number" });
    expect(onlyProblem({ capacity_ml: value("300") })).toMatchObject({ attribute: "capacity_ml", message: "capacity_ml must be a number" });
  });

  it("refuses a number for text, naming the locale", () => {
    expect(onlyProblem({ name: value(42, "en_US") })).toEqual({
      path: ["values", "name", "0", "data"],
      attribute: "name",
      locale: "en_US",
      channel: null,
      message: "name (locale en_US) must be text",
    });
  });

  it("refuses wrong types for booleans, lists and measurements", () => {
    expect(onlyProblem({ dishwasher_safe: value("yes") })).toMatchObject({ attribute: "dishwasher_safe", message: "dishwasher_safe must be true or false" });
    expect(onlyProblem({ materials: value("glass") })).toMatchObject({ attribute: "materials", message: "materials must be a list of option codes" });
    expect(onlyProblem({ weight: value("350 g") })).toMatchObject({
      attribute: "weight",
      message: 'weight must be an amount with a unit, like {"amount": "1.5", "unit": "KILOGRAM"}',
    });
  });

  it("refuses numbers outside the range, saying the limit", () => {
    expect(onlyProblem({ pieces: value(0) })).toMatchObject({ attribute: "pieces", message: "pieces must be at least 1" });
    expect(onlyProblem({ pieces: value(100) })).toMatchObject({ attribute: "pieces", message: "pieces must be at most 99" });
  });

  it("refuses a locale on an attribute that is not localizable", () => {
    expect(onlyProblem({ color: value("red", "en_US") })).toEqual({
      path: ["values", "color", "0", "locale"],
      attribute: "color",
      locale: "en_US",
      channel: null,
      message: "color is not localizable: give its value with locale null",
    });
  });

  it("refuses a channel on an attribute that is not scopable", () => {
    expect(onlyProblem({ name: value("Mug", "en_US", "ecommerce") })).toEqual({
      path: ["values", "name", "0", "channel"],
      attribute: "name",
      locale: "en_US",
      channel: "ecommerce",
      message: "name is not scopable: give its value with channel null",
    });
  });

  it("refuses a locale the catalog does not have", () => {
    expect(onlyProblem({ name: value("Tasse", "de_DE") })).toEqual({
      path: ["values", "name", "0", "locale"],
      attribute: "name",
      locale: "de_DE",
      channel: null,
      message: 'name (locale de_DE): locale "de_DE" is not a locale of the catalog',
    });
  });

  it("refuses a channel the catalog does not have, naming locale and channel", () => {
    expect(onlyProblem({ description: value("<p>Mug</p>", "en_US", "mobile") })).toEqual({
      path: ["values", "description", "0", "channel"],
      attribute: "description",
      locale: "en_US",
      channel: "mobile",
      message: 'description (locale en_US, channel mobile): channel "mobile" does not exist',
    });
  });

  it("names locale and channel of a bad value of a localizable, scopable attribute", () => {
    expect(onlyProblem({ description: value(["<p>Mug</p>"], "pl_PL", "ecommerce") })).toEqual({
      path: ["values", "description", "0", "data"],
      attribute: "description",
      locale: "pl_PL",
      channel: "ecommerce",
      message: "description (locale pl_PL, channel ecommerce) must be text",
    });
  });

  it("refuses a value without a locale for a localizable attribute", () => {
    expect(onlyProblem({ name: value("Mug") })).toMatchObject({
      path: ["values", "name", "0", "locale"],
      attribute: "name",
      locale: null,
      message: "name is localizable: give each value a locale (en_US, pl_PL)",
    });
  });

  it("refuses a value without a channel for a scopable attribute", () => {
    expect(onlyProblem({ description: value("<p>Mug</p>", "en_US") })).toMatchObject({
      path: ["values", "description", "0", "channel"],
      attribute: "description",
      locale: "en_US",
      channel: null,
      message: "description is scopable: give each value a channel (ecommerce, print)",
    });
  });

  it("refuses a value of a localizable attribute whose locale field is left out", () => {
    expect(validate({ name: [{ channel: null, data: "Mug" }] })).toContainEqual(
      expect.objectContaining({ attribute: "name", message: "name is localizable: give each value a locale (en_US, pl_PL)" }),
    );
  });

  it("refuses a value of a scopable attribute whose channel field is left out", () => {
    expect(validate({ description: [{ locale: "en_US", data: "<p>Mug</p>" }] })).toContainEqual(
      expect.objectContaining({ attribute: "description", message: "description is scopable: give each value a channel (ecommerce, print)" }),
    );
  });

  it("refuses a currency the catalog does not have", () => {
    expect(onlyProblem({ price: value([{ amount: "10.00", currency: "CHF" }]) })).toEqual({
      path: ["values", "price", "0", "data", "0", "currency"],
      attribute: "price",
      locale: null,
      channel: null,
      message: 'price uses currency "CHF", which is not a currency of the catalog',
    });
  });

  it("refuses an amount given as a JSON number instead of a decimal string", () => {
    expect(onlyProblem({ price: value([{ amount: 10.5, currency: "EUR" }]) })).toMatchObject({
      path: ["values", "price", "0", "data", "0", "amount"],
      attribute: "price",
      message: 'price amount must be a decimal number written as a string, like "19.99"',
    });
    expect(onlyProblem({ weight: value({ amount: 350, unit: "GRAM" }) })).toMatchObject({
      attribute: "weight",
      message: 'weight amount must be a decimal number written as a string, like "19.99"',
    });
  });

  it("refuses an amount string that is not a decimal number", () => {
    for (const amount of ["ten", "1,50", "1e3", "19.9999999"]) {
      expect(onlyProblem({ price: value([{ amount, currency: "EUR" }]) }), amount).toMatchObject({
        attribute: "price",
        message: 'price amount must be a decimal number written as a string, like "19.99"',
      });
    }
  });

  it("refuses two amounts for the same currency", () => {
    expect(
      onlyProblem({
        price: value([
          { amount: "10", currency: "EUR" },
          { amount: "11", currency: "EUR" },
        ]),
      }),
    ).toMatchObject({
      attribute: "price",
      message: "price has more than one amount for the same currency",
    });
  });

  it("refuses a unit that is not allowed, listing the allowed units", () => {
    expect(onlyProblem({ weight: value({ amount: "1", unit: "POUND" }) })).toEqual({
      path: ["values", "weight", "0", "data", "unit"],
      attribute: "weight",
      locale: null,
      channel: null,
      message: 'weight uses unit "POUND", allowed units: GRAM, KILOGRAM',
    });
  });

  it("allows the units of the measurement family when no units are listed", () => {
    expect(onlyProblem({ height: value({ amount: "1", unit: "KILOGRAM" }) })).toMatchObject({
      attribute: "height",
      message: 'height uses unit "KILOGRAM", allowed units: MILLIMETER, CENTIMETER, METER, INCH, FOOT',
    });
  });

  it("refuses a measurement without a unit", () => {
    expect(onlyProblem({ weight: value({ amount: "1" }) })).toMatchObject({ attribute: "weight", message: 'weight needs "unit"' });
  });

  it("refuses an option that is not in the list, listing the options", () => {
    expect(onlyProblem({ color: value("purple") })).toEqual({
      path: ["values", "color", "0", "data"],
      attribute: "color",
      locale: null,
      channel: null,
      message: 'color has "purple", which is not an option of color (options: red, green, blue)',
    });
  });

  it("refuses an unknown option in a multiselect, naming the option", () => {
    expect(onlyProblem({ materials: value(["glass", "bamboo"]) })).toMatchObject({
      path: ["values", "materials", "0", "data", "1"],
      attribute: "materials",
      message: 'materials has "bamboo", which is not an option of materials (options: stoneware, porcelain, glass)',
    });
  });

  it("refuses the same option twice in a multiselect", () => {
    expect(onlyProblem({ materials: value(["glass", "glass"]) })).toMatchObject({ attribute: "materials", message: "materials lists the same option twice" });
  });

  it("abbreviates a long list of options", () => {
    const sizes = attribute("color", "simpleselect", { options: options(...Array.from({ length: 15 }, (_, i) => `c${i + 1}`)) });
    const problems = validateProductInput({ sku: "MUG-1", values: { color: value("c99") } }, mugs, catalog(2, [sizes]));
    expect(problems).toEqual([
      expect.objectContaining({
        message: 'color has "c99", which is not an option of color (options: c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, … 3 more)',
      }),
    ]);
  });

  it("refuses a GTIN with a wrong check digit or length", () => {
    expect(onlyProblem({ ean: value("4006381333932") })).toEqual({
      path: ["values", "ean", "0", "data"],
      attribute: "ean",
      locale: null,
      channel: null,
      message: 'ean is not a valid GTIN: "4006381333932" has a wrong check digit or length',
    });
    expect(onlyProblem({ ean: value("400638133393") })).toMatchObject({
      attribute: "ean",
      message: 'ean is not a valid GTIN: "400638133393" has a wrong check digit or length',
    });
  });

  it("does not apply the GTIN rule to other text attributes", () => {
    expect(validate({ name: value("4006381333932", "en_US") })).toEqual([]);
  });

  it("refuses text over the maximum length, saying how long it is and the limit", () => {
    expect(onlyProblem({ name: value("x".repeat(21), "pl_PL") })).toEqual({
      path: ["values", "name", "0", "data"],
      attribute: "name",
      locale: "pl_PL",
      channel: null,
      message: "name (locale pl_PL) is too long: 21 characters, at most 20 allowed",
    });
  });

  it("counts characters outside the Basic Multilingual Plane as one", () => {
    expect(onlyProblem({ name: value("😀".repeat(21), "en_US") })).toMatchObject({
      message: "name (locale en_US) is too long: 21 characters, at most 20 allowed",
    });
  });

  it("uses 255 characters as the default limit of text", () => {
    const longText = attribute("name", "text", { localizable: true });
    const problems = validateProductInput({ sku: "MUG-1", values: { name: value("y".repeat(256), "en_US") } }, mugs, catalog(3, [longText]));
    expect(problems).toEqual([expect.objectContaining({ message: "name (locale en_US) is too long: 256 characters, at most 255 allowed" })]);
  });

  it("refuses two entries for the same locale and channel", () => {
    const problems = validate({
      name: [
        { locale: "en_US", channel: null, data: "Mug" },
        { locale: "pl_PL", channel: null, data: "Kubek" },
        { locale: "en_US", channel: null, data: "Cup" },
      ],
    });
    expect(problems).toEqual([
      { path: ["values", "name", "2"], attribute: "name", locale: "en_US", channel: null, message: "name (locale en_US) is given twice" },
    ]);
  });

  it("refuses two entries for the same channel and locale of a scopable attribute, but not for different channels", () => {
    const entries = (second: string) => [
      { locale: "en_US", channel: "ecommerce", data: "<p>a</p>" },
      { locale: "en_US", channel: second, data: "<p>b</p>" },
    ];
    expect(validate({ description: entries("print") })).toEqual([]);
    expect(validate({ description: entries("ecommerce") })).toEqual([
      {
        path: ["values", "description", "1"],
        attribute: "description",
        locale: "en_US",
        channel: "ecommerce",
        message: "description (locale en_US, channel ecommerce) is given twice",
      },
    ]);
  });

  it("treats a left-out locale and channel as null when looking for duplicates", () => {
    expect(validate({ color: [{ data: "red" }, { locale: null, channel: null, data: "blue" }] })).toEqual([
      expect.objectContaining({ path: ["values", "color", "1"], attribute: "color", message: "color is given twice" }),
    ]);
  });

  it("refuses a date in another format, and an impossible date", () => {
    for (const date of ["12/31/2024", "2024-2-3", "2024-12-31T10:00:00Z", "2023-02-29"]) {
      expect(onlyProblem({ release_date: value(date) }), date).toEqual({
        path: ["values", "release_date", "0", "data"],
        attribute: "release_date",
        locale: null,
        channel: null,
        message: "release_date must be a date written as YYYY-MM-DD",
      });
    }
  });

  it("refuses a URL that is not http or https", () => {
    for (const url of ["ftp://example.com/manual.pdf", "javascript:alert(1)", "mailto:care@example.com"]) {
      expect(onlyProblem({ manual_url: value(url) }), url).toEqual({
        path: ["values", "manual_url", "0", "data"],
        attribute: "manual_url",
        locale: null,
        channel: null,
        message: "manual_url must be an http:// or https:// URL",
      });
    }
  });

  it("refuses text that is not a URL at all", () => {
    expect(validate({ manual_url: value("see the box") })).toContainEqual(
      expect.objectContaining({ attribute: "manual_url", message: "manual_url must be an http:// or https:// URL" }),
    );
  });

  it("refuses values not given as a list of entries, and entries with unknown fields", () => {
    expect(validate({ color: "red" as never })).toEqual([
      { path: ["values", "color"], attribute: "color", locale: null, channel: null, message: "color must be a list of {locale, channel, data} entries" },
    ]);
    expect(onlyProblem({ color: [{ locale: null, channel: null, data: "red", scope: "x" } as ValueEntry] })).toMatchObject({
      attribute: "color",
      message: 'color has an unknown field "scope"',
    });
    expect(onlyProblem({ color: [{ locale: null, channel: null } as ValueEntry] })).toMatchObject({ attribute: "color", message: 'color needs "data"' });
  });

  it("reports every problem of one input, each on its own attribute", () => {
    const problems = validate({ pieces: value("four"), color: value("purple"), ean: value("123") });
    expect(problems.map((p) => p.attribute).sort()).toEqual(["color", "ean", "pieces"]);
  });

  it("explains problems with the product's own fields", () => {
    expect(validateProductInput({ sku: "MUG 1" }, mugs, definitions)).toEqual([
      { path: ["sku"], message: "sku must not be empty or contain spaces or control characters" },
    ]);
    expect(validateProductInput({ sku: "MUG-1", family: "plates" }, mugs, definitions)).toEqual([
      { path: ["family"], message: "family must be rules_validation_mugs" },
    ]);
    expect(validateProductInput({ sku: "MUG-1", categories: ["mugs", "mugs"] }, mugs, definitions)).toEqual([
      { path: ["categories"], message: "categories lists the same entry twice" },
    ]);
    expect(validateProductInput({ sku: "MUG-1", colour: "red" } as ProductInput, mugs, definitions)).toEqual([
      { path: ["colour"], message: 'unknown field "colour"' },
    ]);
  });
});

describe("validateProductInput follows changes of the definitions", () => {
  it("recompiles when the generation changes", () => {
    const family: Family = { ...mugs, code: "rules_validation_generations" };
    const input = { sku: "MUG-1", values: { color: value("yellow") } };
    expect(validateProductInput(input, family, catalog(10))).toHaveLength(1);
    const withYellow = attribute("color", "simpleselect", { options: options("red", "green", "blue", "yellow") });
    expect(validateProductInput(input, family, catalog(11, [withYellow]))).toEqual([]);
    expect(validateProductInput(input, family, catalog(12))).toHaveLength(1);
  });
});
