import { describe, expect, it } from "vitest";
import type { AttributeText } from "../../src/feeds/channel-product.js";
import { channelProduct, mapContext, money, schemaErrors, type ChannelProductOverrides, type MapContextOverrides } from "../../test/helpers/channel-product.js";
import { yandexMarketExporter } from "./index.js";
import type { YmlOffer } from "./map.js";

const pictures = (n: number) => Array.from({ length: n }, (_, i) => `https://shop.example.com/media/img-${i}.jpg/yandex`);

/** The one <offer> of a rouble channel for a product, in a mapped Yandex category unless the test says otherwise. */
function mapOne(overrides: ChannelProductOverrides = {}, contextOverrides: MapContextOverrides = {}) {
  const context = mapContext("yandex-market-yml", { locale: "ru_RU", currency: "RUB", ...contextOverrides });
  const product = channelProduct({ channelCategory: "91491", ...overrides, fields: { price: money("4990.00", "RUB"), ...overrides.fields } });
  const offers = yandexMarketExporter.map(product, context);
  expect(offers).toHaveLength(1);
  const offer = offers[0] as YmlOffer;
  return { offer, errors: schemaErrors(yandexMarketExporter, offer), warnings: context.warnings.map((w) => `${w.field}: ${w.reason}`) };
}

describe("yandex-market-yml map()", () => {
  it("writes an offer from a complete product: vendor, vendorCode, barcode, pictures, count and description in Yandex's HTML", () => {
    const { offer, errors, warnings } = mapOne({ fields: { countryOfOrigin: "Польша" } });
    expect(offer).toEqual({
      id: "SKU-1",
      available: true,
      name: "Baltica Linen Shirt Regular Fit",
      vendor: "Baltica",
      vendorCode: "BAL-LS-01",
      url: "https://shop.example.com/p/SKU-1",
      price: "4990.00",
      currencyId: "RUB",
      categoryId: "91491",
      picture: ["https://shop.example.com/media/front.jpg/main", "https://shop.example.com/media/back.jpg/main"],
      description: "<p>A linen shirt for warm days.</p><ul><li>100% linen</li><li>Regular fit</li></ul>",
      barcode: "4006381333931",
      country_of_origin: "Польша",
      count: "5",
    });
    expect(yandexMarketExporter.itemId(offer)).toBe("SKU-1");
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("shows a sale as the sale price with the regular one as oldprice, and ignores a sale price that is not lower", () => {
    const sale = mapOne({
      fields: { salePrice: money("3990.00", "RUB") },
      offer: { saleWindow: { startsAt: "2026-11-01T00:00:00+03:00", endsAt: "2026-11-12T00:00:00+03:00" } },
    });
    expect(sale.offer).toMatchObject({ price: "3990.00", oldprice: "4990.00", currencyId: "RUB" });
    expect(yandexMarketExporter.customerView(sale.offer)).toMatchObject({
      price: { amount: "4990.00", currency: "RUB" },
      salePrice: { amount: "3990.00", currency: "RUB" },
    });
    expect(sale.errors).toEqual([]);

    const notLower = mapOne({ fields: { salePrice: money("5990.00", "RUB") } });
    expect(notLower.offer.price).toBe("4990.00");
    expect(notLower.offer).not.toHaveProperty("oldprice");
    expect(notLower.errors).toEqual([]);
  });

  it("marks only an in-stock product available, and counts the units sellable now", () => {
    for (const availability of ["out_of_stock", "preorder", "backorder", "discontinued"]) {
      const { offer, errors } = mapOne({ fields: { availability, availabilityDate: "2026-12-01T00:00:00Z" }, offer: { sellableQuantity: 0 } });
      expect(offer.available).toBe(false);
      expect(offer.count).toBe("0");
      expect(errors).toEqual([]);
    }
    const { offer, errors } = mapOne({ offer: { sellableQuantity: 17 } });
    expect(offer).toMatchObject({ available: true, count: "17" });
    expect(errors).toEqual([]);
  });

  it("groups a variant by group_id and writes the channel's listed attributes as <param>, measurements with the buyers' unit", () => {
    const attributes: AttributeText[] = [
      { code: "color", label: "Цвет", text: "Синий", raw: "blue", unit: null },
      { code: "length", label: "Длина", text: "72 cm", raw: "72", unit: "cm" },
      { code: "season", label: "Сезон", text: "Лето", raw: "summer", unit: null },
      { code: "weight_net", label: "Вес нетто", text: "180 g", raw: "180", unit: "g" },
    ];
    const { offer, errors } = mapOne(
      { itemGroupId: "shirt_baltica_linen", attributes },
      { options: { params: ["color", "length", "weight_net"], unitNames: { cm: "см" } } },
    );
    expect(offer.group_id).toBe("shirt_baltica_linen");
    expect(offer.param).toEqual([
      { name: "Цвет", value: "Синий" },
      { name: "Длина", unit: "см", value: "72" },
      { name: "Вес нетто", unit: "g", value: "180" },
    ]);
    expect(errors).toEqual([]);
    expect(mapOne({ attributes }).offer).not.toHaveProperty("param");
  });

  it("writes the weight in kilograms, and leaves out one it cannot read or that rounds to nothing, with a warning", () => {
    const weight = (text: string) => mapOne({ fields: { weight: text } });
    expect(weight("1.5 kg").offer.weight).toBe("1.5");
    expect(weight("500 g").offer.weight).toBe("0.5");
    expect(weight("2 lb").offer.weight).toBe("0.907");
    expect(weight("12 oz").offer.weight).toBe("0.34");
    expect(weight("2 lb").errors).toEqual([]);
    for (const text of ["0.2 g", "heavy"]) {
      const { offer, warnings, errors } = weight(text);
      expect(offer).not.toHaveProperty("weight");
      expect(warnings).toEqual([`weight: "${text}" is not a weight of at least 1 g, which YML needs in kilograms; left out`]);
      expect(errors).toEqual([]);
    }
  });

  it("keeps 30 pictures, a 256-character name and a 6,000-character description, warning about each", () => {
    const paragraph = `<p>${"слово ".repeat(80).trim()}</p>`;
    const { offer, errors, warnings } = mapOne({
      fields: { images: pictures(32), title: `<b>Рубашка</b> ${"льняная ".repeat(40)}`, description: `<ul><li>пункт</li></ul>${paragraph.repeat(20)}` },
    });
    expect(offer.picture).toEqual(pictures(30));
    expect(offer.name).toBe(`Рубашка ${"льняная ".repeat(31).trim()}`);
    expect(offer.description).toBe(`<ul><li>пункт</li></ul>${paragraph.repeat(12)}`);
    expect(warnings).toEqual([
      "picture: 32 pictures; Yandex takes the first 30",
      "name: shortened from 327 to 255 characters at a word boundary (limit 256)",
      "description: shortened from 9743 to 5855 characters at the end of a paragraph or list (limit 6000)",
    ]);
    expect(errors).toEqual([]);
  });

  it("shortens a long description near the limit, not at a short first paragraph before a long one", () => {
    const description = `<p>${"короткий ".repeat(15).trim()}</p><p>${"длинное описание ".repeat(600).trim()}</p>`;
    const { offer, errors, warnings } = mapOne({ fields: { description } });
    expect(offer.description?.length).toBeGreaterThan(5900);
    expect(offer.description?.length).toBeLessThanOrEqual(6000);
    expect(offer.description).toMatch(/^короткий/);
    expect(warnings).toEqual([expect.stringMatching(/^description: shortened from \d+ to \d+ characters as plain text at a word boundary \(limit 6000\)$/)]);
    expect(errors).toEqual([]);
  });

  it("is rejected with the reason without a numeric Yandex category, a picture or a currency Yandex takes", () => {
    expect(mapOne({ channelCategory: null }).errors).toEqual(["/ required categoryId"]);
    expect(mapOne({ channelCategory: "clothing" }).errors).toEqual(["/categoryId pattern"]);
    expect(mapOne({ fields: { images: null } }).errors).toEqual(["/ required picture"]);
    expect(mapOne({ fields: { price: money("129.00", "PLN") } }, { currency: "PLN" }).errors).toEqual(["/currencyId enum"]);
  });
});
