import { mediaRoutes } from "../http/media-routes.js";
import { MediaService } from "../media/media-service.js";
import type { SubsystemFactory } from "./subsystem.js";

export const media: SubsystemFactory = async ({ connection, storage, config, logger, jobs }) => {
  const media = MediaService.onStorage(connection, storage.media, config.media, logger, jobs);
  return { serves: { media }, routes: [mediaRoutes(media)], stop: () => media.stop() };
};
