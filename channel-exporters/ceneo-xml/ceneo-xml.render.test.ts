import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import type { EconomicOperator, ExportContext } from "../types.js";
import type { CeneoOffer } from "./map.js";
import { renderCeneoXml } from "./render.js";

async function render(offers: CeneoOffer[], operators: EconomicOperator[] = []): Promise<string> {
  async function* items(): AsyncGenerator<CeneoOffer> {
    yield* offers;
  }
  const context = { economicOperators: new Map(operators.map((operator) => [operator.code, operator])) } as Partial<ExportContext> as ExportContext;
  let xml = "";
  for await (const chunk of renderCeneoXml(items(), context)) xml += chunk;
  return xml;
}

const offer = (id: string, group: CeneoOffer["group"], texts: Partial<CeneoOffer> = {}): CeneoOffer => ({
  group,
  id,
  url: `https://shop.example.com/p/${id}?a=1&b=2`,
  price: "19.99",
  avail: "1",
  stock: "3",
  cat: "Dom/Kuchnia",
  name: `Kubek ${id}`,
  attrs: [{ name: "Producent", value: "Glinka" }],
  ...texts,
});

describe("Ceneo XML rendering", () => {
  it("opens a group whenever the next offer is in another one", async () => {
    const xml = await render([offer("A", "clothes"), offer("B", "clothes"), offer("C", "other"), offer("D", "clothes")]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "group" || name === "o" }).parse(xml);
    const groups = parsed.offers.group as Array<{ "@_name": string; o: Array<{ "@_id": string }> }>;
    expect(groups.map((g) => [g["@_name"], g.o.map((o) => o["@_id"])])).toEqual([
      ["clothes", ["A", "B"]],
      ["other", ["C"]],
      ["clothes", ["D"]],
    ]);
  });

  it("escapes plain texts, keeps the description's HTML in CDATA and splits a ]]> inside it", async () => {
    const hostile = offer("X", "other", {
      name: 'Mug <script>alert(1)</script> ]]> & "co"',
      desc: "<p>Before ]]> after</p>",
      attrs: [{ name: 'Kolor "A&B"', value: "<b>ciemny</b>" }],
    });
    const xml = await render([hostile]);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain("<script");
    expect(xml).toContain("<desc><![CDATA[<p>Before ]]]]><![CDATA[> after</p>]]></desc>");
    const parsed = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml);
    const o = parsed.offers.group.o;
    expect(o["@_url"]).toBe("https://shop.example.com/p/X?a=1&b=2");
    expect(o.name).toBe('Mug <script>alert(1)</script> ]]> & "co"');
    expect(o.desc).toBe("<p>Before ]]> after</p>");
    expect(o.attrs.a).toEqual({ "@_name": 'Kolor "A&B"', "#text": "<b>ciemny</b>" });
  });

  it("lists the catalog's operators ahead of the offers, as manufacturers and as responsible persons, for the offers to name by id", async () => {
    const operators: EconomicOperator[] = [
      {
        code: "kestrel_inc",
        name: 'Kestrel "Computing" & Co <Inc.>',
        address: { street: "500 Howard Street", postalCode: "94105", city: "San Francisco", countryCode: "US", region: "CA" },
        email: "safety@kestrel.example.com",
        phone: "+1 415 555 0100",
      },
      {
        code: "form_only",
        name: "Formularz sp. z o.o.",
        address: { street: "ul. Długa 1", postalCode: "00-001", city: "Warszawa", countryCode: "PL" },
        url: "https://f.example.com",
      },
    ];
    const xml = await render([offer("A", "other", { attrs: [{ name: "Producent odpowiedzialny", value: "kestrel_inc" }] })], operators);
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => name === "p" }).parse(xml);
    const kestrel = {
      "@_id": "kestrel_inc",
      name: 'Kestrel "Computing" & Co <Inc.>',
      address: { countryCode: "US", street: "500 Howard Street", postalCode: "94105", city: "San Francisco" },
      contact: { email: "safety@kestrel.example.com", phoneNumber: "+1 415 555 0100" },
    };
    const formOnly = {
      "@_id": "form_only",
      name: "Formularz sp. z o.o.",
      address: { countryCode: "PL", street: "ul. Długa 1", postalCode: "00-001", city: "Warszawa" },
    };
    expect(parsed.offers.responsibleProducers.p).toEqual([formOnly, kestrel]);
    expect(parsed.offers.responsiblePersons.p).toEqual([formOnly, kestrel]);
    expect(Object.keys(parsed.offers)).toEqual(["responsibleProducers", "responsiblePersons", "group", "@_xmlns:xsi", "@_version"]);
  });

  it("is an empty offers element for an empty feed", async () => {
    expect(await render([])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<offers xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="1">\n</offers>\n',
    );
  });
});
