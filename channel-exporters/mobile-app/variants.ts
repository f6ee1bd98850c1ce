import type { VariantGroup } from "../../src/feeds/channel-product.js";
import type { ChannelProduct } from "../types.js";
import { localized, type LocalizedProduct, type LocalizedText } from "./localized.js";

/** A product's variant group as the app draws its option pickers: the axes with their values, and which SKU sits at each combination. */
export interface VariantMatrix {
  groupId: string;
  title?: LocalizedText;
  axes: Array<{ code: string; label: LocalizedText; values: LocalizedText[] }>;
  /** `options[i]` indexes `axes[i].values`; null when a variant has no value on that axis. */
  matrix: Array<{ id: string; options: Array<number | null> }>;
}

/** The loaded group, or the product alone in its group when none was loaded. */
function groupOf(product: ChannelProduct, groupId: string): VariantGroup {
  return product.group ?? { code: groupId, title: null, variesBy: product.axes.map((a) => a.attribute), variants: [{ sku: product.sku, axes: product.axes }] };
}

/**
 * The matrix is built in the channel's own locale (the first); a value reads in each other locale as the
 * same variant's value on that axis there, so every locale's words sit at the same index.
 */
export function variantMatrix(locales: readonly LocalizedProduct[]): VariantMatrix | undefined {
  const groupId = locales[0]?.product.itemGroupId;
  if (!groupId) return undefined;
  const groups = locales.map(({ product }) => groupOf(product, groupId));
  const group = groups[0] as VariantGroup;
  const axisIn = (locale: number, sku: string, code: string) =>
    groups[locale]?.variants.find((variant) => variant.sku === sku)?.axes.find((axis) => axis.attribute === code);
  const labels = locales.map(
    ({ product }, i) => new Map([...product.axes, ...(groups[i]?.variants ?? []).flatMap((v) => v.axes)].map((axis) => [axis.attribute, axis.label])),
  );
  // Values in their attribute's option order (S, M, L, XL), else in order of first appearance, each with a variant that has it.
  const values = group.variesBy.map((code) => {
    const firstWith = new Map<string, { sku: string; rank: number }>();
    for (const variant of group.variants) {
      const axis = variant.axes.find((a) => a.attribute === code);
      if (axis && !firstWith.has(axis.value)) firstWith.set(axis.value, { sku: variant.sku, rank: axis.rank ?? Number.MAX_SAFE_INTEGER });
    }
    return [...firstWith].sort(([, a], [, b]) => a.rank - b.rank).map(([value, { sku }]) => ({ value, sku }));
  });
  const title = localized(locales, (_, i) => groups[i]?.title ?? null);
  return {
    groupId: group.code,
    ...(title ? { title } : {}),
    axes: group.variesBy.map((code, i) => ({
      code,
      label: localized(locales, (_, locale) => labels[locale]?.get(code) ?? (locale === 0 ? code : null)) ?? {},
      values: (values[i] ?? []).map(({ sku }) => localized(locales, (_, locale) => axisIn(locale, sku, code)?.value ?? null) ?? {}),
    })),
    matrix: group.variants.map((variant) => ({
      id: variant.sku,
      options: group.variesBy.map((code, i) => {
        const value = variant.axes.find((a) => a.attribute === code)?.value;
        return value === undefined ? null : (values[i] ?? []).findIndex((v) => v.value === value);
      }),
    })),
  };
}
