/**
 * What a write does with what its input leaves out: `merge` keeps it (what editors get by default, as
 * in Akeneo), `replace` clears it. docs/write-semantics.md says what each write keeps.
 */
export type WriteMode = "merge" | "replace";
