import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
import { pinterestAvailability } from "./map.js";
import { pinterestColumns } from "./render.js";

type PinterestRow = Record<(typeof pinterestColumns)[number], string>;

/** RFC 4180 read strictly: a stray quote, a short row or a bare line feed between records fails the parse. */
function parseCsv(csv: string): PinterestRow[] {
  return parse(csv, { columns: true, relax_quotes: false, relax_column_count: false, record_delimiter: ["\r\n", "\n", "\r"] }) as PinterestRow[];
}

describe("Pinterest catalog CSV feed of the demo catalog", () => {
  let demo: DemoCatalog;
  let csv: string;
  let report: FeedReport;
  let rows: PinterestRow[];
  let sources: Map<string, SourceProduct>;
  let expectedOffer: (source: SourceProduct) => ExpectedOffer;

  beforeAll(async () => {
    demo = await startDemoCatalog("pinterest-catalog");
    ({ text: csv, report } = await renderFeed(demo.catalog, "pinterest"));
    rows = parseCsv(csv);
    sources = await sourceProducts(demo.catalog);
    expectedOffer = await offerExpectations(demo.catalog, "pinterest");
  });
  afterAll(() => demo?.stop());

  it("matches the golden file", async () => {
    await expectGolden(csv, new URL("golden/pinterest.csv", import.meta.url).pathname);
  });

  it("has Pinterest's column names in its header row and ends every record with CRLF", () => {
    expect(csv.slice(0, csv.indexOf("\r\n"))).toBe(pinterestColumns.join(","));
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(rows.length, JSON.stringify(report.problems.slice(0, 3))).toBeGreaterThan(40);
  });

  it("writes every enabled product once and reports the ones it left out", () => {
    expectEveryDemoProductAccountedFor(
      report,
      rows.map((row) => row.id),
    );
  });

  it("carries the source values field by field, in Pinterest's words", () => {
    for (const row of rows) {
      const source = sources.get(row.id);
      if (!source) throw new Error(`feed row ${row.id} has no product`);
      const { price, stock } = expectedOffer(source);
      expect(row.price).toBe(`${price?.price} USD`);
      expect(row.sale_price).toBe(price?.salePrice ? `${price.salePrice} USD` : "");
      expect(row.availability).toBe(pinterestAvailability[stock.availability]);
      expect(["in stock", "out of stock", "preorder"]).toContain(row.availability);
      expect(row.title).toBe(getRawValue(source.values, "name", null, "en_US"));
      // The description is scopable: the channel's own value, else the one for every channel.
      const description = getRawValue(source.values, "description", "pinterest", "en_US") ?? getRawValue(source.values, "description", null, "en_US");
      expect(row.description).toBe(plainText(description as string));
      const [image] = (getRawValue(source.values, "images", null, null) as string[]).map((asset) => `https://shop.example.com/media/${asset}/pinterest`);
      expect(row.image_link).toBe(image);
      expect(row.item_group_id).toBe(source.ancestry[0]?.code ?? "");
    }
  });

  it("leaves no cell that a spreadsheet would run as a formula", () => {
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
