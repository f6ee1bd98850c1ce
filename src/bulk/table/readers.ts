import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import { StringDecoder } from "node:string_decoder";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import { PimError } from "../../errors.js";
import { decodeStream, detectEncoding, type TableEncoding } from "./encoding.js";
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

export async function openTable(path: string, options: ReadOptions): Promise<TableSource> {
  if (options.format === "xlsx") return openXlsx(path);
  if (options.format === "jsonl") return openJsonl(path);
  return openCsv(path, options);
}

function lineCountEstimate(sample: Buffer, complete: boolean, size: number): number {
  let lines = 0;
  for (const byte of sample) if (byte === 0x0a) lines++;
  if (complete) return Math.max(0, lines - (sample.at(-1) === 0x0a ? 1 : 0));
  return Math.round((lines / sample.length) * size) - 1;
}

async function openCsv(path: string, options: ReadOptions): Promise<TableSource> {
  const { sample, complete, size } = await readSample(path);
  const encoding = options.encoding ?? detectEncoding(sample, complete);
  const decoded = encoding === "utf-8" ? sample.toString("utf8").replace(/^\uFEFF/, "") : new TextDecoder(encoding).decode(sample);
  const delimiter = options.delimiter ?? detectDelimiter(decoded.split(/\r?\n/, 1)[0] ?? "");
  const records = createReadStream(path)
    .pipe(decodeStream(encoding))
    .pipe(parse({ delimiter, relax_column_count: true, skip_empty_lines: true, bom: true }));
  const iterator = records[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const first = await iterator.next();
  if (first.done) throw new PimError("BAD_USER_INPUT", "the file is empty: it has no header row");
  const header = (first.value as string[]).map((name) => name.trim());
  async function* rows(): AsyncGenerator<TableRow> {
    let number = 1;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      number++;
      yield { number, cells: cellsOf(header, next.value) };
    }
  }
  return { layout: { format: "csv", delimiter, encoding }, header, estimatedRows: lineCountEstimate(sample, complete, size), rows: rows() };
}

function cellsOf(header: string[], values: unknown[]): Record<string, string> {
  const cells: Record<string, string> = {};
  header.forEach((name, i) => {
    const value = values[i];
    if (name !== "") cells[name] = value === undefined || value === null ? "" : String(value);
  });
  return cells;
}

async function openJsonl(path: string): Promise<TableSource> {
  const { sample, complete, size } = await readSample(path);
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity })[Symbol.asyncIterator]();
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
  async function* rows(): AsyncGenerator<TableRow> {
    yield* parsed;
    for (let row = await nextRow(); row; row = await nextRow()) yield row;
  }
  return { layout: { format: "jsonl" }, header: Object.keys(first?.cells ?? {}), estimatedRows: lineCountEstimate(sample, complete, size) + 1, rows: rows() };
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
  const cells: Record<string, string> = {};
  for (const [key, cell] of Object.entries(value)) cells[key] = cell === null || cell === undefined ? "" : typeof cell === "object" ? JSON.stringify(cell) : String(cell);
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

async function openXlsx(path: string): Promise<TableSource> {
  const reader = new Utf8WorkbookReader(path, { sharedStrings: "cache", hyperlinks: "ignore", styles: "cache", worksheets: "emit", entries: "emit" });
  const sheets = reader[Symbol.asyncIterator]();
  const sheet = await sheets.next();
  if (sheet.done) throw new PimError("BAD_USER_INPUT", "the workbook has no worksheet");
  const sheetRows = (sheet.value as unknown as AsyncIterable<ExcelJS.Row>)[Symbol.asyncIterator]();
  const first = await sheetRows.next();
  if (first.done) throw new PimError("BAD_USER_INPUT", "the first worksheet is empty: it has no header row");
  const header = rowValues(first.value).map((name) => name.trim());
  async function* rows(): AsyncGenerator<TableRow> {
    for (let next = await sheetRows.next(); !next.done; next = await sheetRows.next()) {
      const values = rowValues(next.value);
      if (values.every((v) => v === "")) continue;
      yield { number: next.value.number, cells: cellsOf(header, values) };
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
