/**
 * `npm run bench:media -- [--width 4000 --height 3000] [--iterations 40] [--memory-renders 1000]`
 *
 * Renditions per second of one large JPEG to a 720 px JPEG and to a 720 px WebP through the media pipeline
 * (src/media/render.ts: auto-orient, flatten, resize, sRGB, encode; then the atomic storage write), next
 * to a bare `sharp(buffer).resize(720).jpeg()` / `.webp()` of the same image in the same process, taking
 * turns; the ratio is the pipeline's overhead. Then the peak RSS while rendering 1,000 images in a row, sampled every 20 ms.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { projectRoot } from "../../src/project-root.js";
import { renderRendition } from "../../src/media/render.js";
import { defaultUploadLimits } from "../../src/media/media-settings.js";
import { LocalDiskStorage } from "../../src/storage/local-disk-storage.js";
import type { RenditionPreset } from "../../src/media/presets.js";
import { runBench } from "../run-bench.js";

const { values: args } = parseArgs({
  options: {
    width: { type: "string", default: "4000" },
    height: { type: "string", default: "3000" },
    iterations: { type: "string", default: "40" },
    "memory-renders": { type: "string", default: "1000" },
  },
});
const width = Number(args.width);
const height = Number(args.height);
const iterations = Number(args.iterations);
const memoryRenders = Number(args["memory-renders"]);

/** A photo-like original: smooth gradients plus noise, so JPEG has real work to do. */
async function makeOriginal(): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 12345;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const noise = (seed >> 16) % 24;
      const i = (y * width + x) * 3;
      pixels[i] = Math.min(255, Math.round((x / width) * 200) + noise);
      pixels[i + 1] = Math.min(255, Math.round((y / height) * 200) + noise);
      pixels[i + 2] = Math.min(255, 120 + noise);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

const preset = (name: string, format: "jpeg" | "webp"): RenditionPreset => ({
  name,
  purpose: "channel",
  width: 720,
  height: 720,
  fit: "inside",
  format,
  quality: 80,
  ...(format === "jpeg" ? { background: "#ffffff" } : {}),
  fingerprint: "bench",
});

/**
 * Bare sharp and the pipeline take turns, one rendition each, so a change in the machine's load (it is
 * shared) falls on both alike; each side's time is summed separately.
 */
async function compare(bare: () => Promise<unknown>, pipeline: () => Promise<unknown>): Promise<{ bareSharpPerSecond: number; pipelinePerSecond: number }> {
  await bare();
  await pipeline();
  const seconds = { bare: 0, pipeline: 0 };
  const time = async (run: () => Promise<unknown>) => {
    const started = process.hrtime.bigint();
    await run();
    return Number(process.hrtime.bigint() - started) / 1e9;
  };
  for (let i = 0; i < iterations; i++) {
    seconds.bare += await time(bare);
    seconds.pipeline += await time(pipeline);
  }
  const perSecond = (total: number) => Math.round((iterations / total) * 100) / 100;
  return { bareSharpPerSecond: perSecond(seconds.bare), pipelinePerSecond: perSecond(seconds.pipeline) };
}

async function main(): Promise<void> {
  const original = await makeOriginal();
  const storageDir = await mkdtemp(join(tmpdir(), "pim-bench-media-"));
  const storage = new LocalDiskStorage(storageDir);
  const limits = { maxPixels: defaultUploadLimits.maxPixels };
  try {
    const jpegPreset = preset("bench_720_jpeg", "jpeg");
    const webpPreset = preset("bench_720_webp", "webp");
    let n = 0;
    const pipeline = async (p: RenditionPreset) => storage.put(`bench/${p.name}/${n++ % 50}`, (await renderRendition(original, p, limits)).data);

    const results = {
      jpeg: await compare(
        () => sharp(original).resize(720).jpeg().toBuffer(),
        () => pipeline(jpegPreset),
      ),
      webp: await compare(
        () => sharp(original).resize(720).webp().toBuffer(),
        () => pipeline(webpPreset),
      ),
    };
    const ratio = (r: { bareSharpPerSecond: number; pipelinePerSecond: number }) => Math.round((r.bareSharpPerSecond / r.pipelinePerSecond) * 100) / 100;

    const samples: Array<{ render: number; rssMiB: number }> = [];
    let rendered = 0;
    const mib = () => Math.round((process.memoryUsage().rss / 1024 / 1024) * 10) / 10;
    const sampler = setInterval(() => samples.push({ render: rendered, rssMiB: mib() }), 20);
    const rssBefore = mib();
    const started = Date.now();
    for (; rendered < memoryRenders; rendered++) await pipeline(rendered % 2 === 0 ? jpegPreset : webpPreset);
    clearInterval(sampler);
    const rssAt = (fraction: number) => samples.find((s) => s.render >= memoryRenders * fraction)?.rssMiB ?? null;

    const result = {
      command: `npm run bench:media -- --width ${width} --height ${height} --iterations ${iterations} --memory-renders ${memoryRenders}`,
      machine: {
        cpus: cpus().length,
        node: process.version,
        sharp: sharp.versions.sharp,
        vips: sharp.versions.vips,
        mallocArenaMax: process.env.MALLOC_ARENA_MAX ?? null,
      },
      original: { width, height, bytes: original.length },
      renditionsPerSecond: results,
      overhead: { jpeg: ratio(results.jpeg), webp: ratio(results.webp) },
      memory: {
        renders: memoryRenders,
        seconds: Math.round((Date.now() - started) / 100) / 10,
        rssBeforeMiB: rssBefore,
        rssAt10PercentMiB: rssAt(0.1),
        rssAt50PercentMiB: rssAt(0.5),
        rssAt90PercentMiB: rssAt(0.9),
        peakRssMiB: Math.max(...samples.map((s) => s.rssMiB)),
      },
    };
    const out = join(projectRoot, "bench", "results", `media-${width}x${height}.json`);
    await mkdir(join(projectRoot, "bench", "results"), { recursive: true });
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\nwritten to ${out}\n`);
  } finally {
    await rm(storageDir, { recursive: true, force: true });
  }
}

runBench(main);
