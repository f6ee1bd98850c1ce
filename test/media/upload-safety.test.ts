import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import type { LocalDiskStorage } from "../../src/storage/local-disk-storage.js";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { pixelBombPng, solidImage } from "./images.js";

const maxBytes = 400_000;
let service: TestService;
beforeAll(async () => {
  service = await startTestService("media-upload-safety", { media: { maxBytes, maxPixels: 20_000_000 } });
});
afterAll(async () => service?.stop());

interface UploadAnswer {
  created?: boolean;
  asset?: {
    id: string;
    format: string;
    mimeType: string;
    width: number;
    height: number;
    bytes: number;
    checksum: string;
    dominantColor: string;
    original: string;
    renditions: Record<string, string>;
  };
  error?: string;
  message?: string;
}

async function uploadRaw(body: Buffer, contentType = "application/octet-stream"): Promise<{ status: number; body: UploadAnswer }> {
  const response = await service.request("/media", { method: "POST", headers: { "content-type": contentType }, body });
  return { status: response.status, body: (await response.json()) as UploadAnswer };
}

async function uploadForm(body: Buffer, fileName: string, type: string): Promise<{ status: number; body: UploadAnswer }> {
  const form = new FormData();
  form.append("file", new Blob([body], { type }), fileName);
  const response = await service.request("/media", { method: "POST", body: form });
  return { status: response.status, body: (await response.json()) as UploadAnswer };
}

/** A photo-like JPEG (noise compresses badly), so cutting it short removes real image data. */
async function noisyJpeg(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7919 + (i >> 5) * 104729) % 251;
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

async function storedFiles(): Promise<string[]> {
  const root = (service.media.storage as LocalDiskStorage).root;
  try {
    return (await readdir(root, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
  } catch {
    return [];
  }
}

describe("uploading an original", () => {
  it("records the real format, size, checksum and dominant colour, and stores the same bytes once", async () => {
    const jpeg = await solidImage(640, 480, "#c83232");
    const first = await uploadRaw(jpeg, "image/png");
    expect(first.status).toBe(201);
    const sha = createHash("sha256").update(jpeg).digest("hex");
    expect(first.body).toMatchObject({
      created: true,
      asset: { id: sha, format: "JPEG", mimeType: "image/jpeg", width: 640, height: 480, bytes: jpeg.length, checksum: `sha256:${sha}` },
    });
    const [r, g, b] = (first.body.asset?.dominantColor.match(/[0-9a-f]{2}/g) ?? []).map((h) => parseInt(h, 16));
    expect(r).toBeGreaterThan(150);
    expect(g).toBeLessThan(90);
    expect(b).toBeLessThan(90);

    const again = await uploadForm(jpeg, "another-name.jpg", "image/jpeg");
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, asset: { id: sha } });
    expect(await service.connection.collection("media_assets").countDocuments({ _id: sha as never })).toBe(1);

    const original = await service.request(`/media/${sha}`);
    expect(original.status).toBe(200);
    expect(original.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await original.arrayBuffer()).equals(jpeg)).toBe(true);
  });

  it("accepts every allowed format, decided from the bytes", async () => {
    for (const format of ["png", "webp", "gif", "tiff", "avif"] as const) {
      const { status, body } = await uploadForm(await solidImage(64, 48, "#3355aa", format), "picture.jpg", "image/jpeg");
      expect(status, format).toBe(201);
      expect(body.asset).toMatchObject({ format: format.toUpperCase(), width: 64, height: 48 });
    }
  });
});

describe("hostile and broken files", () => {
  it("refuses each with a clear 4xx, stores nothing of it, and the process stays up", async () => {
    // Renditions of the earlier uploads are still being made in the background; wait so the files can be compared.
    await service.media.idle();
    const filesBefore = await storedFiles();
    const assetsBefore = await service.connection.collection("media_assets").countDocuments();

    const empty = await uploadRaw(Buffer.alloc(0));
    expect(empty).toMatchObject({ status: 400, body: { error: "EMPTY_FILE" } });

    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    const renamed = await uploadForm(svg, "innocent.png", "image/png");
    expect(renamed.status).toBe(415);
    expect(renamed.body.error).toBe("UNSUPPORTED_FORMAT");
    expect(renamed.body.message).toMatch(/SVG/);

    const pdf = await uploadRaw(Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\n"), "image/jpeg");
    expect(pdf.status).toBe(415);
    expect(pdf.body.message).toMatch(/PDF/);

    const started = Date.now();
    const bomb = await uploadForm(pixelBombPng(30_000, 30_000), "bomb.png", "image/png");
    expect(bomb.status).toBe(422);
    expect(bomb.body.error).toBe("TOO_MANY_PIXELS");
    expect(bomb.body.message).toContain("30000×30000");
    expect(Date.now() - started).toBeLessThan(5_000);

    const whole = await noisyJpeg(300, 300);
    expect(whole.length).toBeLessThan(maxBytes);
    const truncated = await uploadRaw(whole.subarray(0, Math.floor(whole.length * 0.6)), "image/jpeg");
    expect(truncated.status).toBe(400);
    expect(truncated.body.error).toBe("CORRUPT_IMAGE");
    expect(truncated.body.message).toMatch(/JPEG/);

    const tooLarge = await uploadRaw(Buffer.concat([whole, Buffer.alloc(maxBytes)]), "image/jpeg");
    expect(tooLarge).toMatchObject({ status: 413, body: { error: "TOO_LARGE" } });
    // Streamed without a Content-Length, so only the count while reading can stop it.
    const chunked = await service.request("/media", {
      method: "POST",
      headers: { "content-type": "image/jpeg" },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(maxBytes / 4));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as UploadAnswer).error).toBe("TOO_LARGE");
    const tooLargeForm = await uploadForm(Buffer.concat([whole, Buffer.alloc(maxBytes)]), "big.jpg", "image/jpeg");
    expect(tooLargeForm).toMatchObject({ status: 413, body: { error: "TOO_LARGE" } });

    expect(await service.connection.collection("media_assets").countDocuments()).toBe(assetsBefore);
    const filesAfter = await storedFiles();
    expect(filesAfter).toEqual(filesBefore);
    expect(filesAfter.filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expect((await service.request("/healthz")).status).toBe(200);
    // And a good file still goes through afterwards.
    expect((await uploadRaw(whole)).status).toBe(201);
  });
});
