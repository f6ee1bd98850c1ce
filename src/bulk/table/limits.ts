/**
 * What one uploaded table may ask of the parser. A file past a limit is refused with the limit named,
 * before its rows are read; memory is bounded again by the parser thread's own heap (see read-off-thread.ts).
 */
export interface TableLimits {
  /** Header columns; an Akeneo export of 500 attributes × 6 locales × 3 channels stays below. */
  maxColumns: number;
  /** Characters of one column name. */
  maxColumnNameLength: number;
  /** Characters of one row (one CSV record, one JSON Lines line, one worksheet row). */
  maxRowChars: number;
  /** Heap of the thread that parses a file, in MiB: an XLSX keeps its shared strings there. */
  parserMemoryMb: number;
}

export const defaultTableLimits: TableLimits = {
  maxColumns: 10_000,
  maxColumnNameLength: 255,
  maxRowChars: 8 * 1024 * 1024,
  parserMemoryMb: 256,
};
