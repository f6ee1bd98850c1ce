import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelExportSettings, Rule } from "../../src/feeds/channel-export-settings.js";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { demoFeedChannels } from "../helpers/demo-feeds.js";

interface Rendering {
  sku: string;
  channel: string;
  exporter: string;
  status: string;
  excludedBy: string | null;
  items: Array<Record<string, unknown>>;
  rejectedItems: Array<Record<string, unknown>>;
  fields: Array<{
    field: string;
    value: unknown;
    origin: { source: string; attribute: string | null; locale: string | null; channel: string | null; from: string | null };
    changes: Array<{ by: string; rule: string | null; action: string | null; reason: string | null }>;
  }>;
  problems: Array<{ itemId: string; severity: string; field: string; reason: string }>;
}
interface ChannelData {
  code: string;
  labels: Record<string, string>;
  locales: string[];
  currencies: string[];
  categoryTree: string;
  export: ChannelExportSettings | null;
}

const renderQuery = `query($sku: String!, $channel: String!) { renderProduct(sku: $sku, channel: $channel) {
  sku channel exporter status excludedBy items rejectedItems
  fields { field value origin { source attribute locale channel from } changes { by rule action reason } }
  problems { itemId severity field reason } } }`;
const channelQuery = `query($code: String!) { channel(code: $code) { code labels locales currencies categoryTree export } }`;
const saveChannel = `mutation($input: ChannelInput!) { saveChannel(input: $input) { code export } }`;

let service: TestService;
beforeAll(async () => {
  service = await startTestService("feeds-render-product", { seedDemo: true });
});
afterAll(() => service?.stop());

async function render(sku: string, channel: string): Promise<Rendering> {
  const response = await service.gql<{ renderProduct: Rendering }>(renderQuery, { sku, channel });
  expect(response.errors).toBeUndefined();
  return response.data.renderProduct;
}

async function channel(code: string): Promise<ChannelData> {
  const response = await service.gql<{ channel: ChannelData }>(channelQuery, { code });
  expect(response.errors).toBeUndefined();
  return response.data.channel;
}

async function setProductValues(sku: string, changes: Record<string, unknown>): Promise<void> {
  const response = await service.gql(`mutation($sku: String!, $changes: ProductChangesInput!) { updateProduct(sku: $sku, changes: $changes) { status } }`, {
    sku,
    changes,
  });
  expect(response.errors).toBeUndefined();
}

/** The item as the channel's real feed carries it, fetched the way Google would pull it. */
async function feedItem(channelCode: string, id: string): Promise<Record<string, string | string[]>> {
  const rotated = await service.gql<{ rotateFeedToken: { token: string } }>(`mutation($c: String!) { rotateFeedToken(channel: $c) { token } }`, {
    c: channelCode,
  });
  const regenerated = await service.gql(`mutation($c: String!) { regenerateFeed(channel: $c) { itemsWritten } }`, { c: channelCode });
  expect(regenerated.errors).toBeUndefined();
  const response = await service.request(`/feeds/${channelCode}?token=${rotated.data.rotateFeedToken.token}`);
  expect(response.status).toBe(200);
  const parsed = new XMLParser({ parseTagValue: false, isArray: (name) => name === "item" || name === "g:additional_image_link" }).parse(await response.text());
  const item = (parsed.rss.channel.item as Array<Record<string, string | string[]>>).find((i) => i["g:id"] === id);
  if (!item) throw new Error(`${id} is not in the ${channelCode} feed`);
  return item;
}

describe("channel export settings over GraphQL", () => {
  it("shows each channel's export settings as data", async () => {
    const google = await channel("google_shopping");
    expect(google.export).toMatchObject({ exporter: "google-merchant", locale: "en_US", currency: "USD", fields: { title: { attribute: "name" } } });
    expect(google.export?.rules?.map((r) => r.name)).toContain("Colour in variant titles");
    const saved = await service.gql<{ saveChannel: { code: string; export: unknown } }>(saveChannel, {
      input: { code: "print_catalog", locales: ["en_US"], currencies: ["EUR"], categoryTree: "master" },
    });
    expect(saved.errors).toBeUndefined();
    expect(saved.data.saveChannel.export).toBeNull();
    expect((await channel("print_catalog")).export).toBeNull();
  });

  it("saves changed settings through the channel save, and the next rendering follows them", async () => {
    const google = await channel("google_shopping");
    const rule: Rule = {
      name: "Tees get a label",
      if: { all: [{ field: "title", operator: "contains", value: "T-Shirt" }] },
      then: [{ action: "set", field: "customLabel2", value: "tees" }],
    };
    const settings = { ...google.export, rules: [...(google.export?.rules ?? []), rule] };
    const saved = await service.gql<{ saveChannel: { export: ChannelExportSettings } }>(saveChannel, { input: { ...google, export: settings } });
    expect(saved.errors).toBeUndefined();
    expect(saved.data.saveChannel.export.rules?.at(-1)).toEqual(rule);

    const tee = await render("NV-CREW-NAVY-S", "google_shopping");
    expect(tee.items[0]?.custom_label_2).toBe("tees");
    expect(tee.fields.find((f) => f.field === "customLabel2")).toEqual({
      field: "customLabel2",
      value: "tees",
      origin: { source: "STATIC", attribute: null, locale: null, channel: null, from: null },
      changes: [{ by: "RULE", rule: "Tees get a label", action: "SET", reason: null }],
    });
    expect((await render("GLK-MUG-350-WHT", "google_shopping")).items[0]?.custom_label_2).toBeUndefined();
  });

  it("keeps < and & of a plain-text attribute as characters in every channel: only rich text is stripped of markup", async () => {
    await setProductValues("SON-PEBBLE-BLU", { setValues: [{ attribute: "name", locale: "en_US", data: "Speaker <XL> & more" }] });
    const google = await render("SON-PEBBLE-BLU", "google_shopping");
    // The pipeline's text fields are HTML, so the mapped field holds the escaped form; the channel gets the text.
    expect(google.fields.find((f) => f.field === "title")?.value).toBe("Speaker &lt;XL&gt; &amp; more, Blue");
    expect(google.items[0]?.title).toBe("Speaker <XL> & more, Blue");
    const website = await render("SON-PEBBLE-BLU", "ecommerce");
    expect(JSON.stringify(website.items[0])).toContain("Speaker <XL> & more");
  });

  it("refuses a rule that tries something a rule cannot do, naming the field, and keeps the channel as it was", async () => {
    const google = await channel("google_shopping");
    const attempts: Array<{ rules: unknown[]; path: string }> = [
      { rules: [{ name: "Run a script", then: [{ action: "exec", field: "title", value: "rm -rf /" }] }], path: "export.rules.0.then.0.action" },
      {
        rules: [{ name: "Sneak code in", then: [{ action: "set", field: "title", value: "x", script: "process.exit()" }] }],
        path: "export.rules.0.then.0.script",
      },
      { rules: [{ name: "Any field", then: [{ action: "set", field: "__proto__", value: "x" }] }], path: "export.rules.0.then.0.field" },
      { rules: [{ name: "Price as text", then: [{ action: "append", field: "price", value: " only!" }] }], path: "export.rules.0.then.0" },
      // A typo would otherwise print "{brnad}" literally in every item the rule touches.
      { rules: [{ name: "Brand first", then: [{ action: "prepend", field: "title", value: "{brnad} " }] }], path: "export.rules.0.then.0.value" },
    ];
    for (const attempt of attempts) {
      const response = await service.gql(saveChannel, { input: { ...google, export: { ...google.export, rules: attempt.rules } } });
      expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      const problems = response.errors?.[0]?.extensions?.problems as Array<{ path: string[]; message: string }>;
      expect(problems.map((p) => p.path.join("."))).toContain(attempt.path);
    }
    expect((await channel("google_shopping")).export).toEqual(google.export);
  });

  it("refuses a mapping for price, sale price or availability, which come from the product's offer, and a rule inventing an availability", async () => {
    const google = await channel("google_shopping");
    const attempts = [
      {
        export: { ...google.export, fields: { ...google.export?.fields, price: { attribute: "price" } } },
        path: "export.fields.price",
        message: /^price cannot be mapped: every channel takes it from the product's prices, promotions and stock/,
      },
      {
        export: { ...google.export, fields: { ...google.export?.fields, availability: { value: "in_stock" } } },
        path: "export.fields.availability",
        message: /^availability cannot be mapped/,
      },
      {
        export: { ...google.export, rules: [{ name: "Always available", then: [{ action: "set", field: "availability", value: "available" }] }] },
        path: "export.rules.0.then.0",
        message: /^availability is a word the exporters translate: a rule can only set it to one of in_stock, out_of_stock/,
      },
    ];
    for (const attempt of attempts) {
      const response = await service.gql(saveChannel, { input: { ...google, export: attempt.export } });
      expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      const problems = response.errors?.[0]?.extensions?.problems as Array<{ path: string[]; message: string }>;
      expect(problems).toContainEqual({ path: attempt.path.split("."), message: expect.stringMatching(attempt.message) });
    }
    const allowed = {
      ...google.export,
      rules: [
        ...(google.export?.rules ?? []),
        {
          name: "Kettles on backorder",
          if: { all: [{ field: "title", operator: "contains", value: "Kettle" }] },
          then: [{ action: "set", field: "availability", value: "backorder" }],
        },
      ],
    };
    expect((await service.gql(saveChannel, { input: { ...google, export: allowed } })).errors).toBeUndefined();
    expect((await service.gql(saveChannel, { input: google })).errors).toBeUndefined();
  });

  it("refuses an exporter that does not exist, listing the ones that do", async () => {
    const google = await channel("google_shopping");
    const response = await service.gql(saveChannel, { input: { ...google, export: { ...google.export, exporter: "myspace-catalog" } } });
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const problems = response.errors?.[0]?.extensions?.problems as Array<{ path: string[]; message: string }>;
    expect(problems).toContainEqual({
      path: ["export", "exporter"],
      message: expect.stringMatching(/^exporter myspace-catalog does not exist; known exporters: .*google-merchant/),
    });
  });
});

describe("renderProduct", () => {
  it("shows the Google item exactly as the feed carries it, with the colour rule as the title's provenance", async () => {
    const rendering = await render("NV-CREW-NAVY-S", "google_shopping");
    expect(rendering).toMatchObject({
      sku: "NV-CREW-NAVY-S",
      channel: "google_shopping",
      exporter: "google-merchant",
      status: "WRITTEN",
      excludedBy: null,
      rejectedItems: [],
      problems: [],
    });
    expect(rendering.items).toHaveLength(1);
    const item = rendering.items[0] as Record<string, string | string[]>;
    expect(item.title).toBe("Nordvik Essential Crew Neck T-Shirt, Navy");

    const inFeed = await feedItem("google_shopping", "NV-CREW-NAVY-S");
    const plain = new Set(["title", "link", "description"]);
    expect(Object.fromEntries(Object.entries(item).map(([key, value]) => [plain.has(key) ? key : `g:${key}`, value]))).toEqual(inFeed);

    const title = rendering.fields.find((f) => f.field === "title");
    expect(title).toEqual({
      field: "title",
      value: "Nordvik Essential Crew Neck T-Shirt, Navy",
      origin: { source: "ATTRIBUTE", attribute: "name", locale: "en_US", channel: null, from: null },
      changes: [{ by: "RULE", rule: "Colour in variant titles", action: "APPEND", reason: null }],
    });
    expect(rendering.fields.find((f) => f.field === "description")?.origin).toMatchObject({
      source: "ATTRIBUTE",
      attribute: "description",
      channel: "google_shopping",
    });
    expect(rendering.fields.find((f) => f.field === "price")).toMatchObject({
      value: { amount: "21.99", currency: "USD" },
      origin: { source: "DERIVED", from: "price list" },
    });
    expect(rendering.fields.find((f) => f.field === "availability")).toMatchObject({ value: "in_stock", origin: { source: "DERIVED", from: "stock" } });
    expect(rendering.fields.find((f) => f.field === "ageGroup")?.origin.source).toBe("DEFAULT");
    expect(rendering.fields.find((f) => f.field === "category")).toMatchObject({ value: "212", origin: { source: "DERIVED", from: "category tshirts" } });
  });

  it("shows the rule that keeps a refurbished product off Meta, and the same rule for a product made used", async () => {
    const refurbished = await render("VOL-X4-REF-128", "meta_shops");
    expect(refurbished).toMatchObject({ status: "EXCLUDED", excludedBy: "No refurbished goods on social", items: [], problems: [] });
    expect(refurbished.fields.find((f) => f.field === "condition")).toMatchObject({
      value: "refurbished",
      origin: { source: "ATTRIBUTE", attribute: "condition" },
    });

    expect((await render("VOL-CHG-65W", "meta_shops")).status).toBe("WRITTEN");
    await setProductValues("VOL-CHG-65W", { setValues: [{ attribute: "condition", data: "used" }] });
    expect(await render("VOL-CHG-65W", "meta_shops")).toMatchObject({ status: "EXCLUDED", excludedBy: "No refurbished goods on social" });
    const google = await render("VOL-CHG-65W", "google_shopping");
    expect(google.status).toBe("WRITTEN");
    expect(google.items[0]?.condition).toBe("used");
  });

  it("shows an item the channel's schema refuses, with the reason", async () => {
    await setProductValues("GLK-MUG-350-WHT", { clearValues: [{ attribute: "images" }] });
    const rendering = await render("GLK-MUG-350-WHT", "google_shopping");
    expect(rendering).toMatchObject({ status: "REJECTED", items: [] });
    expect(rendering.rejectedItems).toHaveLength(1);
    expect(rendering.rejectedItems[0]).not.toHaveProperty("image_link");
    expect(rendering.problems).toContainEqual({
      itemId: "GLK-MUG-350-WHT",
      severity: "ERROR",
      field: "image_link",
      reason: expect.stringContaining("image_link"),
    });
  });

  it("reports a title the channel shortened as a warning, and still writes the item", async () => {
    const name =
      "Glinka Stoneware Espresso Cups with a hand-dipped reactive glaze and a matching saucer for every cup in the set of two made in small batches by hand";
    expect(name.length).toBe(148);
    await setProductValues("GLK-ESP-SET2-GRN", { setValues: [{ attribute: "name", locale: "en_US", data: name }] });
    const rendering = await render("GLK-ESP-SET2-GRN", "google_shopping");
    expect(rendering.status).toBe("WRITTEN");
    expect(String(rendering.items[0]?.title).length).toBeLessThanOrEqual(150);
    expect(rendering.fields.find((f) => f.field === "title")).toMatchObject({
      value: `${name}, Green`,
      changes: [
        { by: "RULE", rule: "Colour in variant titles", action: "APPEND" },
        { by: "CHANNEL_LIMIT", reason: "shortened from 155 to 148 characters at a word boundary (limit 150)" },
      ],
    });
    expect(rendering.problems).toEqual([
      {
        itemId: "GLK-ESP-SET2-GRN",
        severity: "WARNING",
        field: "title",
        reason: expect.stringMatching(/^shortened from \d+ to \d+ characters at a word boundary \(limit 150\)$/),
      },
    ]);
  });

  it("says when a product is disabled or does not exist, and refuses a channel that does not", async () => {
    expect(await render("VOL-PB-10K", "google_shopping")).toMatchObject({ status: "DISABLED", items: [], fields: [] });
    expect(await render("NO-SUCH-SKU", "google_shopping")).toMatchObject({ status: "NOT_FOUND", items: [], fields: [], problems: [] });
    const unknown = await service.gql(renderQuery, { sku: "NV-CREW-NAVY-S", channel: "no_such_channel" });
    expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const noFeed = await service.gql(renderQuery, { sku: "NV-CREW-NAVY-S", channel: "print_catalog" });
    expect(noFeed.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("answers for every channel with a status, and a rejection always with its reason", async () => {
    const skus = ["NV-CREW-NAVY-S", "VOL-X5-256-BLK", "VOL-X4-REF-128", "KES-SLV-14-GRY", "CLM-THROW-WOOL-GRY", "VOL-PB-10K"];
    for (const code of demoFeedChannels) {
      for (const sku of skus) {
        const rendering = await render(sku, code);
        expect(["WRITTEN", "REJECTED", "EXCLUDED", "DISABLED", "NO_ITEMS"]).toContain(rendering.status);
        if (rendering.status === "REJECTED") expect(rendering.problems.some((p) => p.severity === "ERROR")).toBe(true);
      }
    }
  });
});
