/**
 * Equality for one id, $in for several. The embedded FerretDB answers only a single `_id` equality
 * from its primary key and scans for anything else, so single-item reads stay fast there; MongoDB
 * serves both from the _id index.
 */
export function idFilter<Id>(ids: readonly Id[]): { _id: Id } | { _id: { $in: Id[] } } {
  return ids.length === 1 ? { _id: ids[0] as Id } : { _id: { $in: [...ids] } };
}

/**
 * Reads many documents by id as concurrent single-id finds: on FerretDB each is a primary-key lookup
 * while one `$in` scans the whole collection; on MongoDB it costs a few more round trips in parallel.
 */
export async function findEachById<T>(collection: { findOne(filter: { _id: string }): Promise<unknown> }, ids: readonly string[], concurrency = 16): Promise<T[]> {
  const found: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      const document = await collection.findOne({ _id: id });
      if (document) found.push(document as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return found;
}
