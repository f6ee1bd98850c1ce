import type { Role } from "./roles.js";

/**
 * Who is calling: an API key, or nobody when the operator lets anonymous callers read.
 *
 * Editor keys may be limited the way Akeneo Enterprise limits user groups, on two axes:
 * - locales: values of a locale the key may edit, or only view; other locales are neither read nor written;
 * - category trees: products in a tree the key owns, may edit, or may only view; products in no tree the
 *   key has a right on are neither read nor written. Across several trees the highest right counts.
 */
export interface Principal {
  /** Null for an anonymous caller. */
  keyId: string | null;
  name: string;
  role: Role;
  /** Locales whose values the key may write; null means every locale (the key is not limited by locale). */
  locales: string[] | null;
  /** Locales a limited key may read but not write. */
  viewLocales: string[];
  /** Root codes of the category trees the key owns; null means the whole catalog. */
  categoryTrees: string[] | null;
  /** Trees where a limited key may edit values but not classify, enable, re-parent, create or delete. */
  editCategoryTrees: string[];
  /** Trees whose products a limited key may read but not change. */
  viewCategoryTrees: string[];
}

export const anonymousReader: Principal = {
  keyId: null,
  name: "anonymous",
  role: "reader",
  locales: null,
  viewLocales: [],
  categoryTrees: null,
  editCategoryTrees: [],
  viewCategoryTrees: [],
};

/** How a principal is named in history: the key's name and its id, so two keys of one name stay apart. */
export function actorOf(principal: Principal): string {
  return principal.keyId ? `${principal.name} (key ${principal.keyId})` : principal.name;
}

export type LocaleAccess = "edit" | "view" | "none";
export type TreeAccess = "own" | "edit" | "view" | "none";
const treeLevels: TreeAccess[] = ["none", "view", "edit", "own"];

export function localeAccess(principal: Principal, locale: string): LocaleAccess {
  if (!principal.locales || principal.locales.includes(locale)) return "edit";
  return principal.viewLocales.includes(locale) ? "view" : "none";
}

/** Locales a read may show to this principal; null when it may read every locale. */
export function readableLocales(principal: Principal): string[] | null {
  return principal.locales ? [...principal.locales, ...principal.viewLocales] : null;
}

/** The principal's right on one tree (a root category code). */
export function treeAccess(principal: Principal, tree: string): TreeAccess {
  if (!principal.categoryTrees || principal.categoryTrees.includes(tree)) return "own";
  if (principal.editCategoryTrees.includes(tree)) return "edit";
  return principal.viewCategoryTrees.includes(tree) ? "view" : "none";
}

/** The highest right over the trees an entity's categories lie in; an unclassified entity is in no tree. */
export function accessToTrees(principal: Principal, trees: Iterable<string>): TreeAccess {
  if (!principal.categoryTrees) return "own";
  let best = 0;
  for (const tree of trees) best = Math.max(best, treeLevels.indexOf(treeAccess(principal, tree)));
  return treeLevels[best] as TreeAccess;
}

export function atLeast(access: TreeAccess, needed: TreeAccess): boolean {
  return treeLevels.indexOf(access) >= treeLevels.indexOf(needed);
}

/** Trees whose products a limited principal may read; null when it may read the whole catalog. */
export function readableTrees(principal: Principal): string[] | null {
  return principal.categoryTrees ? [...principal.categoryTrees, ...principal.editCategoryTrees, ...principal.viewCategoryTrees] : null;
}
