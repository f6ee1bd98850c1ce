import { describe, expect, it } from "vitest";
import type { Rule } from "../../src/feeds/channel-export-settings.js";
import type { AttributeText, ChannelProduct, FieldValue } from "../../src/feeds/channel-product.js";
import { applyRules } from "../../src/feeds/rules.js";

function product(fields: ChannelProduct["fields"], attributes: AttributeText[] = []): ChannelProduct {
  return {
    sku: "SKU-1",
    family: "clothing",
    itemGroupId: null,
    enabled: true,
    updatedAt: new Date(0),
    fields,
    imageAssetIds: [],
    imageAssets: [],
    categoryPath: [],
    channelCategory: null,
    axes: [],
    attribute: (code) => attributes.find((a) => a.code === code) ?? null,
    attributes: () => attributes,
    group: null,
    translations: [],
    offer: { saleWindow: null, promotion: null, sellableQuantity: 0, availabilityDate: null },
    economicOperators: { manufacturer: null, responsiblePerson: null },
  };
}

const fromName = (value: string): FieldValue => ({ value, origin: { source: "attribute", attribute: "name", locale: "en_US", channel: null }, changes: [] });
const season = (raw: string): AttributeText => ({ code: "season", label: "Season", text: raw, raw, unit: null });

describe("channel rules", () => {
  it("applies matching rules in order, each seeing what the earlier ones left, and records each change", () => {
    const p = product({ title: fromName("Linen Shirt"), brand: fromName("Baltica"), color: fromName("Blue") });
    const rules: Rule[] = [
      { name: "brand first", if: { all: [{ field: "brand", operator: "notEmpty" }] }, then: [{ action: "set", field: "title", value: "{brand} {title}" }] },
      {
        name: "colour last",
        if: { all: [{ field: "title", operator: "contains", value: "baltica" }] },
        then: [{ action: "append", field: "title", value: ", {color}" }],
      },
      { name: "never matches", if: { all: [{ field: "color", operator: "equals", value: "Red" }] }, then: [{ action: "set", field: "title", value: "wrong" }] },
    ];
    expect(applyRules(p, rules, "EUR")).toEqual({ excludedBy: null });
    expect(p.fields.title?.value).toBe("Baltica Linen Shirt, Blue");
    expect(p.fields.title?.origin).toEqual({ source: "attribute", attribute: "name", locale: "en_US", channel: null });
    expect(p.fields.title?.changes).toEqual([
      { by: "rule", rule: "brand first", action: "set" },
      { by: "rule", rule: "colour last", action: "append" },
    ]);
  });

  it("compares attributes by option code, lists with in/notIn, numbers with greater/less", () => {
    const p = product({ price: { value: { amount: "120.00", currency: "EUR" }, origin: { source: "default" }, changes: [] } }, [season("autumn_winter")]);
    const rules: Rule[] = [
      {
        name: "winter",
        if: { all: [{ attribute: "season", operator: "in", values: ["AUTUMN_WINTER"] }] },
        then: [{ action: "set", field: "customLabel0", value: "winter" }],
      },
      {
        name: "premium",
        if: {
          any: [
            { field: "price", operator: "greaterThan", value: "99.99" },
            { field: "brand", operator: "notEmpty" },
          ],
        },
        then: [{ action: "set", field: "customLabel1", value: "premium" }],
      },
      { name: "cheap", if: { all: [{ field: "price", operator: "lessThan", value: "50" }] }, then: [{ action: "set", field: "customLabel2", value: "cheap" }] },
      {
        name: "case-sensitive",
        if: { all: [{ attribute: "season", operator: "equals", value: "AUTUMN_WINTER", caseSensitive: true }] },
        then: [{ action: "set", field: "customLabel3", value: "x" }],
      },
    ];
    applyRules(p, rules, "EUR");
    expect(p.fields.customLabel0?.value).toBe("winter");
    expect(p.fields.customLabel0?.origin).toEqual({ source: "static" });
    expect(p.fields.customLabel1?.value).toBe("premium");
    expect(p.fields.customLabel2).toBeUndefined();
    expect(p.fields.customLabel3).toBeUndefined();
  });

  it("replaces, truncates at a word boundary, sets money in the channel's currency, and stops at exclude", () => {
    const p = product({ title: fromName("Wool Throw!! Grey, extra large and cosy"), condition: fromName("refurbished") });
    const outcome = applyRules(
      p,
      [
        { name: "no bangs", then: [{ action: "replace", field: "title", search: "!", value: "" }] },
        { name: "short", then: [{ action: "truncate", field: "title", maxLength: 20 }] },
        { name: "flat price", then: [{ action: "set", field: "salePrice", value: "9.99" }] },
        {
          name: "no refurbished",
          if: { all: [{ field: "condition", operator: "equals", value: "refurbished" }] },
          then: [{ action: "exclude" }, { action: "set", field: "title", value: "after exclude" }],
        },
      ],
      "PLN",
    );
    expect(outcome).toEqual({ excludedBy: "no refurbished" });
    expect(p.fields.title?.value).toBe("Wool Throw Grey");
    expect(p.fields.salePrice?.value).toEqual({ amount: "9.99", currency: "PLN" });
  });

  it("treats empty and missing fields alike, and a rule without a condition applies to every product", () => {
    const p = product({ mpn: fromName("") });
    applyRules(
      p,
      [
        {
          name: "no identifiers",
          if: {
            all: [
              { field: "mpn", operator: "empty" },
              { field: "gtin", operator: "empty" },
            ],
          },
          then: [{ action: "prepend", field: "images", value: "https://cdn.example.com/placeholder.jpg" }],
        },
      ],
      "EUR",
    );
    expect(p.fields.images?.value).toEqual(["https://cdn.example.com/placeholder.jpg"]);
  });
});
