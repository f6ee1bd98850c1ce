import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../project-root.js";
import { staticSchemaValidator } from "../validation/json-schemas.js";
import { describeSchemaErrors } from "../validation/input-validation.js";

export type OutputFormat = "jpeg" | "webp" | "avif" | "png";

/** The file name extensions of each format, the usual one first. */
export const formatExtensions: Record<OutputFormat, readonly string[]> = { jpeg: ["jpg", "jpeg"], png: ["png"], webp: ["webp"], avif: ["avif"] };

export interface RenditionPreset {
  name: string;
  purpose: "channel" | "thumbnail" | "zoom" | "srcset" | "app";
  description?: string;
  width: number;
  height: number;
  fit: "inside" | "contain" | "frame";
  fill?: number;
  format: OutputFormat;
  quality: number;
  background?: string;
  minLongestSide?: number;
  maxBytes?: number;
  /** Changes whenever the definition does, so a changed preset is rendered again instead of served stale. */
  fingerprint: string;
}

export interface ChannelImagePresets {
  images: string;
  main?: string;
  renditions?: string[];
}

export interface PresetCatalog {
  presets: ReadonlyMap<string, RenditionPreset>;
  /** By exporter code. */
  channels: ReadonlyMap<string, ChannelImagePresets>;
}

interface PresetFile {
  presets: Record<string, Omit<RenditionPreset, "name" | "fingerprint">>;
  channels: Record<string, ChannelImagePresets>;
}

export const defaultPresetFile = join(projectRoot, "src", "media", "media-presets.json");

/** Reads and checks the presets file; a bad file stops the start with the field and the reason. */
export function loadPresets(file = defaultPresetFile): PresetCatalog {
  const raw: unknown = JSON.parse(readFileSync(file, "utf8"));
  const validate = staticSchemaValidator<PresetFile>("media-presets.schema.json");
  if (!validate(raw)) {
    const problem = describeSchemaErrors(validate.errors ?? [])[0];
    throw new Error(`Invalid media presets in ${file}: ${problem?.path.join(".")} ${problem?.message}`);
  }
  const presets = new Map<string, RenditionPreset>();
  for (const [name, definition] of Object.entries(raw.presets)) {
    const fingerprint = createHash("sha256").update(JSON.stringify(definition)).digest("hex").slice(0, 12);
    presets.set(name, { name, ...definition, fingerprint });
  }
  for (const [exporter, channel] of Object.entries(raw.channels)) {
    for (const name of [channel.images, channel.main, ...(channel.renditions ?? [])]) {
      if (name !== undefined && !presets.has(name))
        throw new Error(`Invalid media presets in ${file}: channels.${exporter} names preset ${name}, which does not exist`);
    }
  }
  return { presets, channels: new Map(Object.entries(raw.channels)) };
}

/** A rectangle of an upright picture, in the original's pixels. */
export interface PixelRegion {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The size a rendition of a width×height original comes out at: scaled down into the box, never up; contain
 * then pads to the box's aspect. A frame is a square around the product's region of the picture, so it
 * depends on that region; without it the whole picture counts as the product, the largest the frame can be.
 */
export function renditionSize(
  preset: RenditionPreset,
  width: number,
  height: number,
  product?: Pick<PixelRegion, "width" | "height">,
): { width: number; height: number } {
  if (preset.fit === "frame") {
    const framed = product ?? { width, height };
    const side = Math.min(preset.width, Math.ceil(Math.max(framed.width, framed.height) / (preset.fill ?? 1)));
    return { width: side, height: side };
  }
  const scale = Math.min(1, preset.width / width, preset.height / height);
  const inside = { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
  if (preset.fit !== "contain") return inside;
  const boxAspect = preset.width / preset.height;
  return inside.width / inside.height > boxAspect
    ? { width: inside.width, height: Math.round(inside.width / boxAspect) }
    : { width: Math.round(inside.height * boxAspect), height: inside.height };
}

/** Why an original cannot give this preset what its channel asks for, or null when it can. */
export function tooSmallFor(preset: RenditionPreset, width: number, height: number): string | null {
  const longest = Math.max(width, height);
  if (preset.minLongestSide === undefined || longest >= preset.minLongestSide) return null;
  return `the original is ${width}×${height}; preset ${preset.name} needs at least ${preset.minLongestSide} px on the longest side, and images are never upscaled`;
}
