import type { ChannelProduct } from "../types.js";

export type LocalizedText = Record<string, string>;

/** A product's variant group as the app draws its option pickers: the axes with their values, and which SKU sits at each combination. */
export interface VariantMatrix {
  groupId: string;
  title?: LocalizedText;
  axes: Array<{ code: string; label: LocalizedText; values: LocalizedText[] }>;
  /** `options[i]` indexes `axes[i].values`; null when a variant has no value on that axis. */
  matrix: Array<{ id: string; options: Array<number | null> }>;
}

export function variantMatrix(product: ChannelProduct, languageTag: string): VariantMatrix | undefined {
  if (!product.itemGroupId) return undefined;
  const text = (value: string): LocalizedText => ({ [languageTag]: value });
  const group = product.group ?? {
    code: product.itemGroupId,
    title: null,
    variesBy: product.axes.map((a) => a.attribute),
    variants: [{ sku: product.sku, axes: product.axes }],
  };
  const labels = new Map([...product.axes, ...group.variants.flatMap((v) => v.axes)].map((axis) => [axis.attribute, axis.label]));
  // Values in their attribute's option order (S, M, L, XL), else in order of first appearance.
  const values = group.variesBy.map((code) => {
    const onAxis = group.variants.flatMap((v) => v.axes.filter((a) => a.attribute === code));
    const rankOf = new Map<string, number>();
    for (const axis of onAxis) if (!rankOf.has(axis.value)) rankOf.set(axis.value, axis.rank ?? Number.MAX_SAFE_INTEGER);
    return [...rankOf.keys()].sort((a, b) => (rankOf.get(a) as number) - (rankOf.get(b) as number));
  });
  return {
    groupId: group.code,
    ...(group.title ? { title: text(group.title) } : {}),
    axes: group.variesBy.map((code, i) => ({ code, label: text(labels.get(code) ?? code), values: (values[i] ?? []).map(text) })),
    matrix: group.variants.map((variant) => ({
      id: variant.sku,
      options: group.variesBy.map((code, i) => {
        const value = variant.axes.find((a) => a.attribute === code)?.value;
        return value === undefined ? null : (values[i] ?? []).indexOf(value);
      }),
    })),
  };
}
