import { registerCatalogModels } from "../../src/catalog/models.js";
import type { CatalogServices } from "../../src/catalog/services.js";

/** The catalog's collections, for tests and benchmarks that check or seed what is stored; the service reads them only inside src/catalog. */
export function storedCatalog(catalog: Pick<CatalogServices, "connection">) {
  return registerCatalogModels(catalog.connection);
}
