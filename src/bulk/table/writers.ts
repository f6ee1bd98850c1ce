import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import iconv from "iconv-lite";
import ExcelJS from "exceljs";
import type { TableLayout } from "./table.js";
import { guardFormula } from "./formula-guard.js";

/** Writes rows one at a time, so an export or a rejected-rows file never holds the table in memory. */
export interface TableWriter {
  write(cells: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export function createTableWriter(path: string, layout: TableLayout, header: string[]): TableWriter {
  if (layout.format === "xlsx") return xlsxWriter(path, header);
  if (layout.format === "jsonl") return jsonlWriter(path);
  return csvWriter(path, layout, header);
}

async function writeWithBackpressure(stream: Writable, chunk: unknown): Promise<void> {
  if (stream.errored) throw stream.errored;
  // once() rejects on an "error" event, so a failing disk ends the job instead of hanging it.
  if (!stream.write(chunk)) await once(stream, "drain");
}

async function finished(file: WriteStream): Promise<void> {
  if (file.errored) throw file.errored;
  if (!file.closed) await once(file, "close");
}

/** A file stream whose open or write error is kept for the next write or close instead of crashing the process. */
function openFile(path: string, options?: { encoding: BufferEncoding }): WriteStream {
  const file = createWriteStream(path, options);
  file.on("error", () => undefined);
  return file;
}

/** Each row is stringified on its own and encoded whole, so a multi-byte character is never split between encoder chunks. */
function csvWriter(path: string, layout: TableLayout, header: string[]): TableWriter {
  const file = openFile(path);
  const encoding = layout.encoding ?? "utf-8";
  const line = (cells: string[]) => {
    const text = stringify([cells.map(guardFormula)], { delimiter: layout.delimiter ?? "," });
    return encoding === "utf-8" ? text : iconv.encode(text, encoding);
  };
  file.write(line(header));
  return {
    write: (cells) => writeWithBackpressure(file, line(header.map((name) => cells[name] ?? ""))),
    close: async () => {
      file.end();
      await finished(file);
    },
  };
}

function jsonlWriter(path: string): TableWriter {
  const file = openFile(path, { encoding: "utf8" });
  return {
    write: (cells) => writeWithBackpressure(file, `${JSON.stringify(cells)}\n`),
    close: async () => {
      file.end();
      await finished(file);
    },
  };
}

function xlsxWriter(path: string, header: string[]): TableWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet("products");
  sheet.addRow(header.map(guardFormula)).commit();
  return {
    write: async (cells) => sheet.addRow(header.map((name) => guardFormula(cells[name] ?? ""))).commit(),
    close: async () => {
      sheet.commit();
      await workbook.commit();
    },
  };
}
