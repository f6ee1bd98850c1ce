/** Equality for one id, $in for several: both are index lookups on MongoDB and on the embedded database. */
export function idFilter<Id>(ids: readonly Id[]): { _id: Id } | { _id: { $in: Id[] } } {
  return ids.length === 1 ? { _id: ids[0] as Id } : { _id: { $in: [...ids] } };
}
