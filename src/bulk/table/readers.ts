import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { pipeline } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import excelUtils from "exceljs/lib/utils/utils.js";
import { PimError } from "../../errors.js";
import { boundedText } from "../../bounded.js";
import { decodeStream, detectEncoding, mixedEncoding, type TableEncoding } from "./encoding.js";
import { defaultTableLimits, type TableLimits } from "./limits.js";
import { unguardFormula } from "./formula-guard.js";
import { textProblem } from "../../validation/text.js";
import type { TableFormat, TableRow, TableSource } from "./table.js";

export interface ReadOptions {
  format: TableFormat;
  /** CSV: detected from the first line when absent. */
  delimiter?: string;
  /** CSV: detected (BOM, valid UTF-8, else Windows-1250/1251) when absent. */
  encoding?: TableEncoding;
}

const sampleBytes = 64 * 1024;

async function readSample(path: string): Promise<{ sample: Buffer; complete: boolean; size: number }> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(sampleBytes);
    const { bytesRead } = await handle.read(buffer, 0, sampleBytes, 0);
    const { size } = await handle.stat();
    return { sample: buffer.subarray(0, bytesRead), complete: bytesRead === size, size };
  } finally {
    await handle.close();
  }
}

const candidateDelimiters = [",", ";", "\t", "|"];

/** The candidate found most often outside quotes on the header line. */
export function detectDelimiter(firstLine: string): string {
  const counts = new Map(candidateDelimiters.map((d) => [d, 0]));
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) as number) + 1);
  }
  return [...counts.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

export async function openTable(path: string, options: ReadOptions, limits: TableLimits = defaultTableLimits): Promise<TableSource> {
  if (options.format === "xlsx") return openXlsx(path, limits);
  if (options.format === "jsonl") return openJsonl(path, limits);
  return openCsv(path, options, limits);
}

function lineCountEstimate(sample: Buffer, complete: boolean, size: number): number {
  let lines = 0;
  for (const byte of sample) if (byte === 0x0a) lines++;
  if (complete) return Math.max(0, lines - (sample.at(-1) === 0x0a ? 1 : 0));
  return Math.round((lines / sample.length) * size) - 1;
}

/** A header the import can hold: the limits checked here, before any row is read; what the columns mean is the importer's. */
function checkedHeader(names: string[], limits: TableLimits): string[] {
  if (names.length > limits.maxColumns) {
    throw new PimError("INVALID_FILE", `the header has ${names.length} columns; at most ${limits.maxColumns} are accepted`, [
      { path: ["header"], message: `${names.length} columns, at most ${limits.maxColumns}` },
    ]);
  }
  const header = names.map((name) => name.trim());
  const unreadable = header.findIndex((name) => textProblem(name) !== null);
  if (unreadable >= 0) {
    const reason = textProblem(header[unreadable] as string) as string;
    throw new PimError("INVALID_FILE", `the name of column ${unreadable + 1} ${reason}`, [{ path: ["header", String(unreadable)], message: reason }]);
  }
  const long = header.findIndex((name) => name.length > limits.maxColumnNameLength);
  if (long >= 0) {
    const length = (header[long] as string).length;
    throw new PimError("INVALID_FILE", `column ${long + 1} has a name of ${length} characters; at most ${limits.maxColumnNameLength} are accepted`, [
      { path: ["header", String(long)], message: `a name of ${length} characters, at most ${limits.maxColumnNameLength}` },
    ]);
  }
  return header;
}

/** csv-parse's own errors in the import's words; a row past the size limit stops the file, since the parser cannot find where it ends. */
function csvProblem(error: unknown, limits: TableLimits): PimError {
  if (error instanceof PimError) return error;
  const csv = error as { code?: string; lines?: number; message?: string };
  if (csv.code === "CSV_MAX_RECORD_SIZE") {
    return new PimError("INVALID_FILE", `row ${csv.lines ?? "?"} is longer than the limit of ${limits.maxRowChars} characters a row may have`, [
      { path: ["file"], message: "a row is too long" },
    ]);
  }
  if (typeof csv.code === "string" && csv.code.startsWith("CSV_")) {
    return new PimError("INVALID_FILE", `the file cannot be read as CSV: ${boundedText(csv.message ?? csv.code, 500)}`, [
      { path: ["file"], message: "not readable as CSV" },
    ]);
  }
  throw error;
}

async function openCsv(path: string, options: ReadOptions, limits: TableLimits): Promise<TableSource> {
  const { sample, complete, size } = await readSample(path);
  if (!options.encoding) {
    const mixed = mixedEncoding(sample);
    if (mixed)
      throw new PimError("INVALID_FILE", `the file mixes text encodings: ${mixed}; save it again in one encoding (UTF-8 is best)`, [
        { path: ["encoding"], message: "mixed encodings" },
      ]);
  }
  const encoding = options.encoding ?? detectEncoding(sample, complete);
  const decoded = encoding === "utf-8" ? sample.toString("utf8").replace(/^\uFEFF/, "") : new TextDecoder(encoding).decode(sample);
  const delimiter = options.delimiter ?? detectDelimiter(decoded.split(/\r?\n/, 1)[0] ?? "");
  // pipeline, not pipe: a read or decode error ends the parser with it instead of being thrown at nobody.
  const records = pipeline(
    createReadStream(path),
    decodeStream(encoding),
    parse({ delimiter, relax_column_count: true, skip_empty_lines: true, bom: true, max_record_size: limits.maxRowChars }),
    () => undefined,
  );
  const iterator = records[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const first = await iterator.next().catch((error: unknown) => {
    throw csvProblem(error, limits);
  });
  if (first.done) throw new PimError("INVALID_FILE", "the file is empty: it has no header row");
  const header = checkedHeader((first.value as string[]).map(unguardFormula), limits);
  async function* rows(): AsyncGenerator<TableRow> {
    let number = 1;
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        number++;
        yield { number, cells: cellsOf(header, (next.value as string[]).map(unguardFormula)) };
      }
    } catch (error) {
      throw csvProblem(error, limits);
    } finally {
      records.destroy();
    }
  }
  return { layout: { format: "csv", delimiter, encoding }, header, estimatedRows: lineCountEstimate(sample, complete, size), rows: rows() };
}

/** Cells by column name in an object without a prototype, so a column named __proto__ or constructor is a column like any other. */
function cellsOf(header: string[], values: unknown[]): Record<string, string> {
  const cells: Record<string, string> = Object.create(null) as Record<string, string>;
  header.forEach((name, i) => {
    const value = values[i];
    if (name !== "") cells[name] = value === undefined || value === null ? "" : String(value);
  });
  return cells;
}

/** Lines of a UTF-8 file, each at most maxChars long: a file without line breaks cannot fill the memory. */
async function* linesOf(path: string, maxChars: number): AsyncGenerator<string> {
  let pending = "";
  let line = 0;
  for await (const chunk of createReadStream(path, { encoding: "utf8" }) as AsyncIterable<string>) {
    pending += chunk;
    let start = 0;
    for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n", start)) {
      line++;
      yield pending.slice(start, end).replace(/\r$/, "");
      start = end + 1;
    }
    pending = pending.slice(start);
    if (pending.length > maxChars)
      throw new PimError("INVALID_FILE", `line ${line + 1} is longer than the limit of ${maxChars} characters a row may have`, [
        { path: ["file"], message: "a line is too long" },
      ]);
  }
  if (pending !== "") yield pending;
}

async function openJsonl(path: string, limits: TableLimits): Promise<TableSource> {
  const { sample, complete, size } = await readSample(path);
  const lines = linesOf(path, limits.maxRowChars);
  let number = 0;
  const parsed: Array<TableRow> = [];
  const nextRow = async (): Promise<TableRow | null> => {
    for (let line = await lines.next(); !line.done; line = await lines.next()) {
      number++;
      const text = line.value.replace(/^\uFEFF/, "").trim();
      if (text === "") continue;
      return { number, cells: jsonCells(text, number) };
    }
    return null;
  };
  const first = await nextRow();
  if (first) parsed.push(first);
  const header = checkedHeader(Object.keys(first?.cells ?? {}), limits);
  async function* rows(): AsyncGenerator<TableRow> {
    try {
      yield* parsed;
      for (let row = await nextRow(); row; row = await nextRow()) yield row;
    } finally {
      await lines.return(undefined);
    }
  }
  return { layout: { format: "jsonl" }, header, estimatedRows: lineCountEstimate(sample, complete, size) + 1, rows: rows() };
}

/** A line that is not a JSON object becomes a row with a single unknown column, so the import rejects just that row. */
function jsonCells(text: string, line: number): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { [unreadableColumn]: `line ${line} is not valid JSON` };
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return { [unreadableColumn]: `line ${line} is not a JSON object` };
  const cells: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, cell] of Object.entries(value))
    cells[key] = cell === null || cell === undefined ? "" : typeof cell === "object" ? JSON.stringify(cell) : String(cell);
  return cells;
}

/** The column a row carries when its line could not be read as a row at all. */
export const unreadableColumn = "\u0000unreadable";

async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  for await (const chunk of chunks) yield typeof chunk === "string" ? chunk : decoder.write(chunk);
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * exceljs 4.4 decodes XML entities of "str" and "inlineStr" cells a second time, after its XML parser
 * already has: a cell whose text is "&lt;b&gt;" came back as a real "<b>" tag. Its parser decodes
 * every entity, so the second pass is turned off.
 */
excelUtils.xmlDecode = (text) => text;

/**
 * exceljs 4.4's streaming reader decodes each zip chunk on its own, so a character whose UTF-8 bytes
 * straddle two chunks ("ł", "ж") turns into U+FFFD. The worksheet and shared-strings streams are
 * decoded here first, with a decoder that carries partial characters over.
 */
class Utf8WorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  constructor(path: string, options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>) {
    super(path, options);
    const internals = this as unknown as {
      _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): unknown;
      _parseSharedStrings(entry: NodeJS.ReadableStream): unknown;
    };
    const parseWorksheet = internals._parseWorksheet.bind(this);
    const parseSharedStrings = internals._parseSharedStrings.bind(this);
    internals._parseWorksheet = (iterator, sheetNo) => parseWorksheet(decodeUtf8(iterator), sheetNo);
    internals._parseSharedStrings = (entry) => parseSharedStrings(entry.setEncoding("utf8"));
  }
}

async function openXlsx(path: string, limits: TableLimits): Promise<TableSource> {
  const reader = new Utf8WorkbookReader(path, { sharedStrings: "cache", hyperlinks: "ignore", styles: "cache", worksheets: "emit", entries: "emit" });
  const sheets = reader[Symbol.asyncIterator]();
  const sheet = await sheets.next();
  if (sheet.done) throw new PimError("INVALID_FILE", "the workbook has no worksheet");
  const sheetRows = (sheet.value as unknown as AsyncIterable<ExcelJS.Row>)[Symbol.asyncIterator]();
  const first = await sheetRows.next();
  if (first.done) throw new PimError("INVALID_FILE", "the first worksheet is empty: it has no header row");
  const header = checkedHeader(rowValues(first.value).map(unguardFormula), limits);
  async function* rows(): AsyncGenerator<TableRow> {
    for (let next = await sheetRows.next(); !next.done; next = await sheetRows.next()) {
      const values = rowValues(next.value).map(unguardFormula);
      if (values.every((v) => v === "")) continue;
      const chars = values.reduce((sum, value) => sum + value.length, 0);
      const cells =
        chars > limits.maxRowChars
          ? { [unreadableColumn]: `row ${next.value.number} is longer than the limit of ${limits.maxRowChars} characters a row may have` }
          : cellsOf(header, values);
      yield { number: next.value.number, cells };
    }
  }
  return { layout: { format: "xlsx" }, header, estimatedRows: null, rows: rows() };
}

/** Cell values as text, the way the flat layout reads them: numbers unformatted, dates as YYYY-MM-DD. */
function rowValues(row: ExcelJS.Row): string[] {
  const values = row.values as unknown[];
  const texts: string[] = [];
  for (let column = 1; column < values.length; column++) texts.push(cellText(values[column]));
  return texts;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    const cell = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; hyperlink?: string };
    if (cell.richText) return cell.richText.map((part) => part.text).join("");
    if (cell.result !== undefined) return cellText(cell.result);
    if (cell.text !== undefined) return cellText(cell.text);
  }
  return String(value);
}
