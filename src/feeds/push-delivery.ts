import type { Readable } from "node:stream";

/** One part of a channel's published feed on its way to a push API: a whole request body. */
export interface PushPart {
  channel: string;
  /** The snapshot the part belongs to (its first file's name): parts of one generation belong together. */
  generation: string;
  /** 1-based, of `parts`. */
  part: number;
  parts: number;
  contentType: string;
  bytes: number;
  /** The part's ETag: the same body always has the same one, so a client may skip a body it already sent. */
  etag: string;
  /** A fresh stream of the body each time it is called. */
  body(): Readable;
}

/**
 * Sends a channel's feed to a marketplace that takes pushes instead of pulling (Ozon's product import,
 * Wildberries' card upload, eBay's bulk calls, Pinterest's items batch): an HTTP client for that API
 * plugs in here, by channel code (`Config.feeds.pushDeliveries`). After every published snapshot the
 * channel's `feed.deliver` job hands it the parts in order. deliver() resolves once the marketplace
 * accepted the part; a throw fails the job, which is retried with backoff from the first part not yet
 * accepted, also after a crash. A newer snapshot replaces one not yet fully delivered.
 */
export interface PushDelivery {
  deliver(part: PushPart, signal: AbortSignal): Promise<void>;
}
