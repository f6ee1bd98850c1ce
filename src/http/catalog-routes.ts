import express from "express";
import type { CatalogServices } from "../catalog/services.js";
import { familyProductSchema } from "../catalog/validation/family-schema.js";
import { httpRoute } from "../auth/http-access.js";
import { productReaders } from "../auth/roles.js";

/** Plain-HTTP reads of the catalog that integrators use without GraphQL. */
export function catalogHttpRoutes(catalog: CatalogServices): express.Router {
  const router = express.Router();
  router.get(httpRoute("GET", "/schema/families/:file", productReaders), async (req, res) => {
    const match = /^([a-z][a-z0-9_]{0,99})\.json$/.exec(req.params.file);
    const definitions = await catalog.definitions();
    const family = match?.[1] ? definitions.families.get(match[1]) : undefined;
    if (!family) {
      res.status(404).json({ error: "NOT_FOUND", message: `No family ${req.params.file.replace(/\.json$/, "")}` });
      return;
    }
    res.type("application/schema+json").json(familyProductSchema(family, definitions));
  });
  return router;
}
