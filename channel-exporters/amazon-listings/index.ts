import { moneyAmount } from "../../src/feeds/attribute-text.js";
import type { ChannelExporter, CustomerView, Money } from "../types.js";
import { dgHzRegulations, mapAmazonMessages, type AmazonMessage } from "./map.js";
import { amazonFeedParts, renderAmazonFeed } from "./render.js";

function money(value: number | undefined, currency: string | undefined): Money | null {
  return value !== undefined && currency ? { amount: moneyAmount(String(value)), currency } : null;
}

/** What a buyer sees of a child or single listing; a variation parent is not for sale, so it has no view. */
function customerView({ attributes }: AmazonMessage): CustomerView | null {
  if (attributes.parentage_level?.[0]?.value === "parent") return null;
  const offer = attributes.purchasable_offer?.[0];
  const price = money(offer?.our_price[0]?.schedule[0]?.value_with_tax, offer?.currency);
  const salePrice = money(offer?.discounted_price?.[0]?.schedule[0]?.value_with_tax, offer?.currency);
  const stock = attributes.fulfillment_availability?.[0];
  return {
    title: attributes.item_name?.[0]?.value ?? null,
    description: attributes.product_description?.[0]?.value ?? null,
    price,
    salePrice,
    availability: !stock ? null : stock.quantity > 0 ? "in_stock" : stock.restock_date ? "backorder" : "out_of_stock",
    image: attributes.main_product_image_locator?.[0]?.media_location ?? null,
  };
}

export const amazonListingsExporter: ChannelExporter<AmazonMessage> = {
  code: "amazon-listings",
  label: "Amazon listings feed (JSON_LISTINGS_FEED v2)",
  contentType: "application/json; charset=utf-8",
  fileExtension: "json",
  itemSchema: "amazon-listings.item.schema.json",
  optionsSchema: {
    type: "object",
    additionalProperties: false,
    required: ["sellerId", "marketplaceId"],
    properties: {
      sellerId: { type: "string", pattern: "^[A-Z0-9]{1,40}$" },
      marketplaceId: { type: "string", pattern: "^[A-Z0-9]{1,40}$" },
      productType: { type: "string", pattern: "^[A-Z0-9_]{1,100}$", description: "Amazon product type of every listing; PRODUCT when not set." },
      dgHzRegulation: {
        enum: dgHzRegulations,
        description: "The dangerous-goods regulation every listing declares (supplier_declared_dg_hz_regulation); not_applicable when not set.",
      },
      dgHzRegulationAttribute: {
        type: "string",
        pattern: "^[a-z][a-z0-9_]{0,99}$",
        description: "An attribute whose option codes, in Amazon's words, declare a product's own regulations instead of dgHzRegulation.",
      },
    },
  },
  parts: amazonFeedParts,
  itemId: (item) => item.sku,
  map: mapAmazonMessages,
  render: renderAmazonFeed,
  customerView,
};
