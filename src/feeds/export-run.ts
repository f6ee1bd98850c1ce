import type { ValidateFunction } from "ajv";
import { PimError } from "../errors.js";
import type { CatalogServices } from "../catalog/services.js";
import { staticSchemaValidator } from "../validation/json-schemas.js";
import { describeSchemaErrors } from "../validation/input-validation.js";
import { exporters } from "../../channel-exporters/index.js";
import type { ChannelCategory, ChannelExporter, ExportContext, MapContext } from "../../channel-exporters/types.js";
import { labelIn } from "./attribute-text.js";
import { buildChannelProduct, channelScope, scopeInLocale, type ChannelScope } from "./channel-product-builder.js";
import type { ChannelProduct, ProductTranslation } from "./channel-product.js";
import { applyRules } from "./rules.js";
import type { SourceProduct } from "../catalog/read/source-products.js";
import { treeOf } from "../catalog/read/categories.js";
import { VariantGroupLoader } from "./variant-groups.js";
import { assetCollection } from "../media/asset-store.js";
import { AssetSizes, channelImageProblem, channelImageRendition, channelRenditions, mediaUrl } from "../media/channel-images.js";
import { own } from "../own-key.js";

export interface FeedProblem {
  sku: string;
  /** The item's id in the channel when it differs from the SKU (a variant parent), else the SKU. */
  itemId: string;
  severity: "error" | "warning";
  field: string;
  reason: string;
}

/** One product's way through a channel: what reached the feed and why anything did not. */
export type ProductOutcome =
  | { status: "disabled"; product: ChannelProduct | null }
  | { status: "excluded"; product: ChannelProduct; rule: string }
  /** Unusable before any item was made (the exporter failed). */
  | { status: "rejected"; product: ChannelProduct; problems: FeedProblem[] }
  | { status: "mapped"; product: ChannelProduct; items: unknown[]; rejected: unknown[]; problems: FeedProblem[] };

/** A channel's exporter, scope and item check, prepared once for a feed run or a preview. */
export class ExportRun {
  readonly context: ExportContext;
  private readonly validateItem: ValidateFunction;
  private readonly seen = new Set<string>();
  private readonly groups: VariantGroupLoader | null;
  private readonly translationScopes: ChannelScope[];
  private readonly assetSizes: AssetSizes;

  private constructor(
    readonly exporter: ChannelExporter,
    readonly scope: ChannelScope,
    catalog: CatalogServices,
    generatedAt: Date,
  ) {
    const settings = scope.settings;
    this.context = {
      channel: scope.channel.code,
      locale: settings.locale,
      languageTag: languageTag(settings.locale),
      currency: settings.currency,
      settings,
      options: settings.options ?? {},
      generatedAt,
      mediaUrl: (asset, preset) => mediaUrl(settings.mediaBaseUrl, asset, preset),
      renditions: (asset) => channelRenditions(settings.mediaBaseUrl, scope.imagePresets, asset),
      imageRendition: (asset, position) => channelImageRendition(settings.mediaBaseUrl, scope.imagePresets, asset, position),
      categories: channelTree(scope),
      economicOperators: scope.definitions.economicOperators,
    };
    this.validateItem = staticSchemaValidator(`channels/${exporter.itemSchema}`);
    this.groups = exporter.needsVariantGroups ? new VariantGroupLoader(catalog.read.variantTree, scope) : null;
    this.translationScopes = exporter.needsTranslations
      ? scope.channel.locales.filter((locale) => locale !== settings.locale).map((locale) => scopeInLocale(scope, locale))
      : [];
    this.assetSizes = new AssetSizes(assetCollection(catalog.connection));
  }

  static async prepare(channelCode: string, catalog: CatalogServices, generatedAt = new Date()): Promise<ExportRun> {
    const definitions = await catalog.definitions();
    const channel = definitions.channels.get(channelCode);
    if (!channel) throw new PimError("NOT_FOUND", `Channel ${channelCode} does not exist`);
    if (!channel.export)
      throw new PimError("BAD_USER_INPUT", `Channel ${channelCode} has no export settings, so it has no feed`, [
        { path: ["channel"], message: `channel ${channelCode} has no export settings` },
      ]);
    const exporter = exporters.get(channel.export.exporter);
    if (!exporter) throw new PimError("BAD_USER_INPUT", `Channel ${channelCode} names exporter ${channel.export.exporter}, which does not exist`);
    const categories = new Map((await catalog.read.categories()).map((category) => [category.code, category]));
    return new ExportRun(exporter, channelScope(channel, channel.export, definitions, categories, generatedAt), catalog, generatedAt);
  }

  /** Builds, filters, maps and checks one product; never throws for bad data, only reports it. */
  async mapProduct(source: SourceProduct): Promise<ProductOutcome> {
    if (!source.enabled) return { status: "disabled", product: null };
    const product = buildChannelProduct(source, this.scope);
    const { excludedBy } = applyRules(product, this.scope.settings.rules ?? [], this.scope.settings.currency);
    if (excludedBy) return { status: "excluded", product, rule: excludedBy };
    // A sale price a rule set is not the promotion's, so the promotion's window does not date it.
    if (product.fields.salePrice?.changes.some((change) => change.by === "rule")) product.offer.saleWindow = null;
    if (this.groups && product.itemGroupId) product.group = await this.groups.load(product.itemGroupId);
    product.translations = await this.translations(source);

    const problems: FeedProblem[] = [];
    const warnings: Array<{ field: string; reason: string }> = [];
    const refusals: Array<{ field: string; reason: string }> = [];
    product.imageAssets = await this.imageAssets(product.imageAssetIds, warnings);
    const mapContext: MapContext = {
      ...this.context,
      warn: (field, reason) => warnings.push({ field, reason }),
      refuse: (field, reason) => refusals.push({ field, reason }),
      firstTime: (key) => !this.seen.has(key) && Boolean(this.seen.add(key)),
    };
    let mapped: unknown[];
    try {
      mapped = this.exporter.map(product, mapContext);
    } catch (error) {
      problems.push({ sku: product.sku, itemId: product.sku, severity: "error", field: "product", reason: `the exporter failed: ${(error as Error).message}` });
      return { status: "rejected", product, problems };
    }
    problems.push(...warnings.map((w) => ({ sku: product.sku, itemId: product.sku, severity: "warning" as const, ...w })));
    if (refusals.length > 0) {
      problems.push(...refusals.map((r) => ({ sku: product.sku, itemId: product.sku, severity: "error" as const, ...r })));
      return { status: "rejected", product, problems };
    }
    const items: unknown[] = [];
    const rejected: unknown[] = [];
    for (const item of mapped) {
      const itemId = this.exporter.itemId(item);
      if (this.validateItem(item)) {
        items.push(item);
        continue;
      }
      rejected.push(item);
      for (const p of describeSchemaErrors(this.validateItem.errors ?? [])) {
        problems.push({ sku: product.sku, itemId, severity: "error", field: p.path.join(".") || "item", reason: p.message });
      }
    }
    return { status: "mapped", product, items, rejected, problems };
  }

  /**
   * The product in each other locale the channel publishes, for exporters that write them all. The channel's
   * rules shape every locale's texts alike; whether the product is listed at all the channel's own locale decides.
   */
  private async translations(source: SourceProduct): Promise<ProductTranslation[]> {
    const translations: ProductTranslation[] = [];
    for (const scope of this.translationScopes) {
      const product = buildChannelProduct(source, scope);
      applyRules(product, scope.settings.rules ?? [], scope.settings.currency);
      if (this.groups && product.itemGroupId) product.group = await this.groups.load(product.itemGroupId, scope);
      translations.push({ locale: scope.settings.locale, languageTag: languageTag(scope.settings.locale), product });
    }
    return translations;
  }

  /** The product's image assets that exist; a missing one, or one too small for the channel's minimum, is reported, never upscaled. */
  private async imageAssets(ids: string[], warnings: Array<{ field: string; reason: string }>) {
    const found = [];
    for (const [position, id] of ids.entries()) {
      const asset = await this.assetSizes.get(id);
      if (!asset) {
        warnings.push({ field: "images", reason: `image ${position + 1} (${id}) is not a stored asset` });
        continue;
      }
      const tooSmall = channelImageProblem(this.scope.imagePresets, asset, position);
      if (tooSmall) warnings.push({ field: "images", reason: `image ${position + 1} (${id}): ${tooSmall}` });
      found.push(asset);
    }
    return found;
  }
}

/** pl_PL as BCP 47 spells it: pl-PL. */
const languageTag = (locale: string) => locale.replace("_", "-");

function channelTree(scope: ChannelScope): ChannelCategory[] {
  const tree = scope.channel.categoryTree;
  return [...scope.categories.values()]
    .filter((c) => c.code !== tree && treeOf(c) === tree)
    .sort((a, b) => a.ancestors.length - b.ancestors.length || a.sortOrder - b.sortOrder || a.code.localeCompare(b.code))
    .map((c) => ({
      code: c.code,
      parent: c.parent === tree ? null : c.parent,
      label: labelIn(c.labels, scope.locales, c.code),
      channelId: own(scope.settings.categories, c.code) ?? null,
    }));
}
