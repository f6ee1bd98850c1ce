import { describe, expect, it } from "vitest";
import { channelProduct, type ChannelProductOverrides, mapContext, money, schemaErrors } from "../../test/helpers/channel-product.js";
import { chatGptProductFeedExporter } from "./index.js";
import type { ChatGptItem } from "./map.js";

const merchant = {
  sellerName: "Demo Store",
  sellerUrl: "https://shop.example.com/",
  sellerPrivacyPolicy: "https://shop.example.com/privacy",
  sellerTos: "https://shop.example.com/terms",
  returnPolicy: "https://shop.example.com/returns",
  returnDeadlineDays: 30,
  targetCountries: ["US"],
  storeCountry: "PL",
};

function mapOne(overrides: ChannelProductOverrides = {}, options: Record<string, unknown> = merchant) {
  const context = mapContext("chatgpt-product-feed", { options, currency: "USD" });
  const items = chatGptProductFeedExporter.map(channelProduct(overrides), context);
  expect(items).toHaveLength(1);
  const item = items[0] as ChatGptItem;
  return { item, errors: schemaErrors(chatGptProductFeedExporter, item), warnings: context.warnings.map((w) => `${w.field}: ${w.reason}`) };
}

const flags = (searchEligible: string | null, checkoutEligible: string | null) => ({ fields: { searchEligible, checkoutEligible } });

describe("chatgpt-product-feed map()", () => {
  it("writes OpenAI's required fields, the merchant's from the channel's options, with booleans and lists as JSON types", () => {
    const { item, errors, warnings } = mapOne({ categoryPath: ["Apparel", "Shirts"] });
    expect(item).toEqual({
      is_eligible_search: true,
      is_eligible_checkout: false,
      item_id: "SKU-1",
      title: "Baltica Linen Shirt Regular Fit",
      description: "A linen shirt for warm days.\n100% linen\nRegular fit",
      url: "https://shop.example.com/p/SKU-1",
      brand: "Baltica",
      gtin: "4006381333931",
      mpn: "BAL-LS-01",
      product_category: "Apparel > Shirts",
      image_url: "https://shop.example.com/media/front.jpg/main",
      additional_image_urls: ["https://shop.example.com/media/back.jpg/main"],
      price: "49.99 EUR",
      availability: "in_stock",
      listing_has_variations: false,
      seller_name: "Demo Store",
      seller_url: "https://shop.example.com/",
      seller_privacy_policy: "https://shop.example.com/privacy",
      seller_tos: "https://shop.example.com/terms",
      return_policy: "https://shop.example.com/returns",
      return_deadline_in_days: 30,
      target_countries: ["US"],
      store_country: "PL",
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("reads the eligibility flags from the channel's boolean fields", () => {
    const both = mapOne(flags("true", "true"));
    expect([both.item.is_eligible_search, both.item.is_eligible_checkout]).toEqual([true, true]);
    expect(both.errors).toEqual([]);
    const hidden = mapOne(flags("false", "false"));
    expect([hidden.item.is_eligible_search, hidden.item.is_eligible_checkout]).toEqual([false, false]);
    expect(hidden.errors).toEqual([]);
  });

  it("takes a product that does not say as searchable but not sold in ChatGPT, without a warning", () => {
    const { item, warnings } = mapOne(flags(null, null));
    expect([item.is_eligible_search, item.is_eligible_checkout]).toEqual([true, false]);
    expect(mapOne(flags(null, "true")).item.is_eligible_checkout).toBe(true);
    expect(mapOne(flags("true", null)).item.is_eligible_checkout).toBe(false);
    expect(warnings).toEqual([]);
  });

  it("writes checkout false for a product not eligible for search, as OpenAI requires, and says why", () => {
    const { item, errors, warnings } = mapOne(flags("false", "true"));
    expect([item.is_eligible_search, item.is_eligible_checkout]).toEqual([false, false]);
    expect(warnings).toEqual(["is_eligible_checkout: written false: OpenAI allows checkout only for products eligible for search, and this one is not"]);
    expect(errors).toEqual([]);
  });

  it("writes checkout false while the channel lacks the seller's privacy policy or terms", () => {
    const { sellerTos: _, ...withoutTerms } = merchant;
    const { item, errors, warnings } = mapOne(flags("true", "true"), withoutTerms);
    expect(item.is_eligible_checkout).toBe(false);
    expect(item.seller_tos).toBeUndefined();
    expect(warnings).toEqual([
      "is_eligible_checkout: written false: checkout needs the seller's privacy policy and terms (the channel's sellerPrivacyPolicy and sellerTos options)",
    ]);
    expect(errors).toEqual([]);
  });

  it("has a schema that refuses checkout without search or without the seller's policies, whatever map() wrote", () => {
    const { item } = mapOne(flags("true", "true"));
    expect(schemaErrors(chatGptProductFeedExporter, { ...item, is_eligible_search: false })).toContain("/is_eligible_search const");
    const { seller_privacy_policy: _, ...withoutPrivacy } = item;
    expect(schemaErrors(chatGptProductFeedExporter, withoutPrivacy)).toContain("/ required seller_privacy_policy");
    expect(schemaErrors(chatGptProductFeedExporter, { ...item, is_eligible_search: "true" })).toContain("/is_eligible_search type");
  });

  it("says availability in OpenAI's words, with the date a preorder or backorder ships", () => {
    const preorder = mapOne({ fields: { availability: "preorder", availabilityDate: "2027-01-20T08:00:00Z" }, offer: { sellableQuantity: 0 } });
    expect(preorder.item).toMatchObject({ availability: "pre_order", availability_date: "2027-01-20T08:00:00Z" });
    expect(preorder.errors).toEqual([]);
    expect(mapOne({ fields: { availability: "backorder", availabilityDate: "2026-12-15T09:00:00Z" } }).item).toMatchObject({
      availability: "backorder",
      availability_date: "2026-12-15T09:00:00Z",
    });
    expect(mapOne({ fields: { availability: "discontinued" } }).item.availability).toBe("out_of_stock");
    expect(mapOne({ fields: { availability: "out_of_stock" } }).item.availability).toBe("out_of_stock");
    expect(mapOne({ fields: { availability: "preorder" } }).errors).toContain("/ required availability_date");
  });

  it("groups a variant with its siblings and names what sets it apart", () => {
    const { item, errors } = mapOne({
      itemGroupId: "shirt_baltica",
      axes: [
        { attribute: "color", label: "Color", value: "Navy" },
        { attribute: "size", label: "Size", value: "S" },
      ],
    });
    expect(item).toMatchObject({ listing_has_variations: true, group_id: "shirt_baltica", variant_dict: { Color: "Navy", Size: "S" } });
    expect(errors).toEqual([]);
    expect(schemaErrors(chatGptProductFeedExporter, { ...item, group_id: undefined })).toContain("/ required group_id");
  });

  it("carries a sale price with the promotion's first and last day, a sale ending at midnight having ended the day before", () => {
    const { item, errors } = mapOne({
      fields: { salePrice: money("39.99") },
      offer: { saleWindow: { startsAt: "2026-06-01T00:00:00+02:00", endsAt: "2026-06-30T23:59:59+02:00" } },
    });
    expect(item).toMatchObject({ sale_price: "39.99 EUR", sale_price_start_date: "2026-06-01", sale_price_end_date: "2026-06-30" });
    expect(errors).toEqual([]);
    const endsAtMidnight = mapOne({
      fields: { salePrice: money("39.99") },
      offer: { saleWindow: { startsAt: "2026-06-01T00:00:00+02:00", endsAt: "2026-07-01T00:00:00+02:00" } },
    });
    expect(endsAtMidnight.item).toMatchObject({ sale_price_start_date: "2026-06-01", sale_price_end_date: "2026-06-30" });
    const notLower = mapOne({
      fields: { salePrice: money("59.99") },
      offer: { saleWindow: { startsAt: "2026-06-01T00:00:00Z", endsAt: "2026-06-30T00:00:00Z" } },
    });
    expect([notLower.item.sale_price, notLower.item.sale_price_start_date]).toEqual([undefined, undefined]);
  });

  it("cuts texts to OpenAI's lengths with a warning and leaves out an MPN that would not fit", () => {
    const { item, errors, warnings } = mapOne({
      fields: {
        title: "Linen ".repeat(40).trim(),
        description: "word ".repeat(1100),
        brand: "B".repeat(75),
        color: "Midnight ".repeat(6).trim(),
        size: "Extra large and tall fit",
        mpn: "M".repeat(71),
      },
    });
    expect(item.title?.length).toBeLessThanOrEqual(150);
    expect(item.description?.length).toBeLessThanOrEqual(5000);
    expect(item.brand).toHaveLength(70);
    expect(item.color?.length).toBeLessThanOrEqual(40);
    expect(item.size).toBe("Extra large and tall");
    expect(item.mpn).toBeUndefined();
    expect(warnings.map((w) => w.split(":")[0])).toEqual(["title", "description", "brand", "mpn", "color", "size"]);
    expect(errors).toEqual([]);
  });

  it("is turned away by its schema without the merchant's details, a brand or an image, naming the field", () => {
    expect(mapOne({}, {}).errors).toEqual(
      expect.arrayContaining([
        "/ required seller_name",
        "/ required seller_url",
        "/ required return_policy",
        "/ required target_countries",
        "/ required store_country",
      ]),
    );
    expect(mapOne({ fields: { brand: null } }).errors).toContain("/ required brand");
    expect(mapOne({ fields: { images: null } }).errors).toContain("/ required image_url");
    expect(mapOne({ sku: "S".repeat(101) }).errors).toContain("/item_id maxLength");
  });

  it("shows the customer the title, prices and availability in the PIM's words", () => {
    const { item } = mapOne({ fields: { salePrice: money("39.99"), availability: "preorder", availabilityDate: "2027-01-20T08:00:00Z" } });
    expect(chatGptProductFeedExporter.customerView(item)).toEqual({
      title: "Baltica Linen Shirt Regular Fit",
      description: "A linen shirt for warm days.\n100% linen\nRegular fit",
      price: money("49.99"),
      salePrice: money("39.99"),
      availability: "preorder",
      image: "https://shop.example.com/media/front.jpg/main",
    });
  });
});

describe("chatgpt-product-feed render()", () => {
  it("writes one JSON value per line, with line separators inside a text escaped so no line reader splits a record", async () => {
    const { item } = mapOne({ fields: { description: "Two\u2028lines\u2029and a\u0085next line\nand a break" } });
    async function* two() {
      yield item;
      yield { ...item, item_id: "SKU-2" };
    }
    let text = "";
    for await (const chunk of chatGptProductFeedExporter.render(two(), mapContext("chatgpt-product-feed"))) text += chunk;
    expect(text).not.toMatch(/[\u0085\u2028\u2029]/);
    const lines = text.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(lines.slice(0, 2).map((line) => JSON.parse(line) as ChatGptItem)).toEqual([item, { ...item, item_id: "SKU-2" }]);
    expect(item.description).toBe("Two\u2028lines\u2029and a\u0085next line\nand a break");
  });
});
