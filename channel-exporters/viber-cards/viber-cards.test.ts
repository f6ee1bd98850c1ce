import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SourceProduct } from "../../src/catalog/read/source-products.js";
import { getRawValue } from "../../src/catalog/values/raw-values.js";
import type { FeedReport } from "../../src/feeds/write-feed.js";
import { type ExpectedOffer, offerExpectations } from "../../test/feeds/offer-expectations.js";
import { schemaErrors } from "../../test/helpers/channel-product.js";
import {
  type DemoCatalog,
  expectEveryDemoProductAccountedFor,
  expectGolden,
  renderFeed,
  sourceProducts,
  startDemoCatalog,
} from "../../test/helpers/demo-feeds.js";
import { parseJsonLines } from "../../test/helpers/json-lines.js";
import { lastSaleDay } from "../shared/fit.js";
import { plainText } from "../shared/text-safety.js";
import { viberCardsExporter } from "./index.js";
import type { ViberCard } from "./map.js";

/** The words a Polish customer reads for each availability the demo has, written here independently of the exporter. */
const polishAvailability: Record<string, string> = {
  in_stock: "W magazynie",
  out_of_stock: "Brak w magazynie",
  backorder: "Na zamówienie",
  preorder: "Przedsprzedaż",
};
const zloty = new Intl.NumberFormat("pl-PL", { style: "currency", currency: "PLN" });
const polishDay = new Intl.DateTimeFormat("pl-PL", { dateStyle: "long", timeZone: "UTC" });
const day = (isoDay: string) => polishDay.format(new Date(`${isoDay}T00:00:00Z`));
const pln = (amount: string) => zloty.format(amount as `${number}`);

describe("Viber product cards of the demo catalog", () => {
  let demo: DemoCatalog;
  let text: string;
  let report: FeedReport;
  let cards: ViberCard[];
  let sources: Map<string, SourceProduct>;
  let expectedOffer: (source: SourceProduct) => ExpectedOffer;

  beforeAll(async () => {
    demo = await startDemoCatalog("viber-cards");
    ({ text, report } = await renderFeed(demo.catalog, "viber"));
    cards = parseJsonLines<ViberCard>(text);
    sources = await sourceProducts(demo.catalog);
    expectedOffer = await offerExpectations(demo.catalog, "viber");
  });
  afterAll(() => demo?.stop());

  it("matches the golden file", async () => {
    await expectGolden(text, new URL("golden/viber.jsonl", import.meta.url).pathname);
  });

  it("writes one card per line for every enabled product, each one its item schema takes", () => {
    expectEveryDemoProductAccountedFor(
      report,
      cards.map((card) => card.sku),
    );
    expect(report.itemsRejected).toBe(0);
    for (const card of cards) expect(schemaErrors(viberCardsExporter, card), card.sku).toEqual([]);
  });

  it("keeps every caption within a picture message's 512 characters, cutting descriptions at a word boundary and saying so", () => {
    const cut = cards.filter((card) => card.description?.endsWith("…"));
    // The demo's Polish descriptions run to 500 characters: most cards must be cut to fit.
    expect(cut.length).toBeGreaterThan(20);
    for (const card of cards) {
      expect(card.textLength, card.sku).toBe(card.text.length);
      expect(card.textLength, card.sku).toBeLessThanOrEqual(512);
      const warned = report.problems.some((p) => p.sku === card.sku && p.severity === "warning" && p.field === "description");
      expect(warned, card.sku).toBe(cut.includes(card));
    }
  });

  it("says each product's title, description, price, sale, availability and link as the catalog has them, in Polish", () => {
    for (const card of cards) {
      const source = sources.get(card.sku);
      if (!source) throw new Error(`card ${card.sku} has no product`);
      const { price, stock } = expectedOffer(source);
      if (!price) throw new Error(`${card.sku} has a card but no price in złoty`);

      const title = getRawValue(source.values, "name", null, "pl_PL") as string;
      expect(card.title).toBe(title);
      // The channel's own description as plain text, without an opening line repeating the name; cut ones end with "…".
      const [heading, ...body] = plainText(getRawValue(source.values, "description", "viber", "pl_PL") as string).split("\n");
      expect(heading).toBe(title);
      const description = body.join("\n");
      if (card.description?.endsWith("…")) expect(description.startsWith(card.description.slice(0, -1)), card.sku).toBe(true);
      else expect(card.description).toBe(description);

      const link = getRawValue(source.values, "product_url", null, "pl_PL") as string;
      const facts =
        price.salePrice && price.promotion
          ? [`${pln(price.salePrice)} zamiast ${pln(price.price)}`, `Cena promocyjna do ${day(lastSaleDay(price.promotion.endsAt))}`]
          : [pln(price.price)];
      const shipping = stock.availabilityDate ? `, wysyłka od ${day(stock.availabilityDate.toISOString().slice(0, 10))}` : "";
      expect(card.text).toBe([title, "", card.description, "", ...facts, `${polishAvailability[stock.availability]}${shipping}`, link].join("\n"));

      expect(card.price).toEqual({ amount: price.price, currency: "PLN" });
      expect(card.salePrice ?? null).toEqual(price.salePrice ? { amount: price.salePrice, currency: "PLN" } : null);
      expect(card.saleWindow ?? null).toEqual(price.promotion ? { startsAt: price.promotion.startsAt, endsAt: price.promotion.endsAt } : null);
      expect(card.availability).toBe(stock.availability);
      expect(card.link).toBe(link);
      expect(card.buttons).toEqual([{ text: "Zobacz w sklepie", url: link }]);
      const [image] = getRawValue(source.values, "images", null, null) as string[];
      // Viber takes a picture only from a URL ending in its file extension.
      expect(card.imageUrl).toBe(`https://shop.example.com/media/${image}/viber.jpeg`);
    }
  });
});
