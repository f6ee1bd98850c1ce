import { describe, expect, it } from "vitest";
import type { AttributeText, EconomicOperator } from "../../src/feeds/channel-product.js";
import { channelProduct, mapContext, money, schemaErrors, type ChannelProductOverrides, type MapContextOverrides } from "../../test/helpers/channel-product.js";
import { allegroOffersExporter } from "./index.js";
import type { AllegroOffer } from "./map.js";
import { allegroTitleLength } from "./title.js";

const title = "Koszula lniana Baltica Regular Fit";
const gtinParameter = { id: "225693", name: "EAN (GTIN)", values: ["4006381333931"] };
const images = (n: number) => Array.from({ length: n }, (_, i) => `https://shop.example.com/media/img-${i}.jpg/allegro`);

const operator = (code: string, name: string, countryCode: string): EconomicOperator => ({
  code,
  name,
  address: { street: "Main Street 1", postalCode: "00-001", city: "City", countryCode },
  email: `safety@${code}.example.com`,
});
const baltica = operator("baltica_sp_zoo", "Baltica Linen sp. z o.o.", "PL");
const voltra = operator("voltra_shenzhen", "Voltra Electronics (Shenzhen) Co., Ltd.", "CN");
const eurep = operator("eurep_gmbh", "EU Product Representative GmbH", "DE");
const safetyText = "Prać w 30°C.\nNie prasować nadruku.";
/** The seller's Allegro entities the channel's options name; Baltica's id is the default product's. */
const operatorIds = {
  responsibleProducers: { baltica_sp_zoo: "0efdde49-ab02-5766-a9f6-6d9bd39b71f1", voltra_shenzhen: "a3c43a61-f894-5988-9097-e2beb94428cd" },
  responsiblePersons: { eurep_gmbh: "dd3c39e4-51b6-5f70-9d0a-f3f3d1d1ca93" },
};
const balticaSafety = {
  responsibleProducer: { type: "ID", id: "0efdde49-ab02-5766-a9f6-6d9bd39b71f1" },
  safetyInformation: { type: "TEXT", description: safetyText },
};

/**
 * The one offer Allegro gets for a product of a Polish channel: priced in PLN, in a mapped Allegro
 * category, made in Poland by a producer the options map, with safety information, unless the test says otherwise.
 */
function mapOne(overrides: ChannelProductOverrides = {}, contextOverrides: MapContextOverrides = {}) {
  const context = mapContext("allegro-offers", {
    locale: "pl_PL",
    currency: "PLN",
    ...contextOverrides,
    options: { ...operatorIds, ...contextOverrides.options },
  });
  const product = channelProduct({
    channelCategory: "257931",
    economicOperators: { manufacturer: baltica, responsiblePerson: null },
    ...overrides,
    fields: { title, price: money("129.00", "PLN"), safetyInformation: safetyText, ...overrides.fields },
  });
  const offers = allegroOffersExporter.map(product, context);
  expect(offers).toHaveLength(1);
  const offer = offers[0] as AllegroOffer;
  return { offer, errors: schemaErrors(allegroOffersExporter, offer), warnings: context.warnings.map((w) => `${w.field}: ${w.reason}`) };
}

const attribute = (code: string, label: string, text: string, raw = text, unit: string | null = null): AttributeText => ({ code, label, text, raw, unit });

describe("allegro-offers map()", () => {
  it("writes a product-offers body from a complete product: product set with its GTIN and GPSR data, buy-now price, stock, flat description, draft status", () => {
    const { offer, errors, warnings } = mapOne();
    expect(offer).toEqual({
      external: { id: "SKU-1" },
      name: title,
      category: { id: "257931" },
      productSet: [
        {
          product: {
            id: "4006381333931",
            idType: "GTIN",
            name: title,
            category: { id: "257931" },
            parameters: [gtinParameter],
            images: ["https://shop.example.com/media/front.jpg/main", "https://shop.example.com/media/back.jpg/main"],
          },
          ...balticaSafety,
        },
      ],
      parameters: [],
      sellingMode: { format: "BUY_NOW", price: { amount: "129.00", currency: "PLN" } },
      stock: { available: 5, unit: "UNIT" },
      images: ["https://shop.example.com/media/front.jpg/main", "https://shop.example.com/media/back.jpg/main"],
      description: {
        sections: [{ items: [{ type: "TEXT", content: "<p>A <b>linen</b> shirt for warm days.</p><ul><li>100% linen</li><li>Regular fit</li></ul>" }] }],
      },
      publication: { status: "INACTIVE" },
      language: "pl-PL",
    });
    expect(allegroOffersExporter.itemId(offer)).toBe("SKU-1");
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(mapOne({}, { options: { publicationStatus: "ACTIVE" } }).offer.publication).toEqual({ status: "ACTIVE" });
  });

  it("sells at the sale price, the one price Allegro shows, and says so", () => {
    const { offer, errors, warnings } = mapOne({
      fields: { salePrice: money("99.00", "PLN") },
      offer: { saleWindow: { startsAt: "2026-11-01T00:00:00+01:00", endsAt: "2026-11-30T23:59:59+01:00" } },
    });
    expect(offer.sellingMode).toEqual({ format: "BUY_NOW", price: { amount: "99.00", currency: "PLN" } });
    expect(warnings).toEqual([
      "salePrice: Allegro shows one price: the offer sells at the sale price 99.00 PLN, without the regular price or the sale's dates",
    ]);
    expect(errors).toEqual([]);
    expect(mapOne({ fields: { salePrice: money("129.00", "PLN") } }).offer.sellingMode.price).toEqual({ amount: "129.00", currency: "PLN" });
  });

  it("rounds a forint price to the 0 or 5 allegro.hu takes and a koruna price to whole koruna, halves up, and says so", () => {
    const sold = (currency: string, price: string, salePrice?: string) => {
      const { offer, errors, warnings } = mapOne(
        { fields: { price: money(price, currency), ...(salePrice ? { salePrice: money(salePrice, currency) } : {}) } },
        { currency },
      );
      expect(errors).toEqual([]);
      return { price: offer.sellingMode.price, warnings };
    };
    expect(sold("HUF", "4992.50")).toEqual({
      price: { amount: "4995.00", currency: "HUF" },
      warnings: ["price: rounded from 4992.50 to 4995.00 HUF: Allegro takes HUF prices in whole multiples of 5"],
    });
    expect(sold("HUF", "4992.49").price).toEqual({ amount: "4990.00", currency: "HUF" });
    expect(sold("HUF", "4998.00").price).toEqual({ amount: "5000.00", currency: "HUF" });
    expect(sold("HUF", "4985.00")).toEqual({ price: { amount: "4985.00", currency: "HUF" }, warnings: [] });
    // The price the offer sells at is the sale price: that is the one rounded.
    const sale = sold("HUF", "4990.00", "3993.90");
    expect(sale.price).toEqual({ amount: "3995.00", currency: "HUF" });
    expect(sale.warnings).toContain("salePrice: rounded from 3993.90 to 3995.00 HUF: Allegro takes HUF prices in whole multiples of 5");
    expect(sold("CZK", "583.92")).toEqual({
      price: { amount: "584.00", currency: "CZK" },
      warnings: ["price: rounded from 583.92 to 584.00 CZK: Allegro takes CZK prices in whole units"],
    });
    expect(sold("PLN", "129.99")).toEqual({ price: { amount: "129.99", currency: "PLN" }, warnings: [] });
  });

  it("ends an offer with nothing sellable now (Allegro takes stock 0 only when ENDED) and caps the stock at 999,999", () => {
    const ended = (overrides: ChannelProductOverrides) => {
      const { offer, errors, warnings } = mapOne(overrides, { options: { publicationStatus: "ACTIVE" } });
      expect(offer.stock).toEqual({ available: 0, unit: "UNIT" });
      expect(offer.publication).toEqual({ status: "ENDED" });
      expect(errors).toEqual([]);
      return warnings;
    };
    expect(ended({ fields: { availability: "out_of_stock" }, offer: { sellableQuantity: 0 } })).toEqual([]);
    expect(ended({ fields: { availability: "discontinued" }, offer: { sellableQuantity: 3 } })).toEqual([]);
    expect(ended({ fields: { availability: "in_stock" }, offer: { sellableQuantity: 0 } })).toEqual([]);
    expect(ended({ fields: { availability: "backorder", availabilityDate: "2026-12-01T00:00:00Z" }, offer: { sellableQuantity: 0 } })).toEqual([
      "publication.status: Allegro offers have no backorder state; the offer is ended until the product is in stock",
    ]);

    const { offer, errors, warnings } = mapOne({ offer: { sellableQuantity: 1_500_000 } });
    expect(offer.stock).toEqual({ available: 999_999, unit: "UNIT" });
    expect(offer.publication).toEqual({ status: "INACTIVE" });
    expect(warnings).toEqual(["stock.available: 1500000 units on hand; Allegro lists at most 999999"]);
    expect(errors).toEqual([]);
  });

  it("strips markup from the title and shortens it at a word boundary until Allegro's entity count fits 75", () => {
    const { offer, errors, warnings } = mapOne({
      fields: { title: `Zestaw <b>Hearth &amp; Co.</b> "Glinka": kubek i spodek z kamionki, ręcznie malowany, 350 ml` },
    });
    expect(offer.name).toBe('Zestaw Hearth & Co. "Glinka": kubek i spodek z kamionki');
    expect(allegroTitleLength(offer.name as string)).toBe(69);
    expect(offer.productSet[0]?.product.name).toBe(offer.name);
    expect(warnings).toEqual(['name: shortened from 95 to 69 characters as Allegro counts them (& counts 5, < and > 4, " 6) at a word boundary (limit 75)']);
    expect(errors).toEqual([]);
  });

  it("keeps only Allegro's flat description HTML and leaves out whole blocks past 40,000 bytes", () => {
    const html =
      '<h3 class="x">Opis</h3><p style="color:red"><strong>Len</strong> <em>i</em> <a href="https://evil.example">bawełna</a></p><script>alert(1)</script><ul><li>A<ul><li>B</li></ul></li></ul>';
    const flat = mapOne({ fields: { description: html } });
    expect(flat.offer.description).toEqual({
      sections: [{ items: [{ type: "TEXT", content: "<h2>Opis</h2><p><b>Len</b> i bawełna</p><ul><li>A</li><li>B</li></ul>" }] }],
    });
    expect(flat.errors).toEqual([]);

    const paragraph = `<p>${"Słowo ".repeat(1000).trim()}</p>`;
    const long = mapOne({ fields: { description: `<h3>Opis</h3>${paragraph.repeat(8)}` } });
    const content = long.offer.description?.sections[0]?.items[0]?.content as string;
    expect(content).toBe(`<h2>Opis</h2>${paragraph.repeat(5)}`);
    expect(Buffer.byteLength(content)).toBe(35_043);
    expect(long.warnings).toEqual(["description: 3 of 9 paragraphs or lists left out to stay within Allegro's 40000 bytes"]);
    expect(long.errors).toEqual([]);
  });

  it("sends the condition and the listed attributes as parameters, by Allegro's value ids where every option is mapped", () => {
    const options = {
      condition: { id: "11323", valueIds: { new: "11323_1" } },
      productParameters: {
        brand_attr: {},
        weight: { id: "17448" },
        fabric: { valueIds: { linen: "900_1", cotton: "900_2" } },
        colour: { id: "248811", valueIds: { navy: "248811_5" } },
      },
    };
    const attributes = [
      attribute("brand_attr", "Marka", "Baltica"),
      attribute("weight", "Waga", "0.17 kg", "0.17", "kg"),
      attribute("fabric", "Materiał", "Len, Bawełna", "linen,cotton"),
      attribute("colour", "Kolor", "Granatowy, Biały", "navy,white"),
      attribute("condition", "Stan", "Odnowiony", "refurbished"),
    ];
    const settings = { fields: { condition: { attribute: "condition" } } };
    const fresh = mapOne({ attributes, fields: { condition: "new" } }, { options, settings });
    expect(fresh.offer.parameters).toEqual([{ id: "11323", name: "Stan", valuesIds: ["11323_1"] }]);
    expect(fresh.offer.productSet[0]?.product.parameters).toEqual([
      gtinParameter,
      { name: "Marka", values: ["Baltica"] },
      { id: "17448", name: "Waga", values: ["0.17"] },
      { name: "Materiał", valuesIds: ["900_1", "900_2"] },
      { id: "248811", name: "Kolor", values: ["Granatowy", "Biały"] },
    ]);
    expect(fresh.errors).toEqual([]);

    // An unmapped condition goes as the words of the attribute behind the field.
    const refurbished = mapOne({ attributes, fields: { condition: "refurbished" } }, { options, settings });
    expect(refurbished.offer.parameters).toEqual([{ id: "11323", name: "Stan", values: ["Odnowiony"] }]);
    expect(refurbished.errors).toEqual([]);
  });

  it("keeps a product without GTIN as a full product definition, and offers at most 16 images", () => {
    const { offer, errors, warnings } = mapOne({ fields: { gtin: null, images: images(18) } });
    const product = offer.productSet[0]?.product;
    expect(product).not.toHaveProperty("id");
    expect(product).not.toHaveProperty("idType");
    expect(product?.parameters).toEqual([]);
    expect(product?.name).toBe(title);
    expect(offer.images).toEqual(images(16));
    expect(product?.images).toEqual(images(16));
    expect(warnings).toEqual(["images: 18 images; Allegro takes the first 16"]);
    expect(errors).toEqual([]);
  });

  it("names the manufacturer and the responsible person by their Allegro ids, and sends the safety information as plain text", () => {
    const { offer, errors, warnings } = mapOne({
      economicOperators: { manufacturer: voltra, responsiblePerson: eurep },
      fields: { safetyInformation: "<p>Nie ładować  w <b>wilgoci</b>.</p><p>Chronić przed dziećmi &amp; zwierzętami.</p>" },
    });
    const { product: _, ...safety } = offer.productSet[0] ?? {};
    expect(safety).toEqual({
      responsibleProducer: { type: "ID", id: "a3c43a61-f894-5988-9097-e2beb94428cd" },
      responsiblePerson: { id: "dd3c39e4-51b6-5f70-9d0a-f3f3d1d1ca93" },
      safetyInformation: { type: "TEXT", description: "Nie ładować w wilgoci.\nChronić przed dziećmi & zwierzętami." },
    });
    expect(warnings).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("names an operator the options do not map by its name, which the seller's Allegro account must hold, and says so", () => {
    const { offer, errors, warnings } = mapOne(
      { economicOperators: { manufacturer: voltra, responsiblePerson: eurep } },
      { options: { responsibleProducers: {}, responsiblePersons: {} } },
    );
    expect(offer.productSet[0]?.responsibleProducer).toEqual({ type: "NAME", name: "Voltra Electronics (Shenzhen) Co., Ltd." });
    expect(offer.productSet[0]?.responsiblePerson).toEqual({ name: "EU Product Representative GmbH" });
    expect(warnings).toEqual([
      'responsibleProducer: voltra_shenzhen has no Allegro id in the exporter\'s responsibleProducers option; sent by name, so the Allegro account needs a responsible producer named "Voltra Electronics (Shenzhen) Co., Ltd."',
      'responsiblePerson: eurep_gmbh has no Allegro id in the exporter\'s responsiblePersons option; sent by name, so the Allegro account needs a responsible person named "EU Product Representative GmbH"',
    ]);
    expect(errors).toEqual([]);

    // Allegro names its entities in at most 50 characters, so a longer name can name none of them.
    const longName = operator("nordic_textiles", "Nordic Textile Manufacturing and Trading Company AB", "SE");
    expect(mapOne({ economicOperators: { manufacturer: longName, responsiblePerson: null } }).errors).toEqual([
      "/productSet/0/responsibleProducer/name maxLength",
    ]);
  });

  it("needs a responsible person only for a manufacturer outside the EU, and refuses such a product without one in the EU", () => {
    const inEu = (manufacturer: EconomicOperator) => {
      const { offer, errors } = mapOne(
        { economicOperators: { manufacturer, responsiblePerson: null } },
        { options: { responsibleProducers: { [manufacturer.code]: "11111111-2222-3333-4444-555555555555" } } },
      );
      expect(offer.productSet[0]).not.toHaveProperty("responsiblePerson");
      expect(errors).toEqual([]);
    };
    inEu(baltica);
    inEu(operator("glinka_sro", "Glinka Ceramics s.r.o.", "CZ"));
    inEu(operator("athens_ceramics", "Athens Ceramics S.A.", "GR"));

    const refused = (responsiblePerson: EconomicOperator | null) => {
      const context = mapContext("allegro-offers", { locale: "pl_PL", currency: "PLN", options: operatorIds });
      const product = channelProduct({ channelCategory: "257931", economicOperators: { manufacturer: voltra, responsiblePerson } });
      expect(allegroOffersExporter.map(product, context)).toEqual([]);
      return context.refusals;
    };
    expect(refused(null)).toEqual([
      {
        field: "productSet.responsiblePerson",
        reason:
          "manufacturer Voltra Electronics (Shenzhen) Co., Ltd. is in CN, outside the EU, and the product names no responsible person: Allegro requires a responsible person in the EU",
      },
    ]);
    const ukAgent = operator("uk_agent", "UK Compliance Agent Ltd", "GB");
    expect(refused(ukAgent)).toEqual([
      {
        field: "productSet.responsiblePerson",
        reason:
          "manufacturer Voltra Electronics (Shenzhen) Co., Ltd. is in CN, outside the EU, and its responsible person UK Compliance Agent Ltd is in GB, also outside the EU: Allegro requires a responsible person in the EU",
      },
    ]);
  });

  it("declares a product without safety information to need none, and says so; a text longer than Allegro's 5,000 characters is refused, not cut", () => {
    const none = mapOne({ fields: { safetyInformation: null } });
    expect(none.offer.productSet[0]?.safetyInformation).toEqual({ type: "NO_SAFETY_INFORMATION" });
    expect(none.warnings).toEqual([
      "safetyInformation: the product has no safety information, so Allegro is told it needs none (NO_SAFETY_INFORMATION), which categories that require it refuse",
    ]);
    expect(none.errors).toEqual([]);
    expect(mapOne({ fields: { safetyInformation: "<p> </p>" } }).offer.productSet[0]?.safetyInformation).toEqual({ type: "NO_SAFETY_INFORMATION" });

    const long = mapOne({ fields: { safetyInformation: "Uwaga! ".repeat(715) } });
    expect(long.errors).toEqual(["/productSet/0/safetyInformation/description maxLength"]);
  });

  it("is refused without a manufacturer: Allegro requires a responsible producer for every product it sells", () => {
    const { offer, errors } = mapOne({ economicOperators: { manufacturer: null, responsiblePerson: null } });
    expect(offer.productSet[0]).not.toHaveProperty("responsibleProducer");
    expect(errors).toEqual(["/productSet/0 required responsibleProducer"]);
  });

  it("sends a variant's axes as product parameters even when the options do not list them, since Allegro tells variants apart by them", () => {
    const attributes = [
      attribute("colour", "Kolor", "Granatowy", "navy"),
      attribute("size", "Rozmiar", "M", "m"),
      attribute("fabric", "Materiał", "Len", "linen"),
    ];
    const axes = [
      { attribute: "colour", label: "Kolor", value: "Granatowy" },
      { attribute: "size", label: "Rozmiar", value: "M" },
    ];
    const options = { productParameters: { fabric: {}, size: { id: "54", valueIds: { m: "54_3" } } } };
    const { offer, errors } = mapOne({ attributes, axes }, { options });
    expect(offer.productSet[0]?.product.parameters).toEqual([
      gtinParameter,
      { name: "Materiał", values: ["Len"] },
      { id: "54", name: "Rozmiar", valuesIds: ["54_3"] },
      { name: "Kolor", values: ["Granatowy"] },
    ]);
    expect(errors).toEqual([]);
  });

  it("is rejected with the reason when Allegro's required data is missing: category, description, price or a title of three words", () => {
    expect(mapOne({ channelCategory: null }).errors).toEqual(["/ required category"]);
    expect(mapOne({ fields: { description: null } }).errors).toEqual(["/ required description"]);
    expect(mapOne({ fields: { description: "<p> </p><script>x</script>" } }).errors).toEqual(["/ required description"]);
    expect(mapOne({ fields: { price: null } }).errors).toEqual(["/sellingMode required price"]);
    expect(mapOne({ fields: { title: "Koszula lniana" } }).errors).toEqual(["/name pattern", "/productSet/0/product/name pattern"]);
  });
});
