/**
 * Equality for one id, $in for several. The embedded FerretDB answers only a single `_id` equality
 * from its primary key and scans for anything else, so single-item reads stay fast there; MongoDB
 * serves both from the _id index.
 */
export function idFilter<Id>(ids: readonly Id[]): { _id: Id } | { _id: { $in: Id[] } } {
  return ids.length === 1 ? { _id: ids[0] as Id } : { _id: { $in: [...ids] } };
}
