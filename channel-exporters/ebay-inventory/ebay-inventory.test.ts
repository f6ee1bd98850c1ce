import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SourceProduct } from "../../src/catalog/read/source-products.js";
import { getRawValue } from "../../src/catalog/values/raw-values.js";
import { demoCatalogDir } from "../../src/demo/demo-catalog.js";
import type { EconomicOperator } from "../../src/feeds/channel-product.js";
import type { FeedReport } from "../../src/feeds/write-feed.js";
import { staticSchemaValidator } from "../../src/validation/json-schemas.js";
import { isEuCountry } from "../shared/eu-countries.js";
import { offerExpectations, type ExpectedOffer } from "../../test/feeds/offer-expectations.js";
import {
  type DemoCatalog,
  expectEveryDemoProductAccountedFor,
  expectGolden,
  renderFeed,
  sourceProducts,
  startDemoCatalog,
} from "../../test/helpers/demo-feeds.js";
import type { EbayInventoryItem, EbayOffer } from "./map.js";
import { maxRecordsPerCall } from "./render.js";

interface EbayBody {
  marketplaceId: string;
  contentLanguage: string;
  bulkCreateOrReplaceInventoryItem: { requests: EbayInventoryItem[] };
  bulkCreateOffer: { requests: EbayOffer[] };
}

describe("eBay Sell Inventory bodies of the demo catalog", () => {
  let demo: DemoCatalog;
  let parts: string[];
  let report: FeedReport;
  let bodies: EbayBody[];
  let sources: Map<string, SourceProduct>;
  let operators: Map<string, EconomicOperator>;
  let expectedOffer: (source: SourceProduct) => ExpectedOffer;

  beforeAll(async () => {
    demo = await startDemoCatalog("ebay-inventory");
    ({ parts, report } = await renderFeed(demo.catalog, "ebay"));
    bodies = parts.map((part) => JSON.parse(part) as EbayBody);
    sources = await sourceProducts(demo.catalog);
    const fixture = JSON.parse(await readFile(join(demoCatalogDir, "economic-operators.json"), "utf8")) as EconomicOperator[];
    operators = new Map(fixture.map((operator) => [operator.code, operator]));
    expectedOffer = await offerExpectations(demo.catalog, "ebay");
  });
  afterAll(() => demo?.stop());

  it("matches the golden files, one per part", async () => {
    expect(parts.length).toBe(report.parts);
    for (const [i, part] of parts.entries()) await expectGolden(part, new URL(`golden/ebay-part${i + 1}.json`, import.meta.url).pathname);
  });

  it("cuts the feed into bodies of at most 25 records, each valid against its schema, with a product's inventory item and offer together", () => {
    const validate = staticSchemaValidator("channels/ebay-inventory.body.schema.json");
    expect(bodies.length).toBe(Math.ceil(report.itemsWritten / maxRecordsPerCall));
    for (const body of bodies) {
      expect(validate(body), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      expect(body).toMatchObject({ marketplaceId: "EBAY_IE", contentLanguage: "en-US" });
      const items = body.bulkCreateOrReplaceInventoryItem.requests;
      expect(items.length).toBeLessThanOrEqual(maxRecordsPerCall);
      expect(body.bulkCreateOffer.requests.map((offer) => offer.sku)).toEqual(items.map((item) => item.sku));
    }
  });

  it("writes every enabled product once and reports the ones it left out", () => {
    expectEveryDemoProductAccountedFor(
      report,
      bodies.flatMap((body) => body.bulkCreateOrReplaceInventoryItem.requests.map((item) => item.sku)),
    );
    // Every demo product has a manufacturer, and one outside the EU has its responsible person: none is refused.
    expect(report.itemsRejected).toBe(0);
  });

  it("carries the source values, the price a buyer pays and the units on hand", () => {
    for (const body of bodies) {
      for (const [i, item] of body.bulkCreateOrReplaceInventoryItem.requests.entries()) {
        const offer = body.bulkCreateOffer.requests[i] as EbayOffer;
        const source = sources.get(item.sku);
        if (!source) throw new Error(`inventory item ${item.sku} has no product`);
        const { price, stock } = expectedOffer(source);
        // EBAY_IE has no strikethrough pricing: a sale shows as the price.
        expect(offer.pricingSummary?.price).toEqual({ value: price?.salePrice ?? price?.price, currency: "EUR" });
        expect(offer.pricingSummary?.originalRetailPrice).toBeUndefined();
        expect(offer.availableQuantity).toBe(stock.availability === "in_stock" ? stock.sellableQuantity : 0);
        expect(item.availability.shipToLocationAvailability.quantity).toBe(offer.availableQuantity);
        const name = getRawValue(source.values, "name", null, "en_US") as string;
        expect(item.product.title?.startsWith(name.slice(0, 40))).toBe(true);
        expect(item.product.title?.length).toBeLessThanOrEqual(80);
        expect(item.product.ean ?? null).toEqual(source.values.ean ? [getRawValue(source.values, "ean", null, null)] : null);
        expect(item.locale).toBe("en_US");
      }
    }
  });

  it("names each product's manufacturer, and the EU responsible person of a manufacturer outside the EU", () => {
    const offers = bodies.flatMap((body) => body.bulkCreateOffer.requests);
    for (const offer of offers) {
      const source = sources.get(offer.sku) as SourceProduct;
      const manufacturer = operators.get(getRawValue(source.values, "manufacturer", null, null) as string) as EconomicOperator;
      expect(offer.regulatory?.manufacturer).toMatchObject({ companyName: manufacturer.name, country: manufacturer.address.countryCode });
      const person = getRawValue(source.values, "responsible_person", null, null) as string | undefined;
      expect(offer.regulatory?.responsiblePersons?.map((p) => p.companyName) ?? []).toEqual(person ? [operators.get(person)?.name] : []);
      if (!isEuCountry(manufacturer.address.countryCode)) expect(person).toBe("eurep_gmbh");
      const safety = getRawValue(source.values, "safety_information", null, "en_US") as string;
      expect(offer.listingDescription).toContain(`<p><strong>Safety information</strong></p><p>${safety.replace(/&/g, "&amp;")}</p>`);
    }
    const outsideEu = offers.filter((offer) => offer.regulatory?.responsiblePersons);
    expect(outsideEu.map((offer) => offer.sku.slice(0, 3)).sort()).toEqual(expect.arrayContaining(["KES", "SON", "VOL"]));
  });
});
