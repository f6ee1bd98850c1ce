import type { ProductFilter } from "../../catalog/products/product-query.js";
import { PimError } from "../../errors.js";

export interface ExportSelection {
  categories?: string[] | null;
  families?: string[] | null;
  completeOnChannel?: string | null;
  completeLocale?: string | null;
  updatedSince?: Date | null;
}

/** The export's choice of products as the catalog's product filter; completeness needs its channel and locale together. */
export function exportFilterOf(selection: ExportSelection): ProductFilter {
  const filter: ProductFilter = {};
  if (selection.categories?.length) Object.assign(filter, { categories: selection.categories, includeSubcategories: true });
  if (selection.families?.length) filter.families = selection.families;
  if (selection.updatedSince) filter.updatedSince = selection.updatedSince;
  if (!selection.completeOnChannel !== !selection.completeLocale) {
    throw new PimError("BAD_USER_INPUT", "completeness needs a channel and a locale", [
      { path: [selection.completeOnChannel ? "completeLocale" : "completeOnChannel"], message: "give the channel and the locale together" },
    ]);
  }
  if (selection.completeOnChannel && selection.completeLocale)
    filter.completeness = { channel: selection.completeOnChannel, locale: selection.completeLocale, min: 100 };
  return filter;
}
