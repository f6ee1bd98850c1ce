import { describe, expect, it } from "vitest";
import { channelProduct, mapContext, money, schemaErrors, type ChannelProductOverrides, type TestMapContext } from "../../test/helpers/channel-product.js";
import { amazonListingsExporter } from "./index.js";
import type { ImageAsset } from "../types.js";
import type { AmazonMessage } from "./map.js";

const marketplace = "ATVPDKIKX0DER";
const amazonContext = (options: Record<string, unknown> = {}) =>
  mapContext("amazon-listings", { options: { sellerId: "A1DEMOSELLER", marketplaceId: marketplace, ...options } });
const tagged = (value: string) => [{ value, language_tag: "en_US", marketplace_id: marketplace }];
const plain = <T>(...values: T[]) => values.map((value) => ({ value, marketplace_id: marketplace }));

/** Every message Amazon gets for a product (whose category the channel maps to casual-button-down-shirts), each with its item schema errors. */
function mapAll(overrides: ChannelProductOverrides = {}, context: TestMapContext = amazonContext()) {
  return amazonListingsExporter
    .map(channelProduct({ channelCategory: "casual-button-down-shirts", ...overrides }), context)
    .map((message) => ({ message, errors: schemaErrors(amazonListingsExporter, message) }));
}

function mapOne(overrides: ChannelProductOverrides = {}, context: TestMapContext = amazonContext()) {
  const messages = mapAll(overrides, context);
  expect(messages).toHaveLength(1);
  return { ...(messages[0] as { message: AmazonMessage; errors: string[] }), warnings: context.warnings.map((w) => `${w.field}: ${w.reason}`) };
}

describe("amazon-listings map()", () => {
  it("writes one UPDATE message per simple product with texts, offer, stock, images and identifier in the Listings API's shapes", () => {
    const { message, errors, warnings } = mapOne({ fields: { shortDescription: "Breathable <b>linen</b>", countryOfOrigin: "PL" } });
    expect(message).toEqual({
      sku: "SKU-1",
      operationType: "UPDATE",
      productType: "PRODUCT",
      requirements: "LISTING",
      attributes: {
        item_name: tagged("Baltica Linen Shirt Regular Fit"),
        brand: tagged("Baltica"),
        bullet_point: tagged("Breathable linen"),
        product_description: tagged("A linen shirt for warm days.\n100% linen\nRegular fit"),
        item_type_keyword: plain("casual-button-down-shirts"),
        supplier_declared_dg_hz_regulation: plain("not_applicable"),
        condition_type: [{ value: "new_new", marketplace_id: marketplace }],
        country_of_origin: [{ value: "PL", marketplace_id: marketplace }],
        fulfillment_availability: [{ fulfillment_channel_code: "DEFAULT", quantity: 5 }],
        main_product_image_locator: [{ media_location: "https://shop.example.com/media/front.jpg/main", marketplace_id: marketplace }],
        other_product_image_locator_1: [{ media_location: "https://shop.example.com/media/back.jpg/main", marketplace_id: marketplace }],
        externally_assigned_product_identifier: [{ type: "ean", value: "4006381333931", marketplace_id: marketplace }],
        purchasable_offer: [{ marketplace_id: marketplace, currency: "EUR", audience: "ALL", our_price: [{ schedule: [{ value_with_tax: 49.99 }] }] }],
      },
    });
    expect(amazonListingsExporter.itemId(message)).toBe("SKU-1");
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(mapOne({}, amazonContext({ productType: "SHIRT" })).message.productType).toBe("SHIRT");
  });

  it("classifies every message by its channel category's item type keyword, and is refused without one", () => {
    expect(mapOne({ channelCategory: "t-shirts" }).message.attributes.item_type_keyword).toEqual(plain("t-shirts"));
    const unmapped = mapOne({ channelCategory: null });
    expect(unmapped.message.attributes.item_type_keyword).toBeUndefined();
    expect(unmapped.errors).toContain("/attributes required item_type_keyword");
    const family = mapAll({ channelCategory: null, itemGroupId: "tshirt_nordvik_crew", axes: [{ attribute: "size", label: "Size", value: "S" }] });
    expect(family.map(({ message }) => message.attributes.parentage_level?.[0]?.value)).toEqual(["parent", "child"]);
    for (const { errors } of family) expect(errors).toContain("/attributes required item_type_keyword");
  });

  it("declares the channel's dangerous-goods regulation, or the product's own from the attribute the channel names", () => {
    expect(mapOne().message.attributes.supplier_declared_dg_hz_regulation).toEqual(plain("not_applicable"));
    expect(mapOne({}, amazonContext({ dgHzRegulation: "ghs" })).message.attributes.supplier_declared_dg_hz_regulation).toEqual(plain("ghs"));

    const declaring = amazonContext({ dgHzRegulation: "not_applicable", dgHzRegulationAttribute: "dg_regulations" });
    const dangerous = (raw: string) => [{ code: "dg_regulations", label: "Dangerous goods", text: raw, raw, unit: null }];
    const powerBank = mapOne({ attributes: dangerous("transportation,storage") }, declaring);
    expect(powerBank.message.attributes.supplier_declared_dg_hz_regulation).toEqual(plain("transportation", "storage"));
    expect(powerBank.errors).toEqual([]);
    // A product without a value of its own takes the channel's declaration.
    expect(mapOne({}, declaring).message.attributes.supplier_declared_dg_hz_regulation).toEqual(plain("not_applicable"));
    expect(mapOne({ attributes: dangerous("flammable") }, declaring).errors).toEqual(["/attributes/supplier_declared_dg_hz_regulation/0/value enum"]);
  });

  it("names a GTIN by its length, declares the exemption without one, and speaks Amazon's condition words", () => {
    const identifier = (gtin: string | null) => {
      const { message, errors } = mapOne({ fields: { gtin } });
      expect(errors).toEqual([]);
      return message.attributes;
    };
    expect(identifier("036000291452").externally_assigned_product_identifier).toEqual([{ type: "upc", value: "036000291452", marketplace_id: marketplace }]);
    expect(identifier("10036000291459").externally_assigned_product_identifier).toEqual([
      { type: "gtin", value: "10036000291459", marketplace_id: marketplace },
    ]);
    expect(identifier("96385074").externally_assigned_product_identifier).toEqual([{ type: "ean", value: "96385074", marketplace_id: marketplace }]);
    const exempt = identifier(null);
    expect(exempt.externally_assigned_product_identifier).toBeUndefined();
    expect(exempt.supplier_declared_has_product_identifier_exemption).toEqual([{ value: true, marketplace_id: marketplace }]);

    const condition = (value: string) => mapOne({ fields: { condition: value } });
    expect(condition("refurbished").message.attributes.condition_type).toEqual([{ value: "refurbished_refurbished", marketplace_id: marketplace }]);
    expect(condition("used").message.attributes.condition_type).toEqual([{ value: "used_good", marketplace_id: marketplace }]);
    const graded = condition("used_like_new");
    expect(graded.message.attributes.condition_type).toEqual([{ value: "used_like_new", marketplace_id: marketplace }]);
    expect(graded.errors).toEqual([]);
  });

  it("schedules a lower sale price as discounted_price over the promotion's window, and leaves out one that is not lower", () => {
    const { message, errors } = mapOne({
      fields: { salePrice: money("39.99") },
      offer: { saleWindow: { startsAt: "2026-11-01T00:00:00+01:00", endsAt: "2026-11-30T23:59:59+01:00" } },
    });
    expect(message.attributes.purchasable_offer).toEqual([
      {
        marketplace_id: marketplace,
        currency: "EUR",
        audience: "ALL",
        our_price: [{ schedule: [{ value_with_tax: 49.99 }] }],
        discounted_price: [{ schedule: [{ value_with_tax: 39.99, start_at: "2026-11-01T00:00:00+01:00", end_at: "2026-11-30T23:59:59+01:00" }] }],
      },
    ]);
    expect(errors).toEqual([]);

    // A rule's sale price has no window: it holds until the feed changes it.
    expect(mapOne({ fields: { salePrice: money("29.00") } }).message.attributes.purchasable_offer?.[0]?.discounted_price).toEqual([
      { schedule: [{ value_with_tax: 29 }] },
    ]);
    expect(mapOne({ fields: { salePrice: money("59.99") } }).message.attributes.purchasable_offer?.[0]).not.toHaveProperty("discounted_price");
  });

  it("lists the sellable quantity, with a restock date (the UTC day) only for backorders and preorders", () => {
    const backorder = mapOne({ fields: { availability: "backorder", availabilityDate: "2026-12-01T23:30:00Z" }, offer: { sellableQuantity: 0 } });
    expect(backorder.message.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: "DEFAULT", quantity: 0, restock_date: "2026-12-01" }]);
    expect(amazonListingsExporter.customerView(backorder.message)?.availability).toBe("backorder");
    expect(backorder.errors).toEqual([]);

    const outOfStock = mapOne({ fields: { availability: "out_of_stock", availabilityDate: "2026-12-01T00:00:00Z" }, offer: { sellableQuantity: 0 } });
    expect(outOfStock.message.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: "DEFAULT", quantity: 0 }]);
    expect(amazonListingsExporter.customerView(outOfStock.message)?.availability).toBe("out_of_stock");
    expect(outOfStock.errors).toEqual([]);

    expect(mapOne({ offer: { sellableQuantity: 42 } }).message.attributes.fulfillment_availability).toEqual([
      { fulfillment_channel_code: "DEFAULT", quantity: 42 },
    ]);
    // A rule that takes a product off sale is obeyed although stock remains: Amazon reads availability from the quantity.
    for (const availability of ["out_of_stock", "discontinued"]) {
      const ruled = mapOne({ fields: { availability }, offer: { sellableQuantity: 5 } });
      expect(ruled.message.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: "DEFAULT", quantity: 0 }]);
      expect(amazonListingsExporter.customerView(ruled.message)?.availability).toBe("out_of_stock");
    }
  });

  it("sends a variation parent once, before the first child, without an offer, images or variant values of its own", () => {
    const context = amazonContext();
    const variant = (sku: string, color: string, size: string): ChannelProductOverrides => ({
      sku,
      itemGroupId: "tshirt_nordvik_crew",
      fields: { color, size, shortDescription: "Organic cotton" },
      axes: [
        { attribute: "color", label: "Color", value: color },
        { attribute: "size", label: "Size", value: size },
      ],
    });
    const first = mapAll(variant("NV-CREW-NAVY-S", "Navy", "S"), context);
    expect(first.map(({ message }) => message.sku)).toEqual(["tshirt_nordvik_crew", "NV-CREW-NAVY-S"]);
    const [parent, child] = first as Array<{ message: AmazonMessage; errors: string[] }>;
    expect(parent?.message.attributes).toEqual({
      item_name: tagged("Baltica Linen Shirt Regular Fit"),
      brand: tagged("Baltica"),
      bullet_point: tagged("Organic cotton"),
      product_description: tagged("A linen shirt for warm days.\n100% linen\nRegular fit"),
      item_type_keyword: plain("casual-button-down-shirts"),
      supplier_declared_dg_hz_regulation: plain("not_applicable"),
      parentage_level: [{ value: "parent", marketplace_id: marketplace }],
      variation_theme: [{ name: "COLOR/SIZE" }],
    });
    expect(amazonListingsExporter.customerView(parent?.message as AmazonMessage)).toBeNull();
    expect(child?.message.attributes).toMatchObject({
      parentage_level: [{ value: "child", marketplace_id: marketplace }],
      variation_theme: [{ name: "COLOR/SIZE" }],
      child_parent_sku_relationship: [{ child_relationship_type: "variation", parent_sku: "tshirt_nordvik_crew", marketplace_id: marketplace }],
      color: tagged("Navy"),
      size: tagged("S"),
    });
    expect(parent?.errors).toEqual([]);
    expect(child?.errors).toEqual([]);

    const second = mapAll(variant("NV-CREW-NAVY-M", "Navy", "M"), context);
    expect(second.map(({ message }) => message.sku)).toEqual(["NV-CREW-NAVY-M"]);
    expect(second[0]?.errors).toEqual([]);

    // A product of a model without variant axes stands alone.
    const alone = mapOne({ itemGroupId: "mug_glinka" }, context).message.attributes;
    expect(alone.parentage_level).toBeUndefined();
    expect(alone.child_parent_sku_relationship).toBeUndefined();
  });

  it("offers the main image and at most eight others, warning about the rest", () => {
    const images = Array.from({ length: 11 }, (_, i) => `https://shop.example.com/media/img-${i}.jpg/amazon`);
    const { message, errors, warnings } = mapOne({ fields: { images } });
    expect(message.attributes.main_product_image_locator).toEqual([{ media_location: images[0], marketplace_id: marketplace }]);
    expect(message.attributes.other_product_image_locator_8).toEqual([{ media_location: images[8], marketplace_id: marketplace }]);
    expect(Object.keys(message.attributes).filter((name) => name.startsWith("other_product_image_locator_"))).toHaveLength(8);
    expect(warnings).toEqual(["other_product_image_locator: 10 additional images; Amazon takes the first 8"]);
    expect(errors).toEqual([]);
  });

  it("judges the main image by the framed rendition Amazon fetches: a warning below 1000 px, no listing below 500 px", () => {
    const id = "a".repeat(64);
    const withMainImage = (asset: Partial<ImageAsset>) =>
      mapOne({ imageAssetIds: [id], imageAssets: [{ id, width: 1600, height: 1600, format: "jpeg", ...asset }] });
    const locator = [{ media_location: "https://shop.example.com/media/front.jpg/main", marketplace_id: marketplace }];

    // A small product in a large photo: framed at 90 % fill, 200 px of product make a 223 px square.
    const speck = withMainImage({ productRegion: { left: 700, top: 700, width: 200, height: 180 } });
    expect(speck.message.attributes.main_product_image_locator).toBeUndefined();
    expect(speck.errors).toContain("/attributes required main_product_image_locator");
    expect(speck.warnings).toEqual([
      "main_product_image_locator: the main image comes out at 223×223 (the product takes 200×180 px of the 1600×1600 original); Amazon refuses a main image under 500 px on the longest side, so the listing is not sent",
    ]);

    const small = withMainImage({ productRegion: { left: 500, top: 500, width: 600, height: 450 } });
    expect(small.message.attributes.main_product_image_locator).toEqual(locator);
    expect(small.errors).toEqual([]);
    expect(small.warnings).toEqual([
      "main_product_image_locator: the main image comes out at 667×667 (the product takes 600×450 px of the 1600×1600 original); Amazon zooms only from 1000 px on the longest side",
    ]);

    // Where the product lies was never measured: the original's size is all there is to judge.
    const unmeasured = withMainImage({ width: 800, height: 600 });
    expect(unmeasured.errors).toEqual([]);
    expect(unmeasured.warnings).toEqual([
      "main_product_image_locator: the main image comes out at 889×889 (the original is 800×600); Amazon zooms only from 1000 px on the longest side",
    ]);

    const filling = withMainImage({ productRegion: { left: 100, top: 100, width: 1400, height: 1300 } });
    expect(filling.message.attributes.main_product_image_locator).toEqual(locator);
    expect(filling.warnings).toEqual([]);
  });

  it("shortens the description to 10,000 UTF-8 bytes and the bullet point to 700 characters, at a word boundary", () => {
    const { message, errors, warnings } = mapOne({
      fields: { description: `<p>${"Зарядное устройство ".repeat(400)}</p>`, shortDescription: "lightweight ".repeat(70).trim() },
    });
    const description = message.attributes.product_description?.[0]?.value as string;
    expect(description).toBe("Зарядное устройство ".repeat(263).trim());
    expect(Buffer.byteLength(description)).toBe(9993);
    expect(message.attributes.bullet_point?.[0]?.value).toBe("lightweight ".repeat(58).trim());
    expect(warnings).toEqual([
      "bullet_point: shortened from 839 to 695 characters at a word boundary (limit 700)",
      "product_description: shortened from 15199 to 9993 bytes at a word boundary (limit 10000 UTF-8 bytes)",
    ]);
    expect(errors).toEqual([]);
  });

  it("is rejected with the field named when the title has a character Amazon forbids or the brand is missing", () => {
    expect(mapOne({ fields: { title: "Linen Shirt? Best {deal}" } }).errors).toEqual(["/attributes/item_name/0/value pattern"]);
    const unbranded = mapOne({ fields: { brand: null } });
    expect(unbranded.message.attributes.brand).toBeUndefined();
    expect(unbranded.errors).toContain("/attributes required brand");
  });
});
