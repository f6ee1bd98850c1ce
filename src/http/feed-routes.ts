import express, { type Request, type Response } from "express";
import type { FeedService } from "../feeds/feed-service.js";
import { feedTokenMatches } from "../feeds/feed-tokens.js";
import { ExportRun } from "../feeds/export-run.js";
import { writeChangesSince } from "../feeds/changes-since.js";
import { httpRoute } from "../auth/http-access.js";
import { partsOf } from "../feeds/feed-snapshots.js";

/** The same answer for an unknown channel and a wrong token, so a guess learns nothing. */
function notFound(res: Response): void {
  res.status(404).json({ error: "NOT_FOUND", message: "No such feed" });
}

/** A token in the URL wins over the header, so a client that sends an API key on every request can still pull with a feed token. */
function offeredToken(req: Request): string | null {
  if (typeof req.query.token === "string" && req.query.token !== "") return req.query.token;
  const header = req.headers.authorization;
  if (header?.startsWith("Bearer ")) return header.slice("Bearer ".length).trim() || null;
  return null;
}

/** Pull URLs for marketplaces: the latest snapshot of a channel's feed, guarded by that channel's token. */
export function feedRoutes(feeds: FeedService): express.Router {
  const router = express.Router();

  /** The channel the request may read, or null once it has been answered with 401 or 404. */
  async function authorizedChannel(req: Request<{ channel: string }>, res: Response): Promise<string | null> {
    const token = offeredToken(req);
    if (!token) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="feeds"');
      res.status(401).json({ error: "UNAUTHENTICATED", message: "A feed token is required: ?token=… or Authorization: Bearer …" });
      return null;
    }
    const channel = req.params.channel;
    if (/^[a-z][a-z0-9_]{0,99}$/.test(channel) && (await feedTokenMatches(feeds.models, channel, token))) return channel;
    notFound(res);
    return null;
  }

  // Not API keys: the routes check the channel's own feed token, which opens that one feed and nothing else.
  router.get(httpRoute("GET", "/feeds/:channel", "public"), async (req, res) => {
    const channel = await authorizedChannel(req, res);
    if (!channel) return;
    if (req.query.since !== undefined) {
      await sendChangesSince(channel, req, res);
      return;
    }
    await sendPart(channel, 1, req, res);
  });

  /** The later files of a feed cut into parts (a channel's limit per file or per request); part 1 is the feed's own URL. */
  router.get(httpRoute("GET", "/feeds/:channel/parts/:part", "public"), async (req, res) => {
    const channel = await authorizedChannel(req, res);
    if (!channel) return;
    const part = /^[1-9]\d{0,5}$/.test(req.params.part) ? Number(req.params.part) : null;
    if (part === null) {
      res.status(400).json({ error: "BAD_USER_INPUT", message: "part must be a whole number from 1, as PIM-Feed-Parts counts them" });
      return;
    }
    await sendPart(channel, part, req, res);
  });

  async function sendPart(channel: string, part: number, req: Request, res: Response): Promise<void> {
    const snapshot = await feeds.snapshot(channel);
    if (!snapshot) {
      res.setHeader("Retry-After", "30");
      res.status(503).json({ error: "SERVICE_UNAVAILABLE", message: "The feed is being generated for the first time" });
      return;
    }
    // Parts of two generations do not add up to a feed: a client that names the one it began with hears when it changed.
    const asked = req.query.generation;
    if (typeof asked === "string" && asked !== snapshot.file) {
      res.status(409).json({
        error: "CONFLICT",
        message: `The feed was regenerated after generation ${asked.slice(0, 60)}; fetch it again from part 1 (GET /feeds/${channel})`,
      });
      return;
    }
    const parts = partsOf(snapshot);
    const file = parts[part - 1];
    if (!file) {
      res.status(404).json({ error: "NOT_FOUND", message: `The feed has ${parts.length} part${parts.length === 1 ? "" : "s"}, not ${part}` });
      return;
    }
    const gzip = req.acceptsEncodings("gzip", "identity") === "gzip";
    res.setHeader("Vary", "Accept-Encoding");
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("Content-Type", snapshot.contentType);
    res.setHeader("Last-Modified", new Date(snapshot.generatedAt).toUTCString());
    // Where a delta client continues after loading this whole feed.
    res.setHeader("PIM-Feed-Sequence", String(snapshot.sequence ?? 0));
    // A client of a channel with limits per file reads these and fetches /feeds/{channel}/parts/2 … n?generation=…
    res.setHeader("PIM-Feed-Parts", String(parts.length));
    res.setHeader("PIM-Feed-Generation", snapshot.file);
    res.setHeader("ETag", gzip ? `${file.etag.slice(0, -1)}-gzip"` : file.etag);
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    if (gzip) res.setHeader("Content-Encoding", "gzip");
    res.setHeader("Content-Length", String(gzip ? file.gzipBytes : file.bytes));
    const stream = feeds.snapshots.open(channel, gzip ? file.gzipFile : file.file);
    stream.on("error", (error) => res.destroy(error));
    stream.pipe(res);
  }

  /** Only what changed after a sequence, for channels whose items stand alone. */
  async function sendChangesSince(channel: string, req: Request, res: Response): Promise<void> {
    const offered = req.query.since;
    if (typeof offered !== "string" || !/^\d{1,15}$/.test(offered)) {
      res.status(400).json({ error: "BAD_USER_INPUT", message: "since must be a whole number: 0, or the nextSince or PIM-Feed-Sequence of an earlier pull" });
      return;
    }
    const run = await ExportRun.prepare(channel, feeds.catalog);
    if (!run.exporter.deltaPulls) {
      res.status(400).json({ error: "BAD_USER_INPUT", message: `the ${run.exporter.label} format has no partial updates; pull the whole feed without since` });
      return;
    }
    res.setHeader("Content-Type", "application/json; charset=utf-8");
    res.setHeader("Cache-Control", "no-store");
    await writeChangesSince(run, feeds.catalog.read, feeds.catalog.changeLog, Number(offered), res);
  }

  return router;
}
