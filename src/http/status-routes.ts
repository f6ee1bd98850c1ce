import express from "express";
import type { CatalogServices } from "../catalog/services.js";
import type { FeedService } from "../feeds/feed-service.js";
import type { BackgroundJobs } from "../jobs/background-jobs.js";

/**
 * `GET /status` (admin keys: no route declaration): the background work behind the API, so an operator
 * sees a feed that fell behind or work that is stuck. `/readyz` stays about the database alone.
 */
export function statusRoutes(catalog: CatalogServices, feeds: FeedService, jobs: BackgroundJobs): express.Router {
  const router = express.Router();
  router.get("/status", async (_req, res) => {
    const [channels, completeness, backgroundJobs, publishedThrough, unpublished] = await Promise.all([
      feeds.statuses(),
      catalog.completeness.state(),
      jobs.list(),
      catalog.changeLog.safeSequence(),
      catalog.changeLog.unpublished(),
    ]);
    res.json({
      changeEvents: { publishedThrough, unpublished },
      feeds: channels,
      completenessRefreshes: completeness,
      jobs: {
        total: backgroundJobs.length,
        waiting: backgroundJobs.filter((job) => job.state !== "idle").length,
        failing: backgroundJobs.filter((job) => job.failedAttempts > 0),
      },
    });
  });
  return router;
}
