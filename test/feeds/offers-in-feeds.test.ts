import { parse } from "csv-parse/sync";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Promotion } from "../../src/catalog/definitions.js";
import { PromotionIndex } from "../../src/feeds/channel-product-builder.js";
import { effectivePrice } from "../../src/offers/effective-price.js";
import type { OfferUpdateReport } from "../../src/offers/offer-updates.js";
import { goldenDate, renderFeed, startDemoCatalog, type DemoCatalog } from "../helpers/demo-feeds.js";

type Item = Record<string, unknown>;

const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false, parseAttributeValue: false, isArray: (name) => ["item", "offer"].includes(name) });

/** Every channel of the demo, with its feed parsed back by a real parser and one product's item picked out of it. */
const channels = {
  google_shopping: (text: string, sku: string) => (xml.parse(text).rss.channel.item as Item[]).find((i) => i["g:id"] === sku),
  meta_shops: (text: string, sku: string) => (parse(text, { columns: true }) as Item[]).find((row) => row.id === sku),
  ecommerce: (text: string, sku: string) => (JSON.parse(text) as { products: Item[] }).products.find((p) => p.id === sku),
  mobile: (text: string, sku: string) => (JSON.parse(text) as { products: Item[] }).products.find((p) => p.id === sku),
  amazon: (text: string, sku: string) => (JSON.parse(text) as { messages: Item[] }).messages.find((m) => m.sku === sku),
  allegro: (text: string, sku: string) =>
    (JSON.parse(text) as { offers: Array<Item & { external: { id: string } }> }).offers.find((o) => o.external.id === sku),
  yandex_market: (text: string, sku: string) => (xml.parse(text).yml_catalog.shop.offers as { offer: Item[] }).offer.find((o) => o["@_id"] === sku),
} as const;
type ChannelCode = keyof typeof channels;

function applied(report: OfferUpdateReport): void {
  expect(report.results.filter((r) => r.status === "error")).toEqual([]);
}

describe("prices, promotions and stock in every channel's feed", () => {
  let demo: DemoCatalog;
  beforeAll(async () => {
    demo = await startDemoCatalog("offers-in-feeds");
  });
  afterAll(() => demo?.stop());

  async function itemIn(channel: ChannelCode, sku: string, at: Date = goldenDate): Promise<Item> {
    const { text } = await renderFeed(demo.catalog, channel, at);
    const item = channels[channel](text, sku);
    if (!item) throw new Error(`${sku} is not in the ${channel} feed`);
    return item;
  }

  async function sellOut(sku: string): Promise<void> {
    const locations = [...(await demo.catalog.definitions()).stockLocations.keys()];
    applied(
      await demo.catalog.setStock(
        locations.map((location) => ({ sku, location, onHand: 0 })),
        "test",
      ),
    );
  }

  it("shows a product sold out through setStock as out of stock in each channel's own words", async () => {
    const sku = "HCO-KNIFE-CHEF-20";
    expect((await itemIn("google_shopping", sku))["g:availability"]).toBe("in_stock");
    expect((await itemIn("yandex_market", sku))["@_available"]).toBe("true");

    await sellOut(sku);

    expect(await itemIn("google_shopping", sku)).toMatchObject({ "g:availability": "out_of_stock" });
    expect((await itemIn("google_shopping", sku))["g:availability_date"]).toBeUndefined();
    expect(await itemIn("meta_shops", sku)).toMatchObject({ availability: "out of stock" });
    const website = await itemIn("ecommerce", sku);
    expect(website).toMatchObject({ availability: "out_of_stock", jsonLd: { offers: { availability: "https://schema.org/OutOfStock" } } });
    expect(await itemIn("mobile", sku)).toMatchObject({ availability: "OutOfStock", quantity: 0 });
    expect(((await itemIn("amazon", sku)).attributes as Item).fulfillment_availability).toEqual([{ fulfillment_channel_code: "DEFAULT", quantity: 0 }]);
    expect(await itemIn("allegro", sku)).toMatchObject({ stock: { available: 0 }, publication: { status: "ENDED" } });
    expect(await itemIn("yandex_market", sku)).toMatchObject({ "@_available": "false", count: "0" });
  });

  it("puts a promotion's start and end in every channel that dates sale prices, with the same amounts", async () => {
    const sku = "CLM-LAMP-DESK-LED-BLK";
    const startsAt = "2026-10-30T00:00:00+01:00";
    const endsAt = "2026-11-08T23:59:59+01:00";
    await demo.catalog.savePromotion(
      { code: "lamp_week", name: "Lamp week: 25% off", discount: { type: "percent", percent: "25" }, target: { skus: [sku] }, startsAt, endsAt },
      "test",
    );

    // 69.99 EUR, 75.99 USD, 6990.00 RUB and 309.99 PLN, each 25 % off and rounded half-up to the cent.
    const google = await itemIn("google_shopping", sku);
    expect(google).toMatchObject({ "g:price": "75.99 USD", "g:sale_price": "56.99 USD", "g:sale_price_effective_date": `${startsAt}/${endsAt}` });
    expect(await itemIn("meta_shops", sku)).toMatchObject({ price: "75.99 USD", sale_price: "56.99 USD", sale_price_effective_date: `${startsAt}/${endsAt}` });
    expect(await itemIn("ecommerce", sku)).toMatchObject({
      price: { amount: "69.99", currency: "EUR" },
      salePrice: { amount: "52.49", currency: "EUR" },
      saleWindow: { startsAt, endsAt },
      jsonLd: { offers: { price: 52.49, priceCurrency: "EUR", priceValidUntil: "2026-11-08", priceSpecification: { price: 69.99 } } },
    });
    expect(await itemIn("mobile", sku)).toMatchObject({
      price: { amount: "69.99", currency: "EUR" },
      salePrice: { amount: "52.49", currency: "EUR" },
      saleWindow: { startsAt, endsAt },
    });
    expect(((await itemIn("amazon", sku)).attributes as Item).purchasable_offer).toEqual([
      {
        marketplace_id: "ATVPDKIKX0DER",
        currency: "USD",
        audience: "ALL",
        our_price: [{ schedule: [{ value_with_tax: 75.99 }] }],
        discounted_price: [{ schedule: [{ value_with_tax: 56.99, start_at: startsAt, end_at: endsAt }] }],
      },
    ]);
    expect(await itemIn("yandex_market", sku)).toMatchObject({ price: "5242.50", oldprice: "6990.00" });
    // Allegro has no sale window of its own: the offer sells at what the customer pays now.
    expect(await itemIn("allegro", sku)).toMatchObject({ sellingMode: { price: { amount: "232.49", currency: "PLN" } } });

    const afterTheSale = await itemIn("google_shopping", sku, new Date("2026-11-09T00:00:00+01:00"));
    expect(afterTheSale["g:price"]).toBe("75.99 USD");
    expect(afterTheSale["g:sale_price"]).toBeUndefined();
    expect(afterTheSale["g:sale_price_effective_date"]).toBeUndefined();
  });

  it("gives Google a backordered or preordered product's availability date", async () => {
    const backordered = await itemIn("google_shopping", "KES-PRO16-1TB");
    expect(backordered).toMatchObject({ "g:availability": "backorder", "g:availability_date": "2026-12-15T09:00:00Z" });

    const sku = "CLM-CLOCK-WALL-OAK";
    await sellOut(sku);
    applied(await demo.catalog.setStock([{ sku, policy: "preorder", availabilityDate: "2027-03-01T10:00:00+01:00" }], "test"));
    expect(await itemIn("google_shopping", sku)).toMatchObject({ "g:availability": "preorder", "g:availability_date": "2027-03-01T09:00:00Z" });
    expect(await itemIn("ecommerce", sku)).toMatchObject({
      availability: "preorder",
      availabilityDate: "2027-03-01T09:00:00Z",
      jsonLd: { offers: { availability: "https://schema.org/PreOrder" } },
    });
    expect(((await itemIn("amazon", sku)).attributes as Item).fulfillment_availability).toEqual([
      { fulfillment_channel_code: "DEFAULT", quantity: 0, restock_date: "2027-03-01" },
    ]);

    applied(await demo.catalog.setStock([{ sku, location: "main_warehouse", onHand: 4 }], "test"));
    const back = await itemIn("google_shopping", sku);
    expect(back["g:availability"]).toBe("in_stock");
    expect(back["g:availability_date"]).toBeUndefined();
  });
});

describe("overlapping promotions", () => {
  const product = { sku: "MUG", family: "home", categoriesWithAncestors: new Set(["kitchen", "home"]), prices: { EUR: "40" } };
  const at = new Date("2026-06-01T12:00:00Z");
  const promotion = (code: string, discount: Promotion["discount"], endsAt: string, channels: string[] = []): Promotion => ({
    code,
    name: code,
    discount,
    target: { skus: [], categories: ["home"], families: [] },
    startsAt: "2026-05-01T00:00:00+02:00",
    endsAt,
    channels,
    enabled: true,
  });

  it("give the customer the lowest price", () => {
    const tenPercent = promotion("ten_percent", { type: "percent", percent: "10" }, "2026-12-31T00:00:00+01:00");
    const fiveOff = promotion("five_off", { type: "amount", amounts: [{ currency: "EUR", amount: "5" }] }, "2026-12-31T00:00:00+01:00");
    expect(effectivePrice(product, "EUR", "google_shopping", at, [tenPercent, fiveOff])).toMatchObject({
      price: "40.00",
      salePrice: "35.00",
      promotion: { code: "five_off" },
    });
    expect(effectivePrice(product, "EUR", "google_shopping", at, [fiveOff, tenPercent])).toMatchObject({ salePrice: "35.00", promotion: { code: "five_off" } });
  });

  it("on equal prices, take the promotion that ends first", () => {
    const later = promotion("a_later", { type: "percent", percent: "25" }, "2026-09-01T00:00:00+02:00");
    const sooner = promotion("z_sooner", { type: "amount", amounts: [{ currency: "EUR", amount: "10" }] }, "2026-07-01T00:00:00+02:00");
    expect(effectivePrice(product, "EUR", null, at, [later, sooner])).toMatchObject({
      salePrice: "30.00",
      promotion: { code: "z_sooner", endsAt: "2026-07-01T00:00:00+02:00" },
    });
  });

  it("are found by the SKU, family or category (with its ancestors) they target, each once", () => {
    const targeted = (code: string, target: Partial<Promotion["target"]>): Promotion => ({
      ...promotion(code, { type: "percent", percent: "10" }, "2026-12-31T00:00:00+01:00"),
      target: { skus: [], categories: [], families: [], ...target },
    });
    const index = new PromotionIndex([
      targeted("by_sku", { skus: ["MUG", "CUP"] }),
      targeted("by_family", { families: ["home"] }),
      targeted("by_parent_category", { categories: ["home"], skus: ["MUG"] }),
      targeted("elsewhere", { skus: ["CUP"], families: ["clothing"], categories: ["apparel"] }),
    ]);
    expect(
      index
        .candidates(product)
        .map((p) => p.code)
        .sort(),
    ).toEqual(["by_family", "by_parent_category", "by_sku"]);
    expect(index.candidates({ sku: "LAMP", family: null, categoriesWithAncestors: new Set(["decor"]) })).toEqual([]);
  });

  it("count a channel's own promotion only in that channel", () => {
    const everywhere = promotion("everywhere", { type: "percent", percent: "10" }, "2026-12-31T00:00:00+01:00");
    const yandexOnly = promotion("yandex_only", { type: "percent", percent: "30" }, "2026-12-31T00:00:00+01:00", ["yandex_market"]);
    expect(effectivePrice(product, "EUR", "yandex_market", at, [everywhere, yandexOnly])?.promotion?.code).toBe("yandex_only");
    expect(effectivePrice(product, "EUR", "google_shopping", at, [everywhere, yandexOnly])?.promotion?.code).toBe("everywhere");
    expect(effectivePrice(product, "EUR", null, at, [everywhere, yandexOnly])?.promotion?.code).toBe("everywhere");
  });
});
