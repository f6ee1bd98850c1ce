import { readFile } from "node:fs/promises";
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
import type { AllegroOffer } from "./map.js";
import { allegroTitleLength } from "./title.js";
import type { SourceProduct } from "../../src/catalog/read/source-products.js";
import { offerExpectations, type ExpectedOffer } from "../../test/feeds/offer-expectations.js";

const channels = JSON.parse(await readFile(new URL("../../fixtures/demo-catalog/channels.json", import.meta.url), "utf8")) as Array<{
  code: string;
  export?: { categories: Record<string, string> };
}>;
const categoryMapping = channels.find((c) => c.code === "allegro")?.export?.categories ?? {};

// A flat Allegro description: top-level h1/h2/p with only <b> inside, or lists of <li> with only <b> inside.
const inline = "(?:[^<]|</?b>)*";
const flatDescription = new RegExp(`^(?:<(h1|h2|p)>${inline}</\\1>|<(ul|ol)>(?:<li>${inline}</li>)+</\\2>)+$`);

describe("Allegro product-offers feed of the demo catalog", () => {
  let demo: DemoCatalog;
  let json: string;
  let report: FeedReport;
  let offers: AllegroOffer[];
  let expectedOffer: (source: SourceProduct) => ExpectedOffer;

  beforeAll(async () => {
    demo = await startDemoCatalog("allegro-offers");
    ({ text: json, report } = await renderFeed(demo.catalog, "allegro"));
    offers = (JSON.parse(json) as { offers: AllegroOffer[] }).offers;
    expectedOffer = await offerExpectations(demo.catalog, "allegro");
  });
  afterAll(() => demo?.stop());

  it("matches the golden file", async () => {
    await expectGolden(json, new URL("golden/allegro.json", import.meta.url).pathname);
  });

  it("writes every enabled product once and reports the ones it left out", () => {
    const ids = offers.map((o) => o.external.id);
    expectEveryDemoProductAccountedFor(report, ids);
  });

  it("carries the source values field by field", async () => {
    const sources = await sourceProducts(demo.catalog);
    for (const offer of offers) {
      const source = sources.get(offer.external.id);
      if (!source) throw new Error(`offer ${offer.external.id} has no product`);
      const { price, stock } = expectedOffer(source);
      expect(offer.sellingMode).toEqual({ format: "BUY_NOW", price: { amount: price?.salePrice ?? price?.price, currency: "PLN" } });

      const name = getRawValue(source.values, "name", null, "pl_PL") as string;
      expect(offer.name?.startsWith(name)).toBe(true);
      expect(allegroTitleLength(offer.name as string)).toBeLessThanOrEqual(75);
      expect(offer.productSet[0]?.product.name).toBe(offer.name);

      const ean = (getRawValue(source.values, "ean", null, null) as string | undefined) ?? null;
      const product = offer.productSet[0]?.product;
      expect(product?.id ?? null).toBe(ean);
      expect(product?.parameters.find((p) => p.id === "225693")?.values ?? null).toEqual(ean ? [ean] : null);

      const mapped = source.categories.map((c) => categoryMapping[c]).filter(Boolean);
      expect(mapped).toContain(offer.category?.id);
      expect(product?.category).toEqual(offer.category);

      const files = getRawValue(source.values, "images", null, null) as string[];
      expect(offer.images).toEqual(files.map((asset) => `https://shop.example.com/media/${asset}/allegro`));
      expect(product?.images).toEqual(offer.images);

      const content = offer.description?.sections.flatMap((s) => s.items.map((i) => i.content)).join("") ?? "";
      expect(content).toMatch(flatDescription);
      expect(plainText(content)).toBe(plainText(getRawValue(source.values, "description", "allegro", "pl_PL") as string));

      const sellable = stock.availability === "in_stock";
      expect(offer.stock).toEqual({ available: sellable ? stock.sellableQuantity : 0, unit: "UNIT" });
      expect(offer.publication).toEqual({ status: sellable ? "INACTIVE" : "ENDED" });
      expect(offer.language).toBe("pl-PL");
    }
  });

  it("sends the condition and the mapped attributes as Allegro parameters", () => {
    const tee = offers.find((o) => o.external.id === "NV-CREW-NAVY-S");
    expect(tee?.name).toBe("Koszulka Nordvik Essential z okrągłym dekoltem, Granatowy, rozm. S");
    expect(tee?.parameters).toEqual([{ id: "11323", name: "Stan", valuesIds: ["11323_1"] }]);
    expect(tee?.productSet[0]?.product.parameters).toEqual([
      { id: "225693", name: "EAN (GTIN)", values: ["5907734120019"] },
      { name: "Marka", values: ["Nordvik"] },
      { name: "Kod producenta", values: ["NV-ESS-CREW-180"] },
      { name: "Kolor", values: ["Granatowy"] },
      { name: "Rozmiar", values: ["S"] },
      { name: "Materiał", values: ["Bawełna"] },
      { name: "Waga", values: ["0.17 kg"] },
    ]);
    const refurbished = offers.find((o) => o.external.id === "VOL-X4-REF-128");
    expect(refurbished?.parameters).toEqual([{ id: "11323", name: "Stan", values: ["Odnowiony"] }]);
  });

  it("keeps a product without an EAN as a full product definition", () => {
    const throw_ = offers.find((o) => o.external.id === "CLM-THROW-WOOL-GRY");
    expect(throw_?.productSet[0]?.product.id).toBeUndefined();
    expect(throw_?.productSet[0]?.product.idType).toBeUndefined();
    expect(throw_?.productSet[0]?.product.name).toBe(throw_?.name);
  });
});
