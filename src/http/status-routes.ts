import express from "express";
import type { CatalogServices } from "../catalog/services.js";
import type { FeedService } from "../feeds/feed-service.js";

/**
 * `GET /status` (admin keys: no route declaration): the background work behind the API, so an operator
 * sees a feed that fell behind or work that is stuck. `/readyz` stays about the database alone.
 */
export function statusRoutes(catalog: CatalogServices, feeds: FeedService): express.Router {
  const router = express.Router();
  router.get("/status", async (_req, res) => {
    const [channels, completeness] = await Promise.all([feeds.statuses(), catalog.context.completeness.state()]);
    res.json({
      changeEvents: { publishedThrough: catalog.changeLog.safeSequence(), unpublished: catalog.changeLog.unpublished() },
      feeds: channels,
      completenessRefreshes: completeness,
    });
  });
  return router;
}
