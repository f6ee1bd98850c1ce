import { describe, expect, it } from "vitest";
import type { EconomicOperator } from "../../src/feeds/channel-product.js";
import { channelProduct, type ChannelProductOverrides, fieldValue, mapContext, money, schemaErrors } from "../../test/helpers/channel-product.js";
import { ceneoXmlExporter } from "./index.js";
import { type CeneoOffer, gpsrAttrNames } from "./map.js";

const baltica: EconomicOperator = {
  code: "baltica_sp_zoo",
  name: "Baltica Linen sp. z o.o.",
  address: { street: "ul. Długa 12", postalCode: "80-827", city: "Gdańsk", countryCode: "PL" },
  email: "bezpieczenstwo@baltica.example.com",
  phone: "+48 58 555 12 34",
};
const kestrel: EconomicOperator = {
  code: "kestrel_inc",
  name: "Kestrel Computing Inc.",
  address: { street: "500 Howard Street", postalCode: "94105", city: "San Francisco", countryCode: "US", region: "CA" },
  email: "safety@kestrel.example.com",
};
const eurep: EconomicOperator = {
  code: "eurep_gmbh",
  name: "EU Product Representative GmbH",
  address: { street: "Friedrichstraße 68", postalCode: "10117", city: "Berlin", countryCode: "DE" },
  email: "gpsr@eurep.example.com",
  url: "https://eurep.example.com/gpsr",
};

const attribute = (code: string, label: string, text: string, raw = text) => ({ code, label, text, raw, unit: null });

function mapOne(overrides: ChannelProductOverrides = {}, options: Record<string, unknown> = {}) {
  const context = mapContext("ceneo-xml", { locale: "pl_PL", currency: "PLN", options });
  const product = channelProduct({
    categoryPath: ["Odzież", "Kobiety", "Sukienki"],
    economicOperators: { manufacturer: baltica, responsiblePerson: null },
    ...overrides,
    fields: { price: money("199.99", "PLN"), ...overrides.fields },
  });
  const items = ceneoXmlExporter.map(product, context);
  expect(items).toHaveLength(1);
  const offer = items[0] as CeneoOffer;
  return { offer, errors: schemaErrors(ceneoXmlExporter, offer), warnings: context.warnings.map((w) => `${w.field}: ${w.reason}`) };
}

describe("ceneo-xml map()", () => {
  it("writes a complete offer with Ceneo's identifiers and the manufacturer as GPSR attributes", () => {
    const { offer, errors, warnings } = mapOne({
      fields: { weight: fieldValue("0.183 kg", "weight") },
      attributes: [{ code: "weight", label: "Waga", text: "0.183 kg", raw: "0.183", unit: "kg" }],
    });
    expect(offer).toEqual({
      group: "other",
      id: "SKU-1",
      url: "https://shop.example.com/p/SKU-1",
      price: "199.99",
      avail: "1",
      stock: "5",
      weight: "0.19",
      cat: "Odzież/Kobiety/Sukienki",
      name: "Baltica Linen Shirt Regular Fit",
      imgs: { main: "https://shop.example.com/media/front.jpg/main", more: ["https://shop.example.com/media/back.jpg/main"] },
      desc: "<p>A <strong>linen</strong> shirt for warm days.</p><ul><li>100% linen</li><li>Regular fit</li></ul>",
      attrs: [
        { name: "Producent", value: "Baltica" },
        { name: "Kod_producenta", value: "BAL-LS-01" },
        { name: "EAN", value: "4006381333931" },
        { name: "Producent odpowiedzialny", value: "baltica_sp_zoo" },
      ],
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("puts a family's offers in the group the channel names, with the attributes of its set", () => {
    const { offer, errors } = mapOne(
      {
        family: "clothing",
        attributes: [attribute("color", "Kolor", "Granatowy", "navy"), attribute("material", "Materiał", "Len, Bawełna", "linen,cotton")],
      },
      { groups: { clothing: "clothes" }, attributes: { Kolor: "color", Materiał: "material", Rozmiar: "size" } },
    );
    expect(offer.group).toBe("clothes");
    expect(offer.attrs.slice(4)).toEqual([
      { name: "Kolor", value: "Granatowy" },
      { name: "Materiał", value: "Len;Bawełna" },
    ]);
    expect(errors).toEqual([]);
  });

  it("names the EU responsible person of a manufacturer outside the EU, and says when there is none", () => {
    const represented = mapOne({ economicOperators: { manufacturer: kestrel, responsiblePerson: eurep } });
    // By id: the file lists each operator's name, address and contacts once, ahead of the offers (render test).
    expect(represented.offer.attrs.filter((a) => a.name !== "Producent" && a.name !== "Kod_producenta" && a.name !== "EAN")).toEqual([
      { name: gpsrAttrNames.manufacturer, value: "kestrel_inc" },
      { name: gpsrAttrNames.responsiblePerson, value: "eurep_gmbh" },
    ]);
    expect(represented.warnings).toEqual([]);

    const alone = mapOne({ economicOperators: { manufacturer: kestrel, responsiblePerson: null } });
    expect(alone.errors).toEqual([]);
    expect(alone.warnings).toEqual([
      "responsiblePerson: Kestrel Computing Inc. is in US, outside the EU, and the product names no responsible person in the EU, which GPSR requires",
    ]);

    const formOnly = mapOne({
      economicOperators: { manufacturer: { ...baltica, email: undefined, url: "https://baltica.example.com/kontakt" }, responsiblePerson: null },
    });
    expect(formOnly.warnings).toEqual([
      "manufacturer: Baltica Linen sp. z o.o. has no e-mail address, the electronic address Ceneo's list of operators carries; the list names it without one",
    ]);
    // Said once per run, not once per offer naming the operator.
    const run = mapContext("ceneo-xml", { locale: "pl_PL", currency: "PLN" });
    const noEmail = { ...baltica, email: undefined };
    for (const sku of ["A", "B", "C"])
      ceneoXmlExporter.map(
        channelProduct({ sku, economicOperators: { manufacturer: noEmail, responsiblePerson: null }, fields: { price: money("9.99", "PLN") } }),
        run,
      );
    expect(run.warnings.map((w) => w.field)).toEqual(["manufacturer"]);

    const none = mapOne({ economicOperators: { manufacturer: null, responsiblePerson: null } });
    expect(none.offer.attrs.map((a) => a.name)).toEqual(["Producent", "Kod_producenta", "EAN"]);
    expect(none.warnings).toEqual(["manufacturer: no manufacturer: GPSR asks an offer to EU buyers for the manufacturer's name and address"]);
  });

  it("carries the safety information as one line of text", () => {
    const { offer } = mapOne({ fields: { safetyInformation: "Trzymać z dala od ognia.\nPrać w 30 °C." } });
    expect(offer.attrs).toContainEqual({ name: "Informacje o bezpieczeństwie", value: "Trzymać z dala od ognia. Prać w 30 °C." });
  });

  it("says availability in Ceneo's codes, with no stock for what cannot be sold now", () => {
    const avail = (availability: string, options: Record<string, unknown> = {}) =>
      mapOne({ fields: { availability }, offer: { sellableQuantity: availability === "in_stock" ? 5 : 0 } }, options).offer;
    expect(avail("in_stock")).toMatchObject({ avail: "1", stock: "5" });
    expect(avail("in_stock", { shippingDays: 3 })).toMatchObject({ avail: "3" });
    expect(avail("backorder")).toMatchObject({ avail: "90", stock: "0" });
    expect(avail("preorder")).toMatchObject({ avail: "110", stock: "0" });
    expect(avail("out_of_stock")).toMatchObject({ avail: "99", stock: "0" });
    expect(mapOne({ fields: { availability: "discontinued" } }).warnings).toEqual([
      "availability: Ceneo has no discontinued state; the offer says 99 (no information) with no stock",
    ]);
  });

  it("lists the sale price as the one price, and says so", () => {
    const { offer, warnings } = mapOne({ fields: { salePrice: money("169.99", "PLN") } });
    expect(offer.price).toBe("169.99");
    expect(warnings).toEqual(["salePrice: Ceneo shows one price: the offer lists the sale price 169.99 PLN without the regular price"]);
    expect(ceneoXmlExporter.customerView(offer)).toMatchObject({ price: money("169.99", "PLN"), salePrice: null, availability: "in_stock" });
  });

  it("keeps at most 10 attributes, identifiers and GPSR first, and warns about the rest", () => {
    const extra = Array.from({ length: 8 }, (_, i) => attribute(`spec_${i}`, `Cecha ${i}`, `wartość ${i}`));
    const { offer, errors, warnings } = mapOne(
      { attributes: extra, economicOperators: { manufacturer: kestrel, responsiblePerson: eurep } },
      { attributes: Object.fromEntries(extra.map((a, i) => [`Cecha_${i}`, a.code])) },
    );
    expect(offer.attrs).toHaveLength(10);
    expect(offer.attrs.slice(0, 5).map((a) => a.name)).toEqual([
      "Producent",
      "Kod_producenta",
      "EAN",
      gpsrAttrNames.manufacturer,
      gpsrAttrNames.responsiblePerson,
    ]);
    expect(warnings).toEqual(["attrs: 13 attributes; Ceneo takes 10, so Cecha_5, Cecha_6, Cecha_7 are left out"]);
    expect(errors).toEqual([]);
  });

  it("is turned away by its schema without a price, naming the field, and refuses another currency than PLN", () => {
    expect(mapOne({ fields: { price: null } }).errors).toEqual(["/ required price"]);
    const context = mapContext("ceneo-xml", { locale: "pl_PL", currency: "EUR" });
    expect(() => ceneoXmlExporter.map(channelProduct(), context)).toThrow("Ceneo lists prices in PLN, and channel test_channel exports EUR");
  });
});
