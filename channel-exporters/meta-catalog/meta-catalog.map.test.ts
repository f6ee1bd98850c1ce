import { describe, expect, it } from "vitest";
import type { Availability } from "../../src/feeds/channel-product.js";
import { channelProduct, mapContext, money, schemaErrors, type ChannelProductOverrides } from "../../test/helpers/channel-product.js";
import { metaCatalogExporter } from "./index.js";
import type { MetaItem } from "./map.js";

/** The one row Meta gets for a product, with what the feed run would say about it. */
function mapOne(overrides: ChannelProductOverrides = {}) {
  const context = mapContext("meta-catalog");
  const items = metaCatalogExporter.map(channelProduct(overrides), context);
  expect(items).toHaveLength(1);
  const item = items[0] as MetaItem;
  return { item, errors: schemaErrors(metaCatalogExporter, item), warnings: context.warnings.map((w) => `${w.field}: ${w.reason}`) };
}

describe("meta-catalog map()", () => {
  it("writes Meta's required columns from a complete product, texts as plain text and money as '<amount> <currency>'", () => {
    const { item, errors, warnings } = mapOne();
    expect(item).toEqual({
      id: "SKU-1",
      title: "Baltica Linen Shirt Regular Fit",
      description: "A linen shirt for warm days.\n100% linen\nRegular fit",
      availability: "in stock",
      condition: "new",
      price: "49.99 EUR",
      link: "https://shop.example.com/p/SKU-1",
      image_link: "https://shop.example.com/media/front.jpg/main",
      additional_image_link: ["https://shop.example.com/media/back.jpg/main"],
      brand: "Baltica",
      gtin: "4006381333931",
      mpn: "BAL-LS-01",
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("translates every PIM availability into Meta's words, backorder as 'available for order'", () => {
    const expected: Record<Availability, string> = {
      in_stock: "in stock",
      out_of_stock: "out of stock",
      preorder: "preorder",
      backorder: "available for order",
      discontinued: "discontinued",
    };
    for (const [availability, words] of Object.entries(expected)) {
      const { item, errors } = mapOne({ fields: { availability, availabilityDate: "2026-12-01T00:00:00Z" }, offer: { sellableQuantity: 0 } });
      expect(item.availability).toBe(words);
      expect(metaCatalogExporter.customerView(item)?.availability).toBe(availability);
      expect(errors).toEqual([]);
    }
  });

  it("writes a lower sale price with its promotion's window, and ignores one that is not lower or in another currency", () => {
    const window = { saleWindow: { startsAt: "2026-11-20T00:00:00-05:00", endsAt: "2026-11-30T23:59:59-05:00" } };
    const sale = mapOne({ fields: { salePrice: money("34.99") }, offer: window });
    expect(sale.item).toMatchObject({
      price: "49.99 EUR",
      sale_price: "34.99 EUR",
      sale_price_effective_date: "2026-11-20T00:00:00-05:00/2026-11-30T23:59:59-05:00",
    });
    expect(sale.errors).toEqual([]);

    for (const salePrice of [money("49.99"), money("34.99", "USD")]) {
      const { item, errors } = mapOne({ fields: { salePrice }, offer: window });
      expect(item).not.toHaveProperty("sale_price");
      expect(item).not.toHaveProperty("sale_price_effective_date");
      expect(errors).toEqual([]);
    }
  });

  it("takes 20 additional images at most, with a comma in a URL percent-encoded for the shared CSV cell", () => {
    const more = Array.from({ length: 22 }, (_, i) => `https://shop.example.com/media/img-${i}.jpg/meta`);
    const { item, errors, warnings } = mapOne({
      fields: { images: ["https://shop.example.com/media/front.jpg/meta", "https://shop.example.com/media/back,top.jpg/meta", ...more] },
    });
    expect(item.image_link).toBe("https://shop.example.com/media/front.jpg/meta");
    expect(item.additional_image_link).toHaveLength(20);
    expect(item.additional_image_link?.[0]).toBe("https://shop.example.com/media/back%2Ctop.jpg/meta");
    expect(item.additional_image_link?.[19]).toBe("https://shop.example.com/media/img-18.jpg/meta");
    expect(warnings).toEqual(["additional_image_link: 23 additional images; Meta takes the first 20"]);
    expect(errors).toEqual([]);
  });

  it("strips markup and shortens the title to 200 and custom labels to 100 characters at a word boundary", () => {
    const { item, errors, warnings } = mapOne({
      fields: { title: `<h1>Linen &amp; cotton</h1> ${"very long words ".repeat(20)}`, customLabel2: "autumn ".repeat(20).trim() },
    });
    expect(item.title).toBe(`Linen & cotton\n${"very long words ".repeat(11)}very long`);
    expect(item.title).toHaveLength(200);
    expect(item.custom_label_2).toBe("autumn ".repeat(14).trim());
    expect(warnings).toEqual([
      "title: shortened from 334 to 200 characters at a word boundary (limit 200)",
      "custom_label_2: shortened from 139 to 97 characters at a word boundary (limit 100)",
    ]);
    expect(errors).toEqual([]);
  });

  it("needs one of brand, GTIN or MPN: a product with none of them is rejected", () => {
    const brandOnly = mapOne({ fields: { gtin: null, mpn: null } });
    expect(brandOnly.item).toMatchObject({ brand: "Baltica" });
    expect(brandOnly.item).not.toHaveProperty("gtin");
    expect(brandOnly.errors).toEqual([]);

    const anonymous = mapOne({ fields: { brand: null, gtin: null, mpn: null } });
    expect(anonymous.item).not.toHaveProperty("brand");
    expect(anonymous.errors).toContain("/ anyOf");
  });

  it("holds every field WhatsApp's commerce needs (WhatsApp sells from this Meta catalog): an item missing any of them is refused", () => {
    const { item, errors } = mapOne();
    expect(errors).toEqual([]);
    for (const field of ["id", "title", "description", "availability", "condition", "price", "link", "image_link"]) {
      const without = Object.fromEntries(Object.entries(item).filter(([name]) => name !== field));
      expect(schemaErrors(metaCatalogExporter, without), field).toContain(`/ required ${field}`);
    }
    // Product messages name an item by this id (product_retailer_id); Meta's limit is 100 characters.
    expect(schemaErrors(metaCatalogExporter, { ...item, id: "X".repeat(101) })).toContain("/id maxLength");
  });

  it("groups a variant by item_group_id and writes its category, product type and apparel columns", () => {
    const { item, errors } = mapOne({
      sku: "NV-CREW-NAVY-S",
      itemGroupId: "tshirt_nordvik_crew",
      categoryPath: ["Apparel", "Men", "Men's T-shirts"],
      channelCategory: "212",
      fields: { color: "Navy", size: "S", material: "Cotton, Elastane", gender: "male", ageGroup: "teen", condition: "used" },
    });
    expect(item).toMatchObject({
      item_group_id: "tshirt_nordvik_crew",
      google_product_category: "212",
      product_type: "Apparel > Men > Men's T-shirts",
      color: "Navy",
      size: "S",
      material: "Cotton, Elastane",
      gender: "male",
      age_group: "teen",
      condition: "used",
    });
    expect(errors).toEqual([]);
  });
});
