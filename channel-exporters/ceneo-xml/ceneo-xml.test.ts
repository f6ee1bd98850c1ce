import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SourceProduct } from "../../src/catalog/read/source-products.js";
import { getRawValue } from "../../src/catalog/values/raw-values.js";
import { demoCatalogDir } from "../../src/demo/demo-catalog.js";
import type { EconomicOperator } from "../../src/feeds/channel-product.js";
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
import { isEuCountry } from "../shared/eu-countries.js";
import { plainText } from "../shared/text-safety.js";
import { gpsrAttrNames } from "./map.js";

interface XmlAttr {
  "@_name": string;
  "#text": string;
}
interface XmlOffer {
  "@_id": string;
  "@_url": string;
  "@_price": string;
  "@_avail": string;
  "@_stock": string;
  "@_weight"?: string;
  cat: string;
  name: string;
  imgs: { main: { "@_url": string }; i?: Array<{ "@_url": string }> };
  desc: string;
  attrs: { a: XmlAttr[] };
}
interface XmlGroup {
  "@_name": string;
  o: XmlOffer[];
}

const avails: Record<string, string> = { in_stock: "1", backorder: "90", preorder: "110", out_of_stock: "99" };

describe("Ceneo XML offers file of the demo catalog", () => {
  let demo: DemoCatalog;
  let xml: string;
  let report: FeedReport;
  let groups: XmlGroup[];
  let offers: Array<XmlOffer & { group: string }>;
  let sources: Map<string, SourceProduct>;
  let operators: Map<string, EconomicOperator>;
  let producers: Map<string, XmlOperator>;
  let persons: Map<string, XmlOperator>;
  let expectedOffer: (source: SourceProduct) => ExpectedOffer;

  beforeAll(async () => {
    demo = await startDemoCatalog("ceneo-xml");
    ({ text: xml, report } = await renderFeed(demo.catalog, "ceneo"));
    const parsed = new XMLParser({
      ignoreAttributes: false,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: false,
      isArray: (name) => ["group", "o", "i", "a"].includes(name),
    }).parse(xml);
    // Operator lists are markup around short values; only the offers' texts need their whitespace kept.
    const lists = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => name === "p" }).parse(xml).offers;
    producers = new Map(lists.responsibleProducers.p.map((entry: XmlOperator) => [entry["@_id"], entry]));
    persons = new Map(lists.responsiblePersons.p.map((entry: XmlOperator) => [entry["@_id"], entry]));
    groups = parsed.offers.group as XmlGroup[];
    offers = groups.flatMap((group) => group.o.map((offer) => ({ ...offer, group: group["@_name"] })));
    sources = await sourceProducts(demo.catalog);
    const fixture = JSON.parse(await readFile(join(demoCatalogDir, "economic-operators.json"), "utf8")) as EconomicOperator[];
    operators = new Map(fixture.map((operator) => [operator.code, operator]));
    expectedOffer = await offerExpectations(demo.catalog, "ceneo");
  });
  afterAll(() => demo?.stop());

  it("matches the golden file", async () => {
    await expectGolden(xml, new URL("golden/ceneo.xml", import.meta.url).pathname);
  });

  it("is well-formed XML with Ceneo's root and one group per run of a family's offers", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<offers xmlns:xsi="http:\/\/www.w3.org\/2001\/XMLSchema-instance" version="1">\n<responsibleProducers>\n/,
    );
    expect(new Set(groups.map((group) => group["@_name"]))).toEqual(new Set(["clothes", "other"]));
    for (const offer of offers) expect(offer.group).toBe(sources.get(offer["@_id"])?.family === "clothing" ? "clothes" : "other");
  });

  it("writes every enabled product once and reports the ones it left out", () => {
    expectEveryDemoProductAccountedFor(
      report,
      offers.map((offer) => offer["@_id"]),
    );
  });

  it("carries the source values: the price a buyer pays, availability in Ceneo's codes and the Polish texts", () => {
    for (const offer of offers) {
      const source = sources.get(offer["@_id"]);
      if (!source) throw new Error(`offer ${offer["@_id"]} has no product`);
      const { price, stock } = expectedOffer(source);
      expect(offer["@_price"]).toBe(price?.salePrice ?? price?.price);
      expect(offer["@_avail"]).toBe(avails[stock.availability]);
      expect(offer["@_stock"]).toBe(String(stock.availability === "in_stock" ? stock.sellableQuantity : 0));
      const name = getRawValue(source.values, "name", null, "pl_PL") as string;
      expect(offer.name.startsWith(name)).toBe(true);
      const description = getRawValue(source.values, "description", "ceneo", "pl_PL") as string;
      expect(plainText(offer.desc)).toBe(plainText(description));
      expect(offer.cat.split("/").length).toBeGreaterThan(1);
      const attrs = new Map(offer.attrs.a.map((a) => [a["@_name"], a["#text"]]));
      expect(attrs.get("EAN")).toBe(getRawValue(source.values, "ean", null, null) as string | undefined);
    }
  });

  it("names each product's manufacturer, the EU responsible person of one outside the EU, and the safety information in Polish", () => {
    for (const offer of offers) {
      const source = sources.get(offer["@_id"]) as SourceProduct;
      const attrs = new Map(offer.attrs.a.map((a) => [a["@_name"], a["#text"]]));
      const manufacturer = operators.get(getRawValue(source.values, "manufacturer", null, null) as string) as EconomicOperator;
      expect(producers.get(attrs.get(gpsrAttrNames.manufacturer) ?? "")).toEqual(asListed(manufacturer));
      const person = operators.get(getRawValue(source.values, "responsible_person", null, null) as string);
      expect(attrs.get(gpsrAttrNames.responsiblePerson) && persons.get(attrs.get(gpsrAttrNames.responsiblePerson) ?? "")).toEqual(person && asListed(person));
      if (!isEuCountry(manufacturer.address.countryCode)) expect(person?.code).toBe("eurep_gmbh");
      const safety = getRawValue(source.values, "safety_information", null, "pl_PL") as string;
      expect(attrs.get(gpsrAttrNames.safetyInformation)).toBe(safety.replace(/\s*\n\s*/g, " ").trim());
    }
    expect(report.problems.filter((p) => p.field === "manufacturer" || p.field === "responsiblePerson")).toEqual([]);
  });
});

interface XmlOperator {
  "@_id": string;
  name: string;
  address: { countryCode: string; street: string; postalCode: string; city: string };
  contact?: { email?: string; phoneNumber?: string };
}

/** An operator as Ceneo's list of manufacturers or responsible persons must carry it. */
function asListed({ code, name, address, email, phone }: EconomicOperator): XmlOperator {
  const contact = { ...(email ? { email } : {}), ...(phone ? { phoneNumber: phone } : {}) };
  return {
    "@_id": code,
    name,
    address: { countryCode: address.countryCode, street: address.street, postalCode: address.postalCode, city: address.city },
    ...(email || phone ? { contact } : {}),
  };
}
