import type { mongo } from "mongoose";

type Document = mongo.Document;

/**
 * FerretDB 1.24 keeps every statement of one update command open until the command ends and deadlocks
 * once they exhaust its 100 SQLite connections (about 99 updates in one bulkWrite). Updates are therefore
 * sent in commands of this many statements; MongoDB pays a few extra round trips.
 */
export const updateStatementsPerCommand = 50;

export interface ChunkedBulkWriteResult {
  matchedCount: number;
  /** Failed statements, indexed into the operations given (not into a chunk). */
  writeErrors: Array<{ index: number; code: number }>;
}

/** Unordered bulk writes in chunks; write errors of every chunk are collected instead of stopping at the first. */
export async function bulkWriteInChunks<T extends Document>(collection: mongo.Collection<T>, operations: Array<mongo.AnyBulkWriteOperation<T>>): Promise<ChunkedBulkWriteResult> {
  const result: ChunkedBulkWriteResult = { matchedCount: 0, writeErrors: [] };
  for (let start = 0; start < operations.length; start += updateStatementsPerCommand) {
    const chunk = operations.slice(start, start + updateStatementsPerCommand);
    try {
      result.matchedCount += (await collection.bulkWrite(chunk, { ordered: false })).matchedCount;
    } catch (error) {
      const failure = error as { writeErrors?: Array<{ index: number; code: number }>; result?: mongo.BulkWriteResult };
      if (!failure.writeErrors) throw error;
      result.writeErrors.push(...failure.writeErrors.map((e) => ({ index: start + e.index, code: e.code })));
      result.matchedCount += failure.result?.matchedCount ?? 0;
    }
  }
  return result;
}
