import type { CatalogDefinitions } from "../../catalog/definitions.js";
import type { CatalogServices } from "../../catalog/services.js";
import { parseColumn, valueColumnName } from "../layout/columns.js";
import type { ImageResolution } from "../../media/image-urls.js";
import type { StoredProduct } from "../../catalog/products/product-document.js";
import type { ItemResult } from "../../catalog/products/save-products.js";
import type { ProductInput } from "../../catalog/validation/product-validation.js";
import { maxSkuLength } from "../../catalog/validation/family-schema.js";
import { PimError } from "../../errors.js";
import { boundedMessages, boundedText } from "../../bounded.js";
import { textProblem } from "../../validation/text.js";
import { yieldSlices } from "../../yield-slices.js";
import { parseHeader, rowToProductInput, type OfferCells, type ParsedHeader, type RowProblem } from "../layout/product-rows.js";
import { checkPriceUpdate, checkStockUpdate, type PriceUpdate, type StockUpdate } from "../../offers/offer-updates.js";
import type { StoredOffer } from "../../offers/offer.js";
import { unreadableColumn } from "../table/readers.js";
import type { TableRow, TableSource } from "../table/table.js";
import type { Writer } from "../../catalog/write-guard.js";
import { createTableWriter, type TableWriter } from "../table/writers.js";
import { mapHeader, type ColumnMapping } from "./column-mapping.js";
import type { EntityRows, ImportKind } from "./entity-rows.js";
import { productModelRows } from "./model-rows.js";
import { referenceRows } from "./reference-rows.js";

export interface ImportSettings {
  dryRun: boolean;
  /** Who imports: the history's author, and the write guard of a key with limits, which refuses rows outside them. */
  writer: Writer;
  mapping: ColumnMapping | null;
  /** Where the rejected rows go, in the input's format with an added error column; null: nowhere. */
  rejectedPath: string | null;
  /** What the rows are; products when absent. */
  kind?: ImportKind;
  /** Rows validated and written together: bigger chunks mean fewer round trips and more memory. */
  chunkSize?: number;
  /** Whether the offer columns (offer_price-*, offer_stock-*) may be written; a row that changes them is refused otherwise. */
  mayWriteOffers?: boolean;
  /** Turns an image URL in a media cell into an asset (fetching it when it is not one of this installation's); none: URLs are unknown assets. */
  resolveImageUrl?: (url: string) => Promise<ImageResolution>;
}

export interface RowReportEntry {
  row: number;
  sku: string;
  column: string | null;
  message: string;
}

export interface ImportCounts {
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
}

export interface ImportReport extends ImportCounts {
  dryRun: boolean;
  cancelled: boolean;
  durationMs: number;
  /** Every problem of the first rejected rows (all rows are in the rejected-rows file). */
  problems: RowReportEntry[];
  warningDetails: RowReportEntry[];
  /** Whether problems or warningDetails were cut at reportDetailLimit entries. */
  detailsTruncated: boolean;
  /** Where the time went: reading stored products, converting rows, checking them, writing the changed ones. */
  phaseMs: { read: number; convert: number; check: number; write: number };
}

export interface ImportHooks {
  /** After each chunk; returning true stops the import before the next chunk (a cancel). */
  afterChunk?(counts: ImportCounts): Promise<boolean | void>;
}

export const errorColumn = "error";
const defaultChunkSize = 500;
export const reportDetailLimit = 1000;

/** What a file's problem list says of one row: "column: reason" items joined, as the rejected-rows file's error cell. */
export function describeRowProblems(problems: RowReportEntry[]): string {
  return problems.map((p) => (p.column ? `${p.column}: ${p.message}` : p.message)).join("; ");
}

/**
 * Imports a table of the settings' kind (products unless told). Products go in chunks: each row is
 * laid over the stored product, checked by the same saveProducts rules as the API, and only rows
 * that change something are written (journaled and published as change events like any product
 * write). Product models and reference data go row by row through their own save functions, in
 * file order, so a row may name a parent an earlier row created. A bad row is reported with its row
 * number and column and never stops the others; a dry run reports the same without writing.
 */
export async function importTable(source: TableSource, settings: ImportSettings, catalog: CatalogServices, hooks: ImportHooks = {}): Promise<ImportReport> {
  const started = Date.now();
  const definitions = await catalog.definitions();
  const { mappedNames, parsed } = readHeader(source.header, settings, definitions, catalog);
  const report: ImportReport = {
    dryRun: settings.dryRun,
    cancelled: false,
    durationMs: 0,
    rowsRead: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    warnings: 0,
    problems: [],
    warningDetails: [],
    detailsTruncated: false,
    phaseMs: { read: 0, convert: 0, check: 0, write: 0 },
  };
  // A rejected-rows file comes back with its error column: it is read past, and written afresh.
  const rejected = settings.rejectedPath
    ? createTableWriter(settings.rejectedPath, source.layout, [...source.header.filter((name) => name !== errorColumn), errorColumn])
    : null;
  const context: ChunkContext = { definitions, source, mappedNames, settings, catalog, report, rejected, seenSkus: new Set<string>() };
  // Past the header check, a products header has its columns and any other kind is its rows' importer.
  const importChunk =
    "importRow" in parsed
      ? (rows: TableRow[]) => importEntityChunk(rows, parsed, context)
      : (rows: TableRow[]) => importProductChunk(rows, parsed as ParsedHeader, context);
  const chunkSize = settings.chunkSize ?? defaultChunkSize;
  try {
    let chunk: TableRow[] = [];
    for await (const row of source.rows) {
      chunk.push(row);
      if (chunk.length < chunkSize) continue;
      await importChunk(chunk);
      chunk = [];
      if (await hooks.afterChunk?.(report)) {
        report.cancelled = true;
        break;
      }
    }
    if (!report.cancelled && chunk.length > 0) {
      await importChunk(chunk);
      await hooks.afterChunk?.(report);
    }
  } finally {
    await rejected?.close();
  }
  report.durationMs = Date.now() - started;
  return report;
}

/**
 * What the header's columns mean for the settings' kind; a header that cannot be imported is refused
 * whole, with its first problems, since it would break every row.
 */
function readHeader(header: string[], settings: Pick<ImportSettings, "kind" | "mapping">, definitions: CatalogDefinitions, catalog: CatalogServices) {
  const kind = settings.kind ?? "products";
  // The error column our rejected-rows files add is no data, unless the catalog has an attribute of that name.
  const errorIsData = kind === "products" && definitions.attributes.has(errorColumn);
  const mappedNames = mapHeader(header, settings.mapping).map((name, i) => (header[i] === errorColumn && !errorIsData ? null : name));
  const names = mappedNames.filter((name): name is string => name !== null);
  const parsed: ParsedHeader | EntityRows | { problems: string[] } =
    kind === "products" ? parseHeader(names, definitions) : entityRowsOf(kind, names, definitions, catalog);
  if ("problems" in parsed && parsed.problems.length > 0) {
    const problems = boundedMessages(parsed.problems, 20);
    throw new PimError(
      "INVALID_FILE",
      `the file's header cannot be imported: ${problems.join("; ")}`,
      problems.map((message) => ({ path: ["header"], message })),
    );
  }
  return { mappedNames, parsed: parsed as ParsedHeader | EntityRows };
}

/** Refuses a header the import could not read, before a job is recorded for it. */
export async function checkImportHeader(header: string[], settings: Pick<ImportSettings, "kind" | "mapping">, catalog: CatalogServices): Promise<void> {
  readHeader(header, settings, await catalog.definitions(), catalog);
}

function entityRowsOf(
  kind: Exclude<ImportKind, "products">,
  names: string[],
  definitions: CatalogDefinitions,
  catalog: CatalogServices,
): EntityRows | { problems: string[] } {
  if (kind === "product_models") return productModelRows(names, definitions, catalog);
  return referenceRows(kind, names, catalog);
}

interface ChunkContext {
  definitions: CatalogDefinitions;
  source: TableSource;
  mappedNames: Array<string | null>;
  settings: ImportSettings;
  catalog: CatalogServices;
  report: ImportReport;
  rejected: TableWriter | null;
  seenSkus: Set<string>;
}

function mapCells(cells: Record<string, string>, header: string[], mappedNames: Array<string | null>): Record<string, string> {
  if (header.every((name, i) => mappedNames[i] === name)) return cells;
  const mapped: Record<string, string> = {};
  header.forEach((name, i) => {
    const target = mappedNames[i];
    if (target && cells[name] !== undefined) mapped[target] = cells[name] as string;
  });
  return mapped;
}

/**
 * Cells whose text cannot be stored: not well-formed Unicode, control characters, or U+FFFD, which is
 * what decoding leaves where the file's bytes were not text in its encoding (a part saved in another one).
 */
function cellTextProblems(cells: Record<string, string>): RowProblem[] {
  const problems: RowProblem[] = [];
  for (const [column, text] of Object.entries(cells)) {
    if (column === unreadableColumn) continue;
    if (text.includes("\uFFFD"))
      problems.push({
        column,
        message: `holds bytes that are not text in the file's encoding (shown as U+FFFD at character ${text.indexOf("\uFFFD") + 1}); save the file in one encoding`,
      });
    else {
      const problem = textProblem(text);
      if (problem) problems.push({ column, message: problem });
    }
  }
  return problems;
}

/** Reads the rows, one after the other, through the entity's own checks and save. */
async function importEntityChunk(rows: TableRow[], entityRows: EntityRows, context: ChunkContext): Promise<void> {
  const { source, mappedNames, settings, report, seenSkus } = context;
  report.rowsRead += rows.length;
  const rowProblems = new Map<number, RowProblem[]>();
  const keys: string[] = [];
  for (const [position, row] of rows.entries()) {
    const cells = mapCells(row.cells, source.header, mappedNames);
    const key = entityRows.keyOf(cells);
    keys.push(key);
    if (cells[unreadableColumn] !== undefined) {
      rowProblems.set(position, [{ column: null, message: cells[unreadableColumn] as string }]);
      continue;
    }
    const textProblems = cellTextProblems(cells);
    if (textProblems.length > 0) {
      rowProblems.set(position, textProblems);
      continue;
    }
    if (key !== "" && seenSkus.has(key)) {
      rowProblems.set(position, [{ column: null, message: `${key} appears in an earlier row of this file` }]);
      continue;
    }
    if (key !== "") seenSkus.add(key);
    const outcome = await entityRows.importRow(cells, { dryRun: settings.dryRun, writer: settings.writer });
    if ("problems" in outcome) rowProblems.set(position, outcome.problems);
    else {
      report[outcome.status]++;
      for (const warning of outcome.warnings ?? [])
        recordWarning(report, { row: (rows[position] as TableRow).number, sku: key, column: null, message: warning });
    }
  }
  await recordRejected(rows, keys, rowProblems, context);
}

async function importProductChunk(rows: TableRow[], header: ParsedHeader, context: ChunkContext): Promise<void> {
  const { source, mappedNames, settings, catalog, report, seenSkus } = context;
  report.rowsRead += rows.length;
  const rowProblems = new Map<number, RowProblem[]>();
  const mapped = rows.map((row) => mapCells(row.cells, source.header, mappedNames));
  const skus: string[] = [];
  for (const [i, cells] of mapped.entries()) {
    if (cells[unreadableColumn] !== undefined) {
      rowProblems.set(i, [{ column: null, message: cells[unreadableColumn] as string }]);
      continue;
    }
    const textProblems = cellTextProblems(cells);
    if (textProblems.length > 0) {
      rowProblems.set(i, textProblems);
      continue;
    }
    const sku = (cells.sku ?? "").trim();
    if (sku === "") continue;
    if (seenSkus.has(sku)) {
      rowProblems.set(i, [{ column: "sku", message: `sku ${sku} appears in an earlier row of this file` }]);
      continue;
    }
    seenSkus.add(sku);
    // A SKU longer than any product can have names none: it is refused by the checks, not looked up.
    if (sku.length <= maxSkuLength) skus.push(sku);
  }
  const timer = phaseTimer(report.phaseMs);
  const existingList = await catalog.read.storedProducts(skus);
  timer.lap("read");
  const existingBySku = new Map(existingList.map((product) => [product.sku, product]));

  let candidates: Array<{
    position: number;
    input: ProductInput;
    offer: OfferChanges | null;
    columnOf: (problem: ItemResult["errors"][number]) => string | null;
  }> = [];
  const breathe = yieldSlices();
  for (const [position, cells] of mapped.entries()) {
    await breathe();
    if (rowProblems.has(position)) continue;
    const unknown = addColumnsOfRow(cells, header, context.definitions);
    if (unknown.length > 0) {
      rowProblems.set(position, unknown);
      continue;
    }
    const stored = existingBySku.get((cells.sku ?? "").trim()) ?? null;
    const converted = rowToProductInput(cells, header, stored);
    if (!converted.ok) {
      rowProblems.set(position, converted.problems);
      continue;
    }
    const offer = converted.offer ? offerChanges(converted.input.sku, converted.offer, stored?.offer, context.definitions) : null;
    const offerProblems = offer?.problems ?? [];
    if (offer && !settings.mayWriteOffers && (offer.prices.length > 0 || offer.stock.length > 0))
      offerProblems.push({ column: null, message: "this key may not change prices or stock (the admin and integration roles may)" });
    if (offerProblems.length > 0) rowProblems.set(position, offerProblems);
    else candidates.push({ position, input: converted.input, offer, columnOf: converted.columnOf });
  }

  if (settings.resolveImageUrl) {
    const refused = await resolveImageUrls(candidates, context.definitions, settings.resolveImageUrl);
    for (const [position, problems] of refused) rowProblems.set(position, problems);
    candidates = candidates.filter((candidate) => !refused.has(candidate.position));
  }
  timer.lap("convert");
  const inputs = candidates.map((c) => c.input);
  const existing = inputs.map((input) => existingBySku.get(input.sku)).filter((p): p is StoredProduct => p !== undefined);
  const results = await catalog.validateProducts(inputs, { ...settings.writer, mode: "upsert", existing });
  timer.lap("check");
  const changing = results.flatMap((result, i) => (result.status === "created" || result.status === "updated" ? [i] : []));
  if (!settings.dryRun && changing.length > 0) {
    const written = await catalog.saveProducts(
      changing.map((i) => inputs[i] as ProductInput),
      {
        ...settings.writer,
        mode: "upsert",
        existing: changing.map((i) => existingBySku.get((inputs[i] as ProductInput).sku)).filter((p): p is StoredProduct => p !== undefined),
      },
    );
    changing.forEach((i, k) => {
      results[i] = written[k] as ItemResult;
    });
  }
  const offerFailures = settings.dryRun
    ? new Map<string, RowProblem[]>()
    : await writeOfferChanges(
        candidates.flatMap((c, i) => (results[i]?.status !== "error" && c.offer ? [c.offer] : [])),
        catalog,
        settings.writer.actor,
      );
  timer.lap("write");

  results.forEach((result, i) => {
    const { position, columnOf } = candidates[i] as (typeof candidates)[number];
    if (result.status === "error") {
      rowProblems.set(
        position,
        result.errors.length
          ? result.errors.map((problem) => ({ column: columnOf(problem), message: problem.message }))
          : [{ column: null, message: "the product could not be saved" }],
      );
      return;
    }
    const offerFailed = offerFailures.get(result.sku);
    if (offerFailed) {
      rowProblems.set(position, offerFailed);
      return;
    }
    const offer = (candidates[i] as (typeof candidates)[number]).offer;
    const offerChanged = offer !== null && offer.prices.length + offer.stock.length > 0;
    report[result.status === "unchanged" && offerChanged ? "updated" : result.status]++;
    for (const warning of result.warnings) recordWarning(report, { row: (rows[position] as TableRow).number, sku: result.sku, column: null, message: warning });
  });
  await recordRejected(
    rows,
    mapped.map((cells) => (cells.sku ?? "").trim()),
    rowProblems,
    context,
  );
}

/** Replaces the image URLs in the rows' media values by assets; returns, by row position, the URLs that could not be had. */
async function resolveImageUrls(
  candidates: Array<{ position: number; input: ProductInput }>,
  definitions: CatalogDefinitions,
  resolveImageUrl: (url: string) => Promise<ImageResolution>,
): Promise<Map<number, RowProblem[]>> {
  const refused = new Map<number, RowProblem[]>();
  for (const { position, input } of candidates) {
    for (const [code, entries] of Object.entries(input.values ?? {})) {
      if (definitions.attributes.get(code)?.type !== "media") continue;
      for (const entry of entries) {
        if (!Array.isArray(entry.data)) continue;
        const assets: unknown[] = [];
        for (const item of entry.data) {
          if (typeof item !== "string" || !/^https?:\/\//i.test(item)) {
            assets.push(item);
            continue;
          }
          const resolution = await resolveImageUrl(item);
          if ("asset" in resolution) assets.push(resolution.asset);
          else {
            const problems = refused.get(position) ?? [];
            problems.push({ column: valueColumnName(code, entry.locale ?? null, entry.channel ?? null), message: resolution.problem });
            refused.set(position, problems);
          }
        }
        entry.data = assets;
      }
    }
  }
  return refused;
}

/** What a row's offer cells change in the stored offer: only differences are written, so importing a file again changes nothing. */
interface OfferChanges {
  sku: string;
  prices: PriceUpdate[];
  stock: StockUpdate[];
  problems: RowProblem[];
}

function offerChanges(sku: string, cells: OfferCells, stored: Partial<StoredOffer> | undefined, definitions: CatalogDefinitions): OfferChanges {
  const changes: OfferChanges = { sku, prices: [], stock: [], problems: [] };
  for (const [currency, amount] of Object.entries(cells.prices)) {
    const before = stored?.prices?.[currency];
    const update: PriceUpdate = { sku, currency, amount };
    const checked = checkPriceUpdate(update, definitions);
    if ("errors" in checked) changes.problems.push(...checked.errors.map((error) => ({ column: `offer_price-${currency}`, message: error.message })));
    else if ((checked.paths[`offer.prices.${currency}`] ?? undefined) !== before) changes.prices.push(update);
  }
  for (const [location, onHand] of Object.entries(cells.stock)) {
    const update: StockUpdate = { sku, location, onHand };
    const checked = checkStockUpdate(update, definitions);
    if ("errors" in checked) changes.problems.push(...checked.errors.map((error) => ({ column: `offer_stock-${location}`, message: error.message })));
    else if (stored?.stock?.[location] !== onHand) changes.stock.push(update);
  }
  return changes;
}

/** Writes the rows' offer changes through the catalog's offer writes; returns each SKU's problems, if any. */
async function writeOfferChanges(changes: OfferChanges[], catalog: CatalogServices, actor: string): Promise<Map<string, RowProblem[]>> {
  const failures = new Map<string, RowProblem[]>();
  const prices = changes.flatMap((change) => change.prices);
  const stock = changes.flatMap((change) => change.stock);
  const reports = [
    ...(prices.length ? [{ report: await catalog.setPrices(prices, actor), column: (i: number) => `offer_price-${prices[i]?.currency}` }] : []),
    ...(stock.length ? [{ report: await catalog.setStock(stock, actor), column: (i: number) => `offer_stock-${stock[i]?.location}` }] : []),
  ];
  for (const { report, column } of reports) {
    for (const result of report.results) {
      if (result.status !== "error") continue;
      const list = failures.get(result.sku) ?? [];
      list.push(...result.errors.map((error) => ({ column: column(result.index), message: error.message })));
      failures.set(result.sku, list);
    }
  }
  return failures;
}

/** JSON Lines objects may each bring keys the first one did not have: they are read like header columns, and one that means nothing rejects its row. */
function addColumnsOfRow(cells: Record<string, string>, header: ParsedHeader, definitions: CatalogDefinitions): RowProblem[] {
  const problems: RowProblem[] = [];
  for (const name of Object.keys(cells)) {
    if (header.columns.has(name)) continue;
    const target = parseColumn(name, definitions);
    if ("problem" in target) problems.push({ column: name, message: target.problem });
    else header.columns.set(name, target);
  }
  return problems;
}

function phaseTimer(totals: ImportReport["phaseMs"]) {
  let last = performance.now();
  return {
    lap(phase: keyof ImportReport["phaseMs"]) {
      const now = performance.now();
      totals[phase] += Math.round(now - last);
      last = now;
    },
  };
}

function recordWarning(report: ImportReport, entry: RowReportEntry): void {
  report.warnings++;
  addDetail(report, report.warningDetails, entry);
}

function addDetail(report: ImportReport, list: RowReportEntry[], entry: RowReportEntry): void {
  if (list.length < reportDetailLimit)
    list.push({
      ...entry,
      sku: boundedText(entry.sku, 255),
      column: entry.column === null ? null : boundedText(entry.column, 255),
      message: boundedText(entry.message, 500),
    });
  else report.detailsTruncated = true;
}

async function recordRejected(rows: TableRow[], keys: string[], rowProblems: Map<number, RowProblem[]>, context: ChunkContext): Promise<void> {
  const positions = [...rowProblems.keys()].sort((a, b) => a - b);
  for (const position of positions) {
    const row = rows[position] as TableRow;
    const sku = keys[position] ?? "";
    const entries = (rowProblems.get(position) as RowProblem[]).map((problem) => ({ row: row.number, sku, ...problem }));
    context.report.rejected++;
    for (const entry of entries) addDetail(context.report, context.report.problems, entry);
    await context.rejected?.write({ ...row.cells, [errorColumn]: describeRowProblems(entries) });
  }
}
