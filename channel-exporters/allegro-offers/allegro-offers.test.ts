import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRawValue } from "../../src/catalog/values/raw-values.js";
import type { FeedReport } from "../../src/feeds/write-feed.js";
import {
  expectGolden,
  renderFeed,
  sourceProducts,
  startDemoCatalog,
  type DemoCatalog,
  expectEveryDemoProductAccountedFor,
} from "../../test/helpers/demo-feeds.js";
import { plainText } from "../shared/text-safety.js";
import type { EconomicOperator } from "../../src/feeds/channel-product.js";
import type { AllegroOffer } from "./map.js";
import { allegroTitleLength } from "./title.js";
import type { SourceProduct } from "../../src/catalog/read/source-products.js";
import { offerExpectations, type ExpectedOffer } from "../../test/feeds/offer-expectations.js";

const channels = JSON.parse(await readFile(new URL("../../fixtures/demo-catalog/channels.json", import.meta.url), "utf8")) as Array<{
  code: string;
  export?: { categories: Record<string, string>; options: { responsibleProducers: Record<string, string>; responsiblePersons: Record<string, string> } };
}>;
const allegroExport = channels.find((c) => c.code === "allegro")?.export;
const categoryMapping = allegroExport?.categories ?? {};
const operators = new Map(
  (JSON.parse(await readFile(new URL("../../fixtures/demo-catalog/economic-operators.json", import.meta.url), "utf8")) as EconomicOperator[]).map((o) => [
    o.code,
    o,
  ]),
);

// A flat Allegro description: top-level h1/h2/p with only <b> inside, or lists of <li> with only <b> inside.
const inline = "(?:[^<]|</?b>)*";
const flatDescription = new RegExp(`^(?:<(h1|h2|p)>${inline}</\\1>|<(ul|ol)>(?:<li>${inline}</li>)+</\\2>)+$`);

describe("Allegro product-offers feed of the demo catalog", () => {
  let demo: DemoCatalog;
  let json: string;
  let report: FeedReport;
  let offers: AllegroOffer[];
  let expectedOffer: (source: SourceProduct) => ExpectedOffer;

  beforeAll(async () => {
    demo = await startDemoCatalog("allegro-offers");
    ({ text: json, report } = await renderFeed(demo.catalog, "allegro"));
    offers = (JSON.parse(json) as { offers: AllegroOffer[] }).offers;
    expectedOffer = await offerExpectations(demo.catalog, "allegro");
  });
  afterAll(() => demo?.stop());

  it("matches the golden file", async () => {
    await expectGolden(json, new URL("golden/allegro.json", import.meta.url).pathname);
  });

  it("writes every enabled product once and reports the ones it left out", () => {
    const ids = offers.map((o) => o.external.id);
    expectEveryDemoProductAccountedFor(report, ids);
  });

  it("carries the source values field by field", async () => {
    const sources = await sourceProducts(demo.catalog);
    for (const offer of offers) {
      const source = sources.get(offer.external.id);
      if (!source) throw new Error(`offer ${offer.external.id} has no product`);
      const { price, stock } = expectedOffer(source);
      expect(offer.sellingMode).toEqual({ format: "BUY_NOW", price: { amount: price?.salePrice ?? price?.price, currency: "PLN" } });

      const name = getRawValue(source.values, "name", null, "pl_PL") as string;
      expect(offer.name?.startsWith(name)).toBe(true);
      expect(allegroTitleLength(offer.name as string)).toBeLessThanOrEqual(75);
      expect(offer.productSet[0]?.product.name).toBe(offer.name);

      const ean = (getRawValue(source.values, "ean", null, null) as string | undefined) ?? null;
      const product = offer.productSet[0]?.product;
      expect(product?.id ?? null).toBe(ean);
      expect(product?.parameters.find((p) => p.id === "225693")?.values ?? null).toEqual(ean ? [ean] : null);

      const mapped = source.categories.map((c) => categoryMapping[c]).filter(Boolean);
      expect(mapped).toContain(offer.category?.id);
      expect(product?.category).toEqual(offer.category);

      const files = getRawValue(source.values, "images", null, null) as string[];
      expect(offer.images).toEqual(files.map((asset) => `https://shop.example.com/media/${asset}/allegro`));
      expect(product?.images).toEqual(offer.images);

      const content = offer.description?.sections.flatMap((s) => s.items.map((i) => i.content)).join("") ?? "";
      expect(content).toMatch(flatDescription);
      expect(plainText(content)).toBe(plainText(getRawValue(source.values, "description", "allegro", "pl_PL") as string));

      const sellable = stock.availability === "in_stock";
      expect(offer.stock).toEqual({ available: sellable ? stock.sellableQuantity : 0, unit: "UNIT" });
      expect(offer.publication).toEqual({ status: sellable ? "INACTIVE" : "ENDED" });
      expect(offer.language).toBe("pl-PL");

      const { product: _, ...safety } = offer.productSet[0] ?? {};
      const manufacturer = operators.get(getRawValue(source.values, "manufacturer", null, null) as string);
      const person = operators.get(getRawValue(source.values, "responsible_person", null, null) as string);
      if (!manufacturer) throw new Error(`${offer.external.id} has no manufacturer`);
      const producerId = allegroExport?.options.responsibleProducers[manufacturer.code];
      const personId = person && allegroExport?.options.responsiblePersons[person.code];
      expect(safety).toEqual({
        responsibleProducer: producerId ? { type: "ID", id: producerId } : { type: "NAME", name: manufacturer.name },
        ...(person ? { responsiblePerson: personId ? { id: personId } : { name: person.name } } : {}),
        safetyInformation: { type: "TEXT", description: plainText(getRawValue(source.values, "safety_information", null, "pl_PL") as string) },
      });
    }
  });

  it("sends each product's GPSR data: producers and the EU responsible person by Allegro id, an unmapped producer by name with a warning", () => {
    const phoneCase = offers.find((o) => o.external.id === "VOL-X5-CASE-BLK")?.productSet[0];
    expect(phoneCase?.responsibleProducer).toEqual({ type: "ID", id: "a3c43a61-f894-5988-9097-e2beb94428cd" });
    expect(phoneCase?.responsiblePerson).toEqual({ id: "dd3c39e4-51b6-5f70-9d0a-f3f3d1d1ca93" });
    expect(phoneCase?.safetyInformation.type).toBe("TEXT");

    const tee = offers.find((o) => o.external.id === "NV-CREW-NAVY-S")?.productSet[0];
    expect(tee?.responsibleProducer).toEqual({ type: "ID", id: "b0dbbfe5-1752-53fe-a739-6a916bed2762" });
    expect(tee).not.toHaveProperty("responsiblePerson");

    const lamp = offers.find((o) => o.external.id === "CLM-LAMP-DESK-LED-BLK")?.productSet[0];
    expect(lamp?.responsibleProducer).toEqual({ type: "NAME", name: "Casa Lumo S.r.l." });
    const unmapped = report.problems.filter((p) => p.field === "responsibleProducer");
    expect(new Set(unmapped.map((p) => p.reason))).toEqual(
      new Set([
        'casa_lumo_srl has no Allegro id in the exporter\'s responsibleProducers option; sent by name, so the Allegro account needs a responsible producer named "Casa Lumo S.r.l."',
      ]),
    );
    expect(unmapped.map((p) => p.sku)).toContain("CLM-LAMP-DESK-LED-BLK");
  });

  it("writes each variant as an offer of its own whose product the variant's axes tell apart, for Allegro to group into product variants", async () => {
    const sources = await sourceProducts(demo.catalog);
    const variantParameters = new Map<string, string[]>();
    for (const offer of offers) {
      const group = sources.get(offer.external.id)?.ancestry[0]?.code;
      if (!group) continue;
      const parameters = JSON.stringify(offer.productSet[0]?.product.parameters.filter((p) => p.id !== "225693"));
      variantParameters.set(group, [...(variantParameters.get(group) ?? []), parameters]);
    }
    expect([...variantParameters.keys()].sort()).toEqual([
      "dress_baltica_linen_midi",
      "jacket_peakline_parka",
      "phone_voltra_x5",
      "tshirt_nordvik_crew",
      "tshirt_nordvik_organic_vneck",
    ]);
    for (const parameters of variantParameters.values()) expect(new Set(parameters).size).toBe(parameters.length);
  });

  it("sends the condition and the mapped attributes as Allegro parameters", () => {
    const tee = offers.find((o) => o.external.id === "NV-CREW-NAVY-S");
    expect(tee?.name).toBe("Koszulka Nordvik Essential z okrągłym dekoltem, Granatowy, rozm. S");
    expect(tee?.parameters).toEqual([{ id: "11323", name: "Stan", valuesIds: ["11323_1"] }]);
    expect(tee?.productSet[0]?.product.parameters).toEqual([
      { id: "225693", name: "EAN (GTIN)", values: ["5907734120019"] },
      { name: "Marka", values: ["Nordvik"] },
      { name: "Kod producenta", values: ["NV-ESS-CREW-180"] },
      { name: "Kolor", values: ["Granatowy"] },
      { name: "Rozmiar", values: ["S"] },
      { name: "Materiał", values: ["Bawełna"] },
      { name: "Waga", values: ["0.17 kg"] },
    ]);
    const refurbished = offers.find((o) => o.external.id === "VOL-X4-REF-128");
    expect(refurbished?.parameters).toEqual([{ id: "11323", name: "Stan", values: ["Odnowiony"] }]);
  });

  it("keeps a product without an EAN as a full product definition", () => {
    const throw_ = offers.find((o) => o.external.id === "CLM-THROW-WOOL-GRY");
    expect(throw_?.productSet[0]?.product.id).toBeUndefined();
    expect(throw_?.productSet[0]?.product.idType).toBeUndefined();
    expect(throw_?.productSet[0]?.product.name).toBe(throw_?.name);
  });
});
