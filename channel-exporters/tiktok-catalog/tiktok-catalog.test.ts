import { parse } from "csv-parse/sync";
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
import { plainText } from "../shared/text-safety.js";
import { tiktokAvailability } from "./map.js";
import { tiktokColumns } from "./render.js";

type TikTokRow = Record<(typeof tiktokColumns)[number], string>;

/** RFC 4180 read strictly: a stray quote, a short row or a bare line feed between records fails the parse. */
function parseCsv(csv: string): TikTokRow[] {
  return parse(csv, { columns: true, relax_quotes: false, relax_column_count: false, record_delimiter: ["\r\n", "\n", "\r"] }) as TikTokRow[];
}

describe("TikTok catalog CSV feed of the demo catalog", () => {
  let demo: DemoCatalog;
  let csv: string;
  let report: FeedReport;
  let rows: TikTokRow[];
  let sources: Map<string, SourceProduct>;
  let definitions: CatalogDefinitions;
  let expectedOffer: (source: SourceProduct) => ExpectedOffer;

  beforeAll(async () => {
    demo = await startDemoCatalog("tiktok-catalog");
    ({ text: csv, report } = await renderFeed(demo.catalog, "tiktok"));
    rows = parseCsv(csv);
    sources = await sourceProducts(demo.catalog);
    definitions = await demo.catalog.definitions();
    expectedOffer = await offerExpectations(demo.catalog, "tiktok");
  });
  afterAll(() => demo?.stop());

  /** A select attribute's option label in English, as the channel shows it. */
  const optionLabel = (attribute: string, code: unknown) => definitions.attributes.get(attribute)?.options.find((option) => option.code === code)?.labels.en_US;

  it("matches the golden file", async () => {
    await expectGolden(csv, new URL("golden/tiktok.csv", import.meta.url).pathname);
  });

  it("has TikTok's column names in its header row and ends every record with CRLF", () => {
    expect(csv.slice(0, csv.indexOf("\r\n"))).toBe(tiktokColumns.join(","));
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(rows.length, JSON.stringify(report.problems.slice(0, 3))).toBeGreaterThan(40);
  });

  it("writes every enabled product once, leaves out the refurbished one by the channel's rule, and reports the rest", () => {
    expectEveryDemoProductAccountedFor(
      report,
      rows.map((row) => row.sku_id),
    );
    expect(report.productsExcluded).toBe(1);
    expect(rows.map((row) => row.sku_id)).not.toContain("VOL-X4-REF-128");
  });

  it("carries the source values field by field, in TikTok's words", () => {
    for (const row of rows) {
      const source = sources.get(row.sku_id);
      if (!source) throw new Error(`feed row ${row.sku_id} has no product`);
      const { price, stock } = expectedOffer(source);
      expect(row.price).toBe(`${price?.price} USD`);
      expect(row.sale_price).toBe(price?.salePrice ? `${price.salePrice} USD` : "");
      expect(row.sale_price_effective_date === "", row.sku_id).toBe(!price?.salePrice);
      expect(row.availability).toBe(tiktokAvailability[stock.availability]);
      expect(row.condition).toBe(getRawValue(source.values, "condition", null, null) ?? "new");
      expect(row.title).toBe(getRawValue(source.values, "name", null, "en_US"));
      // The description is scopable: the channel's own value, else the one for every channel.
      const description = getRawValue(source.values, "description", "tiktok", "en_US") ?? getRawValue(source.values, "description", null, "en_US");
      expect(row.description).toBe(plainText(description as string));
      expect(row.brand).toBe(optionLabel("brand", getRawValue(source.values, "brand", null, null)));
      expect(row.gtin).toBe(getRawValue(source.values, "ean", null, null) ?? "");
      const [image, ...more] = (getRawValue(source.values, "images", null, null) as string[]).map((asset) => `https://shop.example.com/media/${asset}/tiktok`);
      expect(row.image_link).toBe(image);
      expect(row.additional_image_link).toBe(more.slice(0, 8).join(","));
      expect(row.item_group_id).toBe(source.ancestry[0]?.code ?? "");
      expect(row.link).toBe(getRawValue(source.values, "product_url", null, "en_US"));
    }
  });

  it("uses TikTok's words for every enumerated column", () => {
    for (const row of rows) {
      expect(["in stock", "available for order", "preorder", "out of stock", "discontinued"]).toContain(row.availability);
      expect(["new", "refurbished", "used"]).toContain(row.condition);
      expect(["", "female", "male", "unisex"]).toContain(row.gender);
      expect(["", "newborn", "infant", "toddler", "kids", "adult"]).toContain(row.age_group);
    }
    const bySku = new Map(rows.map((row) => [row.sku_id, row]));
    expect(bySku.get("KES-PRO16-1TB")?.availability).toBe("available for order");
    expect(bySku.get("VOL-X5-256-BLU")?.availability).toBe("preorder");
  });

  it("leaves no cell that a spreadsheet would run as a formula", () => {
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
