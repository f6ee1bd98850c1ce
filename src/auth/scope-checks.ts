import { PimError, type FieldProblem } from "../errors.js";
import type { CatalogLoaders } from "../catalog/loaders.js";
import { categoryProblems, localeProblems, type ValueKey } from "./editor-scope.js";
import type { Principal } from "./principal.js";

/** One product or model write, in terms of what the editor limits check. */
export interface ScopedWrite {
  kind: "product" | "product_model";
  /** SKU or model code. */
  code: string;
  path: string[];
  values: ValueKey[];
  /** Own categories the write asks for; undefined leaves them. */
  categories?: string[];
  /** The parent model after the write; undefined keeps the stored one. */
  parent?: string | null;
  /**
   * Whether the write can change values in every locale, which a locale-limited key may not do: always
   * (delete, revert), or when the entity exists (a whole-entity write replaces all its values).
   */
  allLocales?: "always" | "if it exists";
}

async function ancestorCategories(parent: string | null, loaders: CatalogLoaders): Promise<string[]> {
  const categories: string[] = [];
  for (let code = parent, depth = 0; code && depth < 5; depth++) {
    const model = await loaders.modelByCode.load(code);
    if (!model) break;
    categories.push(...model.categories);
    code = model.parent;
  }
  return categories;
}

/** Refuses, with every reason, a write outside an editor key's locales or category trees. */
export async function assertWithinScope(principal: Principal, loaders: CatalogLoaders, writes: ScopedWrite[]): Promise<void> {
  if (!principal.locales && !principal.categoryTrees) return;
  const problems: FieldProblem[] = [];
  for (const write of writes) {
    problems.push(...localeProblems(principal, write.values));
    if (principal.locales && write.allLocales && (write.allLocales === "always" || (await storedEntity(loaders, write)))) {
      const how = write.allLocales === "always" ? "this change touches values in every locale" : "this replaces the values of every locale; use updateProduct with setValues";
      problems.push({ path: write.path, message: `this key may write only ${principal.locales.join(", ")} values, and ${how}` });
    }
    if (principal.categoryTrees) problems.push(...(await categoryProblemsOf(principal, loaders, write)));
  }
  if (problems.length > 0) throw new PimError("FORBIDDEN", `Refused: outside what this key may change (${problems[0]?.message})`, problems);
}

async function categoryProblemsOf(principal: Principal, loaders: CatalogLoaders, write: ScopedWrite): Promise<FieldProblem[]> {
  const stored = await storedEntity(loaders, write);
  const before = stored ? [...stored.categories, ...(await ancestorCategories(stored.parent, loaders))] : null;
  const parentAfter = write.parent === undefined ? (stored?.parent ?? null) : write.parent;
  const inheritedAfter = await ancestorCategories(parentAfter, loaders);
  const codes = [...new Set([...(before ?? []), ...(write.categories ?? []), ...inheritedAfter])];
  const found = await loaders.categoryByCode.loadMany(codes);
  const trees = new Map(found.flatMap((c) => (c && !(c instanceof Error) ? [[c.code, c.ancestors[0] ?? c.code] as const] : [])));
  return categoryProblems(principal, { path: write.path, before, ownBefore: stored?.categories ?? [], ownAfter: write.categories, inheritedAfter }, (code) => trees.get(code));
}

function storedEntity(loaders: CatalogLoaders, write: ScopedWrite) {
  return write.kind === "product" ? loaders.productBySku.load(write.code) : loaders.modelByCode.load(write.code);
}
