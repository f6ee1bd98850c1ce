import { literalAddressProblem, publicOnlyAgent } from "../protection/outbound-address.js";
import { UploadRefused } from "./inspect-upload.js";
import type { MediaService } from "./media-service.js";

/** Where an image named by a URL in an import goes: its asset id, or why it could not be had. */
export type ImageResolution = { asset: string } | { problem: string };

export interface ImageUrlSettings {
  /** Loopback and private addresses are refused unless allowed (a test, or images on the company network). */
  allowPrivateTargets: boolean;
  timeoutMs?: number;
}

/** An asset's own URL on any installation of this service: /media/{sha256}, optionally a preset. */
const assetPath = /\/media\/([0-9a-f]{64})(?:\/[a-z0-9_-]{1,50})?$/;

/**
 * Turns image URLs in imported cells into assets: a URL of an asset this installation already has
 * (the same content hash, as an export of another installation writes them) costs nothing; any other
 * is downloaded once per import, under the upload size limit, and stored like an upload.
 */
export function imageUrlResolver(media: MediaService, settings: ImageUrlSettings): (url: string) => Promise<ImageResolution> {
  const known = new Map<string, Promise<ImageResolution>>();
  return (url) => {
    let resolution = known.get(url);
    if (!resolution) {
      resolution = resolve(url, media, settings);
      known.set(url, resolution);
    }
    return resolution;
  };
}

async function resolve(url: string, media: MediaService, settings: ImageUrlSettings): Promise<ImageResolution> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: `${url} is not a URL` };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return { problem: `${url} is not an http or https URL` };
  const own = assetPath.exec(parsed.pathname)?.[1];
  if (own && (await media.asset(own))) return { asset: own };
  const refused = settings.allowPrivateTargets ? null : literalAddressProblem(url);
  if (refused) return { problem: `image ${url} is refused: ${refused}` };
  try {
    const bytes = await download(url, media.limits.maxBytes, settings);
    const { asset } = await media.upload(bytes, { originalName: decodeURIComponent(parsed.pathname.split("/").pop() ?? "") || null });
    return { asset: asset._id };
  } catch (error) {
    const reason = error instanceof UploadRefused ? error.message : error instanceof Error ? error.message : String(error);
    return { problem: `image ${url} could not be used: ${reason}` };
  }
}

async function download(url: string, maxBytes: number, settings: ImageUrlSettings): Promise<Buffer> {
  const response = await fetch(url, {
    ...(settings.allowPrivateTargets ? {} : { dispatcher: publicOnlyAgent() }),
    signal: AbortSignal.timeout(settings.timeoutMs ?? 15_000),
    // A redirect could lead anywhere, a private address included: the URL given must be the image's.
    redirect: "manual",
    headers: { "user-agent": "omnichannel-pim-import" },
  });
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`the server answered HTTP ${response.status}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new Error(`it is larger than the upload limit of ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
