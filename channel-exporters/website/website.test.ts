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
import { allowedHtml, plainText } from "../shared/text-safety.js";
import type { WebsiteItem } from "./map.js";
import { lastSaleDay } from "../shared/fit.js";
import { descriptionTags } from "./map.js";
import { offerExpectations, type ExpectedOffer } from "../../test/feeds/offer-expectations.js";

type Node = Record<string, unknown> & { offers?: Record<string, unknown> };

describe("website product documents of the demo catalog", () => {
  let demo: DemoCatalog;
  let text: string;
  let report: FeedReport;
  let document: { channel: string; generatedAt: string; locale: string; currency: string; products: WebsiteItem[] };
  let sources: Map<string, SourceProduct>;

  beforeAll(async () => {
    demo = await startDemoCatalog("website");
    ({ text, report } = await renderFeed(demo.catalog, "ecommerce"));
    document = JSON.parse(text) as typeof document;
    sources = await sourceProducts(demo.catalog);
    expectedOffer = await offerExpectations(demo.catalog, "ecommerce");
  });
  afterAll(() => demo?.stop());

  let expectedOffer: (source: SourceProduct) => ExpectedOffer;
  /** The schema.org Offer of the document's own product: in its Product, or in its ProductGroup's first variant. */
  const offerNode = (item: WebsiteItem) => {
    const jsonLd = item.jsonLd as { offers?: Node; hasVariant?: Array<{ offers?: Node }> };
    return (jsonLd.offers ?? jsonLd.hasVariant?.[0]?.offers ?? {}) as Node;
  };
  const sourceOf = (item: WebsiteItem) => {
    const source = sources.get(item.sku);
    if (!source) throw new Error(`document ${item.sku} has no product`);
    return source;
  };

  it("matches the golden file", async () => {
    await expectGolden(text, new URL("golden/ecommerce.json", import.meta.url).pathname);
  });

  it("is one JSON document with the run's header, safe to inline in a <script> element", () => {
    expect(document).toMatchObject({ channel: "ecommerce", generatedAt: goldenDate.toISOString(), locale: "en-US", currency: "EUR" });
    expect(text).not.toMatch(/[<>&]/);
    expect(document.products.some((p) => p.description?.includes("<p>"))).toBe(true);
  });

  it("writes every enabled product once and reports the ones it left out", () => {
    const ids = document.products.map((p) => p.id);
    expectEveryDemoProductAccountedFor(report, ids);
  });

  it("carries the source values field by field", () => {
    for (const item of document.products) {
      const source = sourceOf(item);
      expect(item.id).toBe(source.sku);
      expect(item.title).toBe(plainText(getRawValue(source.values, "name", null, "en_US") as string));
      expect(item.description).toBe(allowedHtml(getRawValue(source.values, "description", "ecommerce", "en_US") as string, descriptionTags));
      const { price, stock } = expectedOffer(source);
      expect(item.price).toEqual({ amount: price?.price, currency: "EUR" });
      expect(item.salePrice ?? null).toEqual(price?.salePrice ? { amount: price.salePrice, currency: "EUR" } : null);
      expect(offerNode(item).priceValidUntil ?? null).toBe(price?.promotion ? lastSaleDay(price.promotion.endsAt) : null);
      expect(item.gtin ?? null).toBe((getRawValue(source.values, "ean", null, null) as string | undefined) ?? null);
      expect(item.mpn ?? null).toBe((getRawValue(source.values, "mpn", null, null) as string | undefined) ?? null);
      expect(item.images).toEqual(
        (getRawValue(source.values, "images", null, null) as string[]).map((asset) => `https://shop.example.com/media/${asset}/web_1600`),
      );
      expect(item.groupId ?? null).toBe(source.ancestry[0]?.code ?? null);
      expect(item.availability).toBe(stock.availability);
      expect(item.attributes.map((a) => a.code)).not.toContain("description");
    }
  });

  it("dates a sale price by the last day its promotion holds", () => {
    expect(lastSaleDay("2026-11-08T23:59:59+01:00")).toBe("2026-11-08");
    expect(lastSaleDay("2030-01-01T00:00:00+01:00")).toBe("2029-12-31");
    expect(lastSaleDay("2026-03-01T00:00Z")).toBe("2026-02-28");
    const cushion = document.products.find((p) => p.sku === "BAL-CUSHION-45-BEI") as WebsiteItem;
    expect(offerNode(cushion)).toMatchObject({
      price: 19.54,
      priceValidUntil: "2029-12-31",
      priceSpecification: { priceType: "https://schema.org/StrikethroughPrice", price: 22.99 },
    });
  });

  it("gives a simple product a schema.org Product with its offer", () => {
    const item = document.products.find((p) => p.sku === "CLM-CLOCK-WALL-OAK") as WebsiteItem;
    const jsonLd = item.jsonLd as Node;
    expect(jsonLd["@context"]).toBe("https://schema.org");
    expect(jsonLd["@type"]).toBe("Product");
    expect(jsonLd).toMatchObject({
      sku: item.sku,
      name: item.title,
      image: item.images,
      gtin13: item.gtin,
      mpn: item.mpn,
      brand: { "@type": "Brand", name: item.brand },
    });
    expect(jsonLd.offers).toEqual({
      "@type": "Offer",
      url: item.url,
      price: Number(item.price?.amount),
      priceCurrency: "EUR",
      availability: "https://schema.org/InStock",
      itemCondition: "https://schema.org/NewCondition",
    });
    expect(jsonLd.description).toBe(plainText(item.description as string));
  });

  it("gives a variant a ProductGroup with Google's item_group_id, schema.org axes and every sibling", () => {
    for (const item of document.products.filter((p) => p.groupId)) {
      const jsonLd = item.jsonLd as Node & { hasVariant: Node[] };
      expect(jsonLd["@type"]).toBe("ProductGroup");
      expect(jsonLd.productGroupID).toBe(item.groupId);
      const siblings = [...sources.values()].filter((s) => s.enabled && s.ancestry[0]?.code === item.groupId).map((s) => s.sku);
      expect(jsonLd.hasVariant).toHaveLength(siblings.length);
      const [self, ...others] = jsonLd.hasVariant;
      expect(self).toMatchObject({ "@type": "Product", sku: item.sku, offers: { url: item.url, price: Number((item.salePrice ?? item.price)?.amount) } });
      expect(item.url).toContain(`variant=${encodeURIComponent(item.sku)}`);
      expect(others.map((o) => new URL(o.url as string).searchParams.get("variant")).sort()).toEqual(siblings.filter((s) => s !== item.sku).sort());
    }
    const tee = document.products.find((p) => p.sku === "NV-CREW-NAVY-S") as WebsiteItem;
    expect((tee.jsonLd as Node).variesBy).toEqual(["https://schema.org/color", "https://schema.org/size"]);
    expect(tee.variantAxes.map((a) => [a.code, a.value])).toEqual([
      ["color", "Navy"],
      ["size", "S"],
    ]);
    expect((tee.jsonLd as Node & { hasVariant: Node[] }).hasVariant[0]).toMatchObject({ color: "Navy", size: "S" });
    const parka = document.products.find((p) => p.sku === "PKL-ARCTIC-GRN-L") as WebsiteItem;
    expect(JSON.stringify(parka.jsonLd)).not.toContain("PKL-ARCTIC-GRN-XXL");
  });
});
