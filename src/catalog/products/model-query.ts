import { PimError } from "../../errors.js";
import type { CatalogContext } from "../catalog-context.js";
import type { StoredProductModel } from "./product-document.js";
import { encodeCursor, escapeRegex, maxSearchLength } from "./product-query.js";
import { categoriesWithSubtrees, modelsInCategories } from "../read/categories.js";

export interface ProductModelFilter {
  familyVariants?: string[];
  families?: string[];
  /** Models in these categories (with their subtrees); a sub-model also by its root model's categories. */
  categories?: string[];
  /** Only the sub-models of this model. */
  parent?: string;
  /** Only root models (true) or only sub-models (false). */
  root?: boolean;
  /** Case-insensitive text in the code (at most 100 characters). */
  search?: string;
  updatedSince?: Date;
  /** Only these models (what a key limited to category trees may read). */
  codes?: string[];
}

export type ModelSortField = "CODE" | "UPDATED_AT";

export interface ModelPage {
  models: StoredProductModel[];
  cursors: string[];
  hasNextPage: boolean;
}

async function buildModelQuery(filter: ProductModelFilter, context: CatalogContext): Promise<Record<string, unknown>> {
  const clauses: Record<string, unknown>[] = [];
  if (filter.familyVariants?.length) clauses.push({ familyVariant: { $in: filter.familyVariants } });
  if (filter.families?.length) clauses.push({ family: { $in: filter.families } });
  if (filter.categories?.length)
    clauses.push({ _id: { $in: await modelsInCategories(await categoriesWithSubtrees(filter.categories, context.models), context.models) } });
  if (filter.parent) clauses.push({ parent: filter.parent });
  if (filter.root === true) clauses.push({ parent: null });
  if (filter.root === false) clauses.push({ parent: { $ne: null } });
  if (filter.search) {
    if (filter.search.length > maxSearchLength)
      throw new PimError("BAD_USER_INPUT", `search is limited to ${maxSearchLength} characters`, [{ path: ["search"], message: "too long" }]);
    clauses.push({ code: { $regex: escapeRegex(filter.search), $options: "i" } });
  }
  if (filter.updatedSince) clauses.push({ updatedAt: { $gte: filter.updatedSince } });
  if (filter.codes) clauses.push({ _id: { $in: filter.codes } });
  return clauses.length === 0 ? {} : { $and: clauses };
}

function decodeModelCursor(cursor: string, field: ModelSortField): { id: string; at: Date | null } {
  try {
    const payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { v?: unknown; id?: unknown };
    if (typeof payload.id !== "string") throw new Error("no id");
    if (field === "CODE") return { id: payload.id, at: null };
    const at = typeof payload.v === "string" ? new Date(payload.v) : null;
    if (!at || Number.isNaN(at.getTime())) throw new Error("no date");
    return { id: payload.id, at };
  } catch {
    throw new PimError("BAD_USER_INPUT", "after is not a cursor returned by this API for this sort", [{ path: ["after"], message: "invalid cursor" }]);
  }
}

/** Product models a page at a time, by code or by update time, with keyset cursors (as products). */
export async function findModelPage(
  filter: ProductModelFilter,
  sort: { field: ModelSortField; direction: "ASC" | "DESC" },
  first: number,
  after: string | null | undefined,
  context: CatalogContext,
): Promise<ModelPage> {
  const base = await buildModelQuery(filter, context);
  const direction = sort.direction === "DESC" ? -1 : 1;
  const beyond = direction === 1 ? "$gt" : "$lt";
  let query = base;
  if (after) {
    const { id, at } = decodeModelCursor(after, sort.field);
    const keyset = sort.field === "CODE" ? { _id: { [beyond]: id } } : { $or: [{ updatedAt: { [beyond]: at } }, { updatedAt: at, _id: { [beyond]: id } }] };
    query = Object.keys(base).length ? { $and: [base, keyset] } : keyset;
  }
  const sortSpec: Record<string, 1 | -1> = sort.field === "CODE" ? { _id: direction } : { updatedAt: direction, _id: direction };
  const rows = (await context.models.productModels
    .find(query)
    .sort(sortSpec)
    .limit(first + 1)
    .lean()) as unknown as StoredProductModel[];
  const page = rows.slice(0, first);
  return {
    models: page,
    cursors: page.map((model) => encodeCursor({ v: sort.field === "CODE" ? model.code : model.updatedAt.toISOString(), id: model.code })),
    hasNextPage: rows.length > first,
  };
}

export async function countModels(filter: ProductModelFilter, context: CatalogContext): Promise<number> {
  return context.models.productModels.countDocuments(await buildModelQuery(filter, context));
}
