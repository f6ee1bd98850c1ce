import { PimError, type FieldProblem } from "../../errors.js";
import type { RowProblem } from "../layout/product-rows.js";
import type { Writer } from "../../catalog/write-guard.js";

/** What a file holds; products go through their own chunked path, the others row by row. */
export const importKinds = ["products", "product_models", "categories", "attributes", "attribute_options", "families"] as const;
export type ImportKind = (typeof importKinds)[number];

export function isImportKind(kind: string): kind is ImportKind {
  return (importKinds as readonly string[]).includes(kind);
}

export type RowOutcome = { status: "created" | "updated" | "unchanged"; warnings?: string[] } | { problems: RowProblem[] };

/**
 * The rows of one kind of catalog entity (not products), each checked and saved through the
 * catalog's own save function: first as a check (validateOnly), then, only if it changes
 * something and the import is not a dry run, for real, so an unchanged row writes nothing.
 */
export interface EntityRows {
  /** The row's entity as the report names it (in the report's sku field). */
  keyOf(cells: Record<string, string>): string;
  importRow(cells: Record<string, string>, options: { dryRun: boolean; writer: Writer }): Promise<RowOutcome>;
}

/** A save's refusal as the row's problems, each at the column its input path came from; other errors are not the row's fault and stop the import. */
export function problemsOfError(error: unknown, columnOf: (problem: FieldProblem) => string | null): RowProblem[] {
  if (!(error instanceof PimError) || !["BAD_USER_INPUT", "NOT_FOUND", "CONFLICT", "FORBIDDEN"].includes(error.code)) throw error;
  if (error.problems.length === 0) return [{ column: null, message: error.message }];
  return error.problems.map((problem) => ({ column: columnOf(problem), message: problem.message }));
}

/** Checks, then writes only what changes: the outcome of a row whatever the entity. */
export async function checkThenSave(
  check: () => Promise<"created" | "updated" | "unchanged">,
  save: () => Promise<"created" | "updated" | "unchanged">,
  dryRun: boolean,
): Promise<"created" | "updated" | "unchanged"> {
  const status = await check();
  return status === "unchanged" || dryRun ? status : save();
}
