import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { uploadTooLarge } from "../errors.js";

/**
 * Streams a request body into a file, refusing it as soon as it passes `maxBytes` rather than after
 * storing it all. The rest of a refused body is read and dropped, not the socket destroyed, so the
 * client still gets the 413; the partial file is removed.
 */
export function receiveUpload(req: IncomingMessage, path: string, maxBytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"]) > maxBytes) {
      req.resume();
      reject(uploadTooLarge(maxBytes));
      return;
    }
    const file = createWriteStream(path);
    let total = 0;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      file.destroy();
      req.resume();
      rm(path, { force: true }).then(() => reject(error), reject);
    };
    file.on("error", fail);
    req.on("error", fail);
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      total += chunk.length;
      if (total > maxBytes) return fail(uploadTooLarge(maxBytes));
      if (!file.write(chunk)) {
        req.pause();
        file.once("drain", () => req.resume());
      }
    });
    req.on("end", () => {
      if (failed) return;
      file.end();
      file.once("close", () => resolve(total));
    });
  });
}
