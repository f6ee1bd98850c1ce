import type { Sharp } from "sharp";
import { openImage, sharp, type DecodeLimits } from "./safe-sharp.js";
import { renditionSize, type RenditionPreset } from "./presets.js";

export interface RenderedImage {
  data: Buffer;
  width: number;
  height: number;
}

/** How far a pixel may differ from the corner colour and still count as background when framing. */
const trimThreshold = 30;

function encode(pipeline: Sharp, preset: RenditionPreset): Sharp {
  // Converted to sRGB (sharp's default output space) and tagged so, whatever profile the original had.
  const tagged = pipeline.withIccProfile("srgb");
  switch (preset.format) {
    case "jpeg":
      return tagged.jpeg({ quality: preset.quality, progressive: true, chromaSubsampling: "4:2:0" });
    case "webp":
      return tagged.webp({ quality: preset.quality });
    case "avif":
      return tagged.avif({ quality: preset.quality, effort: 2 });
    case "png":
      return tagged.png({ compressionLevel: 8 });
  }
}

/**
 * One rendition of a stored original: upright (EXIF orientation applied), sRGB, flattened on the preset's
 * background where it has one, scaled into the preset's box and never enlarged.
 */
export async function renderRendition(original: Buffer, preset: RenditionPreset, limits: DecodeLimits): Promise<RenderedImage> {
  if (preset.fit === "frame") return renderFramed(original, preset, limits);
  let pipeline = openImage(original, limits).autoOrient();
  if (preset.background) pipeline = pipeline.flatten({ background: preset.background });
  pipeline = pipeline.resize({ width: preset.width, height: preset.height, fit: "inside", withoutEnlargement: true });
  if (preset.fit === "contain") {
    const metadata = await openImage(original, limits).metadata();
    const inside = renditionSize({ ...preset, fit: "inside" }, metadata.autoOrient.width, metadata.autoOrient.height);
    const padded = renditionSize(preset, metadata.autoOrient.width, metadata.autoOrient.height);
    const left = Math.floor((padded.width - inside.width) / 2);
    const top = Math.floor((padded.height - inside.height) / 2);
    pipeline = pipeline.extend({ left, right: padded.width - inside.width - left, top, bottom: padded.height - inside.height - top, background: preset.background });
  }
  const { data, info } = await encode(pipeline, preset).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Amazon's main image: the background around the product trimmed away, then the product centred on a
 * square of pure background filling `fill` of it. The square is as large as the product allows up to the
 * box, so a small product is never enlarged.
 */
async function renderFramed(original: Buffer, preset: RenditionPreset, limits: DecodeLimits): Promise<RenderedImage> {
  const background = preset.background ?? "#ffffff";
  const fill = preset.fill ?? 1;
  const flat = openImage(original, limits).autoOrient().flatten({ background });
  const product = await flat
    .clone()
    .trim({ background, threshold: trimThreshold })
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch(() => flat.clone().raw().toBuffer({ resolveWithObject: true }));
  const { width, height, channels } = product.info;
  const side = Math.min(preset.width, Math.ceil(Math.max(width, height) / fill));
  const scale = Math.min(1, (side * fill) / Math.max(width, height));
  const inner = { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
  const left = Math.floor((side - inner.width) / 2);
  const top = Math.floor((side - inner.height) / 2);
  const pipeline = sharp(product.data, { raw: { width, height, channels } })
    .resize(inner.width, inner.height, { fit: "fill" })
    .extend({ left, right: side - inner.width - left, top, bottom: side - inner.height - top, background });
  const { data, info } = await encode(pipeline, preset).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
