import { assetIdPattern } from "../media/asset-store.js";
import type { Attribute, CatalogDefinitions, Family } from "../catalog/definitions.js";
import { stockStatus } from "../offers/availability.js";
import { effectivePrice } from "../offers/effective-price.js";
import { withAncestors } from "../catalog/read/categories.js";
import type { CatalogServices } from "../catalog/services.js";
import { getRawValue, isEmptyData } from "../catalog/values/raw-values.js";
import { plainText } from "../../channel-exporters/shared/text-safety.js";
import type { CustomerView } from "../../channel-exporters/types.js";
import { renderValue } from "./attribute-text.js";
import { isOfferField, type ChannelExportSettings, type FieldName } from "./channel-export-settings.js";
import type { FieldData, FieldValue, Money, OfferPromotion } from "./channel-product.js";
import { ExportRun, type FeedProblem, type ProductOutcome } from "./export-run.js";
import { itemFor, readOneProduct, renderingOf, type RenderStatus } from "./render-product.js";
import type { SourceProduct } from "../catalog/read/source-products.js";
import { own } from "../own-key.js";

/** What a customer sees of a product on every channel, so these are what must read the same. */
export const comparedFields = ["title", "description", "price", "salePrice", "availability", "image"] as const;
export type ComparedField = (typeof comparedFields)[number];
export type Comparable = string | Money;

/** The channel product field behind each value a customer sees. */
export const channelFieldOf: Readonly<Record<ComparedField, FieldName>> = {
  title: "title",
  description: "description",
  price: "price",
  salePrice: "salePrice",
  availability: "availability",
  image: "images",
};

export type ExplanationKind =
  | "channel-value"
  | "locale-fallback"
  | "mapping-default"
  | "static-value"
  | "derived"
  | "rule"
  | "channel-limit"
  | "currency"
  | "value-map"
  | "promotion";

export interface Explanation {
  kind: ExplanationKind;
  detail: string;
  rule?: string;
}

export interface FieldComparison {
  field: ComparedField;
  channelValue: Comparable | null;
  /** The master copy: the source attribute's value in the channel's locale, with no channel scope. */
  sourceValue: Comparable | null;
  sourceAttribute: string | null;
  differs: boolean;
  explanations: Explanation[];
  /** A difference that nothing recorded on the product's way to the channel accounts for. */
  unexplained: boolean;
  note: string | null;
}

/** How current the feed a channel serves is; a stale feed shows customers what the catalog no longer says. */
export interface FeedFreshness {
  stale: boolean;
  behindByEvents: number;
  behindBySeconds: number;
}

/** Null where this process generates no feeds. */
export type FeedFreshnessOf = (channel: string) => Promise<FeedFreshness | null>;

export interface ChannelConsistency {
  channel: string;
  exporter: string;
  status: RenderStatus;
  excludedBy: string | null;
  problems: FeedProblem[];
  /** Empty unless the channel writes the product: there is nothing to compare otherwise. */
  fields: FieldComparison[];
  /** The served feed's lag; null where feeds are not generated (nothing is served to compare). */
  feed: FeedFreshness | null;
}

/** Differences nothing explains: field by field, and one for each channel that writes the product into a stale feed. */
export function unexplainedIn(channels: readonly ChannelConsistency[]): number {
  return channels.reduce((sum, c) => sum + c.fields.filter((f) => f.unexplained).length + (c.status === "written" && c.feed?.stale ? 1 : 0), 0);
}

export interface ConsistencyReport {
  sku: string;
  found: boolean;
  channels: ChannelConsistency[];
  unexplained: number;
}

/** The attribute one channel reads for a field: its mapping's, else the family's, as the builder does. */
export function mappedAttribute(settings: ChannelExportSettings, family: Family | undefined, field: FieldName): string | null {
  if (isOfferField(field)) return null;
  const mapping = settings.fields?.[field];
  if (mapping) return mapping.value === undefined ? (mapping.attribute ?? null) : null;
  if (field === "title") return family?.labelAttribute ?? null;
  if (field === "images") return family?.imageAttribute ?? null;
  return null;
}

/**
 * The product's own attribute for each compared field: the one most channels read, ties going to the
 * family's label or image attribute and then to the first code. It is one choice for all channels, not
 * each channel's own mapping: otherwise a channel reading another attribute would define its own source
 * and could never differ from it.
 */
export function sourceAttributes(channels: readonly ChannelExportSettings[], family: Family | undefined): Record<ComparedField, string | null> {
  const chosen = {} as Record<ComparedField, string | null>;
  for (const field of comparedFields) {
    const name = channelFieldOf[field];
    const counts = new Map<string, number>();
    for (const settings of channels) {
      const code = mappedAttribute(settings, family, name);
      if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    const preferred = name === "title" ? family?.labelAttribute : name === "images" ? family?.imageAttribute : undefined;
    const ranked = [...counts].sort(([a, m], [b, n]) => n - m || Number(b === preferred) - Number(a === preferred) || a.localeCompare(b));
    chosen[field] = ranked[0]?.[0] ?? null;
  }
  return chosen;
}

/**
 * The master copy of a field: the attribute's value in `locale` exactly (no fallback) and for no channel.
 * A scopable attribute has none (each of its values names a channel), so a channel's own value explains it.
 */
export function sourceValue(
  field: Exclude<ComparedField, OfferComparedField>,
  attribute: Attribute | undefined,
  source: SourceProduct,
  locale: string,
  currency: string,
): Comparable | null {
  if (!attribute) return null;
  const data = getRawValue(source.values, attribute.code, null, attribute.localizable ? locale : null);
  if (isEmptyData(data)) return null;
  if (field === "image" && attribute.type === "media") return Array.isArray(data) ? String(data[0]) : null;
  const rendered = renderValue(attribute, data, [locale], currency);
  return rendered ? rendered.text : null;
}

/** The compared fields that come from the product's prices, promotions and stock rather than an attribute. */
export type OfferComparedField = "price" | "salePrice" | "availability";
const isOfferCompared = (field: ComparedField): field is OfferComparedField => field === "price" || field === "salePrice" || field === "availability";

export interface CatalogOffer {
  price: Money | null;
  salePrice: Money | null;
  availability: string;
}

/**
 * The catalog's own price and availability at `at`: promotions limited to channels do not count. Without a
 * price in the channel's currency the report still shows what the product costs in another one.
 */
export function catalogOffer(
  source: SourceProduct,
  definitions: Pick<CatalogDefinitions, "promotions" | "stockLocations">,
  ancestorsOf: (code: string) => readonly string[] | undefined,
  currency: string,
  at: Date,
): CatalogOffer {
  const priced = {
    sku: source.sku,
    family: source.family,
    categoriesWithAncestors: withAncestors(source.categories, ancestorsOf),
    prices: source.offer.prices,
  };
  const inCurrency = source.offer.prices[currency] !== undefined ? currency : Object.keys(source.offer.prices).sort()[0];
  const price = inCurrency ? effectivePrice(priced, inCurrency, null, at, definitions.promotions.values()) : null;
  return {
    price: price ? { amount: price.price, currency: price.currency } : null,
    salePrice: price?.salePrice ? { amount: price.salePrice, currency: price.currency } : null,
    availability: stockStatus(source.offer, definitions.stockLocations).availability,
  };
}

/** Text as a customer reads it: markup, entities and spacing are formatting, not content. */
export function comparableText(text: string): string {
  return plainText(text).replace(/\s+/g, " ").trim();
}

/** The asset id a rendition URL names (`…/{asset}/{preset}`), else the URL's last path segment, decoded; a bare reference as it is. */
function imageFile(reference: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(reference)) return reference;
  const segments = new URL(reference).pathname.split("/");
  const asset = segments.find((segment) => assetIdPattern.test(segment));
  if (asset) return asset;
  const last = segments.pop() ?? "";
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Equal as a customer sees it: `15.00` and `15` are one amount, `<p>Hi</p>` and `Hi` one text. */
export function sameValue(field: ComparedField, a: Comparable | null, b: Comparable | null): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === "object" || typeof b === "object") {
    return typeof a === "object" && typeof b === "object" && a.currency === b.currency && Number(a.amount) === Number(b.amount);
  }
  if (field === "image") return imageFile(a) === imageFile(b);
  return comparableText(a) === comparableText(b);
}

function present(value: Comparable | null | undefined): Comparable | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" && comparableText(value) === "" ? null : value;
}

function hasData(value: FieldData | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === "string") return value !== "";
  return Array.isArray(value) ? value.length > 0 : true;
}

/** Everything known about one value on its way to one channel. */
export interface FieldEvidence {
  field: ComparedField;
  channelValue: Comparable | null;
  sourceValue: Comparable | null;
  sourceAttribute: string | null;
  /** The channel product's field, as the mapping, the rules and the channel's limits left it; undefined when it has none. */
  provenance: FieldValue | undefined;
  locale: string;
  currency: string;
  /** The channel's option-code translation, when it reads the source attribute. */
  valueMap?: Record<string, string>;
  /** The promotion behind the channel's sale price, when one is. */
  promotion?: OfferPromotion | null;
  /** How far a rule may move a price, in percent of the catalog's, and still explain it. */
  ruleBandPercent?: number;
}

/** A rule may move a price by this much before the report stops taking the rule for an explanation. */
export const defaultRuleBandPercent = 50;

export function compareField(evidence: FieldEvidence): FieldComparison {
  const channelValue = present(evidence.channelValue);
  const source = present(evidence.sourceValue);
  const compared = { field: evidence.field, channelValue, sourceValue: source, sourceAttribute: evidence.sourceAttribute };
  if (sameValue(evidence.field, channelValue, source)) return { ...compared, differs: false, explanations: [], unexplained: false, note: null };
  const { explanations, note } = explain(evidence, channelValue, source);
  return { ...compared, differs: true, explanations, unexplained: note !== null, note };
}

/** The recorded reasons that can make a channel's value differ from the master copy. */
function explain(evidence: FieldEvidence, channelValue: Comparable | null, source: Comparable | null): { explanations: Explanation[]; note: string | null } {
  const field = evidence.provenance;
  const explanations = field ? provenanceExplanations(field, evidence) : [];
  if (typeof source === "object" && source !== null && source.currency !== evidence.currency) {
    explanations.push({ kind: "currency", detail: `the channel sells in ${evidence.currency}, and the product has no ${evidence.currency} price` });
  }
  if (typeof source === "string" && typeof channelValue === "string" && own(evidence.valueMap, source) === channelValue) {
    explanations.push({ kind: "value-map", detail: `the channel's mapping translates ${source} into ${channelValue}` });
  }
  return { explanations, note: unexplainedNote(evidence, channelValue, explanations) };
}

const replacedByRule = (field: FieldValue) => field.changes.some((c) => c.by === "rule" && c.action === "set");

function provenanceExplanations(field: FieldValue, evidence: FieldEvidence): Explanation[] {
  const explanations: Explanation[] = [];
  const origin = field.origin;
  const name = channelFieldOf[evidence.field];
  if (origin.source === "attribute") {
    // Scope and locale of another attribute's value say nothing about why it differs from this one.
    if (origin.attribute === evidence.sourceAttribute) {
      if (origin.channel !== null)
        explanations.push({ kind: "channel-value", detail: `${origin.attribute} has a value of its own for channel ${origin.channel}` });
      if (origin.locale !== null && origin.locale !== evidence.locale)
        explanations.push({ kind: "locale-fallback", detail: `${origin.attribute} has no ${evidence.locale} value; the ${origin.locale} one stands in` });
    }
  } else if (origin.source === "default") explanations.push({ kind: "mapping-default", detail: `the channel's mapping default for ${name}` });
  else if (origin.source === "static") explanations.push({ kind: "static-value", detail: `the channel's static value for ${name}` });
  else if (origin.from.startsWith("promotion ") && evidence.promotion?.channels.length) {
    explanations.push({ kind: "promotion", detail: `promotion ${evidence.promotion.code} applies only to channels ${evidence.promotion.channels.join(", ")}` });
  } else explanations.push({ kind: "derived", detail: `derived from ${origin.from}` });
  for (const change of field.changes) {
    if (change.by === "rule") explanations.push({ kind: "rule", detail: `rule "${change.rule}" (${change.action})`, rule: change.rule });
    else explanations.push({ kind: "channel-limit", detail: change.reason });
  }
  return explanations;
}

/**
 * Why a difference stays unexplained even when something is recorded: provenance that says where a
 * value came from (another attribute) or nothing at all (the exporter made or dropped it) does not say
 * why it differs from the product's own value.
 */
function unexplainedNote(evidence: FieldEvidence, channelValue: Comparable | null, explanations: Explanation[]): string | null {
  const field = evidence.provenance;
  const name = channelFieldOf[evidence.field];
  if (!field) {
    if (channelValue !== null) return `the exporter filled ${evidence.field} although the channel product has no ${name}`;
    return explanations.length ? null : `the channel has no ${name} for this product`;
  }
  const outsideBand = priceOutsideRuleBand(evidence, field, channelValue);
  if (outsideBand) return outsideBand;
  const origin = field.origin;
  if (origin.source === "attribute" && origin.attribute !== evidence.sourceAttribute && !replacedByRule(field)) {
    return `the channel reads attribute ${origin.attribute}, and the product's own ${evidence.field} is ${evidence.sourceAttribute ?? "read by no other channel"}`;
  }
  if (channelValue === null && hasData(field.value) && !explanations.some((e) => e.kind === "channel-limit")) {
    return `the channel product has ${name}, and the exporter left it out`;
  }
  return explanations.length ? null : "nothing recorded on the way to the channel changes this value";
}

/** A price a rule moved further from the catalog's than the channel's band allows: the rule does not explain it. */
function priceOutsideRuleBand(evidence: FieldEvidence, field: FieldValue, channelValue: Comparable | null): string | null {
  const rule = field.changes.find((change) => change.by === "rule");
  const source = evidence.sourceValue;
  if (!rule || (evidence.field !== "price" && evidence.field !== "salePrice")) return null;
  if (typeof channelValue !== "object" || channelValue === null || typeof source !== "object" || source === null || channelValue.currency !== source.currency)
    return null;
  const catalog = Number(source.amount);
  if (!(catalog > 0)) return null;
  const band = evidence.ruleBandPercent ?? defaultRuleBandPercent;
  const moved = ((Number(channelValue.amount) - catalog) / catalog) * 100;
  if (Math.abs(moved) <= band) return null;
  return `rule "${rule.rule}" moves the ${channelFieldOf[evidence.field]} ${moved < 0 ? "down" : "up"} by ${Math.abs(moved).toFixed(1)} % of the catalog's ${source.amount} ${source.currency}, beyond the channel's ±${band} % band`;
}

/** A channel with export settings, ready to map products, or the reason it cannot. */
export interface PreparedChannel {
  channel: string;
  settings: ChannelExportSettings;
  run: ExportRun | null;
  error: string | null;
  feed: FeedFreshness | null;
}

export async function prepareChannels(catalog: CatalogServices, definitions: CatalogDefinitions, freshnessOf?: FeedFreshnessOf): Promise<PreparedChannel[]> {
  const channels = [...definitions.channels.values()].filter((c) => c.export).sort((a, b) => a.code.localeCompare(b.code));
  return Promise.all(
    channels.map(async ({ code, export: settings }) => {
      const feed = freshnessOf ? await freshnessOf(code) : null;
      try {
        return { channel: code, settings: settings as ChannelExportSettings, run: await ExportRun.prepare(code, catalog), error: null, feed };
      } catch (error) {
        return { channel: code, settings: settings as ChannelExportSettings, run: null, error: (error as Error).message, feed };
      }
    }),
  );
}

/**
 * `mapped`: outcomes of `run.mapProduct(source)` the caller already has, by channel (the preview page
 * shows the same mapping it compares); a channel without one is mapped here.
 */
export async function productConsistency(
  source: SourceProduct,
  channels: readonly PreparedChannel[],
  definitions: CatalogDefinitions,
  mapped?: ReadonlyMap<string, ProductOutcome>,
): Promise<ConsistencyReport> {
  const family = source.family ? definitions.families.get(source.family) : undefined;
  const attributes = sourceAttributes(
    channels.map((c) => c.settings),
    family,
  );
  const results: ChannelConsistency[] = [];
  for (const channel of channels)
    results.push({ ...(await channelConsistency(channel, source, attributes, definitions, mapped?.get(channel.channel))), feed: channel.feed });
  return { sku: source.sku, found: true, channels: results, unexplained: unexplainedIn(results) };
}

async function channelConsistency(
  prepared: PreparedChannel,
  source: SourceProduct,
  attributes: Record<ComparedField, string | null>,
  definitions: CatalogDefinitions,
  mapped: ProductOutcome | undefined,
): Promise<Omit<ChannelConsistency, "feed">> {
  const { run, settings } = prepared;
  const failure = (reason: string): FeedProblem => ({ sku: source.sku, itemId: source.sku, severity: "error", field: "exporter", reason });
  if (!run)
    return {
      channel: prepared.channel,
      exporter: settings.exporter,
      status: "rejected",
      excludedBy: null,
      problems: [failure(prepared.error ?? "")],
      fields: [],
    };

  const outcome = mapped ?? (await run.mapProduct(source));
  const { status, excludedBy, problems, fields: provenance } = renderingOf(run, source.sku, outcome);
  const result: Omit<ChannelConsistency, "feed"> = { channel: prepared.channel, exporter: run.exporter.code, status, excludedBy, problems, fields: [] };
  if (outcome.status !== "mapped" || outcome.items.length === 0) return result;
  let view: CustomerView | null;
  try {
    view = run.exporter.customerView(itemFor(run, source.sku, outcome.items));
  } catch (error) {
    return { ...result, problems: [...problems, failure(`the exporter could not show what a customer sees: ${(error as Error).message}`)] };
  }
  if (!view) return { ...result, problems: [...problems, failure("the exporter does not show what a customer sees")] };

  const { locale, currency, generatedAt } = run.context;
  const offer = catalogOffer(source, definitions, (code) => run.scope.categories.get(code)?.ancestors, currency, generatedAt);
  const fields = comparedFields
    .filter((field) => !view.notCarried?.includes(field))
    .map((field) => {
      const name = channelFieldOf[field];
      const mapping = isOfferField(name) ? undefined : settings.fields?.[name];
      return compareField({
        field,
        channelValue: view[field],
        sourceValue: isOfferCompared(field) ? offer[field] : sourceValue(field, definitions.attributes.get(attributes[field] ?? ""), source, locale, currency),
        sourceAttribute: attributes[field],
        provenance: provenance.find((f) => f.field === name),
        locale,
        currency,
        valueMap: mapping?.attribute === attributes[field] ? mapping?.values : undefined,
        promotion: outcome.product.offer.promotion,
        ruleBandPercent: settings.ruleBandPercent,
      });
    });
  return { ...result, fields };
}

export async function consistencyReport(catalog: CatalogServices, sku: string, freshnessOf?: FeedFreshnessOf): Promise<ConsistencyReport> {
  const source = await readOneProduct(catalog, sku);
  if (!source) return { sku, found: false, channels: [], unexplained: 0 };
  const definitions = await catalog.definitions();
  return productConsistency(source, await prepareChannels(catalog, definitions, freshnessOf), definitions);
}

export interface UnexplainedDifference extends FieldComparison {
  channel: string;
}

export interface InconsistencyScan {
  products: Array<{ sku: string; differences: UnexplainedDifference[] }>;
  productsChecked: number;
  /** False when the scan stopped at `limit` products before the end of the catalog. */
  complete: boolean;
  /** Channels serving a feed older than the catalog: every product in them may show customers old content. */
  staleFeeds: Array<FeedFreshness & { channel: string }>;
}

/** Streams the catalog through every channel and keeps only products with unexplained differences, at most `limit`. */
export async function findInconsistentProducts(catalog: CatalogServices, limit: number, freshnessOf?: FeedFreshnessOf): Promise<InconsistencyScan> {
  const definitions = await catalog.definitions();
  const channels = await prepareChannels(catalog, definitions, freshnessOf);
  const staleFeeds = channels.flatMap(({ channel, feed }) => (feed?.stale ? [{ channel, ...feed }] : []));
  const scan: InconsistencyScan = { products: [], productsChecked: 0, complete: true, staleFeeds };
  for await (const source of catalog.read.sourceProducts()) {
    scan.productsChecked += 1;
    const report = await productConsistency(source, channels, definitions);
    const differences = report.channels.flatMap((c) => c.fields.filter((f) => f.unexplained).map((f) => ({ ...f, channel: c.channel })));
    if (differences.length === 0) continue;
    scan.products.push({ sku: source.sku, differences });
    if (scan.products.length >= limit) {
      scan.complete = false;
      break;
    }
  }
  return scan;
}
