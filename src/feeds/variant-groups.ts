import type { RawValues } from "../catalog/values/raw-values.js";
import type { VariantTree } from "../catalog/read/variant-tree.js";
import { resolveValue } from "../catalog/values/value-resolution.js";
import { cleanText } from "../../channel-exporters/shared/text-safety.js";
import { labelIn, renderValue } from "./attribute-text.js";
import type { VariantAxis, VariantGroup } from "./channel-product.js";
import type { ChannelScope } from "./channel-product-builder.js";

const groupCacheLimit = 5_000;

/**
 * Loads each product group (a root model and all its variants) once per run, for channels that list
 * siblings, and words it in each locale asked for without reading it again.
 */
export class VariantGroupLoader {
  private readonly cache = new Map<string, { tree: Promise<VariantTree | null>; byLocale: Map<string, VariantGroup | null> }>();

  constructor(
    private readonly variantTree: (rootCode: string) => Promise<VariantTree | null>,
    private readonly scope: ChannelScope,
  ) {}

  /** The group in `scope`'s locale: the run's own unless a translation asks for another. */
  async load(rootCode: string, scope = this.scope): Promise<VariantGroup | null> {
    let entry = this.cache.get(rootCode);
    if (!entry) {
      if (this.cache.size >= groupCacheLimit) this.cache.clear();
      entry = { tree: this.variantTree(rootCode), byLocale: new Map() };
      this.cache.set(rootCode, entry);
    }
    const locale = scope.settings.locale;
    let group = entry.byLocale.get(locale);
    if (group === undefined) {
      const tree = await entry.tree;
      group = tree ? this.group(rootCode, tree, scope) : null;
      entry.byLocale.set(locale, group);
    }
    return group;
  }

  private group(rootCode: string, tree: VariantTree, scope: ChannelScope): VariantGroup {
    const { root } = tree;
    const familyVariant = scope.definitions.familyVariants.get(root.familyVariant);
    const axes = familyVariant?.levels.flatMap((level) => level.axes) ?? [];
    const family = scope.definitions.families.get(root.family);
    const withValues = [...tree.variants];
    // Option pickers list values in the catalog's option order (S, M, L, XL), not in SKU order.
    const rank = (values: RawValues) => axes.map((code) => this.optionRank(code, values));
    withValues.sort((a, b) => compareRanks(rank(a.values), rank(b.values)) || a.sku.localeCompare(b.sku));
    return {
      code: rootCode,
      title: family ? this.text(family.labelAttribute, root.values, scope) : null,
      variesBy: axes,
      variants: withValues.map(({ sku, values }) => ({
        sku,
        axes: axes.flatMap((code): VariantAxis[] => {
          const value = this.text(code, values, scope);
          const attribute = scope.definitions.attributes.get(code);
          if (!value || !attribute) return [];
          const rank = this.optionRank(code, values);
          return [{ attribute: code, label: labelIn(attribute.labels, scope.locales, code), value, ...(rank === Number.MAX_SAFE_INTEGER ? {} : { rank }) }];
        }),
      })),
    };
  }

  private optionRank(code: string, values: RawValues): number {
    const attribute = this.scope.definitions.attributes.get(code);
    const found = attribute ? resolveValue(values, attribute, { locale: null, channel: this.scope.channel.code }, this.scope.definitions) : null;
    const option = attribute?.options.find((o) => o.code === found?.data);
    return option ? option.sortOrder : Number.MAX_SAFE_INTEGER;
  }

  private text(code: string, values: RawValues, scope: ChannelScope): string | null {
    const attribute = scope.definitions.attributes.get(code);
    if (!attribute) return null;
    const found = resolveValue(values, attribute, { locale: scope.settings.locale, channel: scope.channel.code }, scope.definitions);
    const rendered = found ? renderValue(attribute, found.data, scope.locales, scope.settings.currency) : null;
    return rendered ? cleanText(rendered.text) : null;
  }
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}
