import type { FieldProblem } from "../errors.js";
import type { AssociationTargets, StoredProduct, StoredProductModel } from "./products/product-document.js";
import type { RawValues } from "./values/raw-values.js";

/** A product or model as a write guard judges it: what it is before or after a write. */
export interface GuardedState {
  family: string | null;
  parent: string | null;
  /** Its own categories. */
  categories: string[];
  /** The categories of the models above it, which it belongs to as well. */
  inheritedCategories: string[];
  enabled: boolean;
  values: RawValues;
  associations: Record<string, AssociationTargets>;
}

/** One entity a write would change: created (no before), deleted (no after) or changed. */
export interface GuardedChange {
  kind: "product" | "product_model";
  code: string;
  before: GuardedState | null;
  after: GuardedState | null;
}

/**
 * Who may change what, asked by the catalog's own write paths (every mutation, bulk write, import row
 * and revert) with the entity before and after the write, so no path can skip it. Returns, per change,
 * why it is refused (empty when it is allowed). The catalog knows nothing of keys: src/auth makes guards.
 */
export interface WriteGuard {
  problems(changes: GuardedChange[]): Promise<FieldProblem[][]>;
}

/** Whoever writes: the name history records, and the guard of a caller whose key has limits. */
export interface Writer {
  actor: string;
  guard?: WriteGuard;
}

/** The guard's view of a stored product or model under the models it inherits from (root first). */
export function guardedState(entity: StoredProduct | StoredProductModel, ancestors: StoredProductModel[]): GuardedState {
  return {
    family: entity.family,
    parent: entity.parent,
    categories: entity.categories,
    inheritedCategories: ancestors.flatMap((model) => model.categories),
    enabled: "enabled" in entity ? entity.enabled : true,
    values: entity.values,
    associations: entity.associations,
  };
}

/** Asks the writer's guard, if it has one; problems per change, in order. */
export async function guardProblems(writer: Writer, changes: GuardedChange[]): Promise<FieldProblem[][]> {
  if (!writer.guard || changes.length === 0) return changes.map(() => []);
  return writer.guard.problems(changes);
}
