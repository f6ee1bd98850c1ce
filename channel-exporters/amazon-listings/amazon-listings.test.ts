import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { getRawValue, setRawValue } from "../../src/catalog/values/raw-values.js";
import { ExportRun } from "../../src/feeds/export-run.js";
import type { SourceProduct } from "../../src/catalog/read/source-products.js";
import type { FeedReport } from "../../src/feeds/write-feed.js";
import { ajv, staticSchemaValidator } from "../../src/validation/json-schemas.js";
import { expectGolden, goldenDate, renderFeed, sourceProducts, startDemoCatalog, type DemoCatalog } from "../../test/helpers/demo-feeds.js";
import { plainText } from "../shared/text-safety.js";
import { amazonListingsExporter } from "./index.js";
import { offerExpectations, type ExpectedOffer } from "../../test/feeds/offer-expectations.js";
import type { AmazonMessage } from "./map.js";
import { maxFeedBytes, maxMessagesPerFeed, renderAmazonFeed } from "./render.js";

type FeedMessage = AmazonMessage & { messageId: number };
interface ListingsFeed {
  header: { sellerId: string; version: string; issueLocale: string };
  messages: FeedMessage[];
}

/**
 * Amazon's JSON_LISTINGS_FEED v2 envelope (amzn/selling-partner-api-models, schemas/feeds/listings-feed-schema-v2.json,
 * draft-07), restated for the UPDATE messages this exporter writes, because the published file is not part of the repository.
 */
const listingsFeedEnvelope = {
  type: "object",
  required: ["header", "messages"],
  properties: {
    header: {
      type: "object",
      required: ["sellerId", "version"],
      properties: { sellerId: { type: "string" }, version: { type: "string", const: "2.0" }, issueLocale: { type: "string" } },
    },
    messages: {
      type: "array",
      minItems: 1,
      maxItems: 25000,
      items: {
        type: "object",
        required: ["messageId", "sku", "operationType", "productType", "attributes"],
        properties: {
          messageId: { type: "integer", minimum: 1, maximum: 2147483647 },
          sku: { type: "string", minLength: 1 },
          operationType: { type: "string", const: "UPDATE" },
          productType: { type: "string", minLength: 1 },
          requirements: { type: "string", enum: ["LISTING", "LISTING_PRODUCT_ONLY", "LISTING_OFFER_ONLY"] },
          attributes: { type: "object", minProperties: 1 },
          patches: false,
        },
      },
    },
  },
};

/** A whole rendered feed from its chunks. */
async function textOf(chunks: AsyncIterable<string>): Promise<string> {
  return ((await Readable.from(chunks).toArray()) as string[]).join("");
}

describe("Amazon JSON_LISTINGS_FEED of the demo catalog", () => {
  let demo: DemoCatalog;
  let json: string;
  let report: FeedReport;
  let feed: ListingsFeed;
  let sources: Map<string, SourceProduct>;
  let expectedOffer: (source: SourceProduct) => ExpectedOffer;

  beforeAll(async () => {
    demo = await startDemoCatalog("amazon-listings");
    ({ text: json, report } = await renderFeed(demo.catalog, "amazon"));
    feed = JSON.parse(json) as ListingsFeed;
    sources = await sourceProducts(demo.catalog);
    expectedOffer = await offerExpectations(demo.catalog, "amazon");
  });
  afterAll(() => demo?.stop());

  const parents = () => feed.messages.filter((m) => m.attributes.parentage_level?.[0]?.value === "parent");
  const listings = () => feed.messages.filter((m) => m.attributes.parentage_level?.[0]?.value !== "parent");

  it("matches the golden file", async () => {
    await expectGolden(json, new URL("golden/amazon.json", import.meta.url).pathname);
  });

  it("is a listings feed envelope whose messages are numbered in order and each pass the item schema", () => {
    const validateEnvelope = ajv.compile(listingsFeedEnvelope);
    expect(validateEnvelope(feed), JSON.stringify(validateEnvelope.errors)).toBe(true);
    expect(feed.header).toEqual({ sellerId: "A1DEMOSELLER", version: "2.0", issueLocale: "en_US" });
    expect(feed.messages.map((m) => m.messageId)).toEqual(feed.messages.map((_, i) => i + 1));
    const validateItem = staticSchemaValidator("channels/amazon-listings.item.schema.json");
    for (const { messageId: _, ...item } of feed.messages) expect(validateItem(item), `${item.sku}: ${JSON.stringify(validateItem.errors)}`).toBe(true);
  });

  it("writes every enabled product once, plus one parent per variant group", () => {
    const skus = listings().map((m) => m.sku);
    expect(new Set(skus).size).toBe(skus.length);
    expect(report.productsRead).toBe(60);
    expect(report.productsDisabled).toBe(3);
    expect(report.productsExcluded).toBe(0);
    expect(report.itemsRejected).toBe(0);
    expect(skus.length).toBe(57);
    expect(
      parents()
        .map((m) => m.sku)
        .sort(),
    ).toEqual(["dress_baltica_linen_midi", "jacket_peakline_parka", "phone_voltra_x5", "tshirt_nordvik_crew", "tshirt_nordvik_organic_vneck"]);
    expect(report.itemsWritten).toBe(feed.messages.length);
  });

  it("carries the source values field by field", () => {
    for (const message of listings()) {
      const source = sources.get(message.sku);
      if (!source) throw new Error(`message ${message.sku} has no product`);
      const { attributes } = message;
      const { price, stock } = expectedOffer(source);
      expect(attributes.purchasable_offer?.[0]?.our_price[0]?.schedule[0]?.value_with_tax).toBe(Number(price?.price));
      const discount = price?.promotion
        ? [{ schedule: [{ value_with_tax: Number(price.salePrice), start_at: price.promotion.startsAt, end_at: price.promotion.endsAt }] }]
        : undefined;
      expect(attributes.purchasable_offer?.[0]?.discounted_price).toEqual(discount);
      const ean = getRawValue(source.values, "ean", null, null) as string | undefined;
      if (ean) expect(attributes.externally_assigned_product_identifier).toEqual([{ type: "ean", value: ean, marketplace_id: "ATVPDKIKX0DER" }]);
      else expect(attributes.supplier_declared_has_product_identifier_exemption).toEqual([{ value: true, marketplace_id: "ATVPDKIKX0DER" }]);
      expect(attributes.item_name).toEqual([
        { value: getRawValue(source.values, "name", null, "en_US"), language_tag: "en_US", marketplace_id: "ATVPDKIKX0DER" },
      ]);
      expect(attributes.product_description?.[0]?.value).toBe(plainText(getRawValue(source.values, "description", "amazon", "en_US") as string));
      expect(attributes.bullet_point?.[0]?.value).toBe(getRawValue(source.values, "short_description", "amazon", "en_US"));
      const [image, ...moreImages] = getRawValue(source.values, "images", null, null) as string[];
      expect(attributes.main_product_image_locator?.[0]?.media_location).toBe(`https://shop.example.com/media/${image}/amazon_main`);
      expect(Object.keys(attributes).filter((name) => name.startsWith("other_product_image_locator_"))).toHaveLength(moreImages.length);
      expect(attributes.child_parent_sku_relationship?.[0]?.parent_sku ?? null).toBe(source.ancestry[0]?.code ?? null);
      expect(attributes.fulfillment_availability?.[0]?.quantity).toBe(stock.sellableQuantity);
      expect(attributes.fulfillment_availability?.[0]?.restock_date ?? null).toBe(stock.availabilityDate?.toISOString().slice(0, 10) ?? null);
      expect(amazonListingsExporter.customerView(message)).toMatchObject({
        price: { amount: price?.price, currency: "USD" },
        salePrice: price?.salePrice ? { amount: price.salePrice, currency: "USD" } : null,
        availability: stock.availability === "preorder" ? "backorder" : stock.availability,
      });
    }
  });

  it("sends a variation parent once, before its first child, without an offer of its own", () => {
    for (const parent of parents()) {
      const children = feed.messages.filter((m) => m.attributes.child_parent_sku_relationship?.[0]?.parent_sku === parent.sku);
      expect(children.length).toBeGreaterThan(0);
      expect(parent.messageId).toBeLessThan(Math.min(...children.map((c) => c.messageId)));
      expect(Object.keys(parent.attributes).sort()).toEqual([
        "brand",
        "bullet_point",
        "item_name",
        "item_type_keyword",
        "parentage_level",
        "product_description",
        "supplier_declared_dg_hz_regulation",
        "variation_theme",
      ]);
      for (const child of children) expect(child.attributes.variation_theme).toEqual(parent.attributes.variation_theme);
      expect(amazonListingsExporter.customerView(parent)).toBeNull();
    }
    const theme = (sku: string) => feed.messages.find((m) => m.sku === sku)?.attributes.variation_theme?.[0]?.name;
    expect(theme("tshirt_nordvik_crew")).toBe("COLOR/SIZE");
    expect(theme("phone_voltra_x5")).toBe("COLOR");
  });

  it("classifies every message by the item type keyword the channel maps its category to, and declares no dangerous goods", () => {
    const keyword = (sku: string) => feed.messages.find((m) => m.sku === sku)?.attributes.item_type_keyword;
    expect(keyword("VOL-X4-REF-128")).toEqual([{ value: "cellular-phones", marketplace_id: "ATVPDKIKX0DER" }]);
    expect(keyword("tshirt_nordvik_crew")).toEqual([{ value: "t-shirts", marketplace_id: "ATVPDKIKX0DER" }]);
    expect(keyword("GLK-MUG-350-WHT")).toEqual([{ value: "kitchen-utensils-and-gadgets", marketplace_id: "ATVPDKIKX0DER" }]);
    for (const message of feed.messages) {
      expect(message.attributes.item_type_keyword, message.sku).toHaveLength(1);
      expect(message.attributes.supplier_declared_dg_hz_regulation).toEqual([{ value: "not_applicable", marketplace_id: "ATVPDKIKX0DER" }]);
    }
  });

  it("speaks Amazon's words for condition and country of origin", () => {
    const refurbished = feed.messages.find((m) => m.sku === "VOL-X4-REF-128");
    expect(refurbished?.attributes.condition_type).toEqual([{ value: "refurbished_refurbished", marketplace_id: "ATVPDKIKX0DER" }]);
    expect(feed.messages.find((m) => m.sku === "VOL-CHG-65W")?.attributes.country_of_origin).toEqual([{ value: "PL", marketplace_id: "ATVPDKIKX0DER" }]);
  });

  describe("feeds cut into parts", () => {
    const withoutIds = () => feed.messages.map(({ messageId: _, ...message }) => message as AmazonMessage);
    const documentOf = async (messages: Iterable<AmazonMessage>) => {
      const text = await textOf(renderAmazonFeed(Readable.from(messages), run.context));
      return { bytes: Buffer.byteLength(text), feed: JSON.parse(text) as ListingsFeed };
    };
    let run: ExportRun;
    beforeAll(async () => {
      run = await ExportRun.prepare("amazon", demo.catalog, goldenDate);
    });

    it("renders every part as a whole feed document, its messages numbered from 1", async () => {
      const messages = withoutIds();
      const half = Math.ceil(messages.length / 2);
      const parts = [await documentOf(messages.slice(0, half)), await documentOf(messages.slice(half))];
      const validateEnvelope = ajv.compile(listingsFeedEnvelope);
      for (const part of parts) {
        expect(validateEnvelope(part.feed), JSON.stringify(validateEnvelope.errors)).toBe(true);
        expect(part.feed.header).toEqual(feed.header);
        expect(part.feed.messages.map((m) => m.messageId)).toEqual(part.feed.messages.map((_, i) => i + 1));
      }
      expect(parts.flatMap((part) => part.feed.messages.map((m) => m.sku))).toEqual(messages.map((m) => m.sku));
    });

    it("declares parts whose fullest document, the most messages of the most bytes the limits allow, stays under 10 MiB", async () => {
      const limits = amazonListingsExporter.parts;
      if (!limits) throw new Error("the Amazon exporter declares no part limits");
      expect(limits.maxItems).toBe(maxMessagesPerFeed);
      // Each item's own JSON is as long as the byte limit allows for that many: every id and separator counts.
      const itemBytes = Math.floor(limits.maxBytes / limits.maxItems);
      const item = (i: number, value = ""): AmazonMessage => ({
        sku: `SKU-${String(i).padStart(5, "0")}`,
        operationType: "UPDATE",
        productType: "PRODUCT",
        requirements: "LISTING",
        attributes: { item_name: [{ value, language_tag: "en_US", marketplace_id: "ATVPDKIKX0DER" }] },
      });
      const padded = (i: number) => item(i, "x".repeat(itemBytes - Buffer.byteLength(JSON.stringify(item(i)))));
      const items = Array.from({ length: limits.maxItems }, (_, i) => padded(i));
      const itemsBytes = items.reduce((sum, message) => sum + Buffer.byteLength(JSON.stringify(message)), 0);
      expect(itemsBytes).toBeLessThanOrEqual(limits.maxBytes);
      expect(limits.maxBytes - itemsBytes).toBeLessThan(limits.maxItems);

      const fullest = await documentOf(items);
      expect(fullest.bytes).toBeLessThan(maxFeedBytes);
      expect(fullest.feed.messages).toHaveLength(maxMessagesPerFeed);
      expect(fullest.feed.messages.at(-1)?.messageId).toBe(maxMessagesPerFeed);
    });
  });

  describe("products that stretch Amazon's limits", () => {
    let run: ExportRun;
    const variantOf = (sku: string, change: (values: SourceProduct["values"]) => void): SourceProduct => {
      const source = sources.get(sku) as SourceProduct;
      const values = structuredClone(source.values);
      change(values);
      return { ...source, values };
    };

    beforeAll(async () => {
      run = await ExportRun.prepare("amazon", demo.catalog, goldenDate);
    });

    it("offers the main image and eight more, and says the rest were left out", async () => {
      const images: string[] = [];
      for (let i = 0; i < 11; i++) {
        const picture = await sharp({ create: { width: 1200, height: 1000 + i, channels: 3, background: "#808080" } })
          .jpeg()
          .toBuffer();
        images.push((await demo.media.upload(picture, { renderInBackground: false })).asset._id);
      }
      const outcome = await run.mapProduct(variantOf("VOL-CHG-65W", (values) => setRawValue(values, "images", null, null, images)));
      if (outcome.status !== "mapped") throw new Error(`expected the product to be mapped, got ${outcome.status}`);
      const { attributes } = outcome.items[0] as AmazonMessage;
      expect(attributes.main_product_image_locator?.[0]?.media_location).toBe(`https://shop.example.com/media/${images[0]}/amazon_main`);
      expect(attributes.other_product_image_locator_8?.[0]?.media_location).toBe(`https://shop.example.com/media/${images[8]}/amazon`);
      expect(attributes.other_product_image_locator_9).toBeUndefined();
      expect(outcome.problems.map((p) => `${p.severity} ${p.field}`)).toEqual(["warning other_product_image_locator"]);
    });

    it("leaves out a listing whose framed main image comes out under 500 px, the size the rendition really has", async () => {
      const speck = await sharp({ create: { width: 200, height: 180, channels: 3, background: "#203040" } })
        .png()
        .toBuffer();
      const photo = await sharp({ create: { width: 1600, height: 1600, channels: 3, background: "#ffffff" } })
        .composite([{ input: speck, left: 700, top: 700 }])
        .jpeg({ quality: 95 })
        .toBuffer();
      const { asset } = await demo.media.upload(photo, { renderInBackground: false });
      const outcome = await run.mapProduct(variantOf("VOL-CHG-65W", (values) => setRawValue(values, "images", null, null, [asset._id])));
      if (outcome.status !== "mapped") throw new Error(`expected the product to be mapped, got ${outcome.status}`);
      expect(outcome.items).toHaveLength(0);
      const stated = outcome.problems.find((p) => p.field === "main_product_image_locator");
      expect(stated).toMatchObject({
        severity: "warning",
        reason: expect.stringMatching(/^the main image comes out at 223×223 \(the product takes 20\d×18\d px/),
      });
      expect(outcome.problems.filter((p) => p.severity === "error").map((p) => p.reason)).toEqual([expect.stringMatching(/main_product_image_locator/)]);

      const rendition = await demo.media.rendition(asset._id, "amazon_main");
      const rendered = await sharp((await demo.media.storage.get(rendition.key)) as Buffer).metadata();
      expect([rendered.width, rendered.height]).toEqual([223, 223]);
    });

    it("rejects a title with a character Amazon forbids, and names the field", async () => {
      const outcome = await run.mapProduct(variantOf("VOL-CHG-65W", (values) => setRawValue(values, "name", null, "en_US", "Voltra Charger? Best {deal}")));
      if (outcome.status !== "mapped") throw new Error(`expected the product to be mapped, got ${outcome.status}`);
      expect(outcome.items).toHaveLength(0);
      expect(outcome.problems.filter((p) => p.severity === "error").map((p) => p.field)).toEqual(["attributes.item_name.0.value"]);
    });

    it("shortens a description to 10,000 UTF-8 bytes, not characters", async () => {
      const outcome = await run.mapProduct(
        variantOf("VOL-CHG-65W", (values) => setRawValue(values, "description", "amazon", "en_US", "Зарядное устройство ".repeat(400))),
      );
      if (outcome.status !== "mapped") throw new Error(`expected the product to be mapped, got ${outcome.status}`);
      const description = (outcome.items[0] as AmazonMessage).attributes.product_description?.[0]?.value as string;
      expect(Buffer.byteLength(description)).toBeLessThanOrEqual(10_000);
      expect(Buffer.byteLength(description)).toBeGreaterThan(9_900);
      expect(description.endsWith("устройство")).toBe(true);
      expect(outcome.problems.map((p) => `${p.severity} ${p.field}`)).toEqual(["warning product_description"]);
    });

    it("refuses to render a feed longer than Amazon accepts rather than send one it would refuse", async () => {
      const message = listings()[0] as FeedMessage;
      const tooMany = (function* () {
        for (let i = 0; i <= maxMessagesPerFeed; i += 1) yield { ...message, sku: `SKU-${i}` };
      })();
      await expect(textOf(renderAmazonFeed(Readable.from(tooMany), run.context))).rejects.toThrow(`at most ${maxMessagesPerFeed} messages`);
    });
  });
});
