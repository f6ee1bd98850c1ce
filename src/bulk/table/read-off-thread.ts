import { Worker } from "node:worker_threads";
import { PimError, type FieldProblem } from "../../errors.js";
import { compiledSibling } from "../../project-root.js";
import type { TableLimits } from "./limits.js";
import type { ReadOptions } from "./readers.js";
import type { TableLayout, TableRow, TableSource } from "./table.js";

export type ToParser = { type: "next" };
export type FromParser =
  | { type: "opened"; layout: TableLayout; header: string[]; estimatedRows: number | null }
  | { type: "rows"; rows: TableRow[]; done: boolean }
  | { type: "failed"; message: string; problems: FieldProblem[] };

export interface OpenedTable extends TableSource {
  /** Stops the parser thread; the rows are not read further. */
  close(): Promise<void>;
}

/**
 * Reads a table in a thread of its own: parsing a large CSV or XLSX never holds the event loop, so
 * other requests keep their latency, and the thread's heap is capped, so a file that needs more memory
 * than the limit (an XLSX bomb, millions of shared strings) fails its import instead of the process.
 */
export async function openTableOffThread(path: string, options: ReadOptions, limits: TableLimits): Promise<OpenedTable> {
  const worker = new Worker(compiledSibling(import.meta.url, "table-worker"), {
    workerData: { path, options, limits },
    resourceLimits: { maxOldGenerationSizeMb: limits.parserMemoryMb, maxYoungGenerationSizeMb: Math.min(32, limits.parserMemoryMb), stackSizeMb: 4 },
    stdout: false,
    stderr: false,
  });
  let waiting: { resolve: (message: FromParser) => void; reject: (error: Error) => void } | null = null;
  let ended: Error | null = null;
  const end = (error: Error) => {
    ended ??= error;
    waiting?.reject(ended);
    waiting = null;
  };
  worker.on("message", (message: FromParser) => {
    const receiver = waiting;
    waiting = null;
    receiver?.resolve(message);
  });
  worker.on("error", (error: Error & { code?: string }) => {
    end(
      error.code === "ERR_WORKER_OUT_OF_MEMORY"
        ? new PimError(
            "INVALID_FILE",
            `reading the file needs more than the ${limits.parserMemoryMb} MiB the parser may use (IMPORT_PARSER_MEMORY_MB); split it into smaller files`,
            [{ path: ["file"], message: "needs too much memory to read" }],
          )
        : error,
    );
  });
  worker.on("exit", () => end(new Error("the file parser stopped")));
  const receive = (request?: ToParser) =>
    new Promise<FromParser>((resolve, reject) => {
      if (ended) return reject(ended);
      waiting = { resolve, reject };
      if (request) worker.postMessage(request);
    }).then((message) => {
      if (message.type === "failed") throw new PimError("INVALID_FILE", message.message, message.problems);
      return message;
    });
  const close = async () => {
    await worker.terminate();
  };

  let opened: FromParser;
  try {
    opened = await receive();
  } catch (error) {
    await close();
    throw error;
  }
  if (opened.type !== "opened") throw new Error(`the file parser answered ${opened.type} before opening the file`);
  async function* rows(): AsyncGenerator<TableRow> {
    try {
      for (;;) {
        const batch = await receive({ type: "next" });
        if (batch.type !== "rows") throw new Error(`the file parser answered ${batch.type} when asked for rows`);
        // Cells come back as plain objects; without a prototype again, a column named __proto__ stays a column.
        for (const row of batch.rows) yield { number: row.number, cells: Object.assign(Object.create(null) as Record<string, string>, row.cells) };
        if (batch.done) return;
      }
    } finally {
      await close();
    }
  }
  return { layout: opened.layout, header: opened.header, estimatedRows: opened.estimatedRows, rows: rows(), close };
}
