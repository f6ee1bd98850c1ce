import type { FieldProblem } from "../errors.js";
import type { Principal } from "./principal.js";

/** One value a write sets or clears, and where it sits in the submitted input. */
export interface ValueKey {
  path: string[];
  attribute: string;
  locale: string | null;
}

/** A write of one product or product model, as the category-tree limit sees it. */
export interface CategoryChange {
  path: string[];
  /** Effective categories before the write (own and inherited from parent models); null for a new entity. */
  before: string[] | null;
  /** Own categories before the write (empty for a new entity). */
  ownBefore: string[];
  /** Own categories the write asks for; undefined when it leaves them as they are. */
  ownAfter: string[] | undefined;
  /** Categories inherited from the parent models the entity has after the write. */
  inheritedAfter: string[];
}

/** Values written outside an editor key's locales: a non-localized value counts as outside, since it shows in every locale. */
export function localeProblems(principal: Principal, keys: ValueKey[]): FieldProblem[] {
  const allowed = principal.locales;
  if (!allowed) return [];
  return keys
    .filter((key) => key.locale === null || !allowed.includes(key.locale))
    .map((key) => ({
      path: key.path,
      attribute: key.attribute,
      locale: key.locale,
      message:
        key.locale === null
          ? `this key may write only ${allowed.join(", ")} values; ${key.attribute} without a locale is shared by every locale`
          : `this key may write only ${allowed.join(", ")} values, not ${key.locale}`,
    }));
}

/** Value keys of whole-product input: `{attribute: [{locale, channel, data}]}`; malformed shapes are left to validation. */
export function valueKeysOf(values: Record<string, unknown> | null | undefined, path: string[]): ValueKey[] {
  if (!values || typeof values !== "object") return [];
  return Object.entries(values).flatMap(([attribute, entries]) =>
    Array.isArray(entries)
      ? entries.map((entry: unknown, i) => {
          const locale = (entry as { locale?: unknown } | null)?.locale;
          return { path: [...path, attribute, String(i), "locale"], attribute, locale: typeof locale === "string" ? locale : null };
        })
      : [],
  );
}

/**
 * A key limited to category trees writes only what lies in them: the entity must be in one of its
 * trees before and after the write, and every category it adds or removes must be inside them.
 */
export function categoryProblems(principal: Principal, change: CategoryChange, treeOf: (category: string) => string | undefined): FieldProblem[] {
  const trees = principal.categoryTrees;
  if (!trees) return [];
  const inTrees = (category: string) => trees.includes(treeOf(category) ?? "");
  const names = trees.join(", ");
  const problems: FieldProblem[] = [];
  if (change.before !== null && !change.before.some(inTrees)) {
    problems.push({ path: change.path, message: `outside this key's category trees (${names}), so this key may not change it` });
    return problems;
  }
  const after = [...(change.ownAfter ?? change.ownBefore), ...change.inheritedAfter];
  if (change.ownAfter) {
    const ownAfter = change.ownAfter;
    const touched = [...ownAfter.filter((c) => !change.ownBefore.includes(c)), ...change.ownBefore.filter((c) => !ownAfter.includes(c))];
    for (const category of touched.filter((c) => !inTrees(c))) {
      problems.push({ path: [...change.path, "categories"], message: `${category} is outside this key's category trees (${names})` });
    }
  }
  if (problems.length === 0 && !after.some(inTrees)) {
    problems.push({ path: [...change.path, "categories"], message: `must be in a category of this key's trees (${names})` });
  }
  return problems;
}

/** Values a read may show: every value for an unlimited key, else its locales and the values shared by all locales. */
export function visibleLocale(principal: Principal, locale: string | null): boolean {
  return !principal.locales || locale === null || principal.locales.includes(locale);
}
