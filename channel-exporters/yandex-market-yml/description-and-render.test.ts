import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import type { ExportContext, MapContext } from "../types.js";
import { maxDescriptionLength, yandexDescription } from "./description.js";
import type { YmlOffer } from "./map.js";
import { renderYml } from "./render.js";

/** yandexDescription reads nothing of its context but warn(). */
function warnings(): { context: MapContext; reasons: string[] } {
  const reasons: string[] = [];
  const warn = (field: string, reason: string): void => void reasons.push(`${field}: ${reason}`);
  return { context: { warn } as Partial<MapContext> as MapContext, reasons };
}

async function render(offers: YmlOffer[], context: Partial<ExportContext>): Promise<string> {
  async function* items(): AsyncGenerator<YmlOffer> {
    yield* offers;
  }
  let xml = "";
  for await (const chunk of renderYml(items(), context as ExportContext)) xml += chunk;
  return xml;
}

describe("YML descriptions", () => {
  it("keep Yandex's tags only", () => {
    const { context } = warnings();
    expect(yandexDescription(context, '<h3 id="x">Заголовок</h3><p><strong>Жирный</strong><br>текст</p><table><tr><td>ячейка</td></tr></table>')).toBe(
      "<h3>Заголовок</h3><p>Жирный<br />текст</p>ячейка",
    );
  });

  it("over the limit end at the last whole paragraph or list that fits, with a warning", () => {
    const { context, reasons } = warnings();
    const paragraph = `<p>${"слово ".repeat(80).trim()}</p>`;
    const html = `<ul><li>пункт</li></ul>${paragraph.repeat(20)}`;
    const fitted = yandexDescription(context, html) as string;
    expect(fitted.length).toBeLessThanOrEqual(maxDescriptionLength);
    expect(fitted.length).toBeGreaterThan(maxDescriptionLength - paragraph.length);
    expect(fitted).toMatch(/^<ul><li>пункт<\/li><\/ul>(<p>[^<]+<\/p>)+$/);
    expect(reasons).toEqual([expect.stringMatching(/^description: shortened from \d+ to \d+ characters/)]);
  });

  it("that are one huge block become plain text cut at a word, still safe as HTML", () => {
    const { context } = warnings();
    const fitted = yandexDescription(context, `<p>${"a &lt; b ".repeat(1000)}</p>`) as string;
    expect(fitted.length).toBeLessThanOrEqual(maxDescriptionLength);
    expect(fitted.startsWith("a &lt; b a &lt; b")).toBe(true);
    expect(fitted).not.toMatch(/<|&(?!lt;|gt;|amp;)/);
  });
});

const context: Partial<ExportContext> = {
  channel: "yandex_market",
  currency: "RUB",
  generatedAt: new Date("2026-11-01T09:00:00Z"),
  options: { shopName: "Shop & <Co>", company: "]]>", url: "https://shop.example.com/" },
  settings: { productUrl: "https://shop.example.com/{sku}" } as ExportContext["settings"],
  categories: [],
};

describe("YML categories", () => {
  it("hang under their nearest mapped ancestor, each id once, unmapped and non-numeric ids left out", async () => {
    const xml = await render([], {
      ...context,
      categories: [
        { code: "root", parent: null, label: "Корень", channelId: "10" },
        { code: "unmapped", parent: "root", label: "Без id", channelId: null },
        { code: "odd", parent: "root", label: "Не число", channelId: "abc" },
        { code: "leaf", parent: "unmapped", label: "Лист", channelId: "11" },
        { code: "twin", parent: "odd", label: "Двойник", channelId: "11" },
        { code: "deep", parent: "odd", label: "Глубже", channelId: "12" },
      ],
    });
    expect(xml).toContain(
      '<categories>\n<category id="10">Корень</category>\n<category id="11" parentId="10">Лист</category>\n<category id="12" parentId="10">Глубже</category>\n</categories>',
    );
  });
});

describe("YML rendering of hostile text", () => {
  it("stays well-formed XML 1.0 and reads back as the cleaned text", async () => {
    const hostile = `A\u0001\u0008\u000B\u001F "q" 'a' & <script>alert(1)</script> ]]> \uD800 \uFFFE end`;
    const offer: YmlOffer = {
      id: 'SKU-"1"&<2>',
      available: true,
      group_id: "grp'<]]>",
      name: hostile,
      url: "https://shop.example.com/p?a=1&b=2",
      price: "10.00",
      currencyId: "RUB",
      categoryId: "1",
      picture: ["https://shop.example.com/a.jpg"],
      description: `<p>${hostile}</p>`,
      param: [{ name: `Имя "${hostile}"`, unit: "<см>", value: hostile }],
    };
    const xml = await render([offer], { ...context, categories: [{ code: "c", parent: null, label: hostile, channelId: "1" }] });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    const cleaned = `A "q" 'a' & <script>alert(1)</script> ]]>   end`;
    const parsed = new XMLParser({ ignoreAttributes: false, parseTagValue: false, parseAttributeValue: false, trimValues: false }).parse(xml).yml_catalog.shop;
    expect(parsed.name).toBe("Shop & <Co>");
    expect(parsed.categories.category["#text"]).toBe(cleaned);
    expect(parsed.offers.offer["@_id"]).toBe('SKU-"1"&<2>');
    expect(parsed.offers.offer["@_group_id"]).toBe("grp'<]]>");
    expect(parsed.offers.offer.name).toBe(cleaned);
    expect(parsed.offers.offer.description).toBe(`<p>${cleaned}</p>`);
    expect(parsed.offers.offer.param).toEqual({ "#text": cleaned, "@_name": `Имя "${cleaned}"`, "@_unit": "<см>" });
  });
});
