import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SourceProduct } from "../../src/catalog/read/source-products.js";
import { getRawValue } from "../../src/catalog/values/raw-values.js";
import { ExportRun } from "../../src/feeds/export-run.js";
import type { FeedReport } from "../../src/feeds/write-feed.js";
import { staticSchemaValidator } from "../../src/validation/json-schemas.js";
import { offerExpectations, type ExpectedOffer } from "../../test/feeds/offer-expectations.js";
import {
  type DemoCatalog,
  expectEveryDemoProductAccountedFor,
  expectGolden,
  goldenDate,
  renderFeed,
  sourceProducts,
  startDemoCatalog,
} from "../../test/helpers/demo-feeds.js";
import { pinterestAvailability } from "../pinterest-catalog/map.js";
import { plainText } from "../shared/text-safety.js";
import { pinterestItemsBatchExporter } from "./index.js";
import { type PinterestBatchItem, pinterestRowOf } from "./map.js";

interface BatchBody {
  country: string;
  language: string;
  operation: string;
  items: PinterestBatchItem[];
}

describe("Pinterest items batch body of the demo catalog", () => {
  let demo: DemoCatalog;
  let json: string;
  let report: FeedReport;
  let body: BatchBody;
  let sources: Map<string, SourceProduct>;
  let expectedOffer: (source: SourceProduct) => ExpectedOffer;

  beforeAll(async () => {
    demo = await startDemoCatalog("pinterest-items-batch");
    ({ text: json, report } = await renderFeed(demo.catalog, "pinterest_api"));
    body = JSON.parse(json) as BatchBody;
    sources = await sourceProducts(demo.catalog);
    expectedOffer = await offerExpectations(demo.catalog, "pinterest_api");
  });
  afterAll(() => demo?.stop());

  it("matches the golden file", async () => {
    await expectGolden(json, new URL("golden/pinterest_api.json", import.meta.url).pathname);
  });

  it("is one UPSERT batch for the channel's country and language, within 1,000 items, each passing the item schema", () => {
    const validateBody = staticSchemaValidator("channels/pinterest-items-batch.body.schema.json");
    expect(validateBody(body), JSON.stringify(validateBody.errors?.slice(0, 3))).toBe(true);
    expect([body.country, body.language, body.operation]).toEqual(["US", "en-US", "UPSERT"]);
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(pinterestItemsBatchExporter.parts?.maxBytes as number);
  });

  it("writes every enabled product once and reports the ones it left out", () => {
    expectEveryDemoProductAccountedFor(
      report,
      body.items.map((item) => item.item_id),
    );
    expect(body.items.length, JSON.stringify(report.problems.slice(0, 3))).toBeGreaterThan(40);
  });

  it("carries the source values field by field, in Pinterest's words", () => {
    for (const { item_id, attributes } of body.items) {
      const source = sources.get(item_id);
      if (!source) throw new Error(`item ${item_id} has no product`);
      const { price, stock } = expectedOffer(source);
      expect(attributes.price).toBe(`${price?.price} USD`);
      expect(attributes.sale_price).toBe(price?.salePrice ? `${price.salePrice} USD` : undefined);
      expect(attributes.availability).toBe(pinterestAvailability[stock.availability]);
      expect(attributes.title).toBe(getRawValue(source.values, "name", null, "en_US"));
      expect(attributes.description).toBe(plainText(getRawValue(source.values, "description", "pinterest_api", "en_US") as string));
      const [image] = (getRawValue(source.values, "images", null, null) as string[]).map((asset) => `https://shop.example.com/media/${asset}/pinterest`);
      expect(attributes.image_link).toEqual([image]);
      expect(attributes.item_group_id).toBe(source.ancestry[0]?.code);
    }
  });

  it("maps each product exactly as the catalog feed does for the same settings", async () => {
    const feedRun = await ExportRun.prepare("pinterest", demo.catalog, goldenDate);
    for (const item of body.items) {
      const outcome = await feedRun.mapProduct(sources.get(item.item_id) as SourceProduct);
      if (outcome.status !== "mapped") throw new Error(`${item.item_id} is ${outcome.status} in the catalog feed`);
      expect(pinterestRowOf(item)).toEqual(outcome.items[0]);
      expect(pinterestItemsBatchExporter.customerView(item)).toEqual(feedRun.exporter.customerView(outcome.items[0]));
    }
  });
});
