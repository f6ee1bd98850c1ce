import { httpRoute } from "../auth/http-access.js";
import type { IncomingMessage } from "node:http";
import busboy from "busboy";
import express, { type Request, type Response } from "express";
import { PimError } from "../errors.js";
import { UploadRefused } from "../media/inspect-upload.js";
import type { MediaService, StoredRendition } from "../media/media-service.js";
import { assetView } from "../media/asset-view.js";
import { formatExtensions } from "../media/presets.js";

interface ReceivedUpload {
  bytes: Buffer;
  name: string | null;
}

const tooLarge = (maxBytes: number) => new UploadRefused(413, "TOO_LARGE", `The file is larger than the limit of ${maxBytes} bytes`);

/**
 * The raw request body, refused as soon as it passes the limit instead of after buffering it all. The rest
 * is read and dropped rather than the stream destroyed, so the client still gets the 413.
 */
function readRawBody(req: IncomingMessage, maxBytes: number): Promise<ReceivedUpload> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let total = 0;
    req.on("data", (chunk: Buffer) => {
      const refusedAlready = total > maxBytes;
      total += chunk.length;
      if (total <= maxBytes) chunks.push(chunk);
      else if (!refusedAlready) {
        chunks = [];
        reject(tooLarge(maxBytes));
      }
    });
    req.on("end", () => {
      if (total <= maxBytes) resolve({ bytes: Buffer.concat(chunks), name: null });
    });
    req.on("error", reject);
  });
}

/** The first file of a multipart/form-data body, streamed by busboy with the same limit. */
function readMultipartFile(req: IncomingMessage, maxBytes: number): Promise<ReceivedUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 20, parts: 30 } });
    } catch (error) {
      reject(new UploadRefused(400, "CORRUPT_IMAGE", `The multipart body cannot be read: ${(error as Error).message}`));
      return;
    }
    let upload: Promise<ReceivedUpload> | null = null;
    parser.on("file", (_field, file, info) => {
      upload = new Promise((resolveFile, rejectFile) => {
        const chunks: Buffer[] = [];
        file.on("data", (chunk: Buffer) => chunks.push(chunk));
        file.on("limit", () => rejectFile(tooLarge(maxBytes)));
        file.on("error", rejectFile);
        file.on("close", () => resolveFile({ bytes: Buffer.concat(chunks), name: info.filename || null }));
      });
      // A rejection is read after the parser finishes; until then it must not count as unhandled.
      upload.catch(() => undefined);
    });
    parser.on("error", (error: Error) => reject(new UploadRefused(400, "CORRUPT_IMAGE", `The multipart body cannot be read: ${error.message}`)));
    parser.on("close", () => {
      if (!upload) reject(new UploadRefused(400, "EMPTY_FILE", "The multipart body has no file part"));
      else upload.then(resolve, reject);
    });
    req.pipe(parser);
  });
}

/** Renditions and originals never change under their URL: a changed picture is a new asset id. */
const immutable = "public, max-age=31536000, immutable";

/** Sizes come only from presets, so no request can make the server render an arbitrary size. */
function refuseQuery(req: Request, presets: string[]): void {
  const names = Object.keys(req.query);
  if (names.length > 0)
    throw new PimError("BAD_USER_INPUT", `Query parameters are not accepted (got ${names.join(", ")}): sizes come only from presets (${presets.join(", ")})`);
}

function ifNoneMatch(req: Request): string[] {
  return (req.headers["if-none-match"] ?? "").split(",").map((tag) => tag.trim().replace(/^W\//, ""));
}

async function sendStored(req: Request, res: Response, media: MediaService, stored: StoredRendition): Promise<void> {
  res.setHeader("Cache-Control", immutable);
  res.setHeader("ETag", stored.etag);
  res.setHeader("Content-Type", stored.contentType);
  res.setHeader("X-Content-Type-Options", "nosniff");
  // Storefronts on their own domains show these images; the same-origin default would block them.
  res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
  // Compared directly rather than with req.fresh: fetch clients add `Cache-Control: no-cache` to every
  // conditional request, which makes req.fresh false although the representation cannot have changed.
  if (ifNoneMatch(req).includes(stored.etag)) {
    res.status(304).end();
    return;
  }
  res.setHeader("Content-Length", String(stored.bytes));
  const stream = media.storage.stream(stored.key);
  stream.on("error", (error) => res.destroy(error));
  stream.pipe(res);
}

/**
 * The preset a request names, as `web_800` or with the file extension of its format (`viber.jpg`):
 * some clients (Viber's picture messages) take an image only from a URL ending in one.
 */
function presetOf(requested: string, media: MediaService): string {
  const dot = requested.lastIndexOf(".");
  const name = dot === -1 ? requested : requested.slice(0, dot);
  const preset = media.preset(name);
  if (dot !== -1 && !formatExtensions[preset.format].includes(requested.slice(dot + 1)))
    throw new PimError("NOT_FOUND", `Preset ${name} is ${preset.format}; its URL ends in .${formatExtensions[preset.format].join(" or .")} or in no extension`);
  return name;
}

/** `POST /media` uploads an original; `GET /media/{asset}` and `GET /media/{asset}/{preset}` serve it and its renditions. */
export function mediaRoutes(media: MediaService): express.Router {
  const router = express.Router();
  const presetNames = [...media.presets.presets.keys()];

  router.post(httpRoute("POST", "/media", ["editor"]), async (req, res) => {
    const declared = Number(req.headers["content-length"]);
    try {
      if (declared > media.limits.maxBytes) throw tooLarge(media.limits.maxBytes);
      const received = req.is("multipart/form-data") ? await readMultipartFile(req, media.limits.maxBytes) : await readRawBody(req, media.limits.maxBytes);
      const { asset, created } = await media.upload(received.bytes, { originalName: received.name });
      res.status(created ? 201 : 200).json({ created, asset: assetView(asset, presetNames) });
    } catch (error) {
      // Whatever is left of a refused body is read and dropped, then the connection closed.
      res.setHeader("Connection", "close");
      req.resume();
      throw error;
    }
  });

  router.get(httpRoute("GET", "/media/:asset", "public"), async (req, res) => {
    refuseQuery(req, presetNames);
    const asset = await media.asset(req.params.asset);
    if (!asset) throw new PimError("NOT_FOUND", `No asset ${req.params.asset}`);
    await sendStored(req, res, media, media.original(asset));
  });

  router.get(httpRoute("GET", "/media/:asset/:preset", "public"), async (req, res) => {
    refuseQuery(req, presetNames);
    const preset = presetOf(req.params.preset, media);
    if (!(await media.asset(req.params.asset))) throw new PimError("NOT_FOUND", `No asset ${req.params.asset}`);
    await sendStored(req, res, media, await media.rendition(req.params.asset, preset));
  });
  return router;
}
