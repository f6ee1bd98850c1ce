import { describe, expect, it } from "vitest";
import type { AttributeText } from "../../src/feeds/channel-product.js";
import { channelProduct, mapContext, money, schemaErrors, type ChannelProductOverrides, type MapContextOverrides } from "../../test/helpers/channel-product.js";
import { allegroOffersExporter } from "./index.js";
import type { AllegroOffer } from "./map.js";
import { allegroTitleLength } from "./title.js";

const title = "Koszula lniana Baltica Regular Fit";
const gtinParameter = { id: "225693", name: "EAN (GTIN)", values: ["4006381333931"] };
const images = (n: number) => Array.from({ length: n }, (_, i) => `https://shop.example.com/media/img-${i}.jpg/allegro`);

/**
 * The one offer Allegro gets for a product of a Polish channel: priced in PLN and in a mapped Allegro
 * category unless the test says otherwise.
 */
function mapOne(overrides: ChannelProductOverrides = {}, contextOverrides: MapContextOverrides = {}) {
  const context = mapContext("allegro-offers", { locale: "pl_PL", currency: "PLN", ...contextOverrides });
  const product = channelProduct({ channelCategory: "257931", ...overrides, fields: { title, price: money("129.00", "PLN"), ...overrides.fields } });
  const offers = allegroOffersExporter.map(product, context);
  expect(offers).toHaveLength(1);
  const offer = offers[0] as AllegroOffer;
  return { offer, errors: schemaErrors(allegroOffersExporter, offer), warnings: context.warnings.map((w) => `${w.field}: ${w.reason}`) };
}

const attribute = (code: string, label: string, text: string, raw = text, unit: string | null = null): AttributeText => ({ code, label, text, raw, unit });

describe("allegro-offers map()", () => {
  it("writes a product-offers body from a complete product: product set with its GTIN, buy-now price, stock, flat description, draft status", () => {
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

  it("is rejected with the reason when Allegro's required data is missing: category, description, price or a title of three words", () => {
    expect(mapOne({ channelCategory: null }).errors).toEqual(["/ required category"]);
    expect(mapOne({ fields: { description: null } }).errors).toEqual(["/ required description"]);
    expect(mapOne({ fields: { description: "<p> </p><script>x</script>" } }).errors).toEqual(["/ required description"]);
    expect(mapOne({ fields: { price: null } }).errors).toEqual(["/sellingMode required price"]);
    expect(mapOne({ fields: { title: "Koszula lniana" } }).errors).toEqual(["/name pattern", "/productSet/0/product/name pattern"]);
  });
});
