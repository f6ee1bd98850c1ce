import { describe, expect, it } from "vitest";
import type { Availability, AttributeText, VariantAxis } from "../../src/feeds/channel-product.js";
import {
  channelProduct,
  fieldValue,
  mapContext,
  money,
  schemaErrors,
  type ChannelProductOverrides,
  type MapContextOverrides,
} from "../../test/helpers/channel-product.js";
import { mobileAppExporter } from "./index.js";
import type { MobileItem } from "./map.js";

function mapOne(overrides: ChannelProductOverrides = {}, contextOverrides: MapContextOverrides = {}) {
  const context = mapContext("mobile-app", contextOverrides);
  const items = mobileAppExporter.map(channelProduct(overrides), context);
  expect(items).toHaveLength(1);
  const item = items[0] as MobileItem;
  return { item, errors: schemaErrors(mobileAppExporter, item), warnings: context.warnings.map((w) => `${w.field}: ${w.reason}`) };
}

const navy: VariantAxis = { attribute: "color", label: "Color", value: "Navy" };
const white: VariantAxis = { attribute: "color", label: "Color", value: "White" };
const size = (value: string): VariantAxis => ({ attribute: "size", label: "Size", value });

describe("mobile-app map()", () => {
  it("writes the app's product from a complete product: texts keyed by language tag, money as decimal strings, quantity", () => {
    const attributes: AttributeText[] = [
      { code: "name", label: "Name", text: "Leinenhemd", raw: "Leinenhemd", unit: null },
      { code: "weight", label: "Gewicht", text: "0.25 kg", raw: "0.25", unit: "kg" },
    ];
    const { item, errors, warnings } = mapOne(
      {
        attributes,
        categoryPath: ["Bekleidung", "Hemden"],
        fields: { title: fieldValue("Leinenhemd", "name"), shortDescription: "<b>Luftig</b> &amp; leicht" },
      },
      { locale: "de_DE" },
    );
    expect(item).toEqual({
      id: "SKU-1",
      url: "https://shop.example.com/p/SKU-1",
      title: { "de-DE": "Leinenhemd" },
      description: { "de-DE": "A linen shirt for warm days.\n100% linen\nRegular fit" },
      shortDescription: { "de-DE": "Luftig & leicht" },
      brand: "Baltica",
      gtin: "4006381333931",
      condition: "new",
      price: { amount: "49.99", currency: "EUR" },
      availability: "InStock",
      quantity: 5,
      images: [],
      category: { "de-DE": ["Bekleidung", "Hemden"] },
      // The name is the title already, so only the weight is a specification.
      attributes: [{ code: "weight", label: { "de-DE": "Gewicht" }, value: { "de-DE": "0.25" }, unit: "kg" }],
    });
    expect(mobileAppExporter.itemId(item)).toBe("SKU-1");
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("writes every locale the channel publishes: texts, category path, specifications and variant words keyed by tag", () => {
    const granatowy: VariantAxis = { attribute: "color", label: "Kolor", value: "Granatowy" };
    const bialy: VariantAxis = { attribute: "color", label: "Kolor", value: "Biały" };
    const rozmiar = (value: string): VariantAxis => ({ attribute: "size", label: "Rozmiar", value });
    const group = (title: string, navyAxis: VariantAxis, whiteAxis: VariantAxis, sizeOf: (value: string) => VariantAxis) => ({
      code: "tshirt_nordvik_crew",
      title,
      variesBy: ["color", "size"],
      variants: [
        { sku: "NV-CREW-NAVY-S", axes: [navyAxis, sizeOf("S")] },
        { sku: "NV-CREW-WHITE-M", axes: [whiteAxis, sizeOf("M")] },
      ],
    });
    const polish = channelProduct({
      sku: "NV-CREW-NAVY-S",
      itemGroupId: "tshirt_nordvik_crew",
      axes: [granatowy, rozmiar("S")],
      group: group("Koszulka Nordvik", granatowy, bialy, rozmiar),
      categoryPath: ["Odzież", "Koszulki"],
      attributes: [{ code: "weight", label: "Waga", text: "0,25 kg", raw: "0.25", unit: "kg" }],
      fields: { title: `Koszulka ${"lniana ".repeat(40)}`, description: "<p>Lniana koszulka.</p>", shortDescription: null },
    });
    const { item, errors, warnings } = mapOne({
      sku: "NV-CREW-NAVY-S",
      itemGroupId: "tshirt_nordvik_crew",
      axes: [navy, size("S")],
      group: group("Nordvik T-shirt", navy, white, size),
      categoryPath: ["Apparel", "T-shirts"],
      attributes: [{ code: "weight", label: "Weight", text: "0.25 kg", raw: "0.25", unit: "kg" }],
      fields: { title: "Nordvik T-shirt", shortDescription: "Airy" },
      translations: [{ locale: "pl_PL", languageTag: "pl-PL", product: polish }],
    });
    expect(item).toMatchObject({
      title: { "en-US": "Nordvik T-shirt", "pl-PL": `Koszulka ${"lniana ".repeat(27).trim()}` },
      description: { "en-US": "A linen shirt for warm days.\n100% linen\nRegular fit", "pl-PL": "Lniana koszulka." },
      // A locale without a text of its own is left out, for the app to fall back.
      shortDescription: { "en-US": "Airy" },
      category: { "en-US": ["Apparel", "T-shirts"], "pl-PL": ["Odzież", "Koszulki"] },
      attributes: [{ code: "weight", label: { "en-US": "Weight", "pl-PL": "Waga" }, value: { "en-US": "0.25", "pl-PL": "0.25" }, unit: "kg" }],
      variants: {
        groupId: "tshirt_nordvik_crew",
        title: { "en-US": "Nordvik T-shirt", "pl-PL": "Koszulka Nordvik" },
        axes: [
          {
            code: "color",
            label: { "en-US": "Color", "pl-PL": "Kolor" },
            values: [
              { "en-US": "Navy", "pl-PL": "Granatowy" },
              { "en-US": "White", "pl-PL": "Biały" },
            ],
          },
          {
            code: "size",
            label: { "en-US": "Size", "pl-PL": "Rozmiar" },
            values: [
              { "en-US": "S", "pl-PL": "S" },
              { "en-US": "M", "pl-PL": "M" },
            ],
          },
        ],
        matrix: [
          { id: "NV-CREW-NAVY-S", options: [0, 0] },
          { id: "NV-CREW-WHITE-M", options: [1, 1] },
        ],
      },
    });
    expect(warnings).toEqual(["title.pl-PL: shortened from 288 to 197 characters at a word boundary (limit 200)"]);
    expect(errors).toEqual([]);
    expect(mobileAppExporter.customerView(item)?.title).toBe("Nordvik T-shirt");
  });

  it("writes a lower sale price with its window, and neither for a sale price that is not lower", () => {
    const window = { saleWindow: { startsAt: "2026-11-01T00:00:00+01:00", endsAt: "2026-11-30T23:59:59+01:00" } };
    const sale = mapOne({ fields: { salePrice: money("39.99") }, offer: window });
    expect(sale.item).toMatchObject({
      price: { amount: "49.99", currency: "EUR" },
      salePrice: { amount: "39.99", currency: "EUR" },
      saleWindow: window.saleWindow,
    });
    expect(sale.errors).toEqual([]);

    const notLower = mapOne({ fields: { salePrice: money("49.99") }, offer: window });
    expect(notLower.item).not.toHaveProperty("salePrice");
    expect(notLower.item).not.toHaveProperty("saleWindow");
    expect(notLower.errors).toEqual([]);
  });

  it("spells availability in schema.org's words, dating only backorders and preorders, and rejects an undated preorder", () => {
    const words: Record<Availability, string> = {
      in_stock: "InStock",
      out_of_stock: "OutOfStock",
      preorder: "PreOrder",
      backorder: "BackOrder",
      discontinued: "Discontinued",
    };
    for (const [availability, word] of Object.entries(words)) {
      const { item, errors } = mapOne({ fields: { availability, availabilityDate: "2026-12-01T00:00:00Z" }, offer: { sellableQuantity: 0 } });
      expect(item.availability).toBe(word);
      expect(item.availabilityDate ?? null).toBe(availability === "preorder" || availability === "backorder" ? "2026-12-01T00:00:00Z" : null);
      expect(item.quantity).toBe(0);
      expect(mobileAppExporter.customerView(item)?.availability).toBe(availability);
      expect(errors).toEqual([]);
    }
    expect(mapOne({ fields: { availability: "preorder" }, offer: { sellableQuantity: 0 } }).errors).toContain("/ required availabilityDate");
  });

  it("offers every stored image in the app's presets with the size each rendition really has, never upscaled", () => {
    const { item, errors } = mapOne({
      imageAssets: [
        { id: "wide", width: 1600, height: 1200, format: "jpeg" },
        { id: "small", width: 500, height: 500, format: "png" },
      ],
    });
    const url = (asset: string, preset: string) => `https://shop.example.com/media/${asset}/${preset}`;
    expect(item.images).toEqual([
      {
        renditions: [
          { url: url("wide", "app_320_webp"), width: 320, height: 240, format: "webp" },
          { url: url("wide", "app_640_webp"), width: 640, height: 480, format: "webp" },
          { url: url("wide", "app_1280_webp"), width: 1280, height: 960, format: "webp" },
          { url: url("wide", "app_640_avif"), width: 640, height: 480, format: "avif" },
          { url: url("wide", "app_1280_avif"), width: 1280, height: 960, format: "avif" },
        ],
      },
      {
        renditions: [
          { url: url("small", "app_320_webp"), width: 320, height: 320, format: "webp" },
          { url: url("small", "app_640_webp"), width: 500, height: 500, format: "webp" },
          { url: url("small", "app_1280_webp"), width: 500, height: 500, format: "webp" },
          { url: url("small", "app_640_avif"), width: 500, height: 500, format: "avif" },
          { url: url("small", "app_1280_avif"), width: 500, height: 500, format: "avif" },
        ],
      },
    ]);
    expect(mobileAppExporter.customerView(item)?.image).toBe(url("wide", "app_1280_avif"));
    expect(errors).toEqual([]);
  });

  it("draws a variant's group as axes with their values and an option matrix, null where a sibling has no value", () => {
    const group = {
      code: "tshirt_nordvik_crew",
      title: "Nordvik Crew T-shirt",
      variesBy: ["color", "size"],
      variants: [
        { sku: "NV-CREW-NAVY-M", axes: [navy, size("M")] },
        { sku: "NV-CREW-NAVY-S", axes: [navy, size("S")] },
        { sku: "NV-CREW-WHITE", axes: [white] },
      ],
    };
    const { item, errors } = mapOne({ sku: "NV-CREW-NAVY-S", itemGroupId: "tshirt_nordvik_crew", axes: [navy, size("S")], group });
    expect(item.variants).toEqual({
      groupId: "tshirt_nordvik_crew",
      title: { "en-US": "Nordvik Crew T-shirt" },
      axes: [
        { code: "color", label: { "en-US": "Color" }, values: [{ "en-US": "Navy" }, { "en-US": "White" }] },
        { code: "size", label: { "en-US": "Size" }, values: [{ "en-US": "M" }, { "en-US": "S" }] },
      ],
      matrix: [
        { id: "NV-CREW-NAVY-M", options: [0, 0] },
        { id: "NV-CREW-NAVY-S", options: [0, 1] },
        { id: "NV-CREW-WHITE", options: [1, null] },
      ],
    });
    expect(errors).toEqual([]);
  });

  it("lists an axis's values in their attribute's option order (S, M, L, XL), not in the order the variants come", () => {
    const ranked = (value: string, rank: number): VariantAxis => ({ ...size(value), rank });
    const group = {
      code: "tshirt_nordvik_crew",
      title: null,
      variesBy: ["size"],
      variants: [
        { sku: "T-M", axes: [ranked("M", 2)] },
        { sku: "T-XL", axes: [ranked("XL", 4)] },
        { sku: "T-S", axes: [ranked("S", 1)] },
        { sku: "T-L", axes: [ranked("L", 3)] },
      ],
    };
    const { item } = mapOne({ sku: "T-S", itemGroupId: "tshirt_nordvik_crew", axes: [ranked("S", 1)], group });
    expect(item.variants?.axes[0]?.values).toEqual([{ "en-US": "S" }, { "en-US": "M" }, { "en-US": "L" }, { "en-US": "XL" }]);
    expect(item.variants?.matrix).toEqual([
      { id: "T-M", options: [1] },
      { id: "T-XL", options: [3] },
      { id: "T-S", options: [0] },
      { id: "T-L", options: [2] },
    ]);
  });

  it("without the group loaded, draws a matrix of the variant alone; a simple product has no variants", () => {
    const { item, errors } = mapOne({ sku: "NV-CREW-NAVY-S", itemGroupId: "tshirt_nordvik_crew", axes: [navy, size("S")] });
    expect(item.variants).toEqual({
      groupId: "tshirt_nordvik_crew",
      axes: [
        { code: "color", label: { "en-US": "Color" }, values: [{ "en-US": "Navy" }] },
        { code: "size", label: { "en-US": "Size" }, values: [{ "en-US": "S" }] },
      ],
      matrix: [{ id: "NV-CREW-NAVY-S", options: [0, 0] }],
    });
    expect(errors).toEqual([]);
    expect(mapOne().item).not.toHaveProperty("variants");
  });

  it("shortens title, description and short description as plain text to 200, 5000 and 300 characters", () => {
    const { item, errors, warnings } = mapOne({
      fields: { title: `<b>Linen</b> ${"shirt ".repeat(40)}`, description: `<p>${"Soft linen. ".repeat(500)}</p>`, shortDescription: "Airy ".repeat(70) },
    });
    expect(item.title).toEqual({ "en-US": `Linen ${"shirt ".repeat(32).trim()}` });
    expect(item.description?.["en-US"]).toBe(`${"Soft linen. ".repeat(416)}Soft`);
    expect(item.shortDescription).toEqual({ "en-US": "Airy ".repeat(60).trim() });
    expect(warnings).toEqual([
      "title: shortened from 245 to 197 characters at a word boundary (limit 200)",
      "description: shortened from 5999 to 4996 characters at a word boundary (limit 5000)",
      "shortDescription: shortened from 349 to 299 characters at a word boundary (limit 300)",
    ]);
    expect(errors).toEqual([]);
  });

  it("is rejected without a title or a price, naming what is missing", () => {
    const untitled = mapOne({ fields: { title: null } });
    expect(untitled.item.title).toEqual({});
    expect(untitled.errors).toEqual(["/title minProperties"]);
    expect(mapOne({ fields: { price: null } }).errors).toEqual(["/ required price"]);
  });
});
