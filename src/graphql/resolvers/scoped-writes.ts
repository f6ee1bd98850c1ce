import { valueKeysOf } from "../../auth/editor-scope.js";
import type { ScopedWrite } from "../../auth/scope-checks.js";
import type { ProductChangesInput, ProductInput, ProductModelInput } from "../types/product.inputs.js";

/** GraphQL inputs described the way the editor limits check them (src/auth/scope-checks.ts). */

export function wholeProductWrite(input: ProductInput, path: string[], mode: "create" | "upsert"): ScopedWrite {
  return {
    kind: "product",
    code: input.sku,
    path,
    values: valueKeysOf(input.values, [...path, "values"]),
    categories: input.categories ?? undefined,
    parent: input.parent ?? null,
    ...(mode === "upsert" ? { allLocales: "if it exists" as const } : {}),
  };
}

export function productChangesWrite(sku: string, changes: ProductChangesInput): ScopedWrite {
  const keysOf = (list: ProductChangesInput["setValues"] | ProductChangesInput["clearValues"], name: string) =>
    (list ?? []).map((v, i) => ({ path: ["changes", name, String(i), "locale"], attribute: v.attribute, locale: v.locale ?? null }));
  return {
    kind: "product",
    code: sku,
    path: ["changes"],
    values: [...keysOf(changes.setValues, "setValues"), ...keysOf(changes.clearValues, "clearValues")],
    categories: changes.categories ?? undefined,
    parent: changes.detach ? null : (changes.parent ?? undefined),
  };
}

export function productModelWrite(input: ProductModelInput, mode: "create" | "update"): ScopedWrite {
  return {
    kind: "product_model",
    code: input.code,
    path: ["input"],
    values: valueKeysOf(input.values, ["input", "values"]),
    categories: input.categories ?? undefined,
    parent: input.parent ?? null,
    ...(mode === "update" ? { allLocales: "if it exists" as const } : {}),
  };
}

/** Deleting or reverting touches every value of the entity. */
export function everyValueWrite(kind: ScopedWrite["kind"], code: string, path: string[]): ScopedWrite {
  return { kind, code, path, values: [], allLocales: "always" };
}
