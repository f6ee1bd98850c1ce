import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRawValue, setRawValue } from "../../src/catalog/values/raw-values.js";
import { ExportRun } from "../../src/feeds/export-run.js";
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
import { metaAvailability, type MetaItem } from "./map.js";
import { offerExpectations, type ExpectedOffer } from "../../test/feeds/offer-expectations.js";
import { metaColumns, renderMetaCsv } from "./render.js";

type MetaRow = Record<(typeof metaColumns)[number], string>;

/** RFC 4180 read strictly: a stray quote, a short row or a bare line feed between records fails the parse. */
function parseCsv(csv: string): MetaRow[] {
  return parse(csv, { columns: true, relax_quotes: false, relax_column_count: false, record_delimiter: ["\r\n", "\n", "\r"] }) as MetaRow[];
}

/** A whole rendered feed from its chunks. */
async function textOf(chunks: AsyncIterable<string>): Promise<string> {
  return ((await Readable.from(chunks).toArray()) as string[]).join("");
}

describe("Meta catalog CSV feed of the demo catalog", () => {
  let demo: DemoCatalog;
  let csv: string;
  let report: FeedReport;
  let rows: MetaRow[];
  let sources: Map<string, SourceProduct>;
  let expectedOffer: (source: SourceProduct) => ExpectedOffer;

  beforeAll(async () => {
    demo = await startDemoCatalog("meta-catalog");
    ({ text: csv, report } = await renderFeed(demo.catalog, "meta_shops"));
    rows = parseCsv(csv);
    sources = await sourceProducts(demo.catalog);
    expectedOffer = await offerExpectations(demo.catalog, "meta_shops");
  });
  afterAll(() => demo?.stop());

  it("matches the golden file", async () => {
    await expectGolden(csv, new URL("golden/meta_shops.csv", import.meta.url).pathname);
  });

  it("has Meta's column names in its header row and ends every record with CRLF", () => {
    expect(csv.slice(0, csv.indexOf("\r\n"))).toBe(metaColumns.join(","));
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(rows.length).toBeGreaterThan(40);
  });

  it("writes every enabled product once and reports the ones it left out", () => {
    const ids = rows.map((row) => row.id);
    expectEveryDemoProductAccountedFor(report, ids);
    // "No refurbished goods on social" excludes VOL-X4-REF-128.
    expect(report.productsExcluded).toBe(1);
    expect(ids).not.toContain("VOL-X4-REF-128");
  });

  it("carries the source values field by field", () => {
    for (const row of rows) {
      const source = sources.get(row.id);
      if (!source) throw new Error(`feed row ${row.id} has no product`);
      const { price, stock } = expectedOffer(source);
      expect(row.price).toBe(`${price?.price} USD`);
      expect(row.sale_price).toBe(price?.salePrice ? `${price.salePrice} USD` : "");
      expect(row.sale_price_effective_date).toBe(price?.promotion ? `${price.promotion.startsAt}/${price.promotion.endsAt}` : "");
      expect(row.availability).toBe(metaAvailability[stock.availability]);
      expect(row.gtin).toBe((getRawValue(source.values, "ean", null, null) as string | undefined) ?? "");
      expect(row.title).toBe(getRawValue(source.values, "name", null, "en_US"));
      expect(row.description).toBe(plainText(getRawValue(source.values, "description", "meta_shops", "en_US") as string));
      const [image, ...moreImages] = (getRawValue(source.values, "images", null, null) as string[]).map(
        (asset) => `https://shop.example.com/media/${asset}/meta`,
      );
      expect(row.image_link).toBe(image);
      expect(row.additional_image_link).toBe(moreImages.join(","));
      expect(row.item_group_id).toBe(source.ancestry[0]?.code ?? "");
      expect(row.condition).toBe("new");
    }
  });

  it("applies the channel's mapping, rules and category mapping", () => {
    const tee = rows.find((row) => row.id === "NV-CREW-NAVY-S");
    expect(tee).toMatchObject({
      gender: "male",
      age_group: "adult",
      color: "Navy",
      size: "S",
      google_product_category: "212",
      product_type: "Apparel > Men > Men's T-shirts",
    });
  });

  it("leaves no cell that a spreadsheet would run as a formula", () => {
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  describe("a product with hostile texts and several images", () => {
    let run: ExportRun;
    let item: MetaItem;
    let warnings: string[];

    beforeAll(async () => {
      run = await ExportRun.prepare("meta_shops", demo.catalog, goldenDate);
      const source = sources.get("VOL-CHG-65W") as SourceProduct;
      const values = structuredClone(source.values);
      setRawValue(values, "name", null, "en_US", `=HYPERLINK("https://evil.example/","Charger") ${"very long words ".repeat(20)}`);
      setRawValue(values, "description", "meta_shops", "en_US", "<p>-Fast charging</p>\n<ul><li>@65 W</li></ul>");
      setRawValue(values, "images", null, null, ["front.jpg", "side view.jpg", "back,top.jpg"]);
      const outcome = await run.mapProduct({ ...source, values });
      if (outcome.status !== "mapped") throw new Error(`expected the product to be mapped, got ${outcome.status}`);
      item = outcome.items[0] as MetaItem;
      warnings = outcome.problems.map((p) => `${p.severity} ${p.field}`);
    });

    it("shortens the title to Meta's 200 characters at a word boundary and says so", () => {
      expect(item.title?.length).toBeLessThanOrEqual(200);
      expect(item.title?.endsWith(" ")).toBe(false);
      // The three pictures are names, not stored assets: each is reported, and the title was shortened.
      expect(warnings).toEqual(["warning images", "warning images", "warning images", "warning title"]);
    });

    it("survives a strict CSV parse with the formula guard applied and the text otherwise intact", async () => {
      const [row] = parseCsv(await textOf(renderMetaCsv(Readable.from([item]), run.context)));
      expect(row?.title).toBe(`'${item.title}`);
      expect(row?.description).toBe("'-Fast charging\n@65 W");
      expect(row?.image_link).toBe("https://shop.example.com/media/front.jpg/meta");
      expect(row?.additional_image_link).toBe("https://shop.example.com/media/side%20view.jpg/meta,https://shop.example.com/media/back%2Ctop.jpg/meta");
      expect(row?.id).toBe("VOL-CHG-65W");
    });
  });
});
