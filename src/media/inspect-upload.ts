import { createHash } from "node:crypto";
import type { Metadata, Stats } from "sharp";
import { openImage, type ImageFormat } from "./safe-sharp.js";

export interface UploadLimits {
  maxBytes: number;
  maxPixels: number;
}

/** Why an upload is refused, with the HTTP status that says so. */
export class UploadRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 415 | 422,
    readonly code: "EMPTY_FILE" | "TOO_LARGE" | "UNSUPPORTED_FORMAT" | "TOO_MANY_PIXELS" | "CORRUPT_IMAGE",
    message: string,
  ) {
    super(message);
    this.name = "UploadRefused";
  }
}

export interface InspectedImage {
  /** sha256 of the bytes, hex: the asset's id. */
  id: string;
  format: ImageFormat;
  width: number;
  height: number;
  bytes: number;
  hasAlpha: boolean;
  /** The EXIF orientation (1–8) the renditions undo; 1 when there is none. */
  orientation: number;
  /** The most common colour, `#rrggbb`, e.g. for a placeholder or to tell a white background. */
  dominantColor: string;
}

const ascii = (buffer: Buffer, start: number, end: number) => buffer.toString("latin1", start, end);

/** The format from the first bytes; the file name and the client's Content-Type are never trusted. */
export function sniffFormat(bytes: Buffer): ImageFormat | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (bytes.length >= 6 && (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a")) return "gif";
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return "webp";
  if (bytes.length >= 4 && (ascii(bytes, 0, 4) === "II*\0" || ascii(bytes, 0, 4) === "MM\0*")) return "tiff";
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === "ftyp" && ["avif", "avis"].includes(ascii(bytes, 8, 12))) return "avif";
  return null;
}

function describeUnknown(bytes: Buffer): string {
  const head = bytes.subarray(0, 512).toString("utf8").trimStart().toLowerCase();
  if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.includes("<svg"))) return "the bytes are an SVG drawing";
  if (head.startsWith("%pdf")) return "the bytes are a PDF document";
  return "the bytes are not an image of an allowed format";
}

const hex = (n: number) => Math.round(n).toString(16).padStart(2, "0");

/**
 * Decides whether untrusted bytes become an asset: allowed format from the bytes, size and pixel limits from
 * the header before anything is decoded, then one full decode that fails on any corruption.
 */
export async function inspectUpload(bytes: Buffer, limits: UploadLimits): Promise<InspectedImage> {
  if (bytes.length === 0) throw new UploadRefused(400, "EMPTY_FILE", "The file is empty");
  if (bytes.length > limits.maxBytes) throw new UploadRefused(413, "TOO_LARGE", `The file is ${bytes.length} bytes; the limit is ${limits.maxBytes}`);
  const format = sniffFormat(bytes);
  if (!format) throw new UploadRefused(415, "UNSUPPORTED_FORMAT", `Only JPEG, PNG, WebP, AVIF, GIF and TIFF are accepted; ${describeUnknown(bytes)}`);

  let header: Metadata;
  try {
    // Header only: a decompression bomb is refused here by its claimed size, before a pixel is decoded.
    header = await openImage(bytes, { maxPixels: Number.MAX_SAFE_INTEGER }).metadata();
  } catch (error) {
    throw new UploadRefused(400, "CORRUPT_IMAGE", `The ${format.toUpperCase()} file cannot be read: ${(error as Error).message}`);
  }
  const width = header.autoOrient.width;
  const height = header.autoOrient.height;
  if (!width || !height) throw new UploadRefused(400, "CORRUPT_IMAGE", `The ${format.toUpperCase()} file has no picture size in its header`);
  const pixels = header.width * header.height * (header.pages ?? 1);
  if (pixels > limits.maxPixels) {
    throw new UploadRefused(
      422,
      "TOO_MANY_PIXELS",
      `The image claims ${header.width}×${header.height}${(header.pages ?? 1) > 1 ? ` × ${header.pages} frames` : ""} = ${pixels} pixels; the limit is ${limits.maxPixels}`,
    );
  }

  let dominant: Stats["dominant"];
  try {
    // Decodes every pixel once: a truncated or corrupt body fails here, not later in a rendition.
    dominant = (await openImage(bytes, limits).stats()).dominant;
  } catch (error) {
    throw new UploadRefused(400, "CORRUPT_IMAGE", `The ${format.toUpperCase()} file is corrupt or truncated: ${(error as Error).message}`);
  }
  return {
    id: createHash("sha256").update(bytes).digest("hex"),
    format,
    width,
    height,
    bytes: bytes.length,
    hasAlpha: header.hasAlpha,
    orientation: header.orientation ?? 1,
    dominantColor: `#${hex(dominant.r)}${hex(dominant.g)}${hex(dominant.b)}`,
  };
}
