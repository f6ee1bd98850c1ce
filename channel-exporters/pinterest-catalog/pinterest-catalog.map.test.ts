import { describe, expect, it } from "vitest";
import { channelProduct, type ChannelProductOverrides, mapContext, money, schemaErrors } from "../../test/helpers/channel-product.js";
import { pinterestCatalogExporter } from "./index.js";
import type { PinterestItem } from "./map.js";

function mapOne(overrides: ChannelProductOverrides = {}) {
  const context = mapContext("pinterest-catalog");
  const items = pinterestCatalogExporter.map(channelProduct(overrides), context);
  expect(items).toHaveLength(1);
  const item = items[0] as PinterestItem;
  return { item, errors: schemaErrors(pinterestCatalogExporter, item), warnings: context.warnings.map((w) => `${w.field}: ${w.reason}`) };
}

describe("pinterest-catalog map()", () => {
  it("writes a complete row from a sellable product, in Pinterest's column names", () => {
    const { item, errors } = mapOne();
    expect(item).toMatchObject({
      id: "SKU-1",
      title: "Baltica Linen Shirt Regular Fit",
      description: "A linen shirt for warm days.\n100% linen\nRegular fit",
      price: "49.99 EUR",
      availability: "in stock",
      condition: "new",
      brand: "Baltica",
      gtin: "4006381333931",
      image_link: "https://shop.example.com/media/front.jpg/main",
      additional_image_link: ["https://shop.example.com/media/back.jpg/main"],
    });
    expect(errors).toEqual([]);
  });

  it("says availability in Pinterest's three words: a backorder is a preorder, a discontinued product out of stock", () => {
    const words = (availability: string) => mapOne({ fields: { availability }, offer: { sellableQuantity: 0 } }).item.availability;
    expect(words("backorder")).toBe("preorder");
    expect(words("discontinued")).toBe("out of stock");
    expect(words("out_of_stock")).toBe("out of stock");
  });

  it("keeps 10 additional images with commas encoded, a sale price below the price, and warns about the rest", () => {
    const images = Array.from({ length: 13 }, (_, i) => `https://shop.example.com/media/img,${i}.jpg/pinterest`);
    const { item, errors, warnings } = mapOne({ fields: { images, salePrice: money("39.99") } });
    expect(item.additional_image_link).toHaveLength(10);
    expect(item.additional_image_link?.[0]).toBe("https://shop.example.com/media/img%2C1.jpg/pinterest");
    expect(item.sale_price).toBe("39.99 EUR");
    expect(warnings).toContain("additional_image_link: 12 additional images; Pinterest takes the first 10");
    expect(errors).toEqual([]);
  });

  it("is turned away by its schema without a price or an image, naming the field", () => {
    expect(mapOne({ fields: { price: null } }).errors).toContain("/ required price");
    expect(mapOne({ fields: { images: null } }).errors).toContain("/ required image_link");
  });
});
