import type { StoredProduct, StoredProductModel } from "../../catalog/products/product-document.js";
import type { ProductFilter } from "../../catalog/products/product-query.js";
import type { CatalogServices } from "../../catalog/services.js";
import type { DocumentCursor } from "../../catalog/read/catalog-reader.js";
import { associationColumns, attributeColumns, offerColumns } from "../layout/columns.js";
import { parseHeader, productToCells } from "../layout/product-rows.js";
import type { TableLayout } from "../table/table.js";
import { createTableWriter } from "../table/writers.js";

export interface ExportHooks {
  /** Every `progressEvery` rows; returning true stops the export (a cancel). */
  onProgress?(rowsWritten: number): Promise<boolean | void>;
}

export const exportKinds = ["products", "product_models"] as const;

const exportFieldColumns = ["sku", "family", "parent", "categories", "enabled"];
const modelFieldColumns = ["code", "family_variant", "parent", "categories"];
const progressEvery = 1000;

/** The flat-layout header of an export: fields, every attribute cell the catalog defines, associations, then (products only) the offer. */
async function exportHeader(catalog: CatalogServices, kind: (typeof exportKinds)[number]): Promise<string[]> {
  const definitions = await catalog.definitions();
  const fields = kind === "products" ? exportFieldColumns : modelFieldColumns;
  return [...fields, ...attributeColumns(definitions), ...associationColumns(), ...(kind === "products" ? offerColumns(definitions) : [])];
}

/**
 * Streams the products matching the filter into a table in the flat layout the import reads, one
 * product at a time from a database cursor, so exporting and importing the file again changes nothing.
 */
export async function exportProducts(
  filter: ProductFilter,
  layout: TableLayout,
  path: string,
  catalog: CatalogServices,
  hooks: ExportHooks = {},
  mediaBaseUrl: string | null = null,
): Promise<{ rowsWritten: number; cancelled: boolean }> {
  const definitions = await catalog.definitions();
  const header = await exportHeader(catalog, "products");
  const mediaUrl = mediaBaseUrl ? (asset: string) => `${mediaBaseUrl}/media/${asset}` : undefined;
  const { columns } = parseHeader(header, definitions);
  return writeRows(
    [await catalog.read.productDocuments(filter)],
    (product) => productToCells(product as unknown as StoredProduct, columns, mediaUrl),
    path,
    layout,
    header,
    hooks,
  );
}

/**
 * Every product model in the layout the product model import reads: root models first, then
 * sub-models, so the file imports again in its own order (a sub-model's parent is already there).
 */
export async function exportProductModels(
  layout: TableLayout,
  path: string,
  catalog: CatalogServices,
  hooks: ExportHooks = {},
): Promise<{ rowsWritten: number; cancelled: boolean }> {
  const definitions = await catalog.definitions();
  const header = await exportHeader(catalog, "product_models");
  // The model's code stands in the sku's column, as the import reads it.
  const { columns } = parseHeader(
    header.filter((name) => name !== "family_variant").map((name) => (name === "code" ? "sku" : name)),
    definitions,
  );
  const toCells = (document: unknown) => {
    const model = document as StoredProductModel;
    const { sku: code, ...cells } = productToCells({ ...model, sku: model.code, enabled: true }, columns);
    return { code: code as string, family_variant: model.familyVariant, ...cells };
  };
  return writeRows(catalog.read.modelDocuments(), toCells, path, layout, header, hooks);
}

async function writeRows(
  cursors: DocumentCursor[],
  toCells: (document: unknown) => Record<string, string>,
  path: string,
  layout: TableLayout,
  header: string[],
  hooks: ExportHooks,
): Promise<{ rowsWritten: number; cancelled: boolean }> {
  const writer = createTableWriter(path, layout, header);
  let rowsWritten = 0;
  let cancelled = false;
  try {
    for (const cursor of cursors) {
      for await (const document of cursor) {
        await writer.write(toCells(document));
        rowsWritten++;
        if (rowsWritten % progressEvery === 0 && (await hooks.onProgress?.(rowsWritten))) {
          cancelled = true;
          break;
        }
      }
      if (cancelled) break;
    }
  } finally {
    await Promise.all(cursors.map((cursor) => cursor.close()));
    await writer.close();
  }
  await hooks.onProgress?.(rowsWritten);
  return { rowsWritten, cancelled };
}
