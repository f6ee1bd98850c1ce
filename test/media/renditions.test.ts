import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { averageColor, solidImage } from "./images.js";

let service: TestService;
beforeAll(async () => {
  service = await startTestService("media-renditions");
});
afterAll(async () => service?.stop());

async function upload(body: Buffer): Promise<{ id: string; width: number; height: number }> {
  const response = await service.request("/media", { method: "POST", headers: { "content-type": "application/octet-stream" }, body });
  expect(response.status).toBeLessThan(300);
  return ((await response.json()) as { asset: { id: string; width: number; height: number } }).asset;
}

async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const response = await service.request(path, { headers });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

describe("serving renditions", () => {
  it("serves a preset with its format, size and long-lived immutable caching, and answers 304 to a revalidation", async () => {
    const { id } = await upload(await solidImage(1200, 800, "#2a7a4b"));
    const thumbnail = await get(`/media/${id}/thumbnail`);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
    expect(thumbnail.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const etag = thumbnail.headers.get("etag");
    expect(etag).toMatch(/^".+"$/);
    const decoded = await sharp(thumbnail.body).metadata();
    expect([decoded.format, decoded.width, decoded.height]).toEqual(["webp", 200, 133]);
    expect((await get(`/media/${id}/thumbnail`, { "if-none-match": etag ?? "" })).status).toBe(304);

    // contain pads a landscape picture to Google's square on white, without enlarging it.
    const google = await get(`/media/${id}/google`);
    expect(google.headers.get("content-type")).toBe("image/jpeg");
    const square = await sharp(google.body).metadata();
    expect([square.format, square.width, square.height]).toEqual(["jpeg", 1200, 1200]);
    expect(await averageColor(google.body, { left: 0, top: 0, width: 1200, height: 150 })).toEqual([255, 255, 255]);

    // A client that takes pictures only from URLs ending in a file extension (Viber) gets the same rendition.
    const named = await get(`/media/${id}/google.jpeg`);
    expect(named.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.compare(named.body, google.body)).toBe(0);
    expect((await get(`/media/${id}/google.jpg`)).status).toBe(200);
    expect((await get(`/media/${id}/google.png`)).status).toBe(404);
  });

  it("refuses sizes from the query string and unknown presets, naming the reason", async () => {
    const { id } = await upload(await solidImage(300, 300, "#112233"));
    const sized = await get(`/media/${id}/thumbnail?width=5000`);
    expect(sized.status).toBe(400);
    expect(JSON.parse(sized.body.toString())).toMatchObject({ error: "BAD_USER_INPUT", message: expect.stringMatching(/width.*only from presets/) });
    expect((await get(`/media/${id}?w=10`)).status).toBe(400);
    const unknown = await get(`/media/${id}/huge_9000`);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body.toString()).message).toMatch(/No preset huge_9000; presets: thumbnail/);
    expect((await get(`/media/${"0".repeat(64)}/thumbnail`)).status).toBe(404);
    expect((await get(`/media/not-an-asset`)).status).toBe(404);
  });

  it("renders every preset in a background job after an upload, so first requests find them stored", async () => {
    const { id } = await upload(await solidImage(900, 900, "#884422"));
    await service.media.idle();
    const { data } = await service.gql<{
      backgroundJobs: Array<{ data: { asset: string }; state: string; failedAttempts: number; lastFinishedAt: string | null }>;
    }>(`{ backgroundJobs(name: "media.renditions") { data state failedAttempts lastFinishedAt } }`);
    expect(data?.backgroundJobs.find((job) => job.data.asset === id)).toMatchObject({ state: "IDLE", failedAttempts: 0, lastFinishedAt: expect.any(String) });
    const before = service.media.renderCount;
    for (const preset of service.media.presets.presets.keys()) expect((await get(`/media/${id}/${preset}`)).status, preset).toBe(200);
    expect(service.media.renderCount).toBe(before);
  });

  it("renders a missing rendition on first request, once, however many requests arrive together", async () => {
    // Seeding uploads this way: no background renders, so the first requests find nothing stored.
    const { asset } = await service.media.upload(await solidImage(1500, 1000, "#4466aa"), { renderInBackground: false });
    const before = service.media.renderCount;
    const answers = await Promise.all(Array.from({ length: 12 }, () => get(`/media/${asset._id}/meta`)));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    expect(new Set(answers.map((a) => a.body.toString("base64"))).size).toBe(1);
    expect(service.media.renderCount).toBe(before + 1);
    await get(`/media/${asset._id}/meta`);
    expect(service.media.renderCount).toBe(before + 1);
  });
});

describe("what a rendition looks like", () => {
  it("is upright when the original carries an EXIF orientation", async () => {
    // Stored 200×100, red left and blue right, tagged "rotate 90° clockwise to display" (orientation 6).
    const left = await sharp({ create: { width: 100, height: 100, channels: 3, background: "#ff0000" } })
      .png()
      .toBuffer();
    const sideways = await sharp({ create: { width: 200, height: 100, channels: 3, background: "#0000ff" } })
      .composite([{ input: left, left: 0, top: 0 }])
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(sideways).metadata()).orientation).toBe(6);
    const asset = await upload(sideways);
    expect([asset.width, asset.height]).toEqual([100, 200]);
    const rendition = (await get(`/media/${asset.id}/zoom`)).body;
    const meta = await sharp(rendition).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([100, 200, 1]);
    const [topR, , topB] = await averageColor(rendition, { left: 10, top: 10, width: 80, height: 80 });
    const [bottomR, , bottomB] = await averageColor(rendition, { left: 10, top: 110, width: 80, height: 80 });
    expect(topR).toBeGreaterThan(200);
    expect(topB).toBeLessThan(50);
    expect(bottomB).toBeGreaterThan(200);
    expect(bottomR).toBeLessThan(50);
  });

  it("converts an original with a Display P3 profile to sRGB, so the colour stays the one the original means", async () => {
    const srgb = { r: 40, g: 160, b: 90 };
    const p3 = await sharp({ create: { width: 64, height: 64, channels: 3, background: srgb } })
      .withIccProfile("p3")
      .png()
      .toBuffer();
    // The numbers stored in the file are P3's, far from the sRGB ones: a pipeline that ignored the profile would show them.
    const stored = await sharp(p3).keepIccProfile().raw().toBuffer();
    expect(Math.abs((stored[0] as number) - srgb.r)).toBeGreaterThan(20);

    const { id } = await upload(p3);
    const rendition = (await get(`/media/${id}/web_480`)).body;
    const meta = await sharp(rendition).metadata();
    expect(meta.hasProfile).toBe(true);
    const pixels = await sharp(rendition).keepIccProfile().raw().toBuffer();
    expect(Math.abs((pixels[0] as number) - srgb.r)).toBeLessThanOrEqual(4);
    expect(Math.abs((pixels[1] as number) - srgb.g)).toBeLessThanOrEqual(4);
    expect(Math.abs((pixels[2] as number) - srgb.b)).toBeLessThanOrEqual(4);
  });

  it("frames Amazon's main image: trimmed background, product filling the square, pure white around it, never enlarged", async () => {
    const product = await sharp({ create: { width: 400, height: 600, channels: 3, background: "#203040" } })
      .png()
      .toBuffer();
    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: "#f4f4f4" } })
      .composite([{ input: product, left: 300, top: 300 }])
      .jpeg({ quality: 95 })
      .toBuffer();
    const { id } = await upload(photo);
    // Where the product is was measured at upload, so the API tells the framed size before anything is rendered.
    const asset = await service.gql<{ mediaAsset: { renditions: Array<{ preset: string; width: number | null; height: number | null }> } }>(
      `query ($id: ID!) { mediaAsset(id: $id) { renditions { preset width height } } }`,
      { id },
    );
    expect(asset.data.mediaAsset.renditions.find((r) => r.preset === "amazon_main")).toEqual({ preset: "amazon_main", width: 667, height: 667 });
    const framed = (await get(`/media/${id}/amazon_main`)).body;
    const meta = await sharp(framed).metadata();
    // The 600 px tall product fills 90 % of the longest side: a 667 px square, not 2000 px of upscaled pixels.
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 667, 667]);
    expect(await averageColor(framed, { left: 0, top: 0, width: 667, height: 20 })).toEqual([255, 255, 255]);
    expect(await averageColor(framed, { left: 0, top: 0, width: 20, height: 667 })).toEqual([255, 255, 255]);
    const [r, g, b] = await averageColor(framed, { left: 300, top: 300, width: 60, height: 60 });
    expect([r, g, b].every((c) => c < 80)).toBe(true);
  });
});
