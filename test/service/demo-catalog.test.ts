import { access } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCatalogDir, loadDemoCatalog } from "../../src/demo/demo-catalog.js";
import { startTestService, type TestService } from "../helpers/test-service.js";

let service: TestService;
beforeAll(async () => {
  service = await startTestService("demo-catalog", { seedDemo: true });
});
afterAll(async () => service?.stop());

interface ProductsPage {
  products: {
    totalCount: number;
    edges: Array<{
      node: {
        sku: string;
        familyCode: string;
        en: string;
        pl: string;
        ru: string;
        offer: { prices: Array<{ currency: string }>; availability: string; availabilityDate: string | null; sellableQuantity: number };
        images: { data: string[] } | null;
      };
    }>;
  };
}

describe("the demo catalog", () => {
  it("is loaded on first start into the empty database and is realistic", async () => {
    const { data, errors } = await service.gql<ProductsPage>(`{
      products(first: 500) {
        totalCount
        edges { node {
          sku familyCode
          en: label(locale: "en_US") pl: label(locale: "pl_PL") ru: label(locale: "ru_RU")
          offer { prices { currency } availability availabilityDate sellableQuantity }
          images: value(attribute: "images") { data }
        } }
      }
    }`);
    expect(errors).toBeUndefined();
    const products = data.products.edges.map((e) => e.node);
    expect(data.products.totalCount).toBeGreaterThanOrEqual(40);
    expect(new Set(products.map((p) => p.familyCode)).size).toBeGreaterThanOrEqual(3);
    for (const product of products) {
      expect(product.en, product.sku).not.toBe(product.sku);
      expect(product.pl, product.sku).not.toBe(product.en);
      expect(product.ru, product.sku).toMatch(/[А-Яа-яЁё]/);
    }
    const currencies = new Set(products.flatMap((p) => p.offer.prices.map((price) => price.currency)));
    expect([...currencies].sort()).toEqual(["EUR", "PLN", "RUB", "USD"]);
    for (const product of products) expect(product.offer.prices.length, product.sku).toBeGreaterThan(0);
    const availability = (word: string) => products.filter((p) => p.offer.availability === word);
    expect(availability("IN_STOCK").length).toBeGreaterThan(40);
    expect(
      availability("OUT_OF_STOCK")
        .map((p) => p.sku)
        .sort(),
    ).toEqual(["CLM-VASE-GLASS-30", "NV-CREW-BLK-M", "SON-STUDIO-ANC-BLK"]);
    expect(availability("BACKORDER").map((p) => [p.sku, p.offer.availabilityDate])).toEqual([["KES-PRO16-1TB", "2026-12-15T09:00:00.000Z"]]);
    expect(availability("PREORDER").map((p) => [p.sku, p.offer.availabilityDate])).toEqual([["VOL-X5-256-BLU", "2027-01-20T08:00:00.000Z"]]);
    const images = new Set(products.flatMap((p) => p.images?.data ?? []));
    expect(images.size).toBeGreaterThan(10);
    // Each picture went through the media pipeline: the value is the asset id, the asset remembers the fixture file.
    for (const image of images) {
      const asset = await service.media.asset(image);
      expect(asset, image).not.toBeNull();
      await access(join(demoCatalogDir, "images", asset?.originalName ?? ""));
    }
  });

  it("has a category tree, channels with different requirements and some incomplete products", async () => {
    const { data } = await service.gql<{
      categories: Array<{ code: string; parent: string | null }>;
      channels: Array<{ code: string }>;
      incomplete: { totalCount: number };
      complete: { totalCount: number };
    }>(`{
      categories { code parent }
      channels { code }
      incomplete: products(filter: { completeness: { channel: "google_shopping", locale: "en_US", min: 0 } }) { totalCount }
      complete: products(filter: { completeness: { channel: "google_shopping", locale: "en_US", min: 100 } }) { totalCount }
    }`);
    expect(data.categories.filter((c) => c.parent === null).length).toBeGreaterThanOrEqual(1);
    expect(data.categories.filter((c) => c.parent !== null).length).toBeGreaterThan(5);
    expect(data.channels.length).toBeGreaterThanOrEqual(2);
    expect(data.complete.totalCount).toBeLessThan(data.incomplete.totalCount);
    expect(data.complete.totalCount).toBeGreaterThan(0);
  });

  it("loads idempotently: loading again changes nothing", async () => {
    const before = await service.gql<{ products: { totalCount: number } }>("{ products { totalCount } }");
    const report = await loadDemoCatalog(service.catalog, service.media);
    expect(report.products.created).toBe(0);
    expect(report.products.updated).toBe(0);
    expect(report.products.unchanged).toBe(before.data.products.totalCount);
    const after = await service.gql<{ products: { totalCount: number } }>("{ products { totalCount } }");
    expect(after.data.products.totalCount).toBe(before.data.products.totalCount);
    const history = await service.gql<{ productHistory: unknown[] }>(`{ productHistory(sku: "BL-WRAP-BLU-L") { version } }`);
    expect(history.data.productHistory).toHaveLength(1);
  });
});
