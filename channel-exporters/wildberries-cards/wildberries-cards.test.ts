import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SourceProduct } from "../../src/catalog/read/source-products.js";
import { getRawValue } from "../../src/catalog/values/raw-values.js";
import type { FeedReport } from "../../src/feeds/write-feed.js";
import { staticSchemaValidator } from "../../src/validation/json-schemas.js";
import { offerExpectations, type ExpectedOffer } from "../../test/feeds/offer-expectations.js";
import {
  addSizeLater,
  type DemoCatalog,
  expectEveryDemoProductAccountedFor,
  expectGolden,
  renderFeed,
  sourceProducts,
  startDemoCatalog,
} from "../../test/helpers/demo-feeds.js";
import { plainText } from "../shared/text-safety.js";
import { wildberriesCardsExporter } from "./index.js";
import type { WildberriesVariant } from "./map.js";

interface MergedCard {
  subjectID: number;
  variants: WildberriesVariant[];
}

const channels = JSON.parse(await readFile(new URL("../../fixtures/demo-catalog/channels.json", import.meta.url), "utf8")) as Array<{
  code: string;
  export?: { categories: Record<string, string> };
}>;
const subjectMapping = channels.find((c) => c.code === "wildberries")?.export?.categories ?? {};
const attributes = JSON.parse(await readFile(new URL("../../fixtures/demo-catalog/attributes.json", import.meta.url), "utf8")) as Array<{
  code: string;
  options: Array<{ code: string; labels: Record<string, string> }>;
}>;
const label = (attribute: string, option: string | undefined) =>
  attributes.find((a) => a.code === attribute)?.options.find((o) => o.code === option)?.labels.ru_RU;

/** Centimetres and kilograms per PIM unit, written out here so a wrong factor in the exporter's conversion shows. */
const centimetresPer: Record<string, number> = { MILLIMETER: 0.1, CENTIMETER: 1, METER: 100, INCH: 2.54 };
const kilogramsPer: Record<string, number> = { MILLIGRAM: 0.000001, GRAM: 0.001, KILOGRAM: 1, OUNCE: 0.028349523125, POUND: 0.45359237 };

/** A package measure as WB must get it: `decimals` fraction digits, never rounded below what the product measures. */
function packageMeasure(source: SourceProduct, attribute: string, per: Record<string, number>, decimals: number): number | undefined {
  const value = getRawValue(source.values, attribute, null, null) as { amount: string; unit: string } | undefined;
  const scale = 10 ** decimals;
  return value ? Math.ceil(Number((Number(value.amount) * (per[value.unit] as number) * scale).toFixed(6))) / scale : undefined;
}

describe("Wildberries cards upload body of the demo catalog", () => {
  let demo: DemoCatalog;
  let json: string;
  let report: FeedReport;
  let cards: MergedCard[];
  let variants: WildberriesVariant[];
  let sources: Map<string, SourceProduct>;
  let expectedOffer: (source: SourceProduct) => ExpectedOffer;

  beforeAll(async () => {
    demo = await startDemoCatalog("wildberries-cards");
    ({ text: json, report } = await renderFeed(demo.catalog, "wildberries"));
    cards = JSON.parse(json) as MergedCard[];
    variants = cards.flatMap((card) => card.variants);
    sources = await sourceProducts(demo.catalog);
    expectedOffer = await offerExpectations(demo.catalog, "wildberries");
  });
  afterAll(() => demo?.stop());

  it("matches the golden file", async () => {
    await expectGolden(json, new URL("golden/wildberries.json", import.meta.url).pathname);
  });

  it("is one cards upload body within WB's 100 merged cards of 30 cards, each card passing the item schema", () => {
    const validateBody = staticSchemaValidator("channels/wildberries-cards.body.schema.json");
    expect(validateBody(cards), JSON.stringify(validateBody.errors?.slice(0, 3))).toBe(true);
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(wildberriesCardsExporter.parts?.maxBytes as number);
  });

  it("writes every enabled product once and reports the ones it left out", () => {
    expectEveryDemoProductAccountedFor(
      report,
      variants.map((v) => v.vendorCode),
    );
    expect(variants.length, JSON.stringify(report.problems.slice(0, 3))).toBeGreaterThan(40);
  });

  it("merges the variants of one product model into one card, and leaves products without a model alone", () => {
    const modelOf = (sku: string) => sources.get(sku)?.ancestry[0]?.code ?? null;
    const cardOf = new Map<string, MergedCard>();
    for (const card of cards) {
      const models = new Set(card.variants.map((v) => modelOf(v.vendorCode)));
      expect(models.size, JSON.stringify([...models])).toBe(1);
      const [model = null] = [...models];
      if (model === null) expect(card.variants).toHaveLength(1);
      else {
        expect(cardOf.has(model), `${model} is split over two merged cards`).toBe(false);
        cardOf.set(model, card);
      }
    }
    expect(cardOf.get("tshirt_nordvik_crew")?.variants.map((v) => v.vendorCode)).toEqual([
      "NV-CREW-NAVY-S",
      "NV-CREW-NAVY-M",
      "NV-CREW-NAVY-L",
      "NV-CREW-NAVY-XL",
      "NV-CREW-WHT-S",
      "NV-CREW-WHT-M",
      "NV-CREW-WHT-L",
      "NV-CREW-WHT-XL",
      "NV-CREW-BLK-M",
      "NV-CREW-BLK-L",
      "NV-CREW-BLK-XL",
    ]);
    expect(cardOf.get("tshirt_nordvik_crew")?.subjectID).toBe(192);
  });

  it("carries the source values field by field, in WB's units, words and limits", () => {
    for (const card of cards) {
      for (const variant of card.variants) {
        const source = sources.get(variant.vendorCode);
        if (!source) throw new Error(`card ${variant.vendorCode} has no product`);
        expect(source.categories.map((c) => subjectMapping[c])).toContain(String(card.subjectID));
        const name = getRawValue(source.values, "name", null, "ru_RU") as string;
        if (name.length <= 60) expect(variant.title).toBe(name);
        else expect(name.startsWith(variant.title as string) && (variant.title as string).length <= 60).toBe(true);
        const description = getRawValue(source.values, "description", "wildberries", "ru_RU") as string | undefined;
        expect(variant.description).toBe(description && plainText(description));
        expect(variant.brand).toBe(label("brand", getRawValue(source.values, "brand", null, null) as string));
        const { price } = expectedOffer(source);
        const size = getRawValue(source.values, "size", null, null) as string | undefined;
        const ean = getRawValue(source.values, "ean", null, null) as string | undefined;
        expect(variant.sizes).toEqual([
          {
            ...(size ? { techSize: label("size", size) } : {}),
            price: Math.round(Number(price?.price)),
            ...(ean ? { skus: [ean] } : {}),
          },
        ]);
        const dimensions = {
          length: packageMeasure(source, "depth", centimetresPer, 0),
          width: packageMeasure(source, "width", centimetresPer, 0),
          height: packageMeasure(source, "height", centimetresPer, 0),
          weightBrutto: packageMeasure(source, "weight", kilogramsPer, 3),
        };
        expect(variant.dimensions ?? {}).toEqual(Object.fromEntries(Object.entries(dimensions).filter(([, v]) => v !== undefined)));
        const grams = packageMeasure(source, "weight", kilogramsPer, 3);
        expect(variant.characteristics?.find((c) => c.id === 89008)?.value).toBe(grams === undefined ? undefined : Math.round(grams * 1000));
        expect(wildberriesCardsExporter.customerView({ card: "", subjectID: card.subjectID, currency: "RUB", variant })).toEqual({
          title: variant.title,
          description: variant.description ?? null,
          price: { amount: String(Math.round(Number(price?.price))), currency: "RUB" },
          salePrice: null,
          availability: null,
          image: null,
          notCarried: ["salePrice", "availability", "image"],
        });
      }
    }
  });

  it("says colours and materials in WB's dictionary words", () => {
    const navy = variants.find((v) => v.vendorCode === "NV-CREW-NAVY-S");
    expect(navy?.characteristics).toEqual([
      { id: 14177449, value: ["темно-синий"] },
      { id: 14177450, value: ["хлопок"] },
      { id: 89008, value: 170 },
    ]);
    const vneck = variants.find((v) => v.vendorCode === "NV-VNECK-BEI-S");
    expect(vneck?.characteristics?.find((c) => c.id === 14177450)?.value).toEqual(["органический хлопок", "эластан"]);
  });

  it("shortens long titles to 60 characters and reports the missing package size, with WB's zero", () => {
    const vase = report.problems.filter((p) => p.sku === "CLM-VASE-GLASS-30").map((p) => `${p.field}: ${p.reason}`);
    expect(vase).toContain("title: shortened from 64 to 55 characters at a word boundary (limit 60)");
    expect(report.problems.filter((p) => p.sku === "NV-CREW-NAVY-S").map((p) => `${p.severity} ${p.field}: ${p.reason}`)).toEqual([
      "warning dimensions.length,width,height: no value in attribute depth, width, height; Wildberries records 0 and charges logistics by what it measures",
    ]);
  });

  // Last: it changes the catalog and the channel for the rest of the file.
  it("keeps a model's cards in one request body when the feed is cut into parts, so WB merges them", async () => {
    // A size added later is read after every product saved before it, far from its model's other sizes.
    await addSizeLater(demo.catalog, "NV-CREW-BLK-M", "NV-CREW-BLK-S", "s");
    const sourcesNow = await sourceProducts(demo.catalog);
    const wildberries = (await demo.catalog.definitions()).channels.get("wildberries");
    if (!wildberries?.export) throw new Error("the demo has no wildberries channel");
    const { code, labels, locales, currencies, categoryTree } = wildberries;
    await demo.catalog.saveChannel({ code, labels, locales, currencies, categoryTree, export: { ...wildberries.export, itemsPerPart: 20 } }, "test");
    const { parts } = await renderFeed(demo.catalog, "wildberries");
    expect(parts.length).toBeGreaterThan(2);
    const partOfModel = new Map<string, number>();
    for (const [index, part] of parts.entries()) {
      const bodies = JSON.parse(part) as MergedCard[];
      expect(bodies.reduce((total, card) => total + card.variants.length, 0)).toBeLessThanOrEqual(20);
      for (const card of bodies) {
        const model = sourcesNow.get(card.variants[0]?.vendorCode ?? "")?.ancestry[0]?.code;
        if (!model) continue;
        expect(partOfModel.get(model) ?? index, `${model} is in two request bodies`).toBe(index);
        partOfModel.set(model, index);
      }
    }
    expect(partOfModel.size).toBeGreaterThan(3);
    expect([...partOfModel.keys()]).toContain(sourcesNow.get("NV-CREW-BLK-S")?.ancestry[0]?.code);
  });
});
