import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Attribute, Family, Promotion } from "../../src/catalog/definitions.js";
import { toRawValues } from "../../src/catalog/values/raw-values.js";
import type { ChannelExportSettings } from "../../src/feeds/channel-export-settings.js";
import type { FieldValue } from "../../src/feeds/channel-product.js";
import { catalogOffer, compareField, sameValue, sourceAttributes, sourceValue, type FieldEvidence } from "../../src/feeds/consistency.js";
import type { SourceProduct } from "../../src/catalog/read/source-products.js";
import { offerOf } from "../../src/offers/offer.js";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { demoFeedChannels } from "../helpers/demo-feeds.js";

const fromName = (value: string, more: Partial<FieldValue> = {}): FieldValue => ({
  value,
  origin: { source: "attribute", attribute: "name", locale: "en_US", channel: null },
  changes: [],
  ...more,
});

function evidence(overrides: Partial<FieldEvidence>): FieldEvidence {
  return {
    field: "title",
    channelValue: null,
    sourceValue: null,
    sourceAttribute: "name",
    provenance: undefined,
    locale: "en_US",
    currency: "USD",
    ...overrides,
  };
}

describe("what counts as the same value", () => {
  it("ignores markup, spacing, trailing zeros and a media URL's base, and nothing else", () => {
    expect(sameValue("description", "<p>Soft <strong>cotton</strong> &amp; linen</p>", "Soft cotton\n & linen")).toBe(true);
    expect(sameValue("description", "Soft cotton", "Soft linen")).toBe(false);
    expect(sameValue("title", "Mug", "mug")).toBe(false);
    expect(sameValue("price", { amount: "15.00", currency: "USD" }, { amount: "15", currency: "USD" })).toBe(true);
    expect(sameValue("price", { amount: "15.00", currency: "USD" }, { amount: "15.00", currency: "EUR" })).toBe(false);
    expect(sameValue("price", { amount: "15.00", currency: "USD" }, { amount: "15.01", currency: "USD" })).toBe(false);
    expect(sameValue("image", "https://cdn.example.com/media/large/mug%20white.jpg", "mug white.jpg")).toBe(true);
    expect(sameValue("image", "https://cdn.example.com/media/mug-black.jpg", "mug-white.jpg")).toBe(false);
    expect(sameValue("title", null, "Mug")).toBe(false);
  });
});

describe("explaining a difference from provenance", () => {
  it("does not report formatting as a difference", () => {
    const result = compareField(
      evidence({ field: "description", channelValue: "Soft cotton", sourceValue: "<p>Soft cotton</p>", sourceAttribute: "description" }),
    );
    expect(result).toMatchObject({ differs: false, unexplained: false, explanations: [] });
  });

  it("explains a channel-scoped value and a locale fallback of the product's own attribute", () => {
    const scoped = compareField(
      evidence({
        channelValue: "Mug for Google",
        sourceValue: "Mug",
        provenance: fromName("Mug for Google", { origin: { source: "attribute", attribute: "name", locale: "en_US", channel: "google_shopping" } }),
      }),
    );
    expect(scoped).toMatchObject({ differs: true, unexplained: false, note: null });
    expect(scoped.explanations.map((e) => e.kind)).toEqual(["channel-value"]);

    const fallback = compareField(
      evidence({
        locale: "pl_PL",
        channelValue: "Mug",
        sourceValue: null,
        provenance: fromName("Mug", { origin: { source: "attribute", attribute: "name", locale: "en_US", channel: null } }),
      }),
    );
    expect(fallback.unexplained).toBe(false);
    expect(fallback.explanations.map((e) => e.kind)).toEqual(["locale-fallback"]);
  });

  it("explains mapping defaults, static values, rules with their names, and channel limits", () => {
    const byDefault = compareField(
      evidence({
        field: "availability",
        channelValue: "in_stock",
        sourceAttribute: null,
        provenance: { value: "in_stock", origin: { source: "default" }, changes: [] },
      }),
    );
    expect(byDefault.explanations.map((e) => e.kind)).toEqual(["mapping-default"]);
    const byStatic = compareField(
      evidence({
        field: "availability",
        channelValue: "preorder",
        sourceValue: "in_stock",
        sourceAttribute: "stock",
        provenance: { value: "preorder", origin: { source: "static" }, changes: [] },
      }),
    );
    expect(byStatic.explanations.map((e) => e.kind)).toEqual(["static-value"]);

    const byRule = compareField(
      evidence({
        channelValue: "Tee, Navy",
        sourceValue: "Tee",
        provenance: fromName("Tee, Navy", { changes: [{ by: "rule", rule: "Colour in titles", action: "append" }] }),
      }),
    );
    expect(byRule).toMatchObject({ unexplained: false, explanations: [{ kind: "rule", rule: "Colour in titles" }] });

    const shortened = compareField(
      evidence({
        channelValue: "A very long",
        sourceValue: "A very long title",
        provenance: fromName("A very long title", {
          changes: [{ by: "channel-limit", reason: "shortened from 17 to 11 characters at a word boundary (limit 12)" }],
        }),
      }),
    );
    expect(shortened.unexplained).toBe(false);
    expect(shortened.explanations).toEqual([{ kind: "channel-limit", detail: "shortened from 17 to 11 characters at a word boundary (limit 12)" }]);
  });

  it("takes a rule for the explanation of a price only within the channel's band: a rule setting every price to 0.01 is flagged", () => {
    const priced = (amount: string, band?: number) =>
      compareField(
        evidence({
          field: "price",
          channelValue: { amount, currency: "USD" },
          sourceValue: { amount: "19.99", currency: "USD" },
          sourceAttribute: null,
          provenance: {
            value: { amount, currency: "USD" },
            origin: { source: "derived", from: "price list" },
            changes: [{ by: "rule", rule: "Penny sale", action: "set" }],
          },
          ...(band === undefined ? {} : { ruleBandPercent: band }),
        }),
      );
    expect(priced("17.99")).toMatchObject({ differs: true, unexplained: false });
    const penny = priced("0.01");
    expect(penny.unexplained).toBe(true);
    expect(penny.note).toBe("rule \"Penny sale\" moves the price down by 99.9 % of the catalog's 19.99 USD, beyond the channel's ±50 % band");
    expect(priced("17.99", 5).unexplained).toBe(true);
  });

  it("explains a price the channel cannot show in its own currency, and a value map", () => {
    const noUsdPrice = compareField(
      evidence({ field: "price", channelValue: null, sourceValue: { amount: "89.99", currency: "PLN" }, sourceAttribute: "price" }),
    );
    expect(noUsdPrice).toMatchObject({ differs: true, unexplained: false });
    expect(noUsdPrice.explanations.map((e) => e.kind)).toEqual(["currency"]);

    const mapped = compareField(
      evidence({
        field: "availability",
        channelValue: "in_stock",
        sourceValue: "available",
        sourceAttribute: "stock",
        provenance: { value: "in_stock", origin: { source: "attribute", attribute: "stock", locale: null, channel: null }, changes: [] },
        valueMap: { available: "in_stock" },
      }),
    );
    expect(mapped.explanations.map((e) => e.kind)).toEqual(["value-map"]);
  });

  it("flags a value read from another attribute, even when a rule changed it too", () => {
    const result = compareField(
      evidence({
        channelValue: "Everyday tee, Navy",
        sourceValue: "Essential Tee",
        provenance: {
          value: "Everyday tee, Navy",
          origin: { source: "attribute", attribute: "short_description", locale: "en_US", channel: "google_shopping" },
          changes: [{ by: "rule", rule: "Colour in titles", action: "append" }],
        },
      }),
    );
    expect(result.unexplained).toBe(true);
    expect(result.note).toMatch(/reads attribute short_description.*own title is name/);
    expect(result.explanations.map((e) => e.kind)).toEqual(["rule"]);
  });

  it("compares values, not mappings: another attribute with the same value is no difference, and a set rule explains one", () => {
    const sameText = compareField(
      evidence({
        channelValue: "Essential Tee",
        sourceValue: "Essential Tee",
        provenance: { value: "Essential Tee", origin: { source: "attribute", attribute: "marketing_name", locale: "en_US", channel: null }, changes: [] },
      }),
    );
    expect(sameText).toMatchObject({ differs: false, unexplained: false });
    const replaced = compareField(
      evidence({
        channelValue: "Tee by Nordvik",
        sourceValue: "Essential Tee",
        provenance: {
          value: "Tee by Nordvik",
          origin: { source: "attribute", attribute: "marketing_name", locale: "en_US", channel: null },
          changes: [{ by: "rule", rule: "Brand first", action: "set" }],
        },
      }),
    );
    expect(replaced).toMatchObject({ unexplained: false, explanations: [{ kind: "rule", rule: "Brand first" }] });
  });

  it("flags what the exporter changed, made or dropped without a record", () => {
    const changed = compareField(evidence({ channelValue: "Tee!", sourceValue: "Tee", provenance: fromName("Tee") }));
    expect(changed).toMatchObject({ unexplained: true, note: "nothing recorded on the way to the channel changes this value" });
    const made = compareField(evidence({ field: "description", channelValue: "Short text", sourceValue: null, sourceAttribute: "description" }));
    expect(made.unexplained).toBe(true);
    expect(made.note).toMatch(/exporter filled description/);
    const salePrice = (changes: FieldValue["changes"]): Partial<FieldEvidence> => ({
      field: "salePrice",
      channelValue: null,
      sourceValue: { amount: "30.00", currency: "USD" },
      sourceAttribute: "sale_price",
      provenance: {
        value: { amount: "30.00", currency: "USD" },
        origin: { source: "attribute", attribute: "sale_price", locale: null, channel: null },
        changes,
      },
    });
    const dropped = compareField(evidence(salePrice([])));
    expect(dropped.unexplained).toBe(true);
    expect(dropped.note).toMatch(/exporter left it out/);
    const droppedWithReason = compareField(evidence(salePrice([{ by: "channel-limit", reason: "not lower than the price" }])));
    expect(droppedWithReason).toMatchObject({ unexplained: false, explanations: [{ kind: "channel-limit", detail: "not lower than the price" }] });
    const unmapped = compareField(evidence({ field: "description", channelValue: null, sourceValue: "Soft cotton", sourceAttribute: "description" }));
    expect(unmapped).toMatchObject({ unexplained: true, note: "the channel has no description for this product" });
  });
});

describe("the product's own values", () => {
  const family: Family = { code: "clothing", labels: {}, attributes: [], labelAttribute: "name", imageAttribute: "images", requirements: {} };
  const settings = (fields: ChannelExportSettings["fields"]): ChannelExportSettings => ({
    exporter: "google-merchant",
    locale: "en_US",
    currency: "USD",
    productUrl: "https://x.example/{sku}",
    mediaBaseUrl: "https://x.example/",
    fields,
  });

  it("takes the attribute most channels read, not each channel's own, with the family's attributes as defaults and tie-breakers", () => {
    const chosen = sourceAttributes(
      [
        settings({ title: { attribute: "short_description" }, brand: { attribute: "brand" } }),
        settings({ brand: { attribute: "brand" } }),
        settings({ title: { attribute: "name" }, brand: { attribute: "maker" } }),
      ],
      family,
    );
    // Price, sale price and availability come from the product's offer, never from an attribute.
    expect(chosen).toEqual({ title: "name", description: null, price: null, salePrice: null, availability: null, image: "images" });
    const tie = sourceAttributes([settings({ title: { attribute: "b_title" } }), settings({ title: { attribute: "a_title" } })], family);
    expect(tie.title).toBe("a_title");
    expect(sourceAttributes([settings({ title: { attribute: "z_title" } }), settings({})], family).title).toBe("name");
  });

  it("takes price and availability from the offer, counting only promotions for every channel", () => {
    const promotion = (code: string, percent: string, channels: string[]): Promotion => ({
      code,
      name: code,
      discount: { type: "percent", percent },
      target: { skus: ["X"], categories: [], families: [] },
      startsAt: "2026-01-01T00:00:00+01:00",
      endsAt: "2027-01-01T00:00:00+01:00",
      channels,
      enabled: true,
    });
    const definitions = {
      promotions: new Map([
        ["all", promotion("all", "10", [])],
        ["yandex_only", promotion("yandex_only", "50", ["yandex_market"])],
      ]),
      stockLocations: new Map([["main", { code: "main", labels: {}, type: "warehouse" as const, sellable: true }]]),
    };
    const source = (stock: Record<string, number>): SourceProduct => ({
      sku: "X",
      family: null,
      enabled: true,
      updatedAt: new Date(0),
      categories: [],
      ancestry: [],
      values: {},
      offer: { ...offerOf(null), prices: { USD: "20", EUR: "18.5" }, stock },
    });
    const at = new Date("2026-06-01T00:00:00Z");
    expect(catalogOffer(source({ main: 3 }), definitions, () => [], "USD", at)).toEqual({
      price: { amount: "20.00", currency: "USD" },
      salePrice: { amount: "18.00", currency: "USD" },
      availability: "in_stock",
    });
    expect(catalogOffer(source({}), definitions, () => [], "PLN", at)).toEqual({
      price: { amount: "18.50", currency: "EUR" },
      salePrice: { amount: "16.65", currency: "EUR" },
      availability: "out_of_stock",
    });
    expect(catalogOffer(source({ main: 1 }), definitions, () => [], "USD", new Date("2027-06-01T00:00:00Z")).salePrice).toBeNull();
  });

  it("is the master copy: the exact locale, no channel scope, the channel's currency when the product has it", () => {
    const attribute = (code: string, type: Attribute["type"], localizable = false, scopable = false): Attribute => ({
      code,
      type,
      group: "g",
      labels: {},
      sortOrder: 0,
      localizable,
      scopable,
      unique: false,
      constraints: {},
      options: [],
    });
    const source: SourceProduct = {
      sku: "X",
      family: "clothing",
      enabled: true,
      updatedAt: new Date(0),
      categories: [],
      ancestry: [],
      offer: offerOf(null),
      values: toRawValues({
        name: [{ locale: "en_US", channel: null, data: "Tee" }],
        description: [{ locale: "en_US", channel: "google_shopping", data: "<p>Only for Google</p>" }],
        images: [{ locale: null, channel: null, data: ["front.jpg", "back.jpg"] }],
      }),
    };
    expect(sourceValue("title", attribute("name", "text", true), source, "en_US", "USD")).toBe("Tee");
    expect(sourceValue("title", attribute("name", "text", true), source, "pl_PL", "USD")).toBeNull();
    expect(sourceValue("description", attribute("description", "textarea", true, true), source, "en_US", "USD")).toBeNull();
    expect(sourceValue("image", attribute("images", "media"), source, "en_US", "USD")).toBe("front.jpg");
    expect(sourceValue("image", undefined, source, "en_US", "USD")).toBeNull();
  });
});

interface FieldResult {
  field: string;
  channelValue: unknown;
  sourceValue: unknown;
  sourceAttribute: string | null;
  differs: boolean;
  unexplained: boolean;
  note: string | null;
  explanations: Array<{ kind: string; detail: string; rule: string | null }>;
}
interface ChannelResult {
  channel: string;
  status: string;
  excludedBy: string | null;
  problems: Array<{ field: string; reason: string }>;
  fields: FieldResult[];
}
interface Report {
  consistencyReport: { sku: string; found: boolean; unexplained: number; channels: ChannelResult[] };
}
interface ChannelInput {
  code: string;
  locales: string[];
  currencies: string[];
  categoryTree: string;
  export: ChannelExportSettings;
}
interface Scan {
  inconsistentProducts: { productsChecked: number; complete: boolean; products: Array<{ sku: string; differences: Array<FieldResult & { channel: string }> }> };
}

const reportQuery = `query($sku: String!) { consistencyReport(sku: $sku) { sku found unexplained channels {
  channel status excludedBy problems { field reason }
  fields { field channelValue sourceValue sourceAttribute differs unexplained note explanations { kind detail rule } } } } }`;
const channelQuery = `query($code: String!) { channel(code: $code) { code labels locales currencies categoryTree export } }`;
const saveChannel = `mutation($input: ChannelInput!) { saveChannel(input: $input) { code } }`;
const scanQuery = `query($first: Int) { inconsistentProducts(first: $first) { productsChecked complete products { sku differences { channel field channelValue sourceValue unexplained note } } } }`;

describe("consistency over GraphQL, on the demo catalog", () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService("feeds-consistency", { seedDemo: true });
  });
  afterAll(() => service?.stop());

  async function report(sku: string): Promise<Report["consistencyReport"]> {
    const response = await service.gql<Report>(reportQuery, { sku });
    expect(response.errors).toBeUndefined();
    return response.data.consistencyReport;
  }
  const channelOf = (r: Report["consistencyReport"], code: string) => {
    const found = r.channels.find((c) => c.channel === code);
    if (!found) throw new Error(`no channel ${code} in the report`);
    return found;
  };
  const fieldOf = (c: ChannelResult, name: string) => {
    const found = c.fields.find((f) => f.field === name);
    if (!found) throw new Error(`no ${name} for ${c.channel}`);
    return found;
  };

  it("shows a rule-changed title next to the source and names the rule", async () => {
    const google = channelOf(await report("NV-CREW-NAVY-S"), "google_shopping");
    expect(google.status).toBe("WRITTEN");
    const title = fieldOf(google, "TITLE");
    expect(title).toMatchObject({
      channelValue: "Nordvik Essential Crew Neck T-Shirt, Navy",
      sourceValue: "Nordvik Essential Crew Neck T-Shirt",
      sourceAttribute: "name",
      differs: true,
      unexplained: false,
    });
    expect(title.explanations).toEqual([{ kind: "RULE", detail: 'rule "Colour in variant titles" (append)', rule: "Colour in variant titles" }]);
    expect(fieldOf(google, "PRICE")).toMatchObject({ channelValue: { amount: "21.99", currency: "USD" }, differs: false });
    const image = fieldOf(google, "IMAGE");
    expect(image).toMatchObject({ differs: false, sourceValue: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(image.channelValue).toBe(`https://shop.example.com/media/${String(image.sourceValue)}/google`);
  });

  it("compares prices and availability with the catalog's own offer, and explains a promotion only one channel has", async () => {
    const speaker = await report("SON-PEBBLE-BLU");
    expect(fieldOf(channelOf(speaker, "google_shopping"), "SALE_PRICE")).toMatchObject({
      channelValue: { amount: "55.24", currency: "USD" },
      sourceValue: { amount: "55.24", currency: "USD" },
      differs: false,
    });
    expect(fieldOf(channelOf(speaker, "google_shopping"), "AVAILABILITY")).toMatchObject({ channelValue: "in_stock", sourceValue: "in_stock", differs: false });
    // Allegro has one price, so it shows the sale price as the price and says so.
    const allegroSale = fieldOf(channelOf(speaker, "allegro"), "SALE_PRICE");
    expect(allegroSale).toMatchObject({ channelValue: null, sourceValue: { amount: "220.99", currency: "PLN" }, differs: true, unexplained: false });
    expect(allegroSale.explanations.map((e) => e.kind)).toContain("CHANNEL_LIMIT");
    expect(speaker.channels.flatMap((c) => c.fields.filter((f) => f.unexplained).map((f) => `${c.channel}.${f.field}: ${f.note}`))).toEqual([]);

    const mug = await report("GLK-MUG-350-WHT");
    expect(fieldOf(channelOf(mug, "google_shopping"), "SALE_PRICE")).toMatchObject({ channelValue: null, sourceValue: null, differs: false });
    const yandex = fieldOf(channelOf(mug, "yandex_market"), "SALE_PRICE");
    expect(yandex).toMatchObject({ channelValue: { amount: "990.00", currency: "RUB" }, sourceValue: null, differs: true, unexplained: false });
    expect(yandex.explanations).toEqual([{ kind: "PROMOTION", detail: "promotion yandex_mug_300 applies only to channels yandex_market", rule: null }]);
    expect(mug.channels.flatMap((c) => c.fields.filter((f) => f.unexplained))).toEqual([]);
  });

  it("explains each channel's own description: a scopable attribute has no copy for no channel", async () => {
    const r = await report("VOL-X5-CASE-CLR");
    const google = fieldOf(channelOf(r, "google_shopping"), "DESCRIPTION");
    expect(google).toMatchObject({ sourceValue: null, sourceAttribute: "description", differs: true, unexplained: false });
    expect(google.channelValue).toMatch(/^Voltra X5 Clear Case\nA rigid polycarbonate back/);
    expect(google.explanations).toEqual([{ kind: "CHANNEL_VALUE", detail: "description has a value of its own for channel google_shopping", rule: null }]);

    const text = "Clear case, now also in frosted glass.";
    const set = await service.gql(
      `mutation($sku: String!, $data: JSON) { updateProduct(sku: $sku, changes: { setValues: [{ attribute: "description", locale: "en_US", channel: "google_shopping", data: $data }] }) { status } }`,
      { sku: "VOL-X5-CASE-CLR", data: `<p>${text}</p>` },
    );
    expect(set.errors).toBeUndefined();
    const changed = fieldOf(channelOf(await report("VOL-X5-CASE-CLR"), "google_shopping"), "DESCRIPTION");
    expect(changed).toMatchObject({ channelValue: text, unexplained: false, explanations: [{ kind: "CHANNEL_VALUE" }] });
  });

  it("explains a title the channel shortened by its warning, next to the rules that made it long", async () => {
    const { data } = await service.gql<{ channel: ChannelInput }>(channelQuery, { code: "google_shopping" });
    const original = data.channel;
    const rule = {
      name: "Espresso sets ship free",
      if: { all: [{ field: "title", operator: "contains", value: "Espresso" }] },
      then: [{ action: "append", field: "title", value: " with free shipping" }],
    };
    const saved = await service.gql(saveChannel, { input: { ...original, export: { ...original.export, rules: [...(original.export.rules ?? []), rule] } } });
    expect(saved.errors).toBeUndefined();
    const name = "Glinka Stoneware Espresso Cups with a hand-dipped reactive glaze and a matching saucer for every cup in the set of two in a gift box";
    const set = await service.gql(
      `mutation($name: JSON) { updateProduct(sku: "GLK-ESP-SET2-GRN", changes: { setValues: [{ attribute: "name", locale: "en_US", data: $name }] }) { status } }`,
      { name },
    );
    expect(set.errors).toBeUndefined();

    const title = fieldOf(channelOf(await report("GLK-ESP-SET2-GRN"), "google_shopping"), "TITLE");
    expect(title).toMatchObject({ channelValue: `${name}, Green with free`, sourceValue: name, differs: true, unexplained: false });
    expect(title.explanations.map((e) => e.rule ?? e.kind)).toEqual(["Colour in variant titles", "Espresso sets ship free", "CHANNEL_LIMIT"]);
    expect(title.explanations[2]?.detail).toBe(`shortened from ${name.length + 26} to ${name.length + 17} characters at a word boundary (limit 150)`);
    expect((await service.gql(saveChannel, { input: original })).errors).toBeUndefined();
  });

  it("shows a product a rule keeps off a channel, with the rule, and compares nothing there", async () => {
    const meta = channelOf(await report("VOL-X4-REF-128"), "meta_shops");
    expect(meta).toMatchObject({ status: "EXCLUDED", excludedBy: "No refurbished goods on social", fields: [] });
  });

  it("answers for an unknown SKU without failing", async () => {
    expect(await report("NO-SUCH-SKU")).toEqual({ sku: "NO-SUCH-SKU", found: false, unexplained: 0, channels: [] });
  });

  it("reports an exporter that fails as a problem of that channel, not an error of the query", async () => {
    const r = await report("NV-CREW-NAVY-S");
    expect(r.channels.map((c) => c.channel)).toEqual(demoFeedChannels);
    for (const channel of r.channels.filter((c) => c.status === "REJECTED")) {
      expect(channel.problems.length).toBeGreaterThan(0);
      expect(channel.fields).toEqual([]);
    }
  });

  it("flags a channel that reads its title from another attribute, and the catalog scan finds it", async () => {
    const unexplainedIn = (r: Report["consistencyReport"]) =>
      r.channels.flatMap((c) => c.fields.filter((f) => f.unexplained).map((f) => `${c.channel}.${f.field}`));
    const othersBefore = unexplainedIn(await report("NV-CREW-NAVY-S"));
    expect(othersBefore.filter((d) => d.startsWith("google_shopping."))).toEqual([]);
    const before = await service.gql<Scan>(scanQuery, { first: 200 });
    expect(before.errors).toBeUndefined();
    expect(before.data.inconsistentProducts.productsChecked).toBe(60);
    const googleBefore = before.data.inconsistentProducts.products.flatMap((p) => p.differences).filter((d) => d.channel === "google_shopping");
    expect(googleBefore).toEqual([]);

    const { data } = await service.gql<{ channel: ChannelInput }>(channelQuery, { code: "google_shopping" });
    const settings = data.channel.export;
    const remapped = { ...settings, fields: { ...settings.fields, title: { attribute: "short_description" } } };
    const saved = await service.gql(saveChannel, { input: { ...data.channel, export: remapped } });
    expect(saved.errors).toBeUndefined();

    const r = await report("NV-CREW-NAVY-S");
    const title = fieldOf(channelOf(r, "google_shopping"), "TITLE");
    expect(title.channelValue).toMatch(/^Everyday men's T-shirt in soft 180 g\/m² combed cotton.*, Navy$/);
    expect(title).toMatchObject({ sourceValue: "Nordvik Essential Crew Neck T-Shirt", sourceAttribute: "name", differs: true, unexplained: true });
    expect(title.note).toBe("the channel reads attribute short_description, and the product's own title is name");
    expect(title.explanations.map((e) => e.kind)).toEqual(["RULE"]);
    expect(unexplainedIn(r)).toEqual([...othersBefore, "google_shopping.TITLE"].sort());

    const after = await service.gql<Scan>(scanQuery, { first: 200 });
    const flagged = after.data.inconsistentProducts.products.filter((p) => p.differences.some((d) => d.channel === "google_shopping"));
    expect(flagged.map((p) => p.sku)).toContain("NV-CREW-NAVY-S");
    for (const product of flagged) {
      for (const difference of product.differences.filter((d) => d.channel === "google_shopping"))
        expect(difference).toMatchObject({ field: "TITLE", unexplained: true });
    }

    const bounded = await service.gql<Scan>(scanQuery, { first: 2 });
    expect(bounded.data.inconsistentProducts.products).toHaveLength(2);
    expect(bounded.data.inconsistentProducts.complete).toBe(false);
    expect(bounded.data.inconsistentProducts.productsChecked).toBeLessThan(60);
  });

  it("refuses a scan larger than its bound", async () => {
    const response = await service.gql(scanQuery, { first: 100_000 });
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});
