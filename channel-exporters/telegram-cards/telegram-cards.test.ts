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
import { type ReadCaption, readMarkdownV2, readTelegramHtml } from "../../test/helpers/telegram-captions.js";
import { lastSaleDay } from "../shared/fit.js";
import { plainText } from "../shared/text-safety.js";
import { telegramCardsExporter } from "./index.js";
import type { TelegramCard } from "./map.js";

/** The words a Russian customer reads for each availability the demo has, written here independently of the exporter. */
const russianAvailability: Record<string, string> = { in_stock: "В наличии", out_of_stock: "Нет в наличии", backorder: "Под заказ", preorder: "Предзаказ" };
const rubles = new Intl.NumberFormat("ru-RU", { style: "currency", currency: "RUB" });
const russianDay = new Intl.DateTimeFormat("ru-RU", { dateStyle: "long", timeZone: "UTC" });
const day = (isoDay: string) => russianDay.format(new Date(`${isoDay}T00:00:00Z`));

describe("Telegram product cards of the demo catalog", () => {
  let demo: DemoCatalog;
  let text: string;
  let report: FeedReport;
  let cards: TelegramCard[];
  let captions: Map<string, ReadCaption>;
  let sources: Map<string, SourceProduct>;
  let expectedOffer: (source: SourceProduct) => ExpectedOffer;

  beforeAll(async () => {
    demo = await startDemoCatalog("telegram-cards");
    ({ text, report } = await renderFeed(demo.catalog, "telegram"));
    cards = parseJsonLines<TelegramCard>(text);
    captions = new Map(cards.map((card) => [card.sku, readMarkdownV2(card.text)]));
    sources = await sourceProducts(demo.catalog);
    expectedOffer = await offerExpectations(demo.catalog, "telegram");
  });
  afterAll(() => demo?.stop());

  it("matches the golden file", async () => {
    await expectGolden(text, new URL("golden/telegram.jsonl", import.meta.url).pathname);
  });

  it("writes one card per line, each one its item schema takes", () => {
    expect(cards.length, JSON.stringify(report.problems.slice(0, 3))).toBeGreaterThan(40);
    for (const card of cards) expect(schemaErrors(telegramCardsExporter, card), card.sku).toEqual([]);
  });

  it("writes every enabled product once and reports the ones it left out: the two without a price in roubles", () => {
    expectEveryDemoProductAccountedFor(
      report,
      cards.map((card) => card.sku),
    );
    const rejected = report.problems.filter((p) => p.severity === "error");
    expect(rejected.length).toBe(report.itemsRejected);
    for (const problem of rejected) expect(sources.get(problem.sku)?.offer.prices.RUB, problem.sku).toBeUndefined();
  });

  it("writes captions Telegram parses as MarkdownV2, within sendPhoto's 1024 characters as Telegram counts them", () => {
    for (const card of cards) {
      const caption = captions.get(card.sku) as ReadCaption;
      expect(card.parseMode).toBe("MarkdownV2");
      expect(caption.visible.length, card.sku).toBe(card.textLength);
      expect(caption.visible.length, card.sku).toBeLessThanOrEqual(1024);
    }
  });

  it("says each product's title, description, price, sale, availability and link as the catalog has them, in Russian", () => {
    for (const card of cards) {
      const source = sources.get(card.sku);
      if (!source) throw new Error(`card ${card.sku} has no product`);
      const caption = captions.get(card.sku) as ReadCaption;
      const lines = caption.visible.split("\n");
      const { price, stock } = expectedOffer(source);
      if (!price) throw new Error(`${card.sku} has a card but no price in roubles`);

      const title = getRawValue(source.values, "name", null, "ru_RU") as string;
      expect(card.title).toBe(title);
      expect(caption.entities[0]).toEqual({ type: "bold", text: title });

      // The channel's own description, as plain text; its opening line repeats the name, which the bold title already says.
      const description = getRawValue(source.values, "description", "telegram", "ru_RU") as string | undefined;
      const [heading, ...body] = description ? plainText(description).split("\n") : [];
      expect(heading === undefined || heading === title, card.sku).toBe(true);
      expect(card.description ?? null).toBe(body.length ? body.join("\n") : null);
      if (card.description) expect(caption.visible).toContain(`\n\n${card.description}\n\n`);

      expect(card.price).toEqual({ amount: price.price, currency: "RUB" });
      expect(card.salePrice ?? null).toEqual(price.salePrice ? { amount: price.salePrice, currency: "RUB" } : null);
      const priceEntities = caption.entities.slice(1, -1);
      if (price.salePrice && price.promotion) {
        expect(priceEntities).toEqual([
          { type: "strikethrough", text: rubles.format(price.price as `${number}`) },
          { type: "bold", text: rubles.format(price.salePrice as `${number}`) },
        ]);
        expect(card.saleWindow).toEqual({ startsAt: price.promotion.startsAt, endsAt: price.promotion.endsAt });
        expect(lines).toContain(`Цена по акции до ${day(lastSaleDay(price.promotion.endsAt))}`);
      } else {
        expect(priceEntities).toEqual([{ type: "bold", text: rubles.format(price.price as `${number}`) }]);
        expect(card).not.toHaveProperty("saleWindow");
      }

      expect(card.availability).toBe(stock.availability);
      const shipping = stock.availabilityDate ? `, отправка с ${day(stock.availabilityDate.toISOString().slice(0, 10))}` : "";
      expect(lines.at(-2)).toBe(`${russianAvailability[stock.availability]}${shipping}`);

      const link = getRawValue(source.values, "product_url", null, "ru_RU");
      expect(card.link).toBe(link);
      expect(caption.entities.at(-1)).toEqual({ type: "text_link", text: "Открыть в магазине", url: link });
      expect(card.buttons).toEqual([{ text: "Открыть в магазине", url: link }]);

      const [image] = getRawValue(source.values, "images", null, null) as string[];
      expect(card.imageUrl).toBe(`https://shop.example.com/media/${image}/telegram`);
    }
  });

  it("writes the same captions in Telegram's HTML style when the channel asks for it, each read by an HTML parser", async () => {
    const channel = (await demo.catalog.definitions()).channels.get("telegram");
    if (!channel?.export) throw new Error("the demo has no telegram channel");
    const { code, labels, locales, currencies, categoryTree } = channel;
    await demo.catalog.saveChannel(
      { code, labels, locales, currencies, categoryTree, export: { ...channel.export, options: { ...channel.export.options, parseMode: "HTML" } } },
      "test",
    );
    const html = parseJsonLines<TelegramCard>((await renderFeed(demo.catalog, "telegram")).text);
    expect(html.map((card) => card.sku)).toEqual(cards.map((card) => card.sku));
    for (const card of html) {
      expect(card.parseMode).toBe("HTML");
      expect(schemaErrors(telegramCardsExporter, card), card.sku).toEqual([]);
      expect(readTelegramHtml(card.text), card.sku).toEqual(captions.get(card.sku));
    }
  });
});
