import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import { encodeStream } from "./encoding.js";
import type { TableLayout } from "./table.js";

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
  if (!stream.write(chunk)) await once(stream, "drain");
}

async function finished(file: WriteStream): Promise<void> {
  if (!file.closed) await once(file, "close");
}

function csvWriter(path: string, layout: TableLayout, header: string[]): TableWriter {
  const file = createWriteStream(path);
  const csv = stringify({ delimiter: layout.delimiter ?? ",", header: true, columns: header });
  const encoding = layout.encoding ?? "utf-8";
  (encoding === "utf-8" ? csv : csv.pipe(encodeStream(encoding))).pipe(file);
  return {
    write: (cells) => writeWithBackpressure(csv, cells),
    close: async () => {
      csv.end();
      await finished(file);
    },
  };
}

function jsonlWriter(path: string): TableWriter {
  const file = createWriteStream(path, { encoding: "utf8" });
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
  sheet.addRow(header).commit();
  return {
    write: async (cells) => sheet.addRow(header.map((name) => cells[name] ?? "")).commit(),
    close: async () => {
      sheet.commit();
      await workbook.commit();
    },
  };
}
