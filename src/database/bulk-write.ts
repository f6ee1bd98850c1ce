import type { mongo } from "mongoose";

type Document = mongo.Document;

export interface BulkWriteOutcome {
  matchedCount: number;
  /** Failed statements, by their index in the operations given. */
  writeErrors: Array<{ index: number; code: number }>;
}

/** One unordered bulk write (the driver splits it to the server's limits); every write error is collected instead of stopping at the first. */
export async function unorderedBulkWrite<T extends Document>(
  collection: mongo.Collection<T>,
  operations: Array<mongo.AnyBulkWriteOperation<T>>,
): Promise<BulkWriteOutcome> {
  if (operations.length === 0) return { matchedCount: 0, writeErrors: [] };
  try {
    return { matchedCount: (await collection.bulkWrite(operations, { ordered: false })).matchedCount, writeErrors: [] };
  } catch (error) {
    const failure = error as { writeErrors?: Array<{ index: number; code: number }>; result?: mongo.BulkWriteResult };
    if (!failure.writeErrors) throw error;
    return { matchedCount: failure.result?.matchedCount ?? 0, writeErrors: failure.writeErrors.map((e) => ({ index: e.index, code: e.code })) };
  }
}
