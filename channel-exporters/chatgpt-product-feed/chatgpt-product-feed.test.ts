import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CatalogDefinitions } from "../../src/catalog/definitions.js";
import type { SourceProduct } from "../../src/catalog/read/source-products.js";
import { getRawValue } from "../../src/catalog/values/raw-values.js";
import type { FeedReport } from "../../src/feeds/write-feed.js";
import { offerExpectations, type ExpectedOffer } from "../../test/feeds/offer-expectations.js";
import {
  type DemoCatalog,
  expectEveryDemoProductAccountedFor,
  expectGolden,
  renderFeed,
  sourceProducts,
  startDemoCatalog,
} from "../../test/helpers/demo-feeds.js";
import { parseJsonLines } from "../../test/helpers/json-lines.js";
import { plainText } from "../shared/text-safety.js";
import { chatGptProductFeedExporter } from "./index.js";
import { chatGptAvailability, type ChatGptItem } from "./map.js";

describe("ChatGPT product feed (JSON Lines) of the demo catalog", () => {
  let demo: DemoCatalog;
  let text: string;
  let report: FeedReport;
  let items: ChatGptItem[];
  let sources: Map<string, SourceProduct>;
  let definitions: CatalogDefinitions;
  let expectedOffer: (source: SourceProduct) => ExpectedOffer;

  beforeAll(async () => {
    demo = await startDemoCatalog("chatgpt-product-feed");
    ({ text, report } = await renderFeed(demo.catalog, "chatgpt"));
    items = parseJsonLines<ChatGptItem>(text, `channels/${chatGptProductFeedExporter.itemSchema}`);
    sources = await sourceProducts(demo.catalog);
    definitions = await demo.catalog.definitions();
    expectedOffer = await offerExpectations(demo.catalog, "chatgpt");
  });
  afterAll(() => demo?.stop());

  const optionLabel = (attribute: string, code: unknown) => definitions.attributes.get(attribute)?.options.find((option) => option.code === code)?.labels.en_US;
  const itemOf = (sku: string) => items.find((item) => item.item_id === sku);

  it("matches the golden file", async () => {
    await expectGolden(text, new URL("golden/chatgpt.jsonl", import.meta.url).pathname);
  });

  it("writes every enabled product once, one line each, and reports the ones it left out", () => {
    expectEveryDemoProductAccountedFor(
      report,
      items.map((item) => item.item_id),
    );
    expect(items.length, JSON.stringify(report.problems.slice(0, 3))).toBe(57);
  });

  it("carries the source values field by field, in OpenAI's words", () => {
    for (const item of items) {
      const source = sources.get(item.item_id);
      if (!source) throw new Error(`feed line ${item.item_id} has no product`);
      const { price, stock } = expectedOffer(source);
      expect(item.price).toBe(`${price?.price} USD`);
      expect(item.sale_price).toBe(price?.salePrice ? `${price.salePrice} USD` : undefined);
      expect([item.sale_price_start_date === undefined, item.sale_price_end_date === undefined], item.item_id).toEqual([!price?.salePrice, !price?.salePrice]);
      expect(item.availability).toBe(chatGptAvailability[stock.availability]);
      expect(item.availability_date).toBe(stock.availabilityDate?.toISOString().replace(/\.000Z$/, "Z"));
      expect(item.title).toBe(getRawValue(source.values, "name", null, "en_US"));
      const description = getRawValue(source.values, "description", "chatgpt", "en_US") ?? getRawValue(source.values, "description", null, "en_US");
      expect(item.description).toBe(plainText(description as string));
      expect(item.brand).toBe(optionLabel("brand", getRawValue(source.values, "brand", null, null)));
      expect(item.gtin).toBe(getRawValue(source.values, "ean", null, null) ?? undefined);
      expect(item.url).toBe(getRawValue(source.values, "product_url", null, "en_US"));
      const [image] = (getRawValue(source.values, "images", null, null) as string[]).map((asset) => `https://shop.example.com/media/${asset}/chatgpt`);
      expect(item.image_url).toBe(image);
      expect(item.group_id).toBe(source.ancestry[0]?.code);
      expect(item.listing_has_variations).toBe(source.ancestry.length > 0);
    }
  });

  it("names each variant's colour and size, and groups the variants of one product", () => {
    expect(itemOf("NV-CREW-NAVY-S")).toMatchObject({ group_id: "tshirt_nordvik_crew", variant_dict: { Color: "Navy", Size: "S" } });
    expect(itemOf("VOL-X5-256-BLU")).toMatchObject({ group_id: "phone_voltra_x5", variant_dict: { Color: "Blue" }, availability: "pre_order" });
    expect(itemOf("VOL-CHG-65W")?.variant_dict).toBeUndefined();
  });

  it("takes the eligibility flags from the channel's values: search unless it says no, checkout only when it says yes and search allows it", () => {
    for (const item of items) {
      const source = sources.get(item.item_id) as SourceProduct;
      const search = (getRawValue(source.values, "search_eligible", "chatgpt", null) as boolean | null) ?? true;
      const checkout = (getRawValue(source.values, "checkout_eligible", "chatgpt", null) as boolean | null) ?? false;
      expect(item.is_eligible_search, item.item_id).toBe(search);
      expect(item.is_eligible_checkout, item.item_id).toBe(search && checkout);
    }
    const flagsOf = (sku: string) => [itemOf(sku)?.is_eligible_search, itemOf(sku)?.is_eligible_checkout];
    expect(flagsOf("NV-CREW-WHT-M")).toEqual([true, true]);
    expect(flagsOf("PKL-ARCTIC-BLK-M")).toEqual([true, false]);
    expect(flagsOf("VOL-X4-REF-128")).toEqual([false, false]);
    expect(flagsOf("CLM-CLOCK-WALL-OAK")).toEqual([false, false]);
    expect(items.filter((item) => item.is_eligible_checkout).length).toBeGreaterThan(10);
    expect(items.filter((item) => !item.is_eligible_checkout).length).toBeGreaterThan(10);
  });

  it("reports the product that asked for checkout without search eligibility, and nothing else", () => {
    expect(report.problems.map((p) => [p.sku, p.severity, p.field])).toEqual([["CLM-CLOCK-WALL-OAK", "warning", "is_eligible_checkout"]]);
  });

  it("writes the merchant's details from the channel's options on every line", () => {
    for (const item of items) {
      expect(item).toMatchObject({
        seller_name: "Demo Store",
        seller_url: "https://shop.example.com/",
        seller_privacy_policy: "https://shop.example.com/en_US/privacy",
        seller_tos: "https://shop.example.com/en_US/terms",
        return_policy: "https://shop.example.com/en_US/returns",
        return_deadline_in_days: 30,
        target_countries: ["US"],
        store_country: "PL",
      });
    }
  });
});
