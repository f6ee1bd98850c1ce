import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRawValue } from "../../src/catalog/values/raw-values.js";
import type { SourceProduct } from "../../src/catalog/read/source-products.js";
import type { FeedReport } from "../../src/feeds/write-feed.js";
import {
  expectGolden,
  goldenDate,
  renderFeed,
  sourceProducts,
  startDemoCatalog,
  type DemoCatalog,
  expectEveryDemoProductAccountedFor,
} from "../../test/helpers/demo-feeds.js";
import { plainText } from "../shared/text-safety.js";
import { appAvailability, type MobileItem } from "./map.js";
import { offerExpectations, type ExpectedOffer } from "../../test/feeds/offer-expectations.js";

describe("mobile app catalog of the demo catalog", () => {
  let demo: DemoCatalog;
  let text: string;
  let report: FeedReport;
  let document: { channel: string; generatedAt: string; locale: string; currency: string; products: MobileItem[] };
  let sources: Map<string, SourceProduct>;
  let googleIds: Set<string>;
  let expectedOffer: (source: SourceProduct) => ExpectedOffer;

  beforeAll(async () => {
    demo = await startDemoCatalog("mobile-app");
    ({ text, report } = await renderFeed(demo.catalog, "mobile"));
    document = JSON.parse(text) as typeof document;
    sources = await sourceProducts(demo.catalog);
    expectedOffer = await offerExpectations(demo.catalog, "mobile");
    const google = await renderFeed(demo.catalog, "google_shopping");
    googleIds = new Set([...google.text.matchAll(/<g:id>([^<]+)<\/g:id>/g)].map((m) => m[1] as string));
  });
  afterAll(() => demo?.stop());

  const sourceOf = (item: MobileItem) => {
    const source = sources.get(item.id);
    if (!source) throw new Error(`item ${item.id} has no product`);
    return source;
  };
  const item = (sku: string) => document.products.find((p) => p.id === sku) as MobileItem;

  it("matches the golden file", async () => {
    await expectGolden(text, new URL("golden/mobile.json", import.meta.url).pathname);
  });

  it("is one JSON document with the run's header, every enabled product once", () => {
    expect(document).toMatchObject({ channel: "mobile", generatedAt: goldenDate.toISOString(), locale: "en-US", currency: "EUR" });
    const ids = document.products.map((p) => p.id);
    expectEveryDemoProductAccountedFor(report, ids);
  });

  it("uses the Google Merchant Center id, so deep links from ads resolve", () => {
    const shared = document.products.filter((p) => googleIds.has(p.id));
    expect(shared.length).toBeGreaterThan(40);
    for (const product of document.products) expect(product.id).toBe(sourceOf(product).sku);
  });

  it("carries the source values field by field: texts in every locale the channel publishes, money as strings, schema.org availability", () => {
    const inEachLocale = (read: (locale: string) => string | undefined) => {
      const texts = Object.entries({ "en-US": read("en_US"), "pl-PL": read("pl_PL") }).filter(([, text]) => text !== undefined);
      return texts.length ? Object.fromEntries(texts.map(([tag, text]) => [tag, plainText(text as string)])) : undefined;
    };
    for (const product of document.products) {
      const source = sourceOf(product);
      expect(product.title).toEqual(inEachLocale((locale) => getRawValue(source.values, "name", null, locale) as string));
      expect(Object.keys(product.title)).toEqual(["en-US", "pl-PL"]);
      expect(product.description).toEqual(inEachLocale((locale) => getRawValue(source.values, "description", "mobile", locale) as string));
      expect(product.shortDescription).toEqual(
        inEachLocale((locale) => getRawValue(source.values, "short_description", "mobile", locale) as string | undefined),
      );
      const { price, stock } = expectedOffer(source);
      expect(product.price).toEqual({ amount: price?.price, currency: "EUR" });
      expect(product.salePrice ?? null).toEqual(price?.salePrice ? { amount: price.salePrice, currency: "EUR" } : null);
      expect(product.saleWindow ?? null).toEqual(price?.promotion ? { startsAt: price.promotion.startsAt, endsAt: price.promotion.endsAt } : null);
      expect(product.quantity).toBe(stock.sellableQuantity);
      expect(typeof product.price?.amount).toBe("string");
      expect(product.gtin ?? null).toBe((getRawValue(source.values, "ean", null, null) as string | undefined) ?? null);
      expect(product.availability).toBe(appAvailability[stock.availability]);
      expect(product.category["en-US"]?.length).toBeGreaterThan(0);
      expect(product.category["pl-PL"]).toHaveLength(product.category["en-US"]?.length ?? 0);
      for (const attribute of product.attributes) expect(Object.keys(attribute.label), attribute.code).toEqual(["en-US", "pl-PL"]);
    }
    expect(item("NV-CREW-NAVY-S").category).toEqual({ "en-US": ["Apparel", "Men", "Men's T-shirts"], "pl-PL": ["Odzież", "Mężczyźni", "Koszulki męskie"] });
    expect(item("SON-PEBBLE-BLU").shortDescription).toBeUndefined();
  });

  it("offers every image in the app's preset widths and formats, with the size each rendition really has", () => {
    // The demo originals are 1600×1600, larger than every app preset's box, so each rendition is the box.
    const appPresets = [
      ["app_320_webp", 320, "webp"],
      ["app_640_webp", 640, "webp"],
      ["app_1280_webp", 1280, "webp"],
      ["app_640_avif", 640, "avif"],
      ["app_1280_avif", 1280, "avif"],
    ] as const;
    for (const product of document.products) {
      const assets = getRawValue(sourceOf(product).values, "images", null, null) as string[];
      expect(assets.length).toBeGreaterThan(0);
      expect(product.images).toEqual(
        assets.map((asset) => ({
          renditions: appPresets.map(([preset, box, format]) => ({
            url: `https://shop.example.com/media/${asset}/${preset}`,
            width: box,
            height: box,
            format,
          })),
        })),
      );
    }
  });

  it("describes a variant's group as axes and an option matrix of its enabled siblings", () => {
    for (const product of document.products) {
      const root = sourceOf(product).ancestry[0]?.code;
      if (!root) {
        expect(product.variants).toBeUndefined();
        continue;
      }
      const variants = product.variants;
      if (!variants) throw new Error(`${product.id} has no variants`);
      expect(variants.groupId).toBe(root);
      const siblings = [...sources.values()].filter((s) => s.enabled && s.ancestry[0]?.code === root).map((s) => s.sku);
      expect(variants.matrix.map((m) => m.id).sort()).toEqual(siblings.sort());
      for (const entry of variants.matrix) {
        const sibling = item(entry.id);
        const axes = sibling.attributes.filter((a) => variants.axes.some((axis) => axis.code === a.code));
        expect(entry.options.map((index, i) => variants.axes[i]?.values[index as number])).toEqual(
          variants.axes.map((axis) => axes.find((a) => a.code === axis.code)?.value),
        );
      }
    }
    const tee = item("NV-CREW-NAVY-S").variants;
    expect(tee?.axes.map((a) => [a.code, a.label])).toEqual([
      ["color", { "en-US": "Color", "pl-PL": "Kolor" }],
      ["size", { "en-US": "Size", "pl-PL": "Rozmiar" }],
    ]);
    expect(tee?.matrix.find((m) => m.id === "NV-CREW-NAVY-S")?.options.map((index, i) => tee.axes[i]?.values[index as number])).toEqual([
      { "en-US": "Navy", "pl-PL": "Granatowy" },
      { "en-US": "S", "pl-PL": "S" },
    ]);
    expect(item("PKL-ARCTIC-GRN-L").variants?.matrix.map((m) => m.id)).not.toContain("PKL-ARCTIC-GRN-XXL");
  });
});
