import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { AttributeText, VariantGroup } from "../../src/feeds/channel-product.js";
import { staticSchemaValidator } from "../../src/validation/json-schemas.js";
import { channelProduct, type ChannelProductOverrides, mapContext, money, schemaErrors, type TestMapContext } from "../../test/helpers/channel-product.js";
import { wildberriesCardsExporter } from "./index.js";
import type { WildberriesCardVariant } from "./map.js";
import { wildberriesUploadLimits } from "./render.js";

const wbContext = (options: Record<string, unknown> = {}) => mapContext("wildberries-cards", { locale: "ru_RU", currency: "RUB", options });

const measure = (code: string, raw: string, unit: string): AttributeText => ({ code, label: code, text: `${raw} ${unit}`, raw, unit });
/** A mug 12 × 9.5 × 8.5 cm that weighs 320 g. */
const packed = [measure("depth", "8.5", "cm"), measure("width", "12", "cm"), measure("height", "9.5", "cm"), measure("weight", "320", "g")];

function mapAll(overrides: ChannelProductOverrides = {}, context: TestMapContext = wbContext()) {
  return wildberriesCardsExporter.map(
    channelProduct({ channelCategory: "2204", attributes: packed, ...overrides, fields: { price: money("1290.00", "RUB"), ...overrides.fields } }),
    context,
  );
}

function mapOne(overrides: ChannelProductOverrides = {}, context: TestMapContext = wbContext()) {
  const items = mapAll(overrides, context);
  expect(items).toHaveLength(1);
  const item = items[0] as WildberriesCardVariant;
  return {
    item,
    errors: schemaErrors(wildberriesCardsExporter, item),
    warnings: context.warnings.map((w) => `${w.field}: ${w.reason}`),
    refusals: context.refusals.map((r) => `${r.field}: ${r.reason}`),
  };
}

async function render(items: WildberriesCardVariant[]): Promise<unknown> {
  const chunks = (await Readable.from(wildberriesCardsExporter.render(Readable.from(items), wbContext())).toArray()) as string[];
  return JSON.parse(chunks.join(""));
}

const group = (code: string, count: number): VariantGroup => ({
  code,
  title: null,
  variesBy: ["size"],
  variants: Array.from({ length: count }, (_, i) => ({ sku: `V-${i + 1}`, axes: [] })),
});

describe("wildberries-cards map()", () => {
  it("writes a complete card: subject, plain texts, package in centimetres and kilograms, the size with price and barcode", () => {
    const { item, errors, warnings } = mapOne({ fields: { size: "M" } }, wbContext({ russianSizes: { M: "48" } }));
    expect(item).toEqual({
      card: "SKU-1",
      subjectID: 2204,
      currency: "RUB",
      variant: {
        vendorCode: "SKU-1",
        title: "Baltica Linen Shirt Regular Fit",
        description: "A linen shirt for warm days.\n100% linen\nRegular fit",
        brand: "Baltica",
        dimensions: { length: 9, width: 12, height: 10, weightBrutto: 0.32 },
        sizes: [{ techSize: "M", wbSize: "48", price: 1290, skus: ["4006381333931"] }],
      },
    });
    expect(wildberriesCardsExporter.itemId(item)).toBe("SKU-1");
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("converts millimetres, inches and ounces, rounding the package up", () => {
    const { item } = mapOne({
      attributes: [measure("depth", "81", "mm"), measure("width", "4.7", "in"), measure("height", "0.4", "cm"), measure("weight", "1.2", "oz")],
    });
    // 8.1 cm, 11.938 cm, 0.4 cm and 0.0340194 kg.
    expect(item.variant.dimensions).toEqual({ length: 9, width: 12, height: 1, weightBrutto: 0.035 });
  });

  it("warns that WB records zeros for a package it is not told, and still writes the card", () => {
    const { item, errors, warnings } = mapOne({ attributes: [measure("weight", "0.17", "kg")] });
    expect(item.variant.dimensions).toEqual({ weightBrutto: 0.17 });
    expect(warnings).toEqual([
      "dimensions.length,width,height: no value in attribute depth, width, height; Wildberries records 0 and charges logistics by what it measures",
    ]);
    expect(errors).toEqual([]);
    expect(mapOne({ attributes: [] }).item.variant.dimensions).toBeUndefined();
  });

  it("cuts the title to 60 characters and the description to the channel's length, at a word boundary", () => {
    const title = "Электрический чайник Hearth & Co. с носиком «гусиная шея», 0,8 л, матовый чёрный";
    const { item, errors, warnings } = mapOne(
      { fields: { title, description: `<p>${"Чайник для заваривания. ".repeat(60)}</p>` } },
      wbContext({ descriptionLength: 1000 }),
    );
    expect(item.variant.title).toBe("Электрический чайник Hearth & Co. с носиком «гусиная шея»");
    expect((item.variant.description as string).length).toBeLessThanOrEqual(1000);
    expect(warnings).toEqual([
      "title: shortened from 80 to 57 characters at a word boundary (limit 60)",
      "description: shortened from 1439 to 994 characters at a word boundary (limit 1000)",
    ]);
    expect(errors).toEqual([]);
    expect(mapOne({ fields: { description: `<p>${"Чайник. ".repeat(300)}</p>` } }).item.variant.description?.length).toBeLessThanOrEqual(2000);
  });

  it("refuses a card without a subject, a title or a price, or with an emoji in its title", () => {
    expect(mapOne({ channelCategory: null }).errors).toEqual(["/ required subjectID"]);
    const named = mapOne({ channelCategory: "Кружки" });
    expect(named.refusals).toEqual(['subjectID: channel category "Кружки" is not a Wildberries subject id']);
    expect(mapOne({ fields: { title: null } }).errors).toEqual(["/variant required title"]);
    expect(mapOne({ fields: { price: null } }).errors).toEqual(["/variant/sizes/0 required price"]);
    expect(mapOne({ fields: { title: "Кружка ☕ Glinka" } }).errors).toEqual(["/variant/title pattern"]);
  });

  it("sends whole prices and the regular price, saying where the sale price goes", () => {
    const { item, warnings } = mapOne({ fields: { price: money("1299.50", "RUB"), salePrice: money("1099.00", "RUB") } });
    expect(item.variant.sizes).toEqual([{ price: 1300, skus: ["4006381333931"] }]);
    expect(warnings).toEqual([
      "salePrice: the sale price 1099.00 RUB is not part of a card; set the discount through Wildberries' prices API",
      "price: Wildberries takes whole prices: 1299.50 RUB is sent as 1300",
    ]);
    expect(wildberriesCardsExporter.customerView(item)).toEqual({
      title: "Baltica Linen Shirt Regular Fit",
      description: "A linen shirt for warm days.\n100% linen\nRegular fit",
      price: { amount: "1300", currency: "RUB" },
      salePrice: null,
      availability: null,
      image: null,
      notCarried: ["salePrice", "availability", "image"],
    });
    // Without a barcode WB generates one.
    expect(mapOne({ fields: { gtin: null } }).item.variant.sizes).toEqual([{ price: 1290 }]);
  });

  it("sends characteristics by WB id: options in WB's words, numbers in the characteristic's unit", () => {
    const context = wbContext({
      characteristics: {
        color: { id: 14177449, values: { navy: "темно-синий" } },
        material: { id: 14177450 },
        weight: { id: 89008, unit: "GRAM" },
        ram_gb: { id: 15001405, number: true },
        season: { id: 14177452, number: true },
      },
    });
    const { item, errors, warnings } = mapOne(
      {
        attributes: [
          ...packed.slice(0, 3),
          measure("weight", "0.17", "kg"),
          { code: "color", label: "Цвет", text: "Тёмно-синий", raw: "navy", unit: null },
          { code: "material", label: "Материал", text: "Хлопок, Эластан", raw: "cotton,elastane", unit: null },
          { code: "ram_gb", label: "ОЗУ", text: "8", raw: "8", unit: null },
          { code: "season", label: "Сезон", text: "Всесезонный", raw: "all_season", unit: null },
        ],
      },
      context,
    );
    expect(item.variant.characteristics).toEqual([
      { id: 14177449, value: ["темно-синий"] },
      { id: 14177450, value: ["Хлопок", "Эластан"] },
      { id: 89008, value: 170 },
      { id: 15001405, value: 8 },
    ]);
    expect(warnings).toEqual(['characteristics.14177452: attribute season ("Всесезонный") is not one number; left out']);
    expect(errors).toEqual([]);
  });

  it("joins a variant to its model's merged card, and spreads a model of more than 30 variants over several", () => {
    expect(mapOne({ itemGroupId: "tshirt_nordvik_crew" }).item.card).toBe("tshirt_nordvik_crew");
    const big = group("sock_pack", 35);
    const thirtieth = mapOne({ sku: "V-30", itemGroupId: "sock_pack", group: big });
    expect([thirtieth.item.card, thirtieth.warnings]).toEqual(["sock_pack", []]);
    const thirtyFirst = mapOne({ sku: "V-31", itemGroupId: "sock_pack", group: big });
    expect(thirtyFirst.item.card).toBe("sock_pack#2");
    expect(thirtyFirst.warnings).toEqual([
      "card: model sock_pack has 35 variants and Wildberries merges at most 30; this one goes to merged card 2 of the model",
    ]);
    // Parts keep the model whole, both merged cards, so a part cannot end inside the first.
    const groupOf = wildberriesUploadLimits.groupOf as (item: WildberriesCardVariant) => string;
    expect(new Set([thirtieth.item, thirtyFirst.item].map(groupOf))).toEqual(new Set(["sock_pack"]));
  });

  it("renders one upload body: a model's variants in one merged card, other subjects and products apart", async () => {
    const variant = (sku: string, card: string, subjectID: number) =>
      mapOne({ sku, itemGroupId: card === sku ? null : card, channelCategory: String(subjectID) }).item;
    const items = [
      variant("NV-S", "tshirt", 192),
      variant("MUG", "MUG", 2204),
      variant("NV-M", "tshirt", 192),
      variant("NV-BAG", "tshirt", 1400),
      variant("NV-L", "tshirt", 192),
    ];
    const body = (await render(items)) as Array<{ subjectID: number; variants: Array<{ vendorCode: string }> }>;
    expect(body.map((card) => [card.subjectID, card.variants.map((v) => v.vendorCode)])).toEqual([
      [192, ["NV-S", "NV-M", "NV-L"]],
      [2204, ["MUG"]],
      [1400, ["NV-BAG"]],
    ]);
    const validateBody = staticSchemaValidator("channels/wildberries-cards.body.schema.json");
    expect(validateBody(body), JSON.stringify(validateBody.errors)).toBe(true);
  });
});
