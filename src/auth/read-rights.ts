import { PimError } from "../errors.js";
import { localeAccess, readableLocales, type Principal } from "./principal.js";

/** Whether a value of this locale (null: shared by all locales) may be shown to the principal. */
export function mayReadLocale(principal: Principal, locale: string | null): boolean {
  return locale === null || localeAccess(principal, locale) !== "none";
}

/** Refuses a read that asks for a locale the principal's key may not read, naming the limit. */
export function assertMayReadLocale(principal: Principal, locale: string | null | undefined, path: string[]): void {
  if (locale === null || locale === undefined || mayReadLocale(principal, locale)) return;
  const message = `this key may read only ${(readableLocales(principal) ?? []).join(", ")} values, not ${locale}`;
  throw new PimError("FORBIDDEN", message, [{ path, locale, message }]);
}

/** Whether a history change (a field such as values.name.<channel>.<locale>) may be shown to the principal. */
export function mayReadHistoryField(principal: Principal, field: string): boolean {
  const [root, , , locale] = field.split(".");
  if (root !== "values" || locale === undefined || locale === "<all_locales>") return true;
  return mayReadLocale(principal, locale);
}

/** Refuses a write of localized texts outside the locales the principal may edit (alt texts of an image). */
export function assertMayWriteLocales(principal: Principal, locales: Array<{ locale: string; path: string[] }>): void {
  const problems = locales
    .filter(({ locale }) => localeAccess(principal, locale) !== "edit")
    .map(({ locale, path }) => ({ path, locale, message: `this key may write only ${(principal.locales ?? []).join(", ")} values, not ${locale}` }));
  if (problems.length > 0) throw new PimError("FORBIDDEN", `Refused: ${problems[0]?.message}`, problems);
}

/** Refuses to a limited key what reads or writes the whole catalog in every locale (catalog exports, full scans). */
export function assertUnlimited(principal: Principal, what: string): void {
  if (!principal.locales && !principal.categoryTrees) return;
  const message = `${what} covers every locale and category tree; a key limited to locales or category trees may not use it`;
  throw new PimError("FORBIDDEN", message, [{ path: [], message }]);
}
