import type { StoredProduct } from "../../catalog/products/product-document.js";
import { buildProductQuery, type ProductFilter } from "../../catalog/products/product-query.js";
import type { CatalogServices } from "../../catalog/services.js";
import { associationColumns, attributeColumns } from "../layout/columns.js";
import { parseHeader, productToCells } from "../layout/product-rows.js";
import type { TableLayout } from "../table/table.js";
import { createTableWriter } from "../table/writers.js";

export interface ExportHooks {
  /** Every `progressEvery` rows; returning true stops the export (a cancel). */
  onProgress?(rowsWritten: number): Promise<boolean | void>;
}

const exportFieldColumns = ["sku", "family", "parent", "categories", "enabled"];
const progressEvery = 1000;

/** The flat-layout header of an export: fields, every attribute cell the catalog defines, then associations. */
export async function exportHeader(catalog: CatalogServices): Promise<string[]> {
  const definitions = await catalog.definitions();
  return [...exportFieldColumns, ...attributeColumns(definitions), ...associationColumns()];
}

/**
 * Streams the products matching the filter into a table in the flat layout the import reads, one
 * product at a time from a database cursor, so exporting and importing the file again changes nothing.
 */
export async function exportProducts(filter: ProductFilter, layout: TableLayout, path: string, catalog: CatalogServices, hooks: ExportHooks = {}): Promise<{ rowsWritten: number; cancelled: boolean }> {
  const definitions = await catalog.definitions();
  const header = await exportHeader(catalog);
  const { columns } = parseHeader(header, definitions);
  const query = await buildProductQuery(filter, catalog.context);
  const writer = createTableWriter(path, layout, header);
  let rowsWritten = 0;
  let cancelled = false;
  try {
    const cursor = catalog.models.products.collection.find(query, { batchSize: 500 });
    for await (const product of cursor) {
      await writer.write(productToCells(product as unknown as StoredProduct, columns));
      rowsWritten++;
      if (rowsWritten % progressEvery === 0 && (await hooks.onProgress?.(rowsWritten))) {
        cancelled = true;
        await cursor.close();
        break;
      }
    }
  } finally {
    await writer.close();
  }
  await hooks.onProgress?.(rowsWritten);
  return { rowsWritten, cancelled };
}
