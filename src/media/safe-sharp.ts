import sharp, { type Sharp } from "sharp";

/** The input formats an upload may have; never SVG, PDF or any loader outside this list. */
export const allowedFormats = ["jpeg", "png", "webp", "avif", "gif", "tiff"] as const;
export type ImageFormat = (typeof allowedFormats)[number];

export const mimeTypes: Record<ImageFormat, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  avif: "image/avif",
  gif: "image/gif",
  tiff: "image/tiff",
};

// libvips blocks an operation and all its subclasses: every loader first, then only the allow-list back
// (AVIF is read by the HEIF loader). Process-wide, so nothing in this process can decode SVG, PDF, magick…
sharp.block({ operation: ["VipsForeignLoad"] });
sharp.unblock({
  operation: ["VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadHeif", "VipsForeignLoadNsgif", "VipsForeignLoadTiff"],
});

export interface DecodeLimits {
  maxPixels: number;
}

/**
 * sharp for bytes that already passed inspection or come from our own storage: pixel limit, at most
 * four channels, and any decoder warning (a truncated file) is an error rather than a grey picture.
 */
export function openImage(input: Buffer, limits: DecodeLimits): Sharp {
  return sharp(input, { failOn: "warning", limitInputPixels: limits.maxPixels, limitInputChannels: 4, sequentialRead: true });
}

export { sharp };
