import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp, { type Metadata } from "sharp";
import { renderFeed } from "../helpers/demo-feeds.js";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { averageColor } from "./images.js";

/**
 * Each demo channel's image rules as its documentation states them (/work/shared/reference/channel-specs.md),
 * written here independently of the presets, so a preset that drifts from its channel fails.
 */
interface ChannelRule {
  formats: string[];
  /** Both sides at least this (Google's 500×500 from 2027, Meta's square 1080). */
  minShortSide?: number;
  minLongSide?: number;
  maxSide?: number;
  maxPixels?: number;
  maxBytes?: number;
  square?: boolean;
}

const rules: Record<string, ChannelRule> = {
  google_shopping: { formats: ["jpeg", "png", "webp", "gif", "tiff"], minShortSide: 500, maxPixels: 64_000_000, maxBytes: 16 * 1024 * 1024 },
  meta_shops: { formats: ["jpeg", "png"], minShortSide: 1080, square: true },
  amazon: { formats: ["jpeg", "png", "tiff", "gif"], minLongSide: 500, maxSide: 10_000 },
  allegro: { formats: ["jpeg", "png", "webp"], minLongSide: 500, maxSide: 2560, maxPixels: 26_000_000 },
  yandex_market: { formats: ["jpeg", "png", "webp"], minLongSide: 250 },
  ecommerce: { formats: ["jpeg", "png", "webp", "avif"] },
  // sendPhoto by URL: 5 MB, width and height at most 10000 together, which 5000 a side always keeps (core.telegram.org/bots/api).
  telegram: { formats: ["jpeg", "png"], maxBytes: 5_000_000, maxSide: 5000 },
  // A bot's picture message: JPEG, PNG or a still GIF, at most 1 MB on iOS (Viber REST bot API).
  viber: { formats: ["jpeg", "png", "gif"], maxBytes: 1_000_000 },
  tiktok: { formats: ["jpeg", "png"], minShortSide: 300, maxSide: 4000, maxBytes: 5 * 1024 * 1024, square: true },
  chatgpt: { formats: ["jpeg", "png"] },
  // eBay's picture policy: at least 500 px on the longest side (channel-specs.md §6).
  ebay: { formats: ["jpeg", "png"], minLongSide: 500 },
  ceneo: { formats: ["jpeg", "png"] },
};

const base = "https://shop.example.com";
/** Each test renders dozens of 1600 px originals (WebP and AVIF encoding is slow) on a shared machine. */
const renderingTimeout = 120_000;
const renditionUrl = /https:\/\/shop\.example\.com\/media\/[0-9a-f]{64}\/[a-z0-9_]+/g;

let service: TestService;
beforeAll(async () => {
  service = await startTestService("media-demo-channels", { seedDemo: true });
});
afterAll(async () => service?.stop());

async function fetchImage(url: string): Promise<{ body: Buffer; meta: Metadata }> {
  const response = await service.request(url.slice(base.length));
  expect(response.status, url).toBe(200);
  const body = Buffer.from(await response.arrayBuffer());
  return { body, meta: await sharp(body).metadata() };
}

describe("the demo channels' images", () => {
  for (const [channel, rule] of Object.entries(rules)) {
    it(
      `${channel}: every image URL in the feed serves a rendition that meets the channel's rules`,
      async () => {
        const { parts, report } = await renderFeed(service.catalog, channel);
        expect(report.problems.filter((p) => p.field.includes("image"))).toEqual([]);
        const urls = [...new Set(parts.join("").match(renditionUrl))];
        expect(urls.length).toBeGreaterThan(20);
        for (const url of urls) {
          const { body, meta } = await fetchImage(url);
          const width = meta.width;
          const height = meta.height;
          expect(rule.formats, url).toContain(meta.format);
          if (rule.minShortSide) expect(Math.min(width, height), url).toBeGreaterThanOrEqual(rule.minShortSide);
          if (rule.minLongSide) expect(Math.max(width, height), url).toBeGreaterThanOrEqual(rule.minLongSide);
          if (rule.maxSide) expect(Math.max(width, height), url).toBeLessThanOrEqual(rule.maxSide);
          if (rule.maxPixels) expect(width * height, url).toBeLessThanOrEqual(rule.maxPixels);
          if (rule.maxBytes) expect(body.length, url).toBeLessThanOrEqual(rule.maxBytes);
          if (rule.square) expect(width, url).toBe(height);
        }
      },
      renderingTimeout,
    );
  }

  it(
    "amazon: the main image is on pure white, at least 1000 px on its longest side, with the product filling at least 85 % of it",
    async () => {
      const { text } = await renderFeed(service.catalog, "amazon");
      const feed = JSON.parse(text) as { messages: Array<{ attributes?: { main_product_image_locator?: Array<{ media_location: string }> } }> };
      const mains = [...new Set(feed.messages.flatMap((m) => m.attributes?.main_product_image_locator?.map((l) => l.media_location) ?? []))];
      expect(mains.length).toBeGreaterThan(20);
      for (const url of mains) {
        const { body, meta } = await fetchImage(url);
        expect(meta.format).toBe("jpeg");
        const side = Math.max(meta.width, meta.height);
        expect(side, url).toBeGreaterThanOrEqual(1000);
        for (const corner of [
          { left: 0, top: 0 },
          { left: meta.width - 8, top: 0 },
          { left: 0, top: meta.height - 8 },
          { left: meta.width - 8, top: meta.height - 8 },
        ]) {
          expect(await averageColor(body, { ...corner, width: 8, height: 8 }), url).toEqual([255, 255, 255]);
        }
        // What is not near-white is the product: its bounding box spans at least 85 % of the longest side.
        const { info } = await sharp(body).trim({ background: "#ffffff", threshold: 10 }).toBuffer({ resolveWithObject: true });
        expect(Math.max(info.width, info.height) / side, url).toBeGreaterThanOrEqual(0.85);
      }
    },
    renderingTimeout,
  );

  it(
    "mobile: every rendition the app is told about has the size and format the feed declares",
    async () => {
      const { text } = await renderFeed(service.catalog, "mobile");
      const feed = JSON.parse(text) as {
        products: Array<{ images: Array<{ renditions: Array<{ url: string; width: number; height: number; format: string }> }> }>;
      };
      const renditions = new Map(feed.products.flatMap((p) => p.images.flatMap((i) => i.renditions)).map((r) => [r.url, r]));
      expect(new Set([...renditions.values()].map((r) => r.format))).toEqual(new Set(["webp", "avif"]));
      // AVIF encoding is slow: the first three pictures in every preset are enough to prove the declared sizes.
      const pictures = [...new Set([...renditions.keys()].map((url) => url.split("/")[4]))].slice(0, 3);
      for (const rendition of [...renditions.values()].filter((r) => pictures.includes(r.url.split("/")[4]))) {
        const { meta } = await fetchImage(rendition.url);
        expect([meta.width, meta.height, meta.format === "heif" ? "avif" : meta.format], rendition.url).toEqual([
          rendition.width,
          rendition.height,
          rendition.format,
        ]);
      }
    },
    renderingTimeout,
  );
});
