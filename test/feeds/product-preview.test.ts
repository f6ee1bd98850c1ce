import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelConsistency, FieldComparison } from "../../src/feeds/consistency.js";
import { channelPreview, previewOf, servedMediaPath, type ChannelPreviewInput } from "../../src/feeds/product-preview.js";
import type { ProductRendering } from "../../src/feeds/render-product.js";
import { escapeHtml, previewHtml, previewNotFoundHtml } from "../../src/http/preview-html.js";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { demoFeedChannels } from "../helpers/demo-feeds.js";

const hostile = `<script>alert("x")</script> & 'Tee' <img src=x onerror=alert(1)>`;

function comparison(field: FieldComparison["field"], overrides: Partial<FieldComparison> = {}): FieldComparison {
  return {
    field,
    channelValue: null,
    sourceValue: null,
    sourceAttribute: null,
    differs: false,
    explanations: [],
    unexplained: false,
    note: null,
    ...overrides,
  };
}

/** One channel's input as the feed pipeline and the consistency report would give it, written by hand. */
function input(overrides: { consistency?: Partial<ChannelConsistency>; rendering?: Partial<ProductRendering> } = {}): ChannelPreviewInput {
  const fields = [
    comparison("title", {
      channelValue: hostile,
      sourceValue: "Essential Tee",
      sourceAttribute: "name",
      differs: true,
      unexplained: true,
      note: "the channel reads attribute short_description, and the product's own title is name",
    }),
    comparison("description", { channelValue: "Soft cotton", sourceValue: "Soft cotton", sourceAttribute: "description" }),
    comparison("price", { channelValue: { amount: "21.99", currency: "USD" }, sourceValue: { amount: "21.99", currency: "USD" } }),
    comparison("salePrice", {
      channelValue: { amount: "18.00", currency: "USD" },
      sourceValue: null,
      differs: true,
      explanations: [{ kind: "promotion", detail: "promotion summer applies only to channels google_shopping" }],
    }),
    comparison("availability", { channelValue: "in_stock", sourceValue: "in_stock" }),
    comparison("image", { channelValue: "https://shop.example.com/media/abc123/google", sourceValue: "abc123", sourceAttribute: "images" }),
  ];
  return {
    channel: { code: "google_shopping", labels: { en_US: "Google & friends" } },
    exporter: "google-merchant",
    locale: "en_US",
    currency: "USD",
    mediaBaseUrl: "https://shop.example.com/media/",
    rendering: {
      sku: "TEE-1",
      channel: "google_shopping",
      exporter: "google-merchant",
      status: "written",
      excludedBy: null,
      items: [{}],
      rejectedItems: [],
      fields: [
        {
          field: "title",
          value: hostile,
          origin: { source: "attribute", attribute: "short_description", locale: "en_US", channel: null },
          changes: [{ by: "rule", rule: "Colour <b>in</b> titles", action: "append" }],
        },
        { field: "price", value: { amount: "21.99", currency: "USD" }, origin: { source: "derived", from: "the product's USD price" }, changes: [] },
      ],
      problems: [],
      ...overrides.rendering,
    },
    offer: {
      saleWindow: { startsAt: "2026-06-01T00:00:00+02:00", endsAt: "2026-06-30T23:59:59+02:00" },
      promotion: { code: "summer", name: "Summer", channels: ["google_shopping"] },
      sellableQuantity: 4,
      availabilityDate: null,
    },
    consistency: {
      channel: "google_shopping",
      exporter: "google-merchant",
      status: "written",
      excludedBy: null,
      problems: [{ sku: "TEE-1", itemId: "TEE-1", severity: "warning", field: "title", reason: "shortened <at> a word boundary" }],
      fields,
      feed: null,
      ...overrides.consistency,
    },
  };
}

describe("the preview's view model", () => {
  it("carries the report's verdict, the sale window, provenance and problems of one channel", () => {
    const channel = channelPreview(input());
    expect(channel).toMatchObject({
      channel: "google_shopping",
      label: "Google & friends",
      exporterLabel: "Google Merchant Center (RSS 2.0)",
      status: "written",
      unexplained: 1,
      items: 1,
    });
    expect(channel.title).toMatchObject({ text: hostile, catalogText: "Essential Tee", unexplained: true });
    expect(channel.salePrice).toMatchObject({
      text: "18.00 USD",
      differs: true,
      unexplained: false,
      explanations: ["promotion summer applies only to channels google_shopping"],
    });
    expect(channel.saleWindow).toEqual({ startsAt: "2026-06-01T00:00:00+02:00", endsAt: "2026-06-30T23:59:59+02:00" });
    expect(channel.image).toMatchObject({ url: "https://shop.example.com/media/abc123/google", src: "/media/abc123/google" });
    expect(channel.fields).toEqual([
      { field: "title", value: hostile, origin: "attribute short_description (en_US)", changes: ['rule "Colour <b>in</b> titles" (append)'] },
      { field: "price", value: "21.99 USD", origin: "derived from the product's USD price", changes: [] },
    ]);
    expect(channel.problems).toHaveLength(1);
  });

  it("counts a stale feed as unexplained only where the channel writes the product, and shows no values where it does not", () => {
    const stale = { stale: true, behindByEvents: 12, behindBySeconds: 45 };
    expect(channelPreview(input({ consistency: { feed: stale } }))).toMatchObject({ staleFeed: true, unexplained: 2 });
    const excluded = channelPreview(
      input({ consistency: { status: "excluded", excludedBy: "No <refurbished>", fields: [], feed: stale }, rendering: { status: "excluded", items: [] } }),
    );
    expect(excluded).toMatchObject({
      status: "excluded",
      staleFeed: false,
      unexplained: 0,
      saleWindow: null,
      title: { text: null, unexplained: false },
      image: { src: null },
    });
    const preview = previewOf("TEE-1", [input(), input({ consistency: { channel: "meta", fields: [] } })], new Date("2026-06-10T00:00:00Z"));
    expect(preview).toMatchObject({ sku: "TEE-1", unexplained: 1, problems: 2, generatedAt: "2026-06-10T00:00:00.000Z" });
  });

  it("links only renditions under the channel's media base URL, as this service's own /media path", () => {
    expect(servedMediaPath("https://shop.example.com/media/abc/meta", "https://shop.example.com/media/")).toBe("/media/abc/meta");
    expect(servedMediaPath("https://shop.example.com/media/abc", "https://shop.example.com/media/")).toBe("/media/abc");
    expect(servedMediaPath("https://evil.example.com/media/abc/meta", "https://shop.example.com/media/")).toBeNull();
    expect(servedMediaPath("https://shop.example.com/media/../../graphql", "https://shop.example.com/media/")).toBeNull();
    expect(servedMediaPath(null, "https://shop.example.com/media/")).toBeNull();
  });
});

describe("the preview's HTML", () => {
  it("escapes every value, marks the flagged one and has no script", () => {
    const html = previewHtml(previewOf("TEE<1>", [input()], new Date("2026-06-10T00:00:00Z")));
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<b>in</b>");
    expect(html).not.toContain("TEE<1>");
    expect(html).toContain(escapeHtml(hostile));
    expect(html).toContain("Google &amp; friends");
    expect(html).toContain("shortened &lt;at&gt; a word boundary");
    expect(html).toMatch(/<div class="value flagged" data-field="title" data-flag="unexplained">/);
    expect(html).toContain('<img class="main-image" src="/media/abc123/google"');
    expect(html).toContain("from 2026-06-01T00:00:00+02:00 to 2026-06-30T23:59:59+02:00");
    expect(html).toMatch(
      /data-mapped-field="title"[\s\S]*from attribute short_description \(en_US\)[\s\S]*then rule &quot;Colour &lt;b&gt;in&lt;\/b&gt; titles&quot; \(append\)/,
    );
    expect(previewNotFoundHtml(`<script>x</script>`)).toContain("No product &lt;script&gt;x&lt;/script&gt;");
  });
});

/** A key made the way createApiKey makes one (GraphQL's input shape is not this test's subject). */
async function createKey(service: TestService, role: "editor" | "integration" | "reader", locales?: string[]): Promise<string> {
  const definitions = await service.catalog.definitions();
  const references = { locales: new Set(definitions.locales.keys()), rootCategories: new Set<string>() };
  const { token } = await service.access.keys.create({ name: `${role} key`, role, ...(locales ? { locales } : {}) }, references, {
    actor: "test",
    ip: null,
    requestId: null,
  });
  return token;
}

describe("GET /preview/{sku} on the demo catalog", () => {
  let service: TestService;
  let keys: Record<"editor" | "integration" | "reader", string>;
  beforeAll(async () => {
    service = await startTestService("product-preview", { seedDemo: true });
    keys = { editor: await createKey(service, "editor"), integration: await createKey(service, "integration"), reader: await createKey(service, "reader") };
  });
  afterAll(() => service?.stop());

  it("is for admin and editor keys: 401 without a key, 403 for integration and reader keys", async () => {
    expect((await service.requestAs(null, "/preview/NV-CREW-NAVY-S")).status).toBe(401);
    expect((await service.requestAs("not-a-key", "/preview/NV-CREW-NAVY-S")).status).toBe(401);
    expect((await service.requestAs(keys.integration, "/preview/NV-CREW-NAVY-S")).status).toBe(403);
    expect((await service.requestAs(keys.reader, "/preview/NV-CREW-NAVY-S")).status).toBe(403);
    const editor = await service.requestAs(keys.editor, "/preview/NV-CREW-NAVY-S");
    expect(editor.status).toBe(200);
    expect(editor.headers.get("content-type")).toMatch(/^text\/html/);
    expect(editor.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect((await service.request("/preview/NV-CREW-NAVY-S")).status).toBe(200);
  });

  it("answers an unknown SKU with a 404 page", async () => {
    const response = await service.request(`/preview/${encodeURIComponent("NO-SUCH-<SKU>")}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain("No product NO-SUCH-&lt;SKU&gt;");
    expect(html).not.toContain("<SKU>");
  });

  it("shows every channel with an exporter, with the report's values and the channel's image rendition", async () => {
    const exported = [...(await service.catalog.definitions()).channels.values()].filter((c) => c.export).map((c) => c.code);
    expect([...exported].sort()).toEqual(demoFeedChannels);
    const html = await (await service.request("/preview/NV-CREW-NAVY-S")).text();
    const shown = [...html.matchAll(/<section class="channel[^"]*" id="[^"]+" data-channel="([^"]+)"/g)].map((m) => m[1]);
    expect(shown.sort()).toEqual([...exported].sort());
    expect(html).toContain("Nordvik Essential Crew Neck T-Shirt, Navy");
    expect(html).toContain("21.99 USD");
    const images = [...html.matchAll(/<img class="main-image" src="([^"]+)"/g)].map((m) => m[1] ?? "");
    // Every channel whose items carry a picture shows it (Wildberries' cards leave photos to its media API).
    const withPictures = demoFeedChannels.filter((channel) => channel !== "wildberries" && channel !== "ozon");
    expect(images.length).toBeGreaterThanOrEqual(withPictures.length);
    for (const src of images) {
      expect(src).toMatch(/^\/media\/[0-9a-f]{64}\/[a-z0-9_-]+(\.jpeg)?$/);
      const image = await service.request(src);
      expect(image.status).toBe(200);
      expect(image.headers.get("content-type")).toMatch(/^image\//);
    }
    expect(html).not.toMatch(/<script|https?:\/\/[^"]*"\s*(?:src|href)=/);
  });

  it("shows a hostile product name as text", async () => {
    await service.catalog.updateProduct("GLK-MUG-350-WHT", { setValues: [{ attribute: "name", locale: "en_US", channel: null, data: hostile }] }, undefined, {
      actor: "test",
    });
    const html = await (await service.request("/preview/GLK-MUG-350-WHT")).text();
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  });

  it("leaves out channels in locales a limited editor may not read", async () => {
    const html = await (await service.requestAs(await createKey(service, "editor", ["en_US"]), "/preview/NV-CREW-NAVY-S")).text();
    const shown = [...html.matchAll(/data-channel="([^"]+)"/g)].map((m) => m[1]);
    expect(shown).not.toContain("allegro");
    expect(shown).not.toContain("yandex_market");
    expect(shown).toContain("google_shopping");
  });
});
