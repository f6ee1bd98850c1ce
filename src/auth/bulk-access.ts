import { PimError } from "../errors.js";
import type { Principal } from "./principal.js";

const contentKinds = new Set(["products", "product_models"]);

/**
 * Editors import catalog content; reference data (categories, attributes, families) is for admins, as
 * over GraphQL. A key limited to locales or category trees imports too: each row is held to its limits
 * by the catalog's write guard, and a row outside them is rejected naming the field and the limit.
 */
export function assertMayImport(principal: Principal, kind: string | null | undefined): void {
  if (principal.role === "admin") return;
  if (kind && !contentKinds.has(kind)) {
    throw new PimError("FORBIDDEN", `importing ${kind} is for admin keys: reference data is the admin's`, [{ path: ["kind"], message: "needs an admin key" }]);
  }
}
