import { describe, expect, it } from "vitest";
import { type ChannelProductOverrides, channelProduct, type MapContextOverrides, mapContext, money, schemaErrors } from "../../test/helpers/channel-product.js";
import { readMarkdownV2, readTelegramHtml } from "../../test/helpers/telegram-captions.js";
import { htmlText } from "../shared/text-safety.js";
import { telegramCardsExporter } from "./index.js";
import type { TelegramCard, TelegramParseMode } from "./map.js";

/** The one card Telegram gets for a product, its caption read back strictly, and what the feed run would say. */
function mapOne(overrides: ChannelProductOverrides = {}, parseMode: TelegramParseMode = "MarkdownV2", contextOverrides: MapContextOverrides = {}) {
  const context = mapContext("telegram-cards", { options: { parseMode }, ...contextOverrides });
  const items = telegramCardsExporter.map(channelProduct(overrides), context);
  expect(items).toHaveLength(1);
  const card = items[0] as TelegramCard;
  const read = parseMode === "MarkdownV2" ? readMarkdownV2(card.text) : readTelegramHtml(card.text);
  // The length the card states is the length Telegram counts.
  expect(card.textLength).toBe(read.visible.length);
  return { card, read, errors: schemaErrors(telegramCardsExporter, card), warnings: context.warnings.map((w) => `${w.field}: ${w.reason}`) };
}

const nbsp = "\u00a0";
const summerSale = { saleWindow: { startsAt: "2026-01-01T00:00:00+01:00", endsAt: "2030-01-01T00:00:00+01:00" } };

describe("telegram-cards map()", () => {
  it("writes a sendPhoto card: bold title, description, bold price, availability and a labelled link, in MarkdownV2", () => {
    const { card, read, errors, warnings } = mapOne();
    expect(card).toEqual({
      sku: "SKU-1",
      messenger: "telegram",
      locale: "en_US",
      parseMode: "MarkdownV2",
      text: [
        "*Baltica Linen Shirt Regular Fit*",
        "",
        "A linen shirt for warm days\\.",
        "100% linen",
        "Regular fit",
        "",
        "*€49\\.99*",
        "In stock",
        "[View in store](https://shop.example.com/p/SKU-1)",
      ].join("\n"),
      textLength: 115,
      title: "Baltica Linen Shirt Regular Fit",
      description: "A linen shirt for warm days.\n100% linen\nRegular fit",
      imageUrl: "https://shop.example.com/media/front.jpg/main",
      link: "https://shop.example.com/p/SKU-1",
      buttons: [{ text: "View in store", url: "https://shop.example.com/p/SKU-1" }],
      price: money("49.99"),
      availability: "in_stock",
    });
    expect(read.entities).toEqual([
      { type: "bold", text: "Baltica Linen Shirt Regular Fit" },
      { type: "bold", text: "€49.99" },
      { type: "text_link", text: "View in store", url: "https://shop.example.com/p/SKU-1" },
    ]);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("escapes every MarkdownV2 special character of a hostile name, so the caption shows it as written", () => {
    const name = "Shirt *bold* _it_ __u__ ~s~ ||x|| [a](http://evil.example) `c` \\ > #1 + - = | {b} . !";
    const link = "https://shop.example.com/p/a_(b)";
    const { card, read, errors } = mapOne({ fields: { title: htmlText(name), description: htmlText(`Also ${name}`), link } });
    expect(card.title).toBe(name);
    expect(read.visible.startsWith(`${name}\n\nAlso ${name}\n\n`)).toBe(true);
    expect(read.entities).toEqual([
      { type: "bold", text: name },
      { type: "bold", text: "€49.99" },
      { type: "text_link", text: "View in store", url: new URL(link).href },
    ]);
    expect(errors).toEqual([]);
  });

  it("drops control characters and lone surrogates a caption cannot carry, and keeps line breaks only between lines", () => {
    const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join("");
    const { card, read, errors } = mapOne({
      fields: { title: htmlText(`Tab\tname\r\nwith ${controls} \uD800 end`), description: htmlText(`First\r\nsecond ${controls}\uDFFF`) },
    });
    expect(card.title).toBe("Tab name with end");
    expect(card.description).toBe("First\nsecond");
    expect(read.visible).not.toMatch(/[\u0000-\u0009\u000b-\u001f\uD800-\uDFFF]/u);
    expect(errors).toEqual([]);
  });

  it("escapes a name holding tags in HTML mode: <b> stays text inside the bold title", () => {
    const name = `Shirt <b>XL</b> & "Co" <script>alert(1)</script>`;
    const { card, read, errors } = mapOne({ fields: { title: htmlText(name), link: "https://shop.example.com/p/1?a=1&b=2" } }, "HTML");
    expect(card.text.startsWith(`<b>Shirt &lt;b&gt;XL&lt;/b&gt; &amp; "Co" &lt;script&gt;alert(1)&lt;/script&gt;</b>\n\n`)).toBe(true);
    expect(card.text.endsWith('\n<a href="https://shop.example.com/p/1?a=1&amp;b=2">View in store</a>')).toBe(true);
    expect(read.entities).toEqual([
      { type: "bold", text: name },
      { type: "bold", text: "€49.99" },
      { type: "text_link", text: "View in store", url: "https://shop.example.com/p/1?a=1&b=2" },
    ]);
    expect(errors).toEqual([]);
  });

  it("leaves out a description's opening line when it only repeats the title the card shows in bold", () => {
    const repeated = mapOne({ fields: { description: "<p><strong>Baltica Linen Shirt Regular Fit</strong></p><p>Made in Łódź.</p>" } });
    expect(repeated.card.description).toBe("Made in Łódź.");
    const different = mapOne({ fields: { description: "<p><strong>Baltica Linen Shirt</strong></p><p>Made in Łódź.</p>" } });
    expect(different.card.description).toBe("Baltica Linen Shirt\nMade in Łódź.");
  });

  it("cuts a long description at a word boundary to fit 1024 visible characters, keeping every fact line and every escape whole", () => {
    const sentence = "Cotton-blend (80%) fits #1 & <XL>. ";
    const description = sentence.repeat(60);
    for (const parseMode of ["MarkdownV2", "HTML"] as const) {
      const { card, read, errors, warnings } = mapOne(
        { fields: { description: htmlText(description), salePrice: money("39.99") }, offer: summerSale },
        parseMode,
      );
      expect(card.textLength).toBeLessThanOrEqual(1024);
      expect(card.textLength).toBeGreaterThan(1000);
      expect(card.description).toMatch(/\S…$/);
      expect(description.startsWith((card.description ?? "").slice(0, -1))).toBe(true);
      expect(read.visible.endsWith(`${card.description}\n\n€49.99 €39.99\nSale price until December 31, 2029\nIn stock\nView in store`)).toBe(true);
      expect(warnings).toEqual([
        `description: shortened from ${description.trim().length} to ${card.description?.length} characters at a word boundary to fit Telegram's 1024-character caption`,
      ]);
      expect(errors).toEqual([]);
    }
  });

  it("counts what Telegram counts, the text after entities are parsed: escapes and markup do not use up the caption", () => {
    // 900 visible characters take 1350 in MarkdownV2, every "." escaped; they still fit.
    const description = "a.b ".repeat(225).trim();
    const { card, read, warnings } = mapOne({ fields: { description } });
    expect(card.text.length).toBeGreaterThan(1024);
    expect(card.textLength).toBeLessThanOrEqual(1024);
    expect(card.description).toBe(description);
    expect(read.visible).toContain(description);
    expect(warnings).toEqual([]);
  });

  it("counts UTF-16 code units as Telegram does: an emoji is two", () => {
    const description = "🧵".repeat(600);
    const { card, warnings } = mapOne({ fields: { description } });
    expect(card.textLength).toBeLessThanOrEqual(1024);
    expect(card.description).toMatch(/^(🧵)+…$/u);
    expect(warnings[0]).toMatch(/^description: shortened from 1200 to \d+ characters/);
  });

  it("strikes the old price through and dates the sale by its last day, in the channel's language and number format", () => {
    const cases = [
      {
        locale: "ru_RU",
        currency: "RUB",
        price: "1990.00",
        sale: "1691.50",
        struck: `1${nbsp}990,00${nbsp}₽`,
        bold: `1${nbsp}691,50${nbsp}₽`,
        until: "Цена по акции до 31 декабря 2029 г.",
        link: "Открыть в магазине",
      },
      {
        locale: "pl_PL",
        currency: "PLN",
        price: "89.99",
        sale: "76.49",
        struck: `89,99${nbsp}zł`,
        bold: `76,49${nbsp}zł`,
        until: "Cena promocyjna do 31 grudnia 2029",
        link: "Zobacz w sklepie",
      },
      {
        locale: "en_US",
        currency: "USD",
        price: "21.99",
        sale: "18.69",
        struck: "$21.99",
        bold: "$18.69",
        until: "Sale price until December 31, 2029",
        link: "View in store",
      },
    ];
    for (const c of cases) {
      const { card, read, errors } = mapOne(
        { fields: { price: money(c.price, c.currency), salePrice: money(c.sale, c.currency) }, offer: summerSale },
        "MarkdownV2",
        { locale: c.locale, currency: c.currency },
      );
      expect(read.entities.slice(1)).toEqual([
        { type: "strikethrough", text: c.struck },
        { type: "bold", text: c.bold },
        { type: "text_link", text: c.link, url: "https://shop.example.com/p/SKU-1" },
      ]);
      expect(read.visible).toContain(`\n${c.struck} ${c.bold}\n${c.until}\n`);
      expect(card).toMatchObject({ locale: c.locale, salePrice: money(c.sale, c.currency), saleWindow: summerSale.saleWindow });
      expect(errors).toEqual([]);
    }
  });

  it("says a sale a rule set, with no promotion behind it, without a last day; a sale price that is not lower is no sale", () => {
    const ruled = mapOne({ fields: { salePrice: money("39.99") } });
    expect(ruled.read.visible).toContain("\n€49.99 €39.99\nIn stock\n");
    expect(ruled.card).not.toHaveProperty("saleWindow");

    const notLower = mapOne({ fields: { salePrice: money("49.99") }, offer: summerSale });
    expect(notLower.read.visible).toContain("\n€49.99\nIn stock\n");
    expect(notLower.card).not.toHaveProperty("salePrice");
    expect(notLower.card).not.toHaveProperty("saleWindow");
  });

  it("says availability in the locale's words, with the day a preorder or backorder ships", () => {
    const words = (availability: string, locale: string, availabilityDate?: string) => {
      const { card, read } = mapOne({ fields: { availability, availabilityDate }, offer: { sellableQuantity: 0 } }, "MarkdownV2", { locale });
      expect(card.availability).toBe(availability);
      return read.visible.split("\n").at(-2);
    };
    expect(words("preorder", "ru_RU", "2027-01-20T08:00:00Z")).toBe("Предзаказ, отправка с 20 января 2027 г.");
    expect(words("backorder", "pl_PL", "2026-12-15T09:00:00Z")).toBe("Na zamówienie, wysyłka od 15 grudnia 2026");
    expect(words("backorder", "en_US", "2026-12-15T09:00:00Z")).toBe("Available on backorder, ships from December 15, 2026");
    expect(words("preorder", "en_US")).toBe("Available to pre-order");
    expect(words("out_of_stock", "ru_RU")).toBe("Нет в наличии");
    expect(words("discontinued", "pl_PL")).toBe("Wycofano ze sprzedaży");
    expect(words("in_stock", "pl_PL")).toBe("W magazynie");
  });

  it("formats money and dates for a locale without card words, says the words in English, and warns once per run", () => {
    const context = mapContext("telegram-cards", { options: { parseMode: "MarkdownV2" }, locale: "de_DE" });
    const [first] = telegramCardsExporter.map(channelProduct({ fields: { salePrice: money("39.99") }, offer: summerSale }), context);
    telegramCardsExporter.map(channelProduct({ sku: "SKU-2" }), context);
    expect(readMarkdownV2(first?.text ?? "").visible).toContain(`\n49,99${nbsp}€ 39,99${nbsp}€\nSale price until 31. Dezember 2029\nIn stock\n`);
    expect(context.warnings).toEqual([{ field: "locale", reason: "cards have no words for de_DE yet; availability, sale and link words are in English" }]);
  });

  it("is turned away by its schema without a picture, a price, a title or a link, naming the field", () => {
    expect(mapOne({ fields: { images: null } }).errors).toContain("/ required imageUrl");
    expect(mapOne({ fields: { price: null } }).errors).toContain("/ required price");
    expect(mapOne({ fields: { title: null } }).errors).toContain("/ required title");
    expect(mapOne({ fields: { link: null } }).errors).toEqual(expect.arrayContaining(["/ required link", "/ required buttons"]));
  });

  it("is checked by readers as strict as Telegram: they refuse what Telegram cannot parse", () => {
    for (const bad of ["Price 9.99", "*bold", "*a _b* c_", "[label](https://x.example", "[label] (https://x.example)", "a \\", "#tag"]) {
      expect(() => readMarkdownV2(bad), bad).toThrow();
    }
    for (const bad of ["<b>open", "<i>italic</i>", "</b>", "a < b", "Tom &amp Jerry", "&nbsp;", '<a href="x" title="y">t</a>', "<b><s>x</b></s>"]) {
      expect(() => readTelegramHtml(bad), bad).toThrow();
    }
    expect(readMarkdownV2("*a \\* b*").entities).toEqual([{ type: "bold", text: "a * b" }]);
  });

  it("shows the consistency report what the caption says", () => {
    const { card } = mapOne({ fields: { salePrice: money("39.99"), availability: "backorder", availabilityDate: "2026-12-15T09:00:00Z" }, offer: summerSale });
    expect(telegramCardsExporter.customerView(card)).toEqual({
      title: "Baltica Linen Shirt Regular Fit",
      description: "A linen shirt for warm days.\n100% linen\nRegular fit",
      price: money("49.99"),
      salePrice: money("39.99"),
      availability: "backorder",
      image: "https://shop.example.com/media/front.jpg/main",
    });
  });
});
