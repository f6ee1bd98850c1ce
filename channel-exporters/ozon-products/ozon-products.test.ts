import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SourceProduct } from "../../src/catalog/read/source-products.js";
import { getRawValue } from "../../src/catalog/values/raw-values.js";
import type { FeedReport } from "../../src/feeds/write-feed.js";
import { staticSchemaValidator } from "../../src/validation/json-schemas.js";
import { offerExpectations, type ExpectedOffer } from "../../test/feeds/offer-expectations.js";
import {
  type DemoCatalog,
  expectEveryDemoProductAccountedFor,
  expectGolden,
  renderFeed,
  sourceProducts,
  startDemoCatalog,
} from "../../test/helpers/demo-feeds.js";
import { plainText } from "../shared/text-safety.js";
import { ozonProductsExporter } from "./index.js";
import type { OzonProduct } from "./map.js";

const channels = JSON.parse(await readFile(new URL("../../fixtures/demo-catalog/channels.json", import.meta.url), "utf8")) as Array<{
  code: string;
  export?: { categories: Record<string, string> };
}>;
const categoryMapping = channels.find((c) => c.code === "ozon")?.export?.categories ?? {};

/** Millimetres and grams per PIM unit, written out here so a wrong factor in the exporter's conversion shows. */
const millimetresPer: Record<string, number> = { MILLIMETER: 1, CENTIMETER: 10, METER: 1000, INCH: 25.4 };
const gramsPer: Record<string, number> = { MILLIGRAM: 0.001, GRAM: 1, KILOGRAM: 1000, OUNCE: 28.349523125, POUND: 453.59237 };

/** A package measure as Ozon must get it: whole units, never rounded below what the product measures. */
function packageMeasure(source: SourceProduct, attribute: string, per: Record<string, number>): number | undefined {
  const value = getRawValue(source.values, attribute, null, null) as { amount: string; unit: string } | undefined;
  return value ? Math.ceil(Number((Number(value.amount) * (per[value.unit] as number)).toFixed(6))) : undefined;
}

describe("Ozon product import bodies of the demo catalog", () => {
  let demo: DemoCatalog;
  let json: string;
  let report: FeedReport;
  let products: OzonProduct[];
  let sources: Map<string, SourceProduct>;
  let expectedOffer: (source: SourceProduct) => ExpectedOffer;

  beforeAll(async () => {
    demo = await startDemoCatalog("ozon-products");
    ({ text: json, report } = await renderFeed(demo.catalog, "ozon"));
    products = (JSON.parse(json) as { items: OzonProduct[] }).items;
    sources = await sourceProducts(demo.catalog);
    expectedOffer = await offerExpectations(demo.catalog, "ozon");
  });
  afterAll(() => demo?.stop());

  it("matches the golden file", async () => {
    await expectGolden(json, new URL("golden/ozon.json", import.meta.url).pathname);
  });

  it("is one /v3/product/import body within Ozon's 100 products, each product passing the item schema", () => {
    const validateBody = staticSchemaValidator("channels/ozon-products.body.schema.json");
    expect(validateBody(JSON.parse(json)), JSON.stringify(validateBody.errors?.slice(0, 3))).toBe(true);
    expect(products.length).toBeLessThanOrEqual(ozonProductsExporter.parts?.maxItems as number);
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(ozonProductsExporter.parts?.maxBytes as number);
  });

  it("writes every enabled product once and reports the ones it left out", () => {
    expectEveryDemoProductAccountedFor(
      report,
      products.map((p) => p.offer_id),
    );
    expect(products.length, JSON.stringify(report.problems.slice(0, 3))).toBeGreaterThan(15);
  });

  it("refuses a product without its package size, naming the attribute it lacks", () => {
    // The demo's clothes have a weight but no package dimensions, which Ozon will not create a product without.
    expect(products.map((p) => p.offer_id)).not.toContain("NV-CREW-NAVY-S");
    expect(report.problems.filter((p) => p.sku === "NV-CREW-NAVY-S").map((p) => `${p.severity} ${p.field}: ${p.reason}`)).toEqual([
      "error depth,width,height: no value in attribute depth, width, height; Ozon creates no product without its real package size and weight",
    ]);
    // No RUB price in the offer: refused for want of a price.
    expect(report.problems.filter((p) => p.sku === "KES-SLV-14-GRY" && p.severity === "error").map((p) => p.reason)).toEqual([
      expect.stringContaining("price"),
      expect.stringContaining("old_price"),
    ]);
  });

  it("carries the source values field by field, in Ozon's units and words", () => {
    for (const product of products) {
      const source = sources.get(product.offer_id);
      if (!source) throw new Error(`product ${product.offer_id} has no source`);
      const { price } = expectedOffer(source);
      expect(product.price).toBe(price?.salePrice ?? price?.price);
      expect(product.old_price).toBe(price?.salePrice ? price.price : "0");
      expect([product.currency_code, product.vat]).toEqual(["RUB", "0.22"]);
      expect(product.name).toBe(getRawValue(source.values, "name", null, "ru_RU"));
      const description = getRawValue(source.values, "description", "ozon", "ru_RU") as string | undefined;
      const attribute = (id: number) => product.attributes?.find((a) => a.id === id)?.values;
      expect(attribute(4191) ?? null).toEqual(description ? [{ value: plainText(description) }] : null);
      expect(attribute(9048) ?? null).toEqual(source.ancestry[0] ? [{ value: source.ancestry[0].code }] : null);
      expect(product.barcode).toBe(getRawValue(source.values, "ean", null, null));
      const [image, ...moreImages] = (getRawValue(source.values, "images", null, null) as string[]).map(
        (asset) => `https://shop.example.com/media/${asset}/ozon`,
      );
      expect(product.primary_image).toBe(image);
      expect(product.images ?? []).toEqual(moreImages);
      const mapped = source.categories.map((c) => categoryMapping[c]).filter(Boolean);
      expect(mapped).toContain(`${product.description_category_id}/${product.type_id}`);
      expect([product.depth, product.width, product.height, product.dimension_unit]).toEqual([
        packageMeasure(source, "depth", millimetresPer),
        packageMeasure(source, "width", millimetresPer),
        packageMeasure(source, "height", millimetresPer),
        "mm",
      ]);
      expect([product.weight, product.weight_unit]).toEqual([packageMeasure(source, "weight", gramsPer), "g"]);
      expect(ozonProductsExporter.customerView(product)).toEqual({
        title: product.name,
        description: description ? plainText(description) : null,
        price: { amount: price?.price, currency: "RUB" },
        salePrice: price?.salePrice ? { amount: price.salePrice, currency: "RUB" } : null,
        availability: null,
        image,
        notCarried: ["availability"],
      });
    }
  });

  it("sends brand, seller code and colour as Ozon attributes, a mapped colour by its dictionary id", () => {
    const charger = products.find((p) => p.offer_id === "VOL-CHG-65W");
    expect(charger?.attributes?.find((a) => a.id === 85)).toEqual({ id: 85, complex_id: 0, values: [{ value: "Voltra" }] });
    const grey = products.filter((p) => p.attributes?.some((a) => a.id === 10096 && a.values.some((v) => v.value === "Серый")));
    expect(grey.length).toBeGreaterThan(0);
    for (const product of grey) expect(product.attributes?.find((a) => a.id === 10096)?.values).toEqual([{ dictionary_value_id: 61576, value: "Серый" }]);
  });

  it("merges the variants of one model into one card by their shared model name", () => {
    const phones = products.filter((p) => p.offer_id.startsWith("VOL-X5-256-"));
    expect(phones.length).toBe(3);
    for (const phone of phones) expect(phone.attributes?.find((a) => a.id === 9048)?.values).toEqual([{ value: "phone_voltra_x5" }]);
  });
});
