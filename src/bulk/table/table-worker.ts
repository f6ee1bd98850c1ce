import { parentPort, workerData } from "node:worker_threads";
import { PimError } from "../../errors.js";
import { boundedText } from "../../bounded.js";
import type { TableLimits } from "./limits.js";
import { openTable, type ReadOptions } from "./readers.js";
import type { TableRow } from "./table.js";
import type { FromParser, ToParser } from "./read-off-thread.js";

/** The parser thread: opens the file, sends its header, then a batch of rows each time it is asked. */

const { path, options, limits } = workerData as { path: string; options: ReadOptions; limits: TableLimits };
const port = parentPort as NonNullable<typeof parentPort>;
const send = (message: FromParser) => port.postMessage(message);

/** Rows go over in batches: one message per row would cost more than parsing it. */
const batchRows = 200;
const batchChars = 1024 * 1024;

function failure(error: unknown): FromParser {
  if (error instanceof PimError) return { type: "failed", message: error.message, problems: error.problems };
  const reason = boundedText(error instanceof Error ? error.message : String(error), 500);
  return { type: "failed", message: `the ${options.format.toUpperCase()} file cannot be read: ${reason}`, problems: [{ path: ["file"], message: reason }] };
}

try {
  const source = await openTable(path, options, limits);
  const rows = source.rows[Symbol.asyncIterator]();
  send({ type: "opened", layout: source.layout, header: source.header, estimatedRows: source.estimatedRows });
  port.on("message", (message: ToParser) => {
    if (message.type !== "next") return;
    void nextBatch(rows).then(send, (error: unknown) => send(failure(error)));
  });
} catch (error) {
  send(failure(error));
}

async function nextBatch(rows: AsyncIterator<TableRow>): Promise<FromParser> {
  const batch: TableRow[] = [];
  let chars = 0;
  while (batch.length < batchRows && chars < batchChars) {
    const next = await rows.next();
    if (next.done) return { type: "rows", rows: batch, done: true };
    batch.push(next.value);
    for (const cell of Object.values(next.value.cells)) chars += cell.length;
  }
  return { type: "rows", rows: batch, done: false };
}
