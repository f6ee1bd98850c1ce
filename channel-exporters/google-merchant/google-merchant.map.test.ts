import { describe, expect, it } from "vitest";
import { channelProduct, mapContext, money, schemaErrors, type ChannelProductOverrides } from "../../test/helpers/channel-product.js";
import { googleMerchantExporter } from "./index.js";
import type { GoogleItem } from "./map.js";

/** The one item Google gets for a product, with what the feed run would say about it. */
function mapOne(overrides: ChannelProductOverrides = {}, generatedAt = new Date("2026-11-01T09:00:00Z")) {
  const context = mapContext("google-merchant", { generatedAt });
  const items = googleMerchantExporter.map(channelProduct(overrides), context);
  expect(items).toHaveLength(1);
  const item = items[0] as GoogleItem;
  return { item, errors: schemaErrors(googleMerchantExporter, item), warnings: context.warnings.map((w) => `${w.field}: ${w.reason}`) };
}

const images = (n: number) => Array.from({ length: n }, (_, i) => `https://shop.example.com/media/img-${i}.jpg/google`);

describe("google-merchant map()", () => {
  it("writes Google's required fields from a complete product, texts as plain text and money as '<amount> <currency>'", () => {
    const { item, errors, warnings } = mapOne();
    expect(item).toEqual({
      id: "SKU-1",
      title: "Baltica Linen Shirt Regular Fit",
      description: "A linen shirt for warm days.\n100% linen\nRegular fit",
      link: "https://shop.example.com/p/SKU-1",
      image_link: "https://shop.example.com/media/front.jpg/main",
      additional_image_link: ["https://shop.example.com/media/back.jpg/main"],
      availability: "in_stock",
      price: "49.99 EUR",
      condition: "new",
      brand: "Baltica",
      gtin: "4006381333931",
      mpn: "BAL-LS-01",
    });
    expect(googleMerchantExporter.itemId(item)).toBe("SKU-1");
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("writes a lower sale price with its promotion's start and end as an ISO 8601 interval", () => {
    const { item, errors } = mapOne({
      fields: { salePrice: money("39.99") },
      offer: { saleWindow: { startsAt: "2026-11-01T00:00:00+01:00", endsAt: "2026-11-30T23:59:59+01:00" } },
    });
    expect(item.price).toBe("49.99 EUR");
    expect(item.sale_price).toBe("39.99 EUR");
    expect(item.sale_price_effective_date).toBe("2026-11-01T00:00:00+01:00/2026-11-30T23:59:59+01:00");
    expect(errors).toEqual([]);
  });

  it("leaves out a sale price that is not lower or is in another currency, and dates no sale without a window", () => {
    const window = { saleWindow: { startsAt: "2026-11-01T00:00:00Z", endsAt: "2026-11-30T00:00:00Z" } };
    for (const salePrice of [money("49.99"), money("59.99"), money("39.99", "USD")]) {
      const { item, errors } = mapOne({ fields: { salePrice }, offer: window });
      expect(item.sale_price).toBeUndefined();
      expect(item.sale_price_effective_date).toBeUndefined();
      expect(errors).toEqual([]);
    }
    // A rule's sale price has no promotion window: the sale shows, undated.
    const { item, errors } = mapOne({ fields: { salePrice: money("29.00") } });
    expect(item.sale_price).toBe("29.00 EUR");
    expect(item.sale_price_effective_date).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it("links each variant to its own landing page, the group's page with the variant preselected", () => {
    const variant = mapOne({ itemGroupId: "shirt_group", fields: { link: "https://shop.example.com/p/shirt?utm_source=feed" } });
    expect(variant.item.link).toBe("https://shop.example.com/p/shirt?utm_source=feed&variant=SKU-1");
    expect(mapOne({ fields: { link: "https://shop.example.com/p/shirt" } }).item.link).toBe("https://shop.example.com/p/shirt");
  });

  it("writes a price with its currency's own decimals: none for yen", () => {
    const { item, errors } = mapOne({ fields: { price: money("1500", "JPY") } });
    expect(item.price).toBe("1500 JPY");
    expect(errors).toEqual([]);
  });

  it("passes availability through, dating only backorders and preorders, and a preorder without a date is rejected", () => {
    const backorder = mapOne({ fields: { availability: "backorder", availabilityDate: "2026-12-01T00:00:00Z" }, offer: { sellableQuantity: 0 } });
    expect(backorder.item).toMatchObject({ availability: "backorder", availability_date: "2026-12-01T00:00:00Z" });
    expect(backorder.errors).toEqual([]);

    const outOfStock = mapOne({ fields: { availability: "out_of_stock", availabilityDate: "2026-12-01T00:00:00Z" }, offer: { sellableQuantity: 0 } });
    expect(outOfStock.item.availability).toBe("out_of_stock");
    expect(outOfStock.item.availability_date).toBeUndefined();
    expect(outOfStock.errors).toEqual([]);

    // A rule may discontinue a product; Google has no such word, so it is out of stock there, not rejected.
    const discontinued = mapOne({ fields: { availability: "discontinued" }, offer: { sellableQuantity: 0 } });
    expect(discontinued.item.availability).toBe("out_of_stock");
    expect(discontinued.errors).toEqual([]);

    // Google requires availability_date with preorder: the item schema turns the product away, naming the field.
    const undated = mapOne({ fields: { availability: "preorder" }, offer: { sellableQuantity: 0 } });
    expect(undated.item.availability).toBe("preorder");
    expect(undated.errors).toContain("/ required availability_date");
  });

  it("takes the first image as image_link and the next 10 as additional_image_link, warning about the rest, URLs in ASCII", () => {
    const { item, errors, warnings } = mapOne({ fields: { images: ["https://shop.example.com/media/żółw.jpg/google", ...images(12)] } });
    expect(item.image_link).toBe("https://shop.example.com/media/%C5%BC%C3%B3%C5%82w.jpg/google");
    expect(item.additional_image_link).toEqual(images(10));
    expect(warnings).toEqual(["additional_image_link: 12 additional images; Google takes the first 10"]);
    expect(errors).toEqual([]);

    const single = mapOne({ fields: { images: images(1) } });
    expect(single.item.image_link).toBe(images(1)[0]);
    expect(single.item).not.toHaveProperty("additional_image_link");
  });

  it("reports images Google's renditions make smaller than 500×500, and leaves them out once Google disapproves them on 31 Jan 2027", () => {
    const ids = ["a", "b", "c"].map((letter) => letter.repeat(64));
    const stored = {
      fields: { images: ids.map((id) => `https://shop.example.com/media/${id}/google`) },
      imageAssetIds: ids,
      imageAssets: [
        { id: ids[0] as string, width: 480, height: 320, format: "jpeg" },
        { id: ids[1] as string, width: 1600, height: 1200, format: "jpeg" },
        { id: ids[2] as string, width: 300, height: 300, format: "png" },
      ],
    };
    const before = mapOne(stored, new Date("2027-01-30T23:59:59Z"));
    expect(before.item.image_link).toBe(stored.fields.images[0]);
    expect(before.item.additional_image_link).toEqual(stored.fields.images.slice(1));
    expect(before.errors).toEqual([]);
    expect(before.warnings).toEqual([
      "image_link: image 1 comes out at 480×480, under Google's 500×500; Google disapproves such images from 31 Jan 2027",
      "additional_image_link: image 3 comes out at 300×300, under Google's 500×500; Google disapproves such images from 31 Jan 2027",
    ]);

    const after = mapOne(stored, new Date("2027-01-31T00:00:00Z"));
    expect(after.item.image_link).toBeUndefined();
    expect(after.item.additional_image_link).toEqual([stored.fields.images[1]]);
    expect(after.errors).toContain("/ required image_link");
    expect(after.warnings).toEqual([
      "image_link: image 1 comes out at 480×480, under Google's 500×500; Google disapproves such images since 31 Jan 2027, so it is left out",
      "additional_image_link: image 3 comes out at 300×300, under Google's 500×500; Google disapproves such images since 31 Jan 2027, so it is left out",
    ]);
    // Pictures that are not stored assets have no known size.
    expect(mapOne({}, new Date("2027-02-01T00:00:00Z")).warnings).toEqual([]);
  });

  it("strips markup from the title and shortens titles, brands and custom labels to Google's limits at a word boundary", () => {
    const title = `<b>Linen</b> shirt &amp; ${"extra long words ".repeat(12)}`;
    const { item, errors, warnings } = mapOne({
      fields: { title, brand: "Baltica ".repeat(10).trim(), customLabel0: "summer ".repeat(20).trim(), customLabel3: "clearance" },
    });
    expect(item.title).toBe(`Linen shirt & ${"extra long words ".repeat(8).trim()}`);
    expect(item.title).toHaveLength(149);
    expect(item.brand).toBe("Baltica ".repeat(8).trim());
    expect(item.custom_label_0).toBe("summer ".repeat(14).trim());
    expect(item.custom_label_3).toBe("clearance");
    expect(item).not.toHaveProperty("custom_label_1");
    expect(warnings).toEqual([
      "title: shortened from 217 to 149 characters at a word boundary (limit 150)",
      "brand: shortened from 79 to 63 characters at a word boundary (limit 70)",
      "custom_label_0: shortened from 139 to 97 characters at a word boundary (limit 100)",
    ]);
    expect(errors).toEqual([]);
  });

  it("says identifier_exists=no when there is neither GTIN nor MPN, and rejects a GTIN without a brand", () => {
    const unbranded = mapOne({ fields: { brand: null, gtin: null, mpn: null } });
    expect(unbranded.item.identifier_exists).toBe("no");
    expect(unbranded.item).not.toHaveProperty("brand");
    expect(unbranded.item).not.toHaveProperty("gtin");
    expect(unbranded.errors).toEqual([]);

    const mpnOnly = mapOne({ fields: { gtin: null } });
    expect(mpnOnly.item).toMatchObject({ brand: "Baltica", mpn: "BAL-LS-01" });
    expect(mpnOnly.item.identifier_exists).toBeUndefined();
    expect(mpnOnly.errors).toEqual([]);

    const noBrand = mapOne({ fields: { brand: null } });
    expect(noBrand.item.identifier_exists).toBeUndefined();
    expect(noBrand.errors).toContain("/ required brand");
  });

  it("groups a variant by item_group_id and writes its category, product type and apparel fields in Google's words", () => {
    const { item, errors } = mapOne({
      sku: "NV-CREW-NAVY-S",
      itemGroupId: "tshirt_nordvik_crew",
      categoryPath: ["Apparel", "Men", "T-shirts"],
      channelCategory: "212",
      fields: { color: "Navy", size: "S", material: "Cotton, Elastane", gender: "male", ageGroup: "adult", condition: "refurbished" },
    });
    expect(item).toMatchObject({
      id: "NV-CREW-NAVY-S",
      item_group_id: "tshirt_nordvik_crew",
      google_product_category: "212",
      product_type: "Apparel > Men > T-shirts",
      color: "Navy",
      size: "S",
      material: "Cotton/Elastane",
      gender: "male",
      age_group: "adult",
      condition: "refurbished",
    });
    expect(errors).toEqual([]);
  });
});
