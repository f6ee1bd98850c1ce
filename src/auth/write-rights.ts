import type { FieldProblem } from "../errors.js";
import type { GuardedChange, GuardedState, WriteGuard } from "../catalog/write-guard.js";
import { stableStringify } from "../catalog/products/product-document.js";
import { ALL_CHANNELS, ALL_LOCALES } from "../catalog/values/raw-values.js";
import { accessToTrees, atLeast, localeAccess, treeAccess, type Principal, type TreeAccess } from "./principal.js";

/** The fields of a product or model that are not values: the same in every locale, and the owner's to change. */
const entityFields = ["family", "parent", "categories", "enabled", "associations"] as const;
type EntityField = (typeof entityFields)[number];

interface ValueCell {
  attribute: string;
  channel: string | null;
  locale: string | null;
}

/** Category code → root code of its tree, for the categories named. */
export type CategoryRoots = (codes: string[]) => Promise<Map<string, string>>;

function changedFields(before: GuardedState, after: GuardedState): EntityField[] {
  return entityFields.filter((field) => {
    if (field === "categories") return stableStringify([...before.categories].sort()) !== stableStringify([...after.categories].sort());
    return stableStringify(before[field]) !== stableStringify(after[field]);
  });
}

/** Every value cell that differs between two states, as attribute, channel and locale. */
function changedValues(before: GuardedState | null, after: GuardedState | null): ValueCell[] {
  const cells: ValueCell[] = [];
  const a = before?.values ?? {};
  const b = after?.values ?? {};
  for (const attribute of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const channels = new Set([...Object.keys(a[attribute] ?? {}), ...Object.keys(b[attribute] ?? {})]);
    for (const channel of channels) {
      const oldLocales = a[attribute]?.[channel] ?? {};
      const newLocales = b[attribute]?.[channel] ?? {};
      for (const locale of new Set([...Object.keys(oldLocales), ...Object.keys(newLocales)])) {
        if (stableStringify(oldLocales[locale]) === stableStringify(newLocales[locale])) continue;
        cells.push({ attribute, channel: channel === ALL_CHANNELS ? null : channel, locale: locale === ALL_LOCALES ? null : locale });
      }
    }
  }
  return cells;
}

const list = (codes: string[]) => (codes.length ? codes.join(", ") : "none");
const what = (change: GuardedChange) => (change.kind === "product" ? `product ${change.code}` : `product model ${change.code}`);

/** A key limited to locales writes values of the locales it may edit, and nothing every locale shares. */
function localeProblems(principal: Principal, change: GuardedChange): FieldProblem[] {
  const editable = principal.locales;
  if (!editable) return [];
  const limit = editable.length ? `this key may write only ${editable.join(", ")} values` : "this key may write no values";
  if (!change.before || !change.after) {
    const action = change.before ? "deleting" : "creating";
    return [{ path: [], message: `${limit}; ${action} ${what(change)} changes it in every locale` }];
  }
  const problems: FieldProblem[] = changedFields(change.before, change.after).map((field) => ({
    path: [field],
    message: `${limit}; ${field} is the same in every locale`,
  }));
  for (const cell of changedValues(change.before, change.after)) {
    const located = { path: ["values", cell.attribute], attribute: cell.attribute, locale: cell.locale, channel: cell.channel };
    if (cell.locale === null) problems.push({ ...located, message: `${limit}; ${cell.attribute} without a locale is shared by every locale` });
    else if (localeAccess(principal, cell.locale) === "view") problems.push({ ...located, message: `${limit}; it may only read ${cell.locale}` });
    else if (localeAccess(principal, cell.locale) === "none") problems.push({ ...located, message: `${limit}, not ${cell.locale}` });
  }
  return problems;
}

/**
 * A key limited to category trees changes what lies in them, by its right there: edit changes values;
 * own also classifies, enables, re-parents, associates, creates and deletes. Every category added or
 * removed must be in a tree the key owns, and what it owns must not leave its trees.
 */
function treeProblems(principal: Principal, change: GuardedChange, rootOf: (category: string) => string | undefined): FieldProblem[] {
  const owned = principal.categoryTrees;
  if (!owned) return [];
  const rightOn = (state: GuardedState) =>
    accessToTrees(
      principal,
      [...state.categories, ...state.inheritedCategories].map(rootOf).filter((root): root is string => root !== undefined),
    );
  const trees = `this key's trees (owns ${list(owned)}${principal.editCategoryTrees.length ? `; edits ${list(principal.editCategoryTrees)}` : ""}${principal.viewCategoryTrees.length ? `; views ${list(principal.viewCategoryTrees)}` : ""})`;
  const { before, after } = change;
  const rightBefore: TreeAccess = before ? rightOn(before) : "own";
  if (before && !atLeast(rightBefore, "edit")) {
    const how = rightBefore === "view" ? "this key may only view it" : "it is in none of them";
    return [{ path: [], message: `${what(change)} is outside what ${trees} lets this key change: ${how}` }];
  }
  if (!after)
    return rightBefore === "own" ? [] : [{ path: [], message: `deleting ${what(change)} needs a tree this key owns; in ${trees} it may only edit values` }];

  const problems: FieldProblem[] = [];
  const fields = before ? changedFields(before, after) : [];
  if (before && rightBefore !== "own") {
    for (const field of fields)
      problems.push({ path: [field], message: `changing ${field} needs a tree this key owns; in ${trees} it may only edit values of ${what(change)}` });
    return problems;
  }
  const touched = before
    ? [...after.categories.filter((c) => !before.categories.includes(c)), ...before.categories.filter((c) => !after.categories.includes(c))]
    : after.categories;
  for (const category of touched) {
    const root = rootOf(category);
    if (root === undefined || treeAccess(principal, root) !== "own")
      problems.push({ path: ["categories"], message: `${category} is outside the trees this key owns (${list(owned)})` });
  }
  if (problems.length === 0 && rightOn(after) !== "own")
    problems.push({ path: ["categories"], message: `${what(change)} must ${before ? "stay" : "be"} in a category of a tree this key owns (${list(owned)})` });
  return problems;
}

/**
 * The write guard of a principal, or undefined when its key has no limits. It judges each change by
 * the entity before and after the write, so every path that writes (mutation, batch, import, revert,
 * media operation) is held to the same rights, and every refusal names the field and the limit.
 */
export function writeGuardFor(principal: Principal, categoryRoots: CategoryRoots): WriteGuard | undefined {
  if (!principal.locales && !principal.categoryTrees) return undefined;
  return {
    async problems(changes: GuardedChange[]): Promise<FieldProblem[][]> {
      const categories = new Set<string>();
      for (const change of changes) {
        for (const state of [change.before, change.after])
          for (const category of [...(state?.categories ?? []), ...(state?.inheritedCategories ?? [])]) categories.add(category);
      }
      const roots = principal.categoryTrees && categories.size ? await categoryRoots([...categories]) : new Map<string, string>();
      return changes.map((change) => [...localeProblems(principal, change), ...treeProblems(principal, change, (category) => roots.get(category))]);
    },
  };
}
