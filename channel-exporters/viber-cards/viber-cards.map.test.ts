import { describe, expect, it } from "vitest";
import { type ChannelProductOverrides, channelProduct, type MapContextOverrides, mapContext, money, schemaErrors } from "../../test/helpers/channel-product.js";
import { htmlText } from "../shared/text-safety.js";
import { viberCardsExporter } from "./index.js";
import type { ViberCard } from "./map.js";

/** The one card Viber gets for a product, with what the feed run would say about it. */
function mapOne(overrides: ChannelProductOverrides = {}, contextOverrides: MapContextOverrides = {}) {
  const context = mapContext("viber-cards", contextOverrides);
  const items = viberCardsExporter.map(channelProduct(overrides), context);
  expect(items).toHaveLength(1);
  const card = items[0] as ViberCard;
  // A plain caption is all visible text.
  expect(card.textLength).toBe(card.text.length);
  return { card, errors: schemaErrors(viberCardsExporter, card), warnings: context.warnings.map((w) => `${w.field}: ${w.reason}`) };
}

const nbsp = "\u00a0";
const summerSale = { saleWindow: { startsAt: "2026-01-01T00:00:00+01:00", endsAt: "2030-01-01T00:00:00+01:00" } };

describe("viber-cards map()", () => {
  it("writes a picture message card in plain text, the link as its address, and an open-url button", () => {
    const { card, errors, warnings } = mapOne();
    expect(card).toEqual({
      sku: "SKU-1",
      messenger: "viber",
      locale: "en_US",
      text: [
        "Baltica Linen Shirt Regular Fit",
        "",
        "A linen shirt for warm days.",
        "100% linen",
        "Regular fit",
        "",
        "€49.99",
        "In stock",
        "https://shop.example.com/p/SKU-1",
      ].join("\n"),
      textLength: 134,
      title: "Baltica Linen Shirt Regular Fit",
      description: "A linen shirt for warm days.\n100% linen\nRegular fit",
      imageUrl: "https://shop.example.com/media/front.jpg/main.jpeg",
      link: "https://shop.example.com/p/SKU-1",
      buttons: [{ text: "View in store", url: "https://shop.example.com/p/SKU-1" }],
      price: money("49.99"),
      availability: "in_stock",
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("names this service's renditions by a URL with the file extension Viber needs, and leaves another address as it is", () => {
    expect(mapOne().card.imageUrl).toBe("https://shop.example.com/media/front.jpg/main.jpeg");
    const elsewhere = mapOne({ fields: { images: ["https://cdn.example.net/pictures/front.png"] } });
    expect(elsewhere.card.imageUrl).toBe("https://cdn.example.net/pictures/front.png");
  });

  it("names the old price a sale replaces, since a plain caption cannot strike it through, and the sale's last day", () => {
    const polish = mapOne(
      { fields: { price: money("89.99", "PLN"), salePrice: money("76.49", "PLN") }, offer: summerSale },
      { locale: "pl_PL", currency: "PLN" },
    );
    expect(polish.card.text).toContain(`\n76,49${nbsp}zł zamiast 89,99${nbsp}zł\nCena promocyjna do 31 grudnia 2029\nW magazynie\n`);
    expect(polish.card).toMatchObject({ salePrice: money("76.49", "PLN"), saleWindow: summerSale.saleWindow, buttons: [{ text: "Zobacz w sklepie" }] });
    expect(polish.errors).toEqual([]);

    const russian = mapOne(
      { fields: { price: money("1990.00", "RUB"), salePrice: money("1691.50", "RUB") }, offer: summerSale },
      { locale: "ru_RU", currency: "RUB" },
    );
    expect(russian.card.text).toContain(`\n1${nbsp}691,50${nbsp}₽ вместо 1${nbsp}990,00${nbsp}₽\nЦена по акции до 31 декабря 2029 г.\nВ наличии\n`);
  });

  it("writes a name as it is: nothing in a plain caption is markup", () => {
    const name = "Shirt *bold* _it_ ~s~ <b>XL</b> & [a](b)";
    const { card, errors } = mapOne({ fields: { title: htmlText(name) } });
    expect(card.title).toBe(name);
    expect(card.text.startsWith(`${name}\n\n`)).toBe(true);
    expect(errors).toEqual([]);
  });

  it("cuts a long description at a word boundary to fit 512 characters, keeping the price, availability and link lines", () => {
    const description = "Len mięknie z każdym praniem i nadaje sofie swobodny charakter. ".repeat(12);
    const { card, errors, warnings } = mapOne(
      { fields: { description, price: money("89.99", "PLN"), availability: "backorder", availabilityDate: "2026-12-15T09:00:00Z" } },
      { locale: "pl_PL", currency: "PLN" },
    );
    expect(card.textLength).toBeLessThanOrEqual(512);
    expect(card.textLength).toBeGreaterThan(490);
    expect(card.description).toMatch(/\S…$/);
    expect(description.startsWith((card.description ?? "").slice(0, -1))).toBe(true);
    expect(card.text.endsWith(`${card.description}\n\n89,99${nbsp}zł\nNa zamówienie, wysyłka od 15 grudnia 2026\nhttps://shop.example.com/p/SKU-1`)).toBe(true);
    expect(warnings).toEqual([
      `description: shortened from ${description.trim().length} to ${card.description?.length} characters at a word boundary to fit Viber's 512-character caption`,
    ]);
    expect(errors).toEqual([]);
  });

  it("leaves out the texts and is refused by its schema when the facts alone overrun the caption (a link of 500 characters)", () => {
    const link = `https://shop.example.com/p/${"x".repeat(480)}`;
    const { card, errors, warnings } = mapOne({ fields: { link } });
    expect(card).not.toHaveProperty("title");
    expect(card).not.toHaveProperty("description");
    expect(card.textLength).toBeGreaterThan(512);
    expect(warnings).toEqual([
      "title: left out: only 0 of Viber's 512 caption characters remain for its 31",
      "description: left out: only 0 of Viber's 512 caption characters remain for its 51",
    ]);
    expect(errors).toEqual(expect.arrayContaining(["/ required title", "/textLength maximum"]));
  });

  it("shows the consistency report what the caption says", () => {
    const { card } = mapOne({ fields: { salePrice: money("39.99") }, offer: summerSale });
    expect(viberCardsExporter.customerView(card)).toEqual({
      title: "Baltica Linen Shirt Regular Fit",
      description: "A linen shirt for warm days.\n100% linen\nRegular fit",
      price: money("49.99"),
      salePrice: money("39.99"),
      availability: "in_stock",
      image: "https://shop.example.com/media/front.jpg/main.jpeg",
    });
  });
});
