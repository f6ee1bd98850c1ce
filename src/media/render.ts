import type { Sharp } from "sharp";
import { openImage, sharp, type DecodeLimits } from "./safe-sharp.js";
import { renditionSize, type PixelRegion, type RenditionPreset } from "./presets.js";

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
    pipeline = pipeline.extend({
      left,
      right: padded.width - inside.width - left,
      top,
      bottom: padded.height - inside.height - top,
      background: preset.background,
    });
  }
  const { data, info } = await encode(pipeline, preset).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The side of the copy on which the product's outline is found: enough to place it within a pixel or two of the final frame. */
const outlineProbeSide = 1024;

/**
 * Where the product is in an upright picture: what is left once the background around it is trimmed away.
 * The outline is found on a copy at most 1024 px wide, so a 50-megapixel upload is never held as raw pixels.
 */
export async function productRegion(original: Buffer, background: string, limits: DecodeLimits): Promise<PixelRegion> {
  const { autoOrient } = await openImage(original, limits).metadata();
  const fullWidth = autoOrient.width;
  const fullHeight = autoOrient.height;
  const probeScale = Math.min(1, outlineProbeSide / Math.max(fullWidth, fullHeight));
  // sharp trims before it resizes within one pipeline, so the small copy is made first and trimmed apart.
  const small = await openImage(original, limits)
    .autoOrient()
    .flatten({ background })
    .resize({ width: Math.max(1, Math.round(fullWidth * probeScale)), height: Math.max(1, Math.round(fullHeight * probeScale)), fit: "fill" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const probe = await sharp(small.data, { raw: { width: small.info.width, height: small.info.height, channels: small.info.channels } })
    .trim({ background, threshold: trimThreshold })
    .toBuffer({ resolveWithObject: true })
    .then(({ info }) => ({ left: -(info.trimOffsetLeft ?? 0), top: -(info.trimOffsetTop ?? 0), width: info.width, height: info.height }))
    // Nothing but background: the whole picture is the product.
    .catch(() => ({ left: 0, top: 0, width: Math.round(fullWidth * probeScale), height: Math.round(fullHeight * probeScale) }));
  const left = Math.max(0, Math.floor(probe.left / probeScale));
  const top = Math.max(0, Math.floor(probe.top / probeScale));
  return {
    left,
    top,
    width: Math.max(1, Math.min(fullWidth - left, Math.ceil(probe.width / probeScale))),
    height: Math.max(1, Math.min(fullHeight - top, Math.ceil(probe.height / probeScale))),
  };
}

/**
 * Amazon's main image: the product's region (the background around it trimmed away) centred on a square of
 * pure background filling `fill` of it. The square is as large as the product allows up to the box, so a
 * small product is never enlarged; only the product's region of the original is scaled.
 */
async function renderFramed(original: Buffer, preset: RenditionPreset, limits: DecodeLimits): Promise<RenderedImage> {
  const background = preset.background ?? "#ffffff";
  const region = await productRegion(original, background, limits);
  const side = renditionSize(preset, region.width, region.height).width;
  const fill = preset.fill ?? 1;
  const scale = Math.min(1, (side * fill) / Math.max(region.width, region.height));
  const inner = { width: Math.max(1, Math.round(region.width * scale)), height: Math.max(1, Math.round(region.height * scale)) };
  const left = Math.floor((side - inner.width) / 2);
  const top = Math.floor((side - inner.height) / 2);
  const pipeline = openImage(original, limits)
    .autoOrient()
    .flatten({ background })
    .extract(region)
    .resize(inner.width, inner.height, { fit: "fill" })
    .extend({ left, right: side - inner.width - left, top, bottom: side - inner.height - top, background });
  const { data, info } = await encode(pipeline, preset).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
