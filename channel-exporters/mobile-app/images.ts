import { renditionBoxes, type MapContext, type Rendition } from "../types.js";

export type ImageFormat = "jpeg" | "png" | "webp" | "gif" | "avif";

export interface ImageRendition {
  url: string;
  /** The rendition's bounding box, not the picture's own size: the picture fits inside it, aspect kept. */
  width: number;
  height: number;
  format: ImageFormat;
}

export interface MobileImage {
  renditions: ImageRendition[];
}

const formatByExtension: Record<string, ImageFormat> = { jpg: "jpeg", jpeg: "jpeg", png: "png", webp: "webp", gif: "gif", avif: "avif" };

const ladder = Object.entries(renditionBoxes) as Array<[Exclude<Rendition, "original">, number]>;

/**
 * Every image on the fixed rendition ladder, smallest first. The media service that will serve these
 * URLs keeps the source's format, so the format is the file's; a file of another kind is left out.
 */
export function imageRenditions(files: string[], context: MapContext): MobileImage[] {
  return files.flatMap((file) => {
    const format = formatByExtension[file.slice(file.lastIndexOf(".") + 1).toLowerCase()];
    if (!format) {
      context.warn("images", `${file} is not a JPEG, PNG, WebP, GIF or AVIF file, so the app gets no rendition of it`);
      return [];
    }
    return [{ renditions: ladder.map(([rendition, box]) => ({ url: context.mediaUrl(file, rendition), width: box, height: box, format })) }];
  });
}
