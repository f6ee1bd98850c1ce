import type { TableEncoding } from "./encoding.js";

export const tableFormats = ["csv", "xlsx", "jsonl"] as const;
export type TableFormat = (typeof tableFormats)[number];

/** How a table file is written: the import's rejected-rows file copies it from the input. */
export interface TableLayout {
  format: TableFormat;
  /** CSV only. */
  delimiter?: string;
  /** CSV only. */
  encoding?: TableEncoding;
}

/** One data row: its number as a spreadsheet shows it (the header is row 1) and its cells by column name. */
export interface TableRow {
  number: number;
  cells: Record<string, string>;
}

export interface TableSource {
  layout: TableLayout;
  /** The columns in file order; for JSON Lines, the keys of the first object (others may add more). */
  header: string[];
  /** An estimate of the data rows, from the file size, for progress; null when it cannot be told cheaply. */
  estimatedRows: number | null;
  rows: AsyncIterable<TableRow>;
}

export function formatOfFileName(name: string): TableFormat | null {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (extension === "csv" || extension === "txt" || extension === "tsv") return "csv";
  if (extension === "xlsx") return "xlsx";
  if (extension === "jsonl" || extension === "ndjson") return "jsonl";
  return null;
}
