import { FeedSnapshots } from "../feeds/feed-snapshots.js";
import { FeedService } from "../feeds/feed-service.js";
import { feedRoutes } from "../http/feed-routes.js";
import { previewRoutes } from "../http/preview-routes.js";
import { statusRoutes } from "../http/status-routes.js";
import type { SubsystemFactory } from "./subsystem.js";

export const feeds: SubsystemFactory = async ({ catalog, storage, jobs, logger, config }) => {
  const feeds = new FeedService(catalog, new FeedSnapshots(storage.feeds), jobs, logger, config.feeds?.pushDeliveries);
  return {
    serves: { feeds },
    routes: [feedRoutes(feeds), statusRoutes(catalog, feeds, jobs), previewRoutes(catalog, feeds)],
    start: () => feeds.start({ generate: config.generateFeeds }),
    stop: () => feeds.stop(),
  };
};
