import { PimError } from "../errors.js";
import type { Principal } from "./principal.js";

const contentKinds = new Set(["products", "product_models"]);

/**
 * Editors import catalog content; reference data (categories, attributes, families) is for admins, as
 * over GraphQL. A key limited to locales or category trees imports nothing: a file's rows are not
 * checked cell by cell against those limits, so they could change anything.
 */
export function assertMayImport(principal: Principal, kind: string | null | undefined): void {
  if (principal.role === "admin") return;
  if (kind && !contentKinds.has(kind)) {
    throw new PimError("FORBIDDEN", `importing ${kind} is for admin keys: reference data is the admin's`, [{ path: ["kind"], message: "needs an admin key" }]);
  }
  if (principal.locales !== null || principal.categoryTrees !== null) {
    throw new PimError("FORBIDDEN", "a key limited to locales or category trees cannot import: a file may change any value", [{ path: ["kind"], message: "needs a key without locale or category-tree limits" }]);
  }
}
