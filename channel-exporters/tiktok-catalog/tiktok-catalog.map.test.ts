import { describe, expect, it } from "vitest";
import { channelProduct, type ChannelProductOverrides, mapContext, money, schemaErrors } from "../../test/helpers/channel-product.js";
import { tiktokCatalogExporter } from "./index.js";
import type { TikTokItem } from "./map.js";

function mapOne(overrides: ChannelProductOverrides = {}) {
  const context = mapContext("tiktok-catalog");
  const items = tiktokCatalogExporter.map(channelProduct(overrides), context);
  expect(items).toHaveLength(1);
  const item = items[0] as TikTokItem;
  return { item, errors: schemaErrors(tiktokCatalogExporter, item), warnings: context.warnings.map((w) => `${w.field}: ${w.reason}`) };
}

describe("tiktok-catalog map()", () => {
  it("writes TikTok's nine required columns from a sellable product", () => {
    const { item, errors, warnings } = mapOne();
    expect(item).toMatchObject({
      sku_id: "SKU-1",
      title: "Baltica Linen Shirt Regular Fit",
      description: "A linen shirt for warm days.\n100% linen\nRegular fit",
      availability: "in stock",
      condition: "new",
      price: "49.99 EUR",
      link: "https://shop.example.com/p/SKU-1",
      image_link: "https://shop.example.com/media/front.jpg/main",
      brand: "Baltica",
      additional_image_link: ["https://shop.example.com/media/back.jpg/main"],
      gtin: "4006381333931",
      mpn: "BAL-LS-01",
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("says availability in TikTok's five words", () => {
    const words = (availability: string) => mapOne({ fields: { availability }, offer: { sellableQuantity: 0 } }).item.availability;
    expect(words("backorder")).toBe("available for order");
    expect(words("preorder")).toBe("preorder");
    expect(words("discontinued")).toBe("discontinued");
    expect(words("out_of_stock")).toBe("out of stock");
  });

  it("groups variants, and carries a sale price with the promotion's interval", () => {
    const { item, errors } = mapOne({
      itemGroupId: "shirt_baltica",
      fields: { salePrice: money("39.99") },
      offer: { saleWindow: { startsAt: "2026-06-01T00:00:00+02:00", endsAt: "2026-06-30T23:59:59+02:00" } },
    });
    expect(item).toMatchObject({
      item_group_id: "shirt_baltica",
      sale_price: "39.99 EUR",
      sale_price_effective_date: "2026-06-01T00:00:00+02:00/2026-06-30T23:59:59+02:00",
    });
    expect(errors).toEqual([]);
  });

  it("leaves out a sale price that is not below the price", () => {
    const { item } = mapOne({
      fields: { salePrice: money("49.99") },
      offer: { saleWindow: { startsAt: "2026-06-01T00:00:00Z", endsAt: "2026-06-30T00:00:00Z" } },
    });
    expect(item.sale_price).toBeUndefined();
    expect(item.sale_price_effective_date).toBeUndefined();
  });

  it("takes emoji out of the title, which TikTok refuses, and says so", () => {
    const { item, errors, warnings } = mapOne({ fields: { title: "Linen Shirt 🔥 Summer ❤️ Edition™" } });
    expect(item.title).toBe("Linen Shirt Summer Edition™");
    expect(warnings).toContain("title: emoji taken out: TikTok refuses titles with emoji");
    expect(errors).toEqual([]);
  });

  it("cuts texts to Google's lengths, which TikTok's catalog follows, at a word boundary", () => {
    const { item, errors, warnings } = mapOne({ fields: { title: "Linen ".repeat(40).trim(), description: "word ".repeat(1100), brand: "B".repeat(80) } });
    expect(item.title?.length).toBeLessThanOrEqual(150);
    expect(item.description?.length).toBeLessThanOrEqual(5000);
    expect(item.brand).toHaveLength(70);
    expect(warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/^title: shortened from 239 to 1\d\d characters/), expect.stringMatching(/^brand: /)]),
    );
    expect(errors).toEqual([]);
  });

  it("keeps 8 additional images, TikTok Shop's 9 in all, with commas encoded, and warns about the rest", () => {
    const images = Array.from({ length: 12 }, (_, i) => `https://shop.example.com/media/img,${i}.jpg/tiktok`);
    const { item, errors, warnings } = mapOne({ fields: { images } });
    expect(item.image_link).toBe("https://shop.example.com/media/img,0.jpg/tiktok");
    expect(item.additional_image_link).toHaveLength(8);
    expect(item.additional_image_link?.[0]).toBe("https://shop.example.com/media/img%2C1.jpg/tiktok");
    expect(warnings).toContain("additional_image_link: 11 additional images; TikTok Shop shows 9 images in all, so the first 8 are kept");
    expect(errors).toEqual([]);
  });

  it("leaves out an MPN longer than 70 characters rather than cut it into another product's", () => {
    const { item, errors, warnings } = mapOne({ fields: { mpn: "M".repeat(71) } });
    expect(item.mpn).toBeUndefined();
    expect(warnings).toContain("mpn: left out: 71 characters, the channel takes at most 70");
    expect(errors).toEqual([]);
  });

  it("is turned away by its schema without a brand, a price, an image or with a SKU over 50 characters", () => {
    expect(mapOne({ fields: { brand: null } }).errors).toContain("/ required brand");
    expect(mapOne({ fields: { price: null } }).errors).toContain("/ required price");
    expect(mapOne({ fields: { images: null } }).errors).toContain("/ required image_link");
    expect(mapOne({ sku: "S".repeat(51) }).errors).toContain("/sku_id maxLength");
    expect(mapOne({ fields: { price: money("0.00") } }).errors).toContain("/price pattern");
  });

  it("shows the customer the title, prices and availability in the PIM's words", () => {
    const { item } = mapOne({ fields: { salePrice: money("39.99"), availability: "backorder" } });
    expect(tiktokCatalogExporter.customerView(item)).toEqual({
      title: "Baltica Linen Shirt Regular Fit",
      description: "A linen shirt for warm days.\n100% linen\nRegular fit",
      price: money("49.99"),
      salePrice: money("39.99"),
      availability: "backorder",
      image: "https://shop.example.com/media/front.jpg/main",
    });
  });
});
