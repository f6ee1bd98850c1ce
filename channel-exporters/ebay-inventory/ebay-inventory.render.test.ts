import { describe, expect, it } from "vitest";
import { channelProduct, mapContext } from "../../test/helpers/channel-product.js";
import { staticSchemaValidator } from "../../src/validation/json-schemas.js";
import type { ExportContext } from "../types.js";
import { ebayInventoryExporter } from "./index.js";
import type { EbayListing } from "./map.js";
import { renderEbayBodies } from "./render.js";

const options = {
  marketplaceId: "EBAY_US",
  merchantLocationKey: "main-warehouse",
  fulfillmentPolicyId: "1",
  paymentPolicyId: "2",
  returnPolicyId: "3",
};
const context = mapContext("ebay-inventory", { currency: "USD", options });

function listings(count: number): EbayListing[] {
  return Array.from({ length: count }, (_, i) => {
    const [listing] = ebayInventoryExporter.map(channelProduct({ sku: `SKU-${i}`, channelCategory: "15687" }), context);
    return listing as EbayListing;
  });
}

async function render(items: EbayListing[]): Promise<string> {
  async function* stream(): AsyncGenerator<EbayListing> {
    yield* items;
  }
  let text = "";
  for await (const chunk of renderEbayBodies(stream(), context as ExportContext)) text += chunk;
  return text;
}

describe("eBay bulk bodies", () => {
  it("write a part's inventory items, then its offers in the same order, as one body document", async () => {
    const body = JSON.parse(await render(listings(3)));
    expect(staticSchemaValidator("channels/ebay-inventory.body.schema.json")(body)).toBe(true);
    expect(body.marketplaceId).toBe("EBAY_US");
    expect(body.contentLanguage).toBe("en-US");
    expect(body.bulkCreateOrReplaceInventoryItem.requests.map((item: { sku: string }) => item.sku)).toEqual(["SKU-0", "SKU-1", "SKU-2"]);
    expect(body.bulkCreateOffer.requests.map((offer: { sku: string }) => offer.sku)).toEqual(["SKU-0", "SKU-1", "SKU-2"]);
    expect(JSON.parse(await render([]))).toMatchObject({ bulkCreateOrReplaceInventoryItem: { requests: [] }, bulkCreateOffer: { requests: [] } });
  });

  it("refuse a part of more records than a bulk call takes", async () => {
    await expect(render(listings(26))).rejects.toThrow("eBay's bulk calls take at most 25 records");
  });
});
