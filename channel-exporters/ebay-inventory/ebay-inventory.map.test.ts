import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { EconomicOperator } from "../../src/feeds/channel-product.js";
import { channelProduct, type ChannelProductOverrides, fieldValue, mapContext, money, schemaErrors } from "../../test/helpers/channel-product.js";
import { isEuCountry } from "../shared/eu-countries.js";
import { ebayInventoryExporter } from "./index.js";
import type { EbayListing } from "./map.js";
import { gpsrMarketplaces } from "./options.js";

const options = {
  marketplaceId: "EBAY_IE",
  merchantLocationKey: "main-warehouse",
  fulfillmentPolicyId: "6196932000",
  paymentPolicyId: "6196933000",
  returnPolicyId: "6196934000",
  aspects: { Brand: "brand", Colour: "color", Material: "material" },
};

const peakline: EconomicOperator = {
  code: "peakline_gmbh",
  name: "Peakline Outdoor GmbH",
  address: { street: "Leopoldstraße 120", postalCode: "80802", city: "München", countryCode: "DE", region: "Bayern" },
  email: "safety@peakline.example.com",
  url: "https://peakline.example.com/contact",
};
const voltra: EconomicOperator = {
  code: "voltra_shenzhen",
  name: "Voltra Electronics (Shenzhen) Co., Ltd.",
  address: { street: "9 Keji South Road", postalCode: "518057", city: "Shenzhen", countryCode: "CN" },
  email: "compliance@voltra.example.com",
};
const eurep: EconomicOperator = {
  code: "eurep_gmbh",
  name: "EU Product Representative GmbH",
  address: { street: "Friedrichstraße 68", postalCode: "10117", city: "Berlin", countryCode: "DE" },
  email: "gpsr@eurep.example.com",
  phone: "+49 30 555 0199",
};

const attribute = (code: string, label: string, text: string, raw = text) => ({ code, label, text, raw, unit: null });

function mapOne(overrides: ChannelProductOverrides = {}, channelOptions: Record<string, unknown> = {}, currency = "EUR") {
  const context = mapContext("ebay-inventory", { currency, options: { ...options, ...channelOptions } });
  const product = channelProduct({
    channelCategory: "15687",
    economicOperators: { manufacturer: peakline, responsiblePerson: null },
    attributes: [attribute("brand", "Brand", "Baltica", "baltica"), attribute("material", "Material", "Linen, Cotton", "linen,cotton")],
    ...overrides,
  });
  const items = ebayInventoryExporter.map(product, context);
  expect(items).toHaveLength(1);
  const listing = items[0] as EbayListing;
  return { listing, errors: schemaErrors(ebayInventoryExporter, listing), warnings: context.warnings.map((w) => `${w.field}: ${w.reason}`) };
}

describe("ebay-inventory map()", () => {
  it("writes an inventory item and its offer from a sellable product, in the Inventory API's names", () => {
    const { listing, errors, warnings } = mapOne();
    expect(listing.inventoryItem).toEqual({
      sku: "SKU-1",
      locale: "en_US",
      product: {
        title: "Baltica Linen Shirt Regular Fit",
        description: "<p>A <strong>linen</strong> shirt for warm days.</p><ul><li>100% linen</li><li>Regular fit</li></ul>",
        aspects: { Brand: ["Baltica"], Material: ["Linen", "Cotton"] },
        brand: "Baltica",
        mpn: "BAL-LS-01",
        ean: ["4006381333931"],
        imageUrls: ["https://shop.example.com/media/front.jpg/main", "https://shop.example.com/media/back.jpg/main"],
      },
      condition: "NEW",
      availability: { shipToLocationAvailability: { quantity: 5 } },
    });
    expect(listing.offer).toEqual({
      sku: "SKU-1",
      marketplaceId: "EBAY_IE",
      format: "FIXED_PRICE",
      listingDuration: "GTC",
      availableQuantity: 5,
      categoryId: "15687",
      pricingSummary: { price: { value: "49.99", currency: "EUR" } },
      listingPolicies: { fulfillmentPolicyId: "6196932000", paymentPolicyId: "6196933000", returnPolicyId: "6196934000" },
      merchantLocationKey: "main-warehouse",
      regulatory: {
        manufacturer: {
          companyName: "Peakline Outdoor GmbH",
          addressLine1: "Leopoldstraße 120",
          city: "München",
          postalCode: "80802",
          stateOrProvince: "Bayern",
          country: "DE",
          email: "safety@peakline.example.com",
          contactUrl: "https://peakline.example.com/contact",
        },
      },
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("needs an EU responsible person beside a manufacturer outside the EU on an EU site, and takes one", () => {
    const alone = mapOne({ economicOperators: { manufacturer: voltra, responsiblePerson: null } });
    // The report names the missing field; ajv also lists the conditions that required it.
    expect(alone.errors).toEqual(["/offer/regulatory required responsiblePersons", "/offer/regulatory if", "/offer if"]);

    const represented = mapOne({ economicOperators: { manufacturer: voltra, responsiblePerson: eurep } });
    expect(represented.errors).toEqual([]);
    expect(represented.listing.offer.regulatory?.responsiblePersons).toEqual([
      {
        companyName: "EU Product Representative GmbH",
        addressLine1: "Friedrichstraße 68",
        city: "Berlin",
        postalCode: "10117",
        country: "DE",
        email: "gpsr@eurep.example.com",
        phone: "+49 30 555 0199",
        types: ["EU_RESPONSIBLE_PERSON"],
      },
    ]);

    const outside = mapOne({ economicOperators: { manufacturer: voltra, responsiblePerson: { ...eurep, address: { ...eurep.address, countryCode: "CH" } } } });
    expect(outside.errors).toEqual(["/offer/regulatory/responsiblePersons/0/country enum"]);
  });

  it("refuses an offer on an EU site without a manufacturer, and lists it where GPSR does not apply", () => {
    const none = { economicOperators: { manufacturer: null, responsiblePerson: null } };
    expect(mapOne(none).errors).toEqual(["/offer required regulatory", "/offer if"]);
    const us = mapOne(none, { marketplaceId: "EBAY_US" }, "USD");
    expect(us.errors).toEqual([]);
    expect(us.listing.offer.regulatory).toBeUndefined();
    // Outside the EU a manufacturer from anywhere needs no responsible person.
    expect(mapOne({ economicOperators: { manufacturer: voltra, responsiblePerson: null } }, { marketplaceId: "EBAY_US" }, "USD").errors).toEqual([]);
  });

  it("strikes the regular price through beside a sale where the site offers it, and sells at the sale price alone elsewhere", () => {
    const sale = { fields: { salePrice: money("39.99") } };
    const germany = mapOne(sale, { marketplaceId: "EBAY_DE" });
    expect(germany.listing.offer.pricingSummary).toEqual({
      price: { value: "39.99", currency: "EUR" },
      originalRetailPrice: { value: "49.99", currency: "EUR" },
      originallySoldForRetailPriceOn: "OFF_EBAY",
    });
    expect(germany.errors).toEqual([]);
    expect(ebayInventoryExporter.customerView(germany.listing)).toMatchObject({ price: money("49.99"), salePrice: money("39.99") });

    const ireland = mapOne(sale);
    expect(ireland.listing.offer.pricingSummary).toEqual({ price: { value: "39.99", currency: "EUR" } });
    expect(ireland.warnings).toEqual([
      "salePrice: EBAY_IE has no strikethrough pricing: the offer sells at the sale price 39.99 EUR without the regular price",
    ]);
  });

  it("cuts texts to eBay's limits with warnings, and leaves out an identifier or address line it cannot take whole", () => {
    const longTitle = `Baltica ${"Linen ".repeat(20)}Shirt`;
    const images = Array.from({ length: 30 }, (_, i) => `https://shop.example.com/media/${i}.jpg/ebay`);
    const { listing, errors, warnings } = mapOne({
      fields: { title: longTitle, description: `<p>${"word ".repeat(1000)}</p>`, images, mpn: "M".repeat(70) },
      attributes: [attribute("color", "Color", `Navy ${"blue ".repeat(15)}`.trim())],
      economicOperators: { manufacturer: { ...peakline, address: { ...peakline.address, postalCode: "D-80802 MUC" } }, responsiblePerson: null },
    });
    expect(errors).toEqual([]);
    expect(listing.inventoryItem.product.title?.length).toBeLessThanOrEqual(80);
    expect(listing.inventoryItem.product.description?.length).toBeLessThanOrEqual(4000);
    expect(listing.inventoryItem.product.imageUrls).toHaveLength(24);
    expect(listing.inventoryItem.product.mpn).toBeUndefined();
    expect(listing.inventoryItem.product.aspects?.Colour?.[0]?.length).toBeLessThanOrEqual(50);
    expect(listing.offer.regulatory?.manufacturer?.postalCode).toBeUndefined();
    expect(warnings).toEqual([
      expect.stringMatching(/^description: shortened from \d+ to \d+ characters as plain text at a word boundary \(limit 4000\)$/),
      expect.stringMatching(/^title: shortened from 133 to \d+ characters at a word boundary \(limit 80\)$/),
      expect.stringMatching(/^aspects\.Colour: shortened from 79 to \d+ characters/),
      "mpn: left out: 70 characters, the channel takes at most 65",
      "imageUrls: 30 images; eBay takes the first 24",
      "regulatory.manufacturer.postalCode: left out: 11 characters, the channel takes at most 9",
    ]);
  });

  it("adds the safety information to the listing description under its attribute's label", () => {
    const safety = "Keep away from fire.\nRemove all tags before use & wash.";
    const { listing, errors } = mapOne({
      fields: { safetyInformation: fieldValue(safety, "safety_information") },
      attributes: [attribute("safety_information", "Safety information", safety)],
    });
    expect(errors).toEqual([]);
    expect(listing.offer.listingDescription).toBe(
      `${listing.inventoryItem.product.description}<p><strong>Safety information</strong></p><p>Keep away from fire.<br>Remove all tags before use &amp; wash.</p>`,
    );
    expect(listing.offer.regulatory?.productSafety).toBeUndefined();
    expect(ebayInventoryExporter.customerView(listing)?.description).toBe("A linen shirt for warm days.\n100% linen\nRegular fit");
  });

  it("fills eBay's product safety section from the statement and pictogram attributes the channel names, with the text cut to 120", () => {
    const safety = `Charge only with certified chargers. ${"Keep away from water and heat. ".repeat(5)}`.trim();
    const statements = Array.from({ length: 10 }, (_, i) => String(i + 1));
    const { listing, errors, warnings } = mapOne(
      {
        fields: { safetyInformation: safety },
        attributes: [
          attribute("gpsr_statements", "Safety statements", statements.join(", "), statements.join(",")),
          attribute("gpsr_pictograms", "Pictograms", "P1", "1"),
        ],
      },
      { safetyStatementsAttribute: "gpsr_statements", safetyPictogramsAttribute: "gpsr_pictograms" },
    );
    expect(errors).toEqual([]);
    expect(listing.offer.regulatory?.productSafety).toEqual({
      statements: statements.slice(0, 8),
      pictograms: ["1"],
      component: expect.stringMatching(/^Charge only with certified chargers\. Keep away/),
    });
    expect(listing.offer.regulatory?.productSafety?.component?.length).toBeLessThanOrEqual(120);
    expect(warnings).toEqual([
      "regulatory.productSafety.statements: 10 statements; eBay takes the first 8",
      expect.stringMatching(/^regulatory\.productSafety\.component: shortened from 191 to \d+ characters/),
    ]);
  });

  it("lists no units of a product it cannot sell now, saying why for a state eBay does not have", () => {
    const backorder = mapOne({ fields: { availability: "backorder" }, offer: { sellableQuantity: 0 } });
    expect(backorder.listing.inventoryItem.availability.shipToLocationAvailability.quantity).toBe(0);
    expect(backorder.listing.offer.availableQuantity).toBe(0);
    expect(backorder.warnings).toEqual(["availability: eBay has no backorder state; the offer lists no units until the product is in stock"]);
    const ruledOut = mapOne({ fields: { availability: "out_of_stock" } });
    expect(ruledOut.listing.offer.availableQuantity).toBe(0);
    expect(ruledOut.warnings).toEqual([]);
    expect(ebayInventoryExporter.customerView(ruledOut.listing)?.availability).toBe("out_of_stock");
  });

  it("is turned away by its schema without a category, a price or an image, naming the field", () => {
    expect(mapOne({ channelCategory: null }).errors).toEqual(["/offer required categoryId"]);
    expect(mapOne({ fields: { price: null } }).errors).toEqual(["/offer required pricingSummary"]);
    expect(mapOne({ fields: { images: null } }).errors).toEqual(["/inventoryItem/product required imageUrls"]);
  });

  it("refuses to price a site in another currency than its own", () => {
    expect(() => mapOne({}, { marketplaceId: "EBAY_PL" })).toThrow("EBAY_PL sells in PLN, and channel test_channel exports EUR");
  });

  it("checks GPSR against the same EU member states in its item schema as the code does", () => {
    const schema = JSON.parse(readFileSync(new URL("../../schema/channels/ebay-inventory.item.schema.json", import.meta.url), "utf8"));
    const members: string[] = schema.definitions.euCountry.enum;
    expect(members).toHaveLength(27);
    expect(members.filter((code) => !isEuCountry(code))).toEqual([]);
    expect(schema.definitions.offer.if.properties.marketplaceId.enum).toEqual(gpsrMarketplaces);
  });
});
