import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { staticSchemaValidator } from "../../src/validation/json-schemas.js";
import { channelProduct, type ChannelProductOverrides, mapContext, money, schemaErrors } from "../../test/helpers/channel-product.js";
import { pinterestCatalogExporter } from "../pinterest-catalog/index.js";
import { pinterestItemsBatchExporter } from "./index.js";
import type { PinterestBatchItem } from "./map.js";
import { pinterestLanguage } from "./render.js";

function mapOne(overrides: ChannelProductOverrides = {}) {
  const context = mapContext("pinterest-items-batch");
  const items = pinterestItemsBatchExporter.map(channelProduct(overrides), context);
  expect(items).toHaveLength(1);
  const item = items[0] as PinterestBatchItem;
  return { item, errors: schemaErrors(pinterestItemsBatchExporter, item), warnings: context.warnings.map((w) => `${w.field}: ${w.reason}`) };
}

describe("pinterest-items-batch map()", () => {
  it("writes the catalog feed's row as a batch record: the id as item_id, the main image as a list", () => {
    const { item, errors } = mapOne({ fields: { salePrice: money("39.99") } });
    const [row] = pinterestCatalogExporter.map(channelProduct({ fields: { salePrice: money("39.99") } }), mapContext("pinterest-catalog"));
    const { id, image_link, ...attributes } = row as NonNullable<typeof row>;
    expect(item).toEqual({ item_id: id, attributes: { ...attributes, image_link: [image_link] } });
    expect(item.attributes).toMatchObject({
      title: "Baltica Linen Shirt Regular Fit",
      price: "49.99 EUR",
      sale_price: "39.99 EUR",
      availability: "in stock",
      image_link: ["https://shop.example.com/media/front.jpg/main"],
      additional_image_link: ["https://shop.example.com/media/back.jpg/main"],
    });
    expect(pinterestItemsBatchExporter.itemId(item)).toBe("SKU-1");
    expect(pinterestItemsBatchExporter.customerView(item)).toEqual({
      title: "Baltica Linen Shirt Regular Fit",
      description: "A linen shirt for warm days.\n100% linen\nRegular fit",
      price: { amount: "49.99", currency: "EUR" },
      salePrice: { amount: "39.99", currency: "EUR" },
      availability: "in_stock",
      image: "https://shop.example.com/media/front.jpg/main",
    });
    expect(errors).toEqual([]);
  });

  it("keeps the catalog feed's limits and warnings", () => {
    const images = Array.from({ length: 13 }, (_, i) => `https://shop.example.com/media/img-${i}.jpg/pinterest`);
    const { item, errors, warnings } = mapOne({ fields: { images, title: "Linen ".repeat(100).trim() } });
    expect(item.attributes.additional_image_link).toHaveLength(10);
    expect(item.attributes.title?.length).toBeLessThanOrEqual(500);
    expect(warnings).toEqual([
      "title: shortened from 599 to 497 characters at a word boundary (limit 500)",
      "additional_image_link: 12 additional images; Pinterest takes the first 10",
    ]);
    expect(errors).toEqual([]);
  });

  it("is turned away by its schema without an image or a price, naming the attribute", () => {
    expect(mapOne({ fields: { images: null } }).errors).toEqual(["/attributes required image_link"]);
    expect(mapOne({ fields: { price: null } }).errors).toEqual(["/attributes required price"]);
  });

  it("renders one UPSERT body for the channel's country, in a language Pinterest accepts", async () => {
    const context = mapContext("pinterest-items-batch", { options: { country: "PL" }, locale: "pl_PL" });
    const items = [mapOne().item, mapOne({ sku: "SKU-2" }).item];
    const chunks = (await Readable.from(pinterestItemsBatchExporter.render(Readable.from(items), context)).toArray()) as string[];
    const body = JSON.parse(chunks.join(""));
    expect(body).toEqual({ country: "PL", language: "pl-PL", operation: "UPSERT", items });
    const validateBody = staticSchemaValidator("channels/pinterest-items-batch.body.schema.json");
    expect(validateBody(body), JSON.stringify(validateBody.errors)).toBe(true);
    expect([pinterestLanguage("de-DE"), pinterestLanguage("es-419"), pinterestLanguage("kk-KZ")]).toEqual(["de", "es-419", "KK"]);
  });
});
