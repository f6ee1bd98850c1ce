import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { solidImage } from "./images.js";

let service: TestService;
beforeAll(async () => {
  service = await startTestService("media-product-media", { seedDemo: true });
});
afterAll(async () => service?.stop());

const sku = "VOL-CHG-65W";

async function upload(body: Buffer): Promise<string> {
  const response = await service.request("/media", { method: "POST", headers: { "content-type": "application/octet-stream" }, body });
  expect(response.status).toBeLessThan(300);
  return ((await response.json()) as { asset: { id: string } }).asset.id;
}

async function images(channel: string | null = null): Promise<string[]> {
  const { data, errors } = await service.gql<{ product: { value: { data: string[] } | null } }>(
    `query ($sku: String!, $channel: String) { product(sku: $sku) { value(attribute: "images", channel: $channel) { data } } }`,
    { sku, channel },
  );
  expect(errors).toBeUndefined();
  return data.product.value?.data ?? [];
}

const mediaResult = "{ status product { sku version } }";

describe("a product's images over GraphQL", () => {
  let first: string;
  let second: string;
  let original: string;

  beforeAll(async () => {
    original = (await images())[0] ?? "";
    first = await upload(await solidImage(1200, 1200, "#aa3344"));
    second = await upload(await solidImage(1300, 1100, "#3344aa"));
  });

  it("attaches, orders and picks the main image; the feed follows", async () => {
    const attached = await service.gql(
      `mutation ($assets: [ID!]!) { attachProductMedia(target: { sku: "${sku}", attribute: "images" }, assets: $assets) ${mediaResult} }`,
      { assets: [first, second] },
    );
    expect(attached.errors).toBeUndefined();
    expect(await images()).toEqual([original, first, second]);

    const ordered = await service.gql(
      `mutation ($assets: [ID!]!) { orderProductMedia(target: { sku: "${sku}", attribute: "images" }, assets: $assets) ${mediaResult} }`,
      { assets: [second, original, first] },
    );
    expect(ordered.errors).toBeUndefined();
    expect(await images()).toEqual([second, original, first]);

    const google = await service.gql<{ renderProduct: { items: Array<{ image_link: string }> } }>(
      `{ renderProduct(sku: "${sku}", channel: "google_shopping") { items } }`,
    );
    expect(google.data.renderProduct.items[0]?.image_link).toBe(`https://shop.example.com/media/${second}/google`);
  });

  it("gives Amazon a main image of its own without changing the other channels", async () => {
    const { errors } = await service.gql(
      `mutation ($asset: ID!) { setProductMainImage(target: { sku: "${sku}", attribute: "images", channel: "amazon" }, asset: $asset) ${mediaResult} }`,
      { asset: first },
    );
    expect(errors).toBeUndefined();
    expect(await images("amazon")).toEqual([first, second, original]);
    expect(await images("google_shopping")).toEqual([second, original, first]);

    const amazon = await service.gql<{ renderProduct: { items: Array<{ attributes: { main_product_image_locator: Array<{ media_location: string }> } }> } }>(
      `{ renderProduct(sku: "${sku}", channel: "amazon") { items } }`,
    );
    const message = amazon.data.renderProduct.items.find((item) => item.attributes.main_product_image_locator);
    expect(message?.attributes.main_product_image_locator[0]?.media_location).toBe(`https://shop.example.com/media/${first}/amazon_main`);
  });

  it("refuses an unknown asset, a file name, and operations on images that are not attached, naming the field", async () => {
    const unknown = "f".repeat(64);
    const before = await images();
    const attach = await service.gql(`mutation { attachProductMedia(target: { sku: "${sku}", attribute: "images" }, assets: ["${unknown}"]) ${mediaResult} }`);
    expect(attach.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(attach.errors?.[0]?.extensions?.problems).toEqual([
      expect.objectContaining({
        path: ["values", "images", expect.any(String), "data", String(before.length)],
        attribute: "images",
        message: expect.stringMatching(/asset f+ does not exist/),
      }),
    ]);

    const update = await service.gql(
      `mutation { updateProduct(sku: "${sku}", changes: { setValues: [{ attribute: "images", channel: null, locale: null, data: ["charger.jpg"] }] }) { product { version } } }`,
    );
    expect(update.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(update.errors?.[0]?.extensions?.problems).toEqual([
      expect.objectContaining({
        path: ["values", "images", expect.any(String), "data", "0"],
        message: expect.stringContaining("asset charger.jpg does not exist"),
      }),
    ]);

    const detach = await service.gql(`mutation { detachProductMedia(target: { sku: "${sku}", attribute: "images" }, assets: ["${unknown}"]) ${mediaResult} }`);
    expect(detach.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      problems: [{ path: ["assets", "0"], message: `asset ${unknown} is not attached` }],
    });

    const order = await service.gql(
      `mutation ($assets: [ID!]!) { orderProductMedia(target: { sku: "${sku}", attribute: "images" }, assets: $assets) ${mediaResult} }`,
      { assets: [first] },
    );
    expect(order.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");

    const notMedia = await service.gql(
      `mutation ($asset: ID!) { setProductMainImage(target: { sku: "${sku}", attribute: "name" }, asset: $asset) ${mediaResult} }`,
      { asset: first },
    );
    expect(notMedia.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [{ path: ["attribute"] }] });
    expect(await images()).toEqual(before);
  });

  it("detaches", async () => {
    const { errors } = await service.gql(
      `mutation ($assets: [ID!]!) { detachProductMedia(target: { sku: "${sku}", attribute: "images" }, assets: $assets) ${mediaResult} }`,
      { assets: [second] },
    );
    expect(errors).toBeUndefined();
    expect(await images()).toEqual([original, first]);
  });
});

describe("assets over GraphQL", () => {
  it("answers an asset's facts, alt texts per locale and rendition URLs, and sets alt texts", async () => {
    const id = await upload(await solidImage(2000, 1000, "#207050"));
    const set = await service.gql<{ setMediaAltTexts: { altTexts: Array<{ locale: string; text: string }> } }>(
      `mutation ($id: ID!) { setMediaAltTexts(asset: $id, altTexts: [{ locale: "en_US", text: "Green swatch" }, { locale: "pl_PL", text: "Zielona próbka" }]) { altTexts { locale text } } }`,
      { id },
    );
    expect(set.errors).toBeUndefined();
    expect(set.data.setMediaAltTexts.altTexts).toEqual([
      { locale: "en_US", text: "Green swatch" },
      { locale: "pl_PL", text: "Zielona próbka" },
    ]);
    await service.gql(`mutation ($id: ID!) { setMediaAltTexts(asset: $id, altTexts: [{ locale: "pl_PL", text: null }]) { id } }`, { id });

    type Asset = {
      id: string;
      format: string;
      width: number;
      height: number;
      checksum: string;
      url: string;
      altTexts: Array<{ locale: string; text: string }>;
      renditions: Array<{ preset: string; url: string; width: number | null; height: number | null; format: string; tooSmall: string | null }>;
    };
    const { data } = await service.gql<{ mediaAsset: Asset }>(
      `query ($id: ID!) { mediaAsset(id: $id) { id format width height checksum url altTexts { locale text } renditions { preset url width height format tooSmall } } }`,
      { id },
    );
    expect(data.mediaAsset).toMatchObject({
      id,
      format: "JPEG",
      width: 2000,
      height: 1000,
      checksum: `sha256:${id}`,
      url: `/media/${id}`,
      altTexts: [{ locale: "en_US", text: "Green swatch" }],
    });
    const byPreset = new Map(data.mediaAsset.renditions.map((r) => [r.preset, r]));
    expect(byPreset.get("google")).toEqual({ preset: "google", url: `/media/${id}/google`, width: 1500, height: 1500, format: "JPEG", tooSmall: null });
    expect(byPreset.get("app_320_webp")).toMatchObject({ width: 320, height: 160, format: "WEBP" });
    const served = await service.request(byPreset.get("app_320_webp")?.url ?? "");
    expect(served.status).toBe(200);

    const badLocale = await service.gql(`mutation ($id: ID!) { setMediaAltTexts(asset: $id, altTexts: [{ locale: "xx_XX", text: "?" }]) { id } }`, { id });
    expect(badLocale.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [{ path: ["altTexts", "0", "locale"] }] });
    const missing = await service.gql(`{ mediaAsset(id: "${"0".repeat(64)}") { id } }`);
    expect(missing.data).toEqual({ mediaAsset: null });
  });

  it("reports an original too small for a channel's minimum in that channel's feed report, and does not upscale it", async () => {
    const small = await upload(await solidImage(600, 600, "#777777"));
    const { errors } = await service.gql(
      `mutation ($assets: [ID!]!) { attachProductMedia(target: { sku: "SON-PEBBLE-BLU", attribute: "images" }, assets: $assets, position: 0) ${mediaResult} }`,
      { assets: [small] },
    );
    expect(errors).toBeUndefined();
    const report = await service.gql<{ regenerateFeed: { problems: Array<{ sku: string; severity: string; field: string; reason: string }> } }>(
      `mutation { regenerateFeed(channel: "meta_shops") { problems { sku severity field reason } } }`,
    );
    expect(report.errors).toBeUndefined();
    const problems = report.data.regenerateFeed.problems.filter((p) => p.sku === "SON-PEBBLE-BLU" && p.field === "images");
    expect(problems).toEqual([
      { sku: "SON-PEBBLE-BLU", severity: "WARNING", field: "images", reason: expect.stringMatching(/600×600.*at least 1080 px.*never upscaled/) },
    ]);
    // Google's minimum is 500 px: the same picture is fine there.
    const google = await service.gql<{ regenerateFeed: { problems: Array<{ sku: string; field: string }> } }>(
      `mutation { regenerateFeed(channel: "google_shopping") { problems { sku field } } }`,
    );
    expect(google.data.regenerateFeed.problems.filter((p) => p.sku === "SON-PEBBLE-BLU" && p.field === "images")).toEqual([]);

    const rendition = await service.request(`/media/${small}/meta`);
    const { default: sharp } = await import("sharp");
    const meta = await sharp(Buffer.from(await rendition.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([600, 600]);
  });
});
