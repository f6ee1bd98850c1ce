import { describe, expect, it } from "vitest";
import type { AttributeText, VariantAxis } from "../../src/feeds/channel-product.js";
import {
  channelProduct,
  fieldValue,
  mapContext,
  money,
  schemaErrors,
  type ChannelProductOverrides,
  type MapContextOverrides,
} from "../../test/helpers/channel-product.js";
import { websiteExporter } from "./index.js";
import type { WebsiteItem } from "./map.js";

type Node = Record<string, unknown>;

/** A storefront whose colour and size fields come from the color and size attributes (schema.org's variant properties). */
function mapOne(overrides: ChannelProductOverrides = {}, contextOverrides: MapContextOverrides = {}) {
  const context = mapContext("website", { settings: { fields: { color: { attribute: "color" }, size: { attribute: "size" } } }, ...contextOverrides });
  const items = websiteExporter.map(channelProduct(overrides), context);
  expect(items).toHaveLength(1);
  const item = items[0] as WebsiteItem;
  return { item, jsonLd: item.jsonLd as Node, errors: schemaErrors(websiteExporter, item), warnings: context.warnings.map((w) => `${w.field}: ${w.reason}`) };
}

const axes: VariantAxis[] = [
  { attribute: "color", label: "Color", value: "Navy" },
  { attribute: "size", label: "Size", value: "S" },
];
const variant: ChannelProductOverrides = {
  sku: "NV-CREW-NAVY-S",
  itemGroupId: "tshirt_nordvik_crew",
  axes,
  fields: {
    title: "Nordvik Crew T-shirt",
    color: fieldValue("Navy", "color"),
    size: fieldValue("S", "size"),
    link: "https://shop.example.com/p/tshirt_nordvik_crew",
  },
};

describe("website map()", () => {
  it("writes a product document with its spec attributes and a schema.org Product whose offer matches the document", () => {
    const attributes: AttributeText[] = [
      { code: "brand", label: "Brand", text: "Baltica", raw: "Baltica", unit: null },
      { code: "material", label: "Material", text: "Linen", raw: "linen", unit: null },
      { code: "weight", label: "Weight", text: "0.25 kg", raw: "0.25", unit: "kg" },
    ];
    const { item, errors, warnings } = mapOne({ attributes, categoryPath: ["Apparel", "Shirts"], fields: { brand: fieldValue("Baltica", "brand") } });
    expect(item).toEqual({
      id: "SKU-1",
      sku: "SKU-1",
      url: "https://shop.example.com/p/SKU-1",
      title: "Baltica Linen Shirt Regular Fit",
      description: "<p>A <strong>linen</strong> shirt for warm days.</p><ul><li>100% linen</li><li>Regular fit</li></ul>",
      brand: "Baltica",
      gtin: "4006381333931",
      mpn: "BAL-LS-01",
      condition: "new",
      price: { amount: "49.99", currency: "EUR" },
      availability: "in_stock",
      images: ["https://shop.example.com/media/front.jpg/main", "https://shop.example.com/media/back.jpg/main"],
      category: ["Apparel", "Shirts"],
      // The brand shows on its own, so it is not repeated in the specification list.
      attributes: [
        { code: "material", label: "Material", value: "Linen", unit: null },
        { code: "weight", label: "Weight", value: "0.25", unit: "kg" },
      ],
      variantAxes: [],
      jsonLd: {
        "@context": "https://schema.org",
        "@type": "Product",
        sku: "SKU-1",
        name: "Baltica Linen Shirt Regular Fit",
        description: "A linen shirt for warm days.\n100% linen\nRegular fit",
        image: ["https://shop.example.com/media/front.jpg/main", "https://shop.example.com/media/back.jpg/main"],
        brand: { "@type": "Brand", name: "Baltica" },
        gtin13: "4006381333931",
        mpn: "BAL-LS-01",
        category: "Apparel > Shirts",
        offers: {
          "@type": "Offer",
          url: "https://shop.example.com/p/SKU-1",
          price: 49.99,
          priceCurrency: "EUR",
          availability: "https://schema.org/InStock",
          itemCondition: "https://schema.org/NewCondition",
        },
      },
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("prices a sale in JSON-LD at the sale price, the list price struck through, valid until the sale's last day", () => {
    const { item, jsonLd, errors } = mapOne({
      fields: { salePrice: money("39.99"), condition: "refurbished" },
      offer: { saleWindow: { startsAt: "2026-11-01T00:00:00+01:00", endsAt: "2026-12-01T00:00:00+01:00" } },
    });
    expect(item.salePrice).toEqual({ amount: "39.99", currency: "EUR" });
    expect(item.saleWindow).toEqual({ startsAt: "2026-11-01T00:00:00+01:00", endsAt: "2026-12-01T00:00:00+01:00" });
    expect(jsonLd.offers).toEqual({
      "@type": "Offer",
      url: "https://shop.example.com/p/SKU-1",
      price: 39.99,
      priceCurrency: "EUR",
      // The promotion ends at midnight, so the 1st of December is no longer a sale day.
      priceValidUntil: "2026-11-30",
      priceSpecification: { "@type": "UnitPriceSpecification", priceType: "https://schema.org/StrikethroughPrice", price: 49.99, priceCurrency: "EUR" },
      availability: "https://schema.org/InStock",
      itemCondition: "https://schema.org/RefurbishedCondition",
    });
    expect(errors).toEqual([]);

    const notLower = mapOne({
      fields: { salePrice: money("49.99") },
      offer: { saleWindow: { startsAt: "2026-11-01T00:00:00Z", endsAt: "2026-12-01T00:00:00Z" } },
    });
    expect(notLower.item).not.toHaveProperty("salePrice");
    expect(notLower.item).not.toHaveProperty("saleWindow");
    expect(notLower.jsonLd.offers).not.toHaveProperty("priceValidUntil");
    expect(notLower.errors).toEqual([]);
  });

  it("gives availability in the PIM's words and schema.org's, dated for backorders, and rejects an undated preorder", () => {
    const backorder = mapOne({ fields: { availability: "backorder", availabilityDate: "2026-12-01T00:00:00Z" }, offer: { sellableQuantity: 0 } });
    expect(backorder.item).toMatchObject({ availability: "backorder", availabilityDate: "2026-12-01T00:00:00Z" });
    expect(backorder.jsonLd.offers).toMatchObject({ availability: "https://schema.org/BackOrder", availabilityStarts: "2026-12-01T00:00:00Z" });
    expect(backorder.errors).toEqual([]);

    const discontinued = mapOne({ fields: { availability: "discontinued" }, offer: { sellableQuantity: 0 } });
    expect(discontinued.item.availability).toBe("discontinued");
    expect(discontinued.item).not.toHaveProperty("availabilityDate");
    expect(discontinued.jsonLd.offers).toMatchObject({ availability: "https://schema.org/Discontinued" });
    expect(discontinued.errors).toEqual([]);

    expect(mapOne({ fields: { availability: "preorder" }, offer: { sellableQuantity: 0 } }).errors).toContain("/ required availabilityDate");
  });

  it("gives a variant its group's page with the variant preselected and a ProductGroup of every sibling", () => {
    const group = {
      code: "tshirt_nordvik_crew",
      title: "Nordvik Crew T-shirt",
      variesBy: ["color", "size"],
      variants: [
        { sku: "NV-CREW-NAVY-M", axes: [axes[0] as VariantAxis, { attribute: "size", label: "Size", value: "M" }] },
        { sku: "NV-CREW-NAVY-S", axes },
      ],
    };
    const { item, jsonLd, errors } = mapOne({ ...variant, group });
    expect(item).toMatchObject({
      groupId: "tshirt_nordvik_crew",
      url: "https://shop.example.com/p/tshirt_nordvik_crew?variant=NV-CREW-NAVY-S",
      variantAxes: [
        { code: "color", label: "Color", value: "Navy" },
        { code: "size", label: "Size", value: "S" },
      ],
    });
    expect(jsonLd).toMatchObject({
      "@type": "ProductGroup",
      productGroupID: "tshirt_nordvik_crew",
      name: "Nordvik Crew T-shirt",
      brand: { "@type": "Brand", name: "Baltica" },
      variesBy: ["https://schema.org/color", "https://schema.org/size"],
    });
    const [self, ...siblings] = jsonLd.hasVariant as Node[];
    expect(self).toMatchObject({
      "@type": "Product",
      sku: "NV-CREW-NAVY-S",
      name: "Nordvik Crew T-shirt – Navy, S",
      color: "Navy",
      size: "S",
      offers: { url: item.url, price: 49.99 },
    });
    expect(self).not.toHaveProperty("brand");
    expect(siblings).toEqual([{ url: "https://shop.example.com/p/tshirt_nordvik_crew?variant=NV-CREW-NAVY-M" }]);
    expect(errors).toEqual([]);

    const custom = mapOne({ ...variant, group }, { options: { variantParameter: "v" } });
    expect(custom.item.url).toBe("https://shop.example.com/p/tshirt_nordvik_crew?v=NV-CREW-NAVY-S");
  });

  it("without the group loaded, names the variant's group and lists an axis schema.org has no property for", () => {
    const capacity = { attribute: "capacity", label: "Capacity", value: "128 GB" };
    const { item, jsonLd, errors } = mapOne({ ...variant, axes: [...axes, capacity] });
    expect(jsonLd).toMatchObject({
      "@type": "Product",
      inProductGroupWithID: "tshirt_nordvik_crew",
      name: "Nordvik Crew T-shirt – Navy, S, 128 GB",
      color: "Navy",
      size: "S",
      additionalProperty: [{ "@type": "PropertyValue", name: "Capacity", value: "128 GB" }],
      offers: { url: "https://shop.example.com/p/tshirt_nordvik_crew?variant=NV-CREW-NAVY-S" },
    });
    expect(item.title).toBe("Nordvik Crew T-shirt");
    expect(errors).toEqual([]);
  });

  it("keeps the description's allowed tags without attributes, and fits title and short description as plain text", () => {
    const { item, jsonLd, errors, warnings } = mapOne({
      fields: {
        title: `<h1>Linen &amp; cotton</h1> ${"shirt ".repeat(30)}`,
        shortDescription: `<p>${"Airy ".repeat(70)}</p>`,
        description:
          '<p class="lead" onclick="x()">Soft <a href="https://evil.example">linen</a><script>alert(1)</script></p><table><tr><td>Cell</td></tr></table><h2 style="color:red">Care</h2>',
      },
    });
    expect(item.title).toBe(`Linen & cotton\n${"shirt ".repeat(22).trim()}`);
    expect(item.shortDescription).toBe("Airy ".repeat(60).trim());
    expect(item.description).toBe("<p>Soft linen</p>Cell<h2>Care</h2>");
    expect(jsonLd.description).toBe("Soft linen\nCell\nCare");
    expect(warnings).toEqual([
      "title: shortened from 194 to 146 characters at a word boundary (limit 150)",
      "shortDescription: shortened from 349 to 299 characters at a word boundary (limit 300)",
    ]);
    expect(errors).toEqual([]);
  });

  it("is rejected without a price (no offer, no JSON-LD) or without an image, naming what is missing", () => {
    const unpriced = mapOne({ fields: { price: null } });
    expect(unpriced.item).not.toHaveProperty("jsonLd");
    expect(unpriced.errors).toEqual(["/ required price", "/ required jsonLd"]);

    const noImage = mapOne({ fields: { images: null } });
    expect(noImage.item.images).toEqual([]);
    expect(noImage.errors).toContain("/images minItems");
    expect(noImage.errors).toContain("/jsonLd required image");
  });
});
