import { describe, expect, it } from "vitest";
import type { AttributeText } from "../../src/feeds/channel-product.js";
import { channelProduct, type ChannelProductOverrides, mapContext, money, schemaErrors, type TestMapContext } from "../../test/helpers/channel-product.js";
import { ozonProductsExporter } from "./index.js";
import type { OzonProduct } from "./map.js";

const ozonContext = (options: Record<string, unknown> = {}) =>
  mapContext("ozon-products", { locale: "ru_RU", currency: "RUB", options: { vat: "0.22", ...options } });

const measure = (code: string, raw: string, unit: string): AttributeText => ({ code, label: code, text: `${raw} ${unit}`, raw, unit });
/** A mug 12 × 9.5 × 8.5 cm that weighs 320 g. */
const packed = [measure("depth", "8.5", "cm"), measure("width", "12", "cm"), measure("height", "9.5", "cm"), measure("weight", "320", "g")];

function mapOne(overrides: ChannelProductOverrides = {}, context: TestMapContext = ozonContext()) {
  const items = ozonProductsExporter.map(
    channelProduct({ channelCategory: "17028650/93143", attributes: packed, ...overrides, fields: { price: money("1290.00", "RUB"), ...overrides.fields } }),
    context,
  );
  expect(items).toHaveLength(1);
  const item = items[0] as OzonProduct;
  return {
    item,
    errors: schemaErrors(ozonProductsExporter, item),
    warnings: context.warnings.map((w) => `${w.field}: ${w.reason}`),
    refusals: context.refusals.map((r) => `${r.field}: ${r.reason}`),
  };
}

describe("ozon-products map()", () => {
  it("writes a complete import item: category and type, prices as strings, package in millimetres and grams", () => {
    const { item, errors, warnings, refusals } = mapOne();
    expect(item).toEqual({
      offer_id: "SKU-1",
      name: "Baltica Linen Shirt Regular Fit",
      description_category_id: 17028650,
      type_id: 93143,
      attributes: [{ id: 4191, complex_id: 0, values: [{ value: "A linen shirt for warm days.\n100% linen\nRegular fit" }] }],
      barcode: "4006381333931",
      primary_image: "https://shop.example.com/media/front.jpg/main",
      images: ["https://shop.example.com/media/back.jpg/main"],
      price: "1290.00",
      old_price: "0",
      vat: "0.22",
      currency_code: "RUB",
      depth: 85,
      width: 120,
      height: 95,
      dimension_unit: "mm",
      weight: 320,
      weight_unit: "g",
    });
    expect(ozonProductsExporter.itemId(item)).toBe("SKU-1");
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(refusals).toEqual([]);
  });

  it("converts inches, metres, pounds and ounces, rounding a package up to the next whole unit", () => {
    const { item, errors } = mapOne({
      attributes: [measure("depth", "0.25", "in"), measure("width", "0.1204", "m"), measure("height", "95", "mm"), measure("weight", "1", "lb")],
    });
    // 6.35 mm, 120.4 mm and 453.59237 g: a box is never smaller than what it holds.
    expect([item.depth, item.width, item.height, item.weight]).toEqual([7, 121, 95, 454]);
    expect(mapOne({ attributes: [...packed.slice(0, 3), measure("weight", "11.2", "oz")] }).item.weight).toBe(318);
    expect(errors).toEqual([]);
  });

  it("reads the package from the attributes the channel names", () => {
    const { item } = mapOne(
      {
        attributes: [...packed, measure("box_depth", "20", "cm"), measure("gross_weight", "0.5", "kg")],
      },
      ozonContext({ packageAttributes: { depth: "box_depth", weight: "gross_weight" } }),
    );
    expect([item.depth, item.width, item.height, item.weight]).toEqual([200, 120, 95, 500]);
  });

  it("refuses a product without its package size or weight, and says which attribute is empty", () => {
    const { item, errors, refusals } = mapOne({ attributes: packed.filter((a) => a.code !== "weight" && a.code !== "height") });
    expect(refusals).toEqual(["height,weight: no value in attribute height, weight; Ozon creates no product without its real package size and weight"]);
    // Its schema would turn it away as well.
    expect(item.weight).toBeUndefined();
    expect(errors).toEqual(["/ required height", "/ required weight"]);
    // A weight that is not a weight is as good as none.
    expect(mapOne({ attributes: [...packed.slice(0, 3), measure("weight", "2", "l")] }).refusals).toEqual([
      "weight: no value in attribute weight; Ozon creates no product without its real package size and weight",
    ]);
  });

  it("refuses a product without a category and type, a price or a VAT rate", () => {
    expect(mapOne({ channelCategory: null }).errors).toEqual(["/ required description_category_id", "/ required type_id"]);
    const unsplit = mapOne({ channelCategory: "17028650" });
    expect(unsplit.refusals).toEqual(['description_category_id: channel category "17028650" is not written as description_category_id/type_id']);
    expect(mapOne({ fields: { price: null } }).errors).toEqual(["/ required price", "/ required old_price"]);
    expect(mapOne({}, mapContext("ozon-products", { locale: "ru_RU", currency: "RUB" })).errors).toEqual(["/ required vat"]);
  });

  it("sends the sale price as price with the regular price struck through, and clears it when the sale ends", () => {
    const sale = mapOne({ fields: { price: money("1290.00", "RUB"), salePrice: money("990.00", "RUB") } }).item;
    expect([sale.price, sale.old_price]).toEqual(["990.00", "1290.00"]);
    expect(ozonProductsExporter.customerView(sale)).toMatchObject({
      price: { amount: "1290.00", currency: "RUB" },
      salePrice: { amount: "990.00", currency: "RUB" },
      availability: null,
    });
    const regular = mapOne().item;
    expect([regular.price, regular.old_price]).toEqual(["1290.00", "0"]);
    expect(ozonProductsExporter.customerView(regular)).toMatchObject({ price: { amount: "1290.00", currency: "RUB" }, salePrice: null });
  });

  it("keeps the main image and 14 others, and cuts a long name at a word boundary", () => {
    const images = Array.from({ length: 17 }, (_, i) => `https://shop.example.com/media/img-${i}.jpg/ozon`);
    const { item, errors, warnings } = mapOne({ fields: { images, title: "Кружка ".repeat(80).trim() } });
    expect(item.primary_image).toBe(images[0]);
    expect(item.images).toEqual(images.slice(1, 15));
    expect(item.name).toBe("Кружка ".repeat(71).trim());
    expect(warnings).toEqual([
      "images: 17 images; Ozon takes the main image and the first 14 others",
      "title: shortened from 559 to 496 characters at a word boundary (limit 500)",
    ]);
    expect(errors).toEqual([]);
  });

  it("sends mapped attributes by Ozon id, options by dictionary id where mapped, and groups a model's variants by its code", () => {
    const context = ozonContext({
      attributes: {
        color: { id: 10096, valueIds: { grey: 61576 } },
        material: { id: 4975 },
        weight: { id: 4383, unit: "GRAM" },
        season: { id: 4495 },
      },
    });
    const { item, errors } = mapOne(
      {
        itemGroupId: "mug_glinka",
        attributes: [
          ...packed,
          { code: "color", label: "Цвет", text: "Серый", raw: "grey", unit: null },
          { code: "material", label: "Материал", text: "Хлопок, Эластан", raw: "cotton,elastane", unit: null },
        ],
      },
      context,
    );
    expect(item.attributes).toEqual([
      { id: 10096, complex_id: 0, values: [{ dictionary_value_id: 61576, value: "Серый" }] },
      { id: 4975, complex_id: 0, values: [{ value: "Хлопок" }, { value: "Эластан" }] },
      { id: 4383, complex_id: 0, values: [{ value: "320" }] },
      { id: 4191, complex_id: 0, values: [{ value: "A linen shirt for warm days.\n100% linen\nRegular fit" }] },
      { id: 9048, complex_id: 0, values: [{ value: "mug_glinka" }] },
    ]);
    expect(errors).toEqual([]);
  });
});
