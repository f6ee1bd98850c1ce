import { readFile } from "node:fs/promises";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRawValue } from "../../src/catalog/values/raw-values.js";
import type { FeedReport } from "../../src/feeds/write-feed.js";
import {
  expectGolden,
  renderFeed,
  sourceProducts,
  startDemoCatalog,
  type DemoCatalog,
  expectEveryDemoProductAccountedFor,
} from "../../test/helpers/demo-feeds.js";
import { plainText } from "../shared/text-safety.js";
import type { SourceProduct } from "../../src/catalog/read/source-products.js";
import { offerExpectations, type ExpectedOffer } from "../../test/feeds/offer-expectations.js";

interface XmlParam {
  "#text": string;
  "@_name": string;
  "@_unit"?: string;
}
type XmlOffer = Record<string, string | undefined> & { picture: string[]; param?: XmlParam[] };
interface XmlCategory {
  "#text": string;
  "@_id": string;
  "@_parentId"?: string;
}

const channels = JSON.parse(await readFile(new URL("../../fixtures/demo-catalog/channels.json", import.meta.url), "utf8")) as Array<{
  code: string;
  export?: { categories: Record<string, string> };
}>;
const categoryMapping = channels.find((c) => c.code === "yandex_market")?.export?.categories ?? {};
const kilogramsPer: Record<string, number> = { GRAM: 0.001, KILOGRAM: 1 };

describe("Yandex Market YML feed of the demo catalog", () => {
  let demo: DemoCatalog;
  let xml: string;
  let report: FeedReport;
  let catalog: { "@_date": string; shop: Record<string, unknown> };
  let offers: XmlOffer[];
  let expectedOffer: (source: SourceProduct) => ExpectedOffer;

  beforeAll(async () => {
    demo = await startDemoCatalog("yandex-market-yml");
    ({ text: xml, report } = await renderFeed(demo.catalog, "yandex_market"));
    const parser = new XMLParser({
      ignoreAttributes: false,
      parseTagValue: false,
      parseAttributeValue: false,
      isArray: (name) => ["offer", "picture", "param", "category"].includes(name),
    });
    catalog = parser.parse(xml).yml_catalog;
    offers = (catalog.shop.offers as { offer: XmlOffer[] }).offer;
    expectedOffer = await offerExpectations(demo.catalog, "yandex_market");
  });
  afterAll(() => demo?.stop());

  it("matches the golden file", async () => {
    await expectGolden(xml, new URL("golden/yandex_market.xml", import.meta.url).pathname);
  });

  it("is well-formed XML 1.0 dated in RFC 3339 with a time zone", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<yml_catalog date="2026-11-01T09:00:00+00:00">\n<shop>\n')).toBe(true);
    expect(catalog.shop.name).toBe("Demo Store");
    expect(catalog.shop.company).toBe("Demo Store LLC");
    expect(catalog.shop.url).toBe("https://shop.example.com/");
    expect(catalog.shop.currencies).toEqual({ currency: { "@_id": "RUB", "@_rate": "1" } });
  });

  it("lists the mapped categories once, each under its parent's Yandex id", () => {
    const categories = (catalog.shop.categories as { category: XmlCategory[] }).category;
    expect(categories.map((c) => c["@_id"]).sort()).toEqual(Object.values(categoryMapping).sort());
    const parentOf = (id: string) => categories.find((c) => c["@_id"] === id)?.["@_parentId"];
    expect(parentOf(categoryMapping.apparel as string)).toBeUndefined();
    expect(parentOf(categoryMapping.tshirts as string)).toBe(categoryMapping.men);
    expect(parentOf(categoryMapping.men as string)).toBe(categoryMapping.apparel);
    expect(categories.find((c) => c["@_id"] === categoryMapping.kitchen)?.["#text"]).toBe("Кухня");
  });

  it("writes every enabled product once and reports the ones without a rouble price as rejected", () => {
    const ids = offers.map((o) => o["@_id"]);
    expectEveryDemoProductAccountedFor(report, ids);
    const errors = report.problems.filter((p) => p.severity === "error");
    expect(errors.map((p) => [p.itemId, p.field, p.reason]).sort()).toEqual([
      ["HCO-BOARD-BAMBOO-L", "price", "price is required"],
      ["KES-SLV-14-GRY", "price", "price is required"],
    ]);
    expect(report.itemsRejected).toBe(2);
    for (const error of errors) expect(ids).not.toContain(error.itemId);
  });

  it("carries the source values field by field", async () => {
    const sources = await sourceProducts(demo.catalog);
    for (const offer of offers) {
      const source = sources.get(offer["@_id"] as string);
      if (!source) throw new Error(`offer ${String(offer["@_id"])} has no product`);
      const value = (attribute: string, channel: string | null = null, locale: string | null = null) => getRawValue(source.values, attribute, channel, locale);

      const { price, stock } = expectedOffer(source);
      expect([offer.price, offer.oldprice]).toEqual(price?.salePrice ? [price.salePrice, price.price] : [price?.price, undefined]);
      expect(offer.currencyId).toBe("RUB");
      expect(offer["@_available"]).toBe(String(stock.availability === "in_stock"));
      expect(offer.count).toBe(String(stock.sellableQuantity));

      const name = value("name", null, "ru_RU") as string;
      const saysRefurbished = value("condition") === "refurbished" && !/восстановлен/i.test(name);
      expect(offer.name).toBe(saysRefurbished ? `Восстановленный: ${name}` : name);
      expect(offer.barcode ?? null).toBe((value("ean") as string | undefined) ?? null);
      expect(offer.vendorCode ?? null).toBe((value("mpn") as string | undefined) ?? null);
      expect(source.categories.map((c) => categoryMapping[c])).toContain(offer.categoryId);
      expect(offer["@_group_id"] ?? null).toBe(source.ancestry[0]?.code ?? null);
      expect(offer.url).toBe(value("product_url", null, "ru_RU"));
      expect(offer.picture).toEqual((value("images") as string[]).map((asset) => `https://shop.example.com/media/${asset}/yandex`));
      expect(offer.country_of_origin).toBe("Польша");

      const weight = value("weight") as { amount: string; unit: string } | undefined;
      if (weight) expect(Number(offer.weight)).toBeCloseTo(Number(weight.amount) * (kilogramsPer[weight.unit] as number), 9);
      else expect(offer.weight).toBeUndefined();

      // KES-PRO16-1TB has no Russian description: its short description stands in.
      const description = (value("description", "yandex_market", "ru_RU") ?? value("short_description", "yandex_market", "ru_RU")) as string;
      expect(plainText(offer.description as string)).toBe(plainText(description));
      expect(offer.description).not.toMatch(/<(?!\/?(h[1-6]|br|p|ol|ul|li|div)\b)/);
    }
  });

  it("shows a lower sale price as the price with the regular one as oldprice, Yandex's own promotion included", () => {
    const mug = offers.find((o) => o["@_id"] === "GLK-MUG-350-WHT");
    expect([mug?.price, mug?.oldprice]).toEqual(["990.00", "1290.00"]);
    const speaker = offers.find((o) => o["@_id"] === "SON-PEBBLE-BLU");
    expect([speaker?.price, speaker?.oldprice]).toEqual(["5091.50", "5990.00"]);
    expect(offers.find((o) => o["@_id"] === "NV-CREW-NAVY-S")?.oldprice).toBeUndefined();
  });

  it("writes the listed attributes as params, measurements with their unit", () => {
    const laptop = offers.find((o) => o["@_id"] === "KES-AIR14-512");
    expect(laptop?.param).toContainEqual({ "#text": "14", "@_name": "Диагональ экрана", "@_unit": "дюйм" });
    expect(laptop?.param?.map((p) => p["@_name"])).not.toContain("Вес");
    const tee = offers.find((o) => o["@_id"] === "NV-CREW-NAVY-S");
    expect(tee?.param).toEqual(
      expect.arrayContaining([
        { "#text": "Тёмно-синий", "@_name": "Цвет" },
        { "#text": "S", "@_name": "Размер" },
      ]),
    );
  });
});
