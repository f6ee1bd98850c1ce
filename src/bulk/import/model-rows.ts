import type { CatalogDefinitions } from "../../catalog/definitions.js";
import type { ProductModelInput } from "../../catalog/products/save-product-model.js";
import type { CatalogServices } from "../../catalog/services.js";
import { parseHeader, rowToProductInput } from "../layout/product-rows.js";
import { checkThenSave, problemsOfError, type EntityRows } from "./entity-rows.js";

const notModelColumns = ["sku", "family", "enabled"];

/**
 * Product model rows in Akeneo's layout: `code`, `family_variant`, `parent`, `categories` and the
 * products' value and association columns. A row is read like a product row (the code in the sku's
 * place), laid over the stored model, and saved by saveProductModel, so the API's rules apply.
 */
export function productModelRows(names: string[], definitions: CatalogDefinitions, catalog: CatalogServices): EntityRows | { problems: string[] } {
  const problems = names.filter((name) => notModelColumns.includes(name)).map((name) => `column ${name} belongs to products, not product models`);
  if (!names.includes("code")) problems.push("the file has no code column");
  const header = parseHeader(
    names.filter((name) => name !== "family_variant" && !notModelColumns.includes(name)).map((name) => (name === "code" ? "sku" : name)),
    definitions,
  );
  problems.push(...header.problems.filter((problem) => problem !== "the file has no sku column"));
  if (problems.length > 0) return { problems };
  const columnOfPath: Record<string, string> = { sku: "code", familyVariant: "family_variant" };

  return {
    keyOf: (cells) => (cells.code ?? "").trim(),
    async importRow(cells, { dryRun, writer }) {
      const code = (cells.code ?? "").trim();
      if (code === "") return { problems: [{ column: "code", message: "code is empty" }] };
      const existing = await catalog.read.storedProductModel(code);
      const converted = rowToProductInput({ ...cells, sku: code }, header, existing);
      if (!converted.ok) return { problems: converted.problems.map((p) => ({ ...p, column: p.column === "sku" ? "code" : p.column })) };
      const { input: product } = converted;
      const familyVariant = (cells.family_variant ?? "").trim();
      const input: ProductModelInput = {
        code,
        ...(familyVariant ? { familyVariant } : {}),
        ...(product.parent !== undefined ? { parent: product.parent } : {}),
        ...(product.categories ? { categories: product.categories } : {}),
        ...(product.values ? { values: product.values } : {}),
        ...(product.associations ? { associations: product.associations } : {}),
      };
      const columnOf = (problem: Parameters<typeof converted.columnOf>[0]) => {
        const column = converted.columnOf(problem);
        return column === null ? null : (columnOfPath[column] ?? column);
      };
      try {
        let warnings: string[] = [];
        const status = await checkThenSave(
          async () => {
            const checked = await catalog.validateProductModel(input, { ...writer, mode: "upsert" });
            warnings = checked.warnings;
            return checked.status;
          },
          async () => (await catalog.saveProductModel(input, { ...writer, mode: "upsert" })).status,
          dryRun,
        );
        return { status, warnings };
      } catch (error) {
        return { problems: problemsOfError(error, columnOf) };
      }
    },
  };
}
