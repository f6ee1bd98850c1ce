import { mediaRoutes } from "../http/media-routes.js";
import { MediaService } from "../media/media-service.js";
import { measureOldProductRegions } from "../media/product-regions.js";
import type { SubsystemFactory } from "./subsystem.js";

export const media: SubsystemFactory = async ({ connection, storage, config, logger, jobs }) => {
  const media = MediaService.onStorage(connection, storage.media, config.media, logger, jobs);
  const productRegions = measureOldProductRegions(media, connection, jobs, logger);
  return { serves: { media }, routes: [mediaRoutes(media)], start: () => productRegions.requestOnce(), stop: () => media.stop() };
};
