import { createCatalogServices } from "../catalog/services.js";
import { catalogHttpRoutes } from "../http/catalog-routes.js";
import type { SubsystemFactory } from "./subsystem.js";

export const catalog: SubsystemFactory = async ({ connection, logger }) => {
  const catalog = createCatalogServices(connection, logger);
  await catalog.ensureIndexes();
  await catalog.changeLog.start();
  return { serves: { catalog }, routes: [catalogHttpRoutes(catalog)], stop: async () => catalog.changeLog.stop() };
};
