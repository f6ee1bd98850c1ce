import { XMLParser, XMLValidator } from "fast-xml-parser";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRawValue, setRawValue } from "../../src/catalog/values/raw-values.js";
import { ExportRun } from "../../src/feeds/export-run.js";
import { plainText } from "../shared/text-safety.js";
import {
  expectGolden,
  renderFeed,
  sourceProducts,
  startDemoCatalog,
  type DemoCatalog,
  expectEveryDemoProductAccountedFor,
} from "../../test/helpers/demo-feeds.js";
import type { FeedReport } from "../../src/feeds/write-feed.js";
import type { SourceProduct } from "../../src/catalog/read/source-products.js";
import { offerExpectations, type ExpectedOffer } from "../../test/feeds/offer-expectations.js";

type GoogleXmlItem = Record<string, string | string[]>;

describe("Google Merchant Center RSS feed of the demo catalog", () => {
  let demo: DemoCatalog;
  let xml: string;
  let report: FeedReport;
  let items: GoogleXmlItem[];
  let expectedOffer: (source: SourceProduct) => ExpectedOffer;

  beforeAll(async () => {
    demo = await startDemoCatalog("google-merchant");
    ({ text: xml, report } = await renderFeed(demo.catalog, "google_shopping"));
    const parsed = new XMLParser({
      ignoreAttributes: false,
      parseTagValue: false,
      isArray: (name) => name === "item" || name === "g:additional_image_link",
    }).parse(xml);
    items = parsed.rss.channel.item as GoogleXmlItem[];
    expectedOffer = await offerExpectations(demo.catalog, "google_shopping");
  });
  afterAll(() => demo?.stop());

  it("matches the golden file", async () => {
    await expectGolden(xml, new URL("golden/google_shopping.xml", import.meta.url).pathname);
  });

  it("is well-formed RSS 2.0 with the g: namespace", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">');
  });

  it("writes every enabled product once and reports the ones it left out", () => {
    const ids = items.map((i) => i["g:id"]);
    expectEveryDemoProductAccountedFor(report, ids);
  });

  it("carries the source values field by field", async () => {
    const sources = await sourceProducts(demo.catalog);
    for (const item of items) {
      const source = sources.get(item["g:id"] as string);
      if (!source) throw new Error(`feed item ${String(item["g:id"])} has no product`);
      const { price, stock } = expectedOffer(source);
      expect(item["g:price"]).toBe(`${price?.price} USD`);
      expect(item["g:sale_price"] ?? null).toBe(price?.salePrice ? `${price.salePrice} USD` : null);
      expect(item["g:sale_price_effective_date"] ?? null).toBe(price?.promotion ? `${price.promotion.startsAt}/${price.promotion.endsAt}` : null);
      expect(item["g:availability"]).toBe(stock.availability);
      expect(item["g:gtin"] ?? null).toBe((getRawValue(source.values, "ean", null, null) as string | undefined) ?? null);
      const name = getRawValue(source.values, "name", null, "en_US") as string;
      expect((item.title as string).startsWith(name)).toBe(true);
      const description = getRawValue(source.values, "description", "google_shopping", "en_US") as string;
      expect(item.description).toBe(plainText(description));
      expect(item["g:item_group_id"] ?? null).toBe(source.ancestry[0]?.code ?? null);
    }
  });

  it("applies the channel's rules and category mapping", () => {
    const tee = items.find((i) => i["g:id"] === "NV-CREW-NAVY-S");
    expect(tee?.title).toMatch(/, Navy$/);
    expect(tee?.["g:google_product_category"]).toBe("212");
    expect(tee?.["g:gender"]).toBe("male");
  });

  it("disapproves from 31 Jan 2027 an item whose only image Google gets under 500×500, and only warns before", async () => {
    const small = await sharp({ create: { width: 480, height: 360, channels: 3, background: "#3567a8" } })
      .jpeg()
      .toBuffer();
    const { asset } = await demo.media.upload(small, { renderInBackground: false });
    const source = (await sourceProducts(demo.catalog)).get("SON-PEBBLE-BLU") as SourceProduct;
    const values = structuredClone(source.values);
    setRawValue(values, "images", null, null, [asset._id]);
    const at = async (date: string) => {
      const outcome = await (await ExportRun.prepare("google_shopping", demo.catalog, new Date(date))).mapProduct({ ...source, values });
      if (outcome.status !== "mapped") throw new Error(`expected the product to be mapped, got ${outcome.status}`);
      return { items: outcome.items.length, problems: outcome.problems.map((p) => `${p.severity} ${p.field}: ${p.reason}`) };
    };
    const warned = await at("2027-01-30T12:00:00Z");
    expect(warned.items).toBe(1);
    expect(warned.problems).toContain(
      "warning image_link: image 1 comes out at 480×480, under Google's 500×500; Google disapproves such images from 31 Jan 2027",
    );
    const disapproved = await at("2027-01-31T00:00:00Z");
    expect(disapproved.items).toBe(0);
    expect(disapproved.problems).toEqual(
      expect.arrayContaining([
        "warning image_link: image 1 comes out at 480×480, under Google's 500×500; Google disapproves such images since 31 Jan 2027, so it is left out",
        expect.stringMatching(/^error .*image_link/),
      ]),
    );
  });
});
