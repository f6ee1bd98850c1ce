import { resolve } from "node:path";
import { writeGuardFor } from "../auth/write-rights.js";
import { BulkJobs } from "../bulk/jobs/bulk-jobs.js";
import { bulkRoutes } from "../http/bulk-routes.js";
import { imageUrlResolver } from "../media/image-urls.js";
import type { SubsystemFactory } from "./subsystem.js";

export const bulk: SubsystemFactory = async ({ connection, catalog, config, logger, storage, jobs, media }) => {
  const bulk = new BulkJobs(connection, catalog, resolve(config.dataDir, "bulk"), config.bulk, logger, {
    guardFor: (principal) => writeGuardFor(principal, catalog.categoryRoots),
    files: storage.bulk,
    jobs,
    imageUrls: () => imageUrlResolver(media, { allowPrivateTargets: config.bulk?.allowPrivateImageUrls ?? false }),
  });
  return { serves: { bulk }, routes: [bulkRoutes(bulk)], stop: () => bulk.stop() };
};
