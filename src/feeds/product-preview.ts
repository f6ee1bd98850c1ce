import type { Channel } from "../catalog/definitions.js";
import type { CatalogServices } from "../catalog/services.js";
import { exporters } from "../../channel-exporters/index.js";
import { labelIn } from "./attribute-text.js";
import type { ChannelOffer, FieldChange, FieldData, FieldOrigin, Money } from "./channel-product.js";
import {
  prepareChannels,
  productConsistency,
  type ChannelConsistency,
  type Comparable,
  type ComparedField,
  type FeedFreshness,
  type FeedFreshnessOf,
  type FieldComparison,
} from "./consistency.js";
import type { FeedProblem, ProductOutcome } from "./export-run.js";
import { readOneProduct, renderingOf, type ProductRendering, type RenderStatus } from "./render-product.js";

/**
 * The preview page's view model: one product as every channel will show it, side by side, each value
 * with the consistency report's verdict and each mapped field with its provenance. Built from the same
 * mapping the feeds run (render-product.ts) and the same comparison the consistency report makes
 * (consistency.ts); nothing here maps or compares values itself.
 */
export interface ProductPreview {
  sku: string;
  /** The moment the channels priced the product at (promotions active then apply). */
  generatedAt: string;
  channels: ChannelPreview[];
  /** Differences nothing explains over the channels shown, stale feeds included, as the consistency report counts them. */
  unexplained: number;
  /** Errors and warnings the channels' checks found for this product. */
  problems: number;
}

export interface ChannelPreview {
  channel: string;
  label: string;
  exporter: string;
  exporterLabel: string;
  locale: string;
  currency: string;
  status: RenderStatus;
  excludedBy: string | null;
  /** What a customer sees; values are null when the channel does not write the product. */
  title: PreviewValue;
  description: PreviewValue;
  price: PreviewValue;
  salePrice: PreviewValue;
  availability: PreviewValue;
  image: PreviewImage;
  /** When the sale price applies, RFC 3339 as the promotion's author wrote it; null without a promotion's sale. */
  saleWindow: { startsAt: string; endsAt: string } | null;
  promotion: string | null;
  availabilityDate: string | null;
  /** Every field of the channel product, with where its value came from and what changed it. */
  fields: PreviewField[];
  problems: FeedProblem[];
  /** Items the feed would carry, and items the channel's item schema refused. */
  items: number;
  rejectedItems: number;
  /** The feed this channel serves; null where this process generates no feeds. */
  feed: FeedFreshness | null;
  /** A served feed behind the catalog: every value the channel shows may be old (counted as unexplained). */
  staleFeed: boolean;
  unexplained: number;
}

export interface PreviewValue {
  field: ComparedField;
  /** As a customer reads it: text, "21.99 USD", or the availability word. */
  text: string | null;
  /** The catalog's own value the report compares with, in the channel's locale and currency. */
  catalogText: string | null;
  catalogAttribute: string | null;
  differs: boolean;
  /** The consistency report's flag: a difference nothing recorded on the way explains. */
  unexplained: boolean;
  /** Why it is unexplained, in the report's words. */
  note: string | null;
  /** What explains a difference: a channel's own value, a rule, a channel limit… */
  explanations: string[];
}

export interface PreviewImage extends PreviewValue {
  /** The URL the channel's feed carries (the channel's rendition under its media base URL). */
  url: string | null;
  /** The same rendition as this service serves it (`/media/{asset}/{preset}`); null when the URL is not one of ours. */
  src: string | null;
}

export interface PreviewField {
  field: string;
  value: string;
  /** Where the value came from: `attribute name (en_US, channel google_shopping)`, `mapping default`… */
  origin: string;
  /** Each rule or channel limit that changed it, in order. */
  changes: string[];
}

/** What one channel did with the product: its export settings, the feed pipeline's outcome and the report's comparison. */
export interface ChannelPreviewInput {
  channel: Pick<Channel, "code" | "labels">;
  exporter: string;
  locale: string;
  currency: string;
  mediaBaseUrl: string;
  rendering: ProductRendering;
  /** The channel product's offer (sale window, promotion); null when no channel product was built (disabled). */
  offer: ChannelOffer | null;
  consistency: ChannelConsistency;
}

export function moneyText(money: Money): string {
  return `${money.amount} ${money.currency}`;
}

function comparableText(value: Comparable | null): string | null {
  if (value === null) return null;
  return typeof value === "string" ? value : moneyText(value);
}

function fieldDataText(value: FieldData): string {
  if (typeof value === "string") return value;
  return Array.isArray(value) ? value.join("\n") : moneyText(value);
}

export function originText(origin: FieldOrigin): string {
  switch (origin.source) {
    case "attribute": {
      const scope = [origin.locale, origin.channel ? `channel ${origin.channel}` : null].filter(Boolean).join(", ");
      return scope ? `attribute ${origin.attribute} (${scope})` : `attribute ${origin.attribute}`;
    }
    case "default":
      return "mapping default";
    case "static":
      return "static value of the mapping";
    case "derived":
      return `derived from ${origin.from}`;
  }
}

export function changeText(change: FieldChange): string {
  return change.by === "rule" ? `rule "${change.rule}" (${change.action})` : `channel limit: ${change.reason}`;
}

/**
 * The rendition as this service serves it: a feed URL under the channel's media base URL names
 * `{asset}/{preset}`, which `GET /media/{asset}/{preset}` serves here. Anything else stays unlinked,
 * so the page never loads from another host (its Content-Security-Policy would refuse it anyway).
 */
export function servedMediaPath(url: string | null, mediaBaseUrl: string): string | null {
  if (!url || !mediaBaseUrl || !url.startsWith(mediaBaseUrl)) return null;
  const rest = url.slice(mediaBaseUrl.length);
  return /^[A-Za-z0-9._~%-]+(\/[A-Za-z0-9._-]+)?$/.test(rest) ? `/media/${rest}` : null;
}

function previewValue(field: ComparedField, comparison: FieldComparison | undefined): PreviewValue {
  if (!comparison) return { field, text: null, catalogText: null, catalogAttribute: null, differs: false, unexplained: false, note: null, explanations: [] };
  return {
    field,
    text: comparableText(comparison.channelValue),
    catalogText: comparableText(comparison.sourceValue),
    catalogAttribute: comparison.sourceAttribute,
    differs: comparison.differs,
    unexplained: comparison.unexplained,
    note: comparison.note,
    explanations: comparison.explanations.map((e) => e.detail),
  };
}

/** One channel's column of the page, from what the feed pipeline and the consistency report said. */
export function channelPreview(input: ChannelPreviewInput): ChannelPreview {
  const { rendering, consistency, offer } = input;
  const comparison = (field: ComparedField) =>
    previewValue(
      field,
      consistency.fields.find((f) => f.field === field),
    );
  const image = comparison("image");
  const staleFeed = consistency.status === "written" && Boolean(consistency.feed?.stale);
  const written = consistency.status === "written";
  return {
    channel: input.channel.code,
    // The page speaks English; a channel without an English label is named in its own locale.
    label: labelIn(input.channel.labels, ["en_US", input.locale], input.channel.code),
    exporter: input.exporter,
    exporterLabel: exporters.get(input.exporter)?.label ?? input.exporter,
    locale: input.locale,
    currency: input.currency,
    status: consistency.status,
    excludedBy: consistency.excludedBy,
    title: comparison("title"),
    description: comparison("description"),
    price: comparison("price"),
    salePrice: comparison("salePrice"),
    availability: comparison("availability"),
    image: { ...image, url: image.text, src: servedMediaPath(image.text, input.mediaBaseUrl) },
    // A sale window dates a sale price the customer sees; none is shown without one.
    saleWindow: written && consistency.fields.some((f) => f.field === "salePrice" && f.channelValue !== null) ? (offer?.saleWindow ?? null) : null,
    promotion: offer?.promotion ? `${offer.promotion.name} (${offer.promotion.code})` : null,
    availabilityDate: offer?.availabilityDate ?? null,
    fields: rendering.fields.map((f) => ({ field: f.field, value: fieldDataText(f.value), origin: originText(f.origin), changes: f.changes.map(changeText) })),
    // The report's problems are the rendering's, plus any it met showing what a customer sees.
    problems: consistency.problems,
    items: rendering.items.length,
    rejectedItems: rendering.rejectedItems.length,
    feed: consistency.feed,
    staleFeed,
    unexplained: consistency.fields.filter((f) => f.unexplained).length + (staleFeed ? 1 : 0),
  };
}

/** The whole page's model from each channel's input; `generatedAt` is when the channels priced the product. */
export function previewOf(sku: string, inputs: readonly ChannelPreviewInput[], generatedAt: Date): ProductPreview {
  const channels = inputs.map(channelPreview);
  return {
    sku,
    generatedAt: generatedAt.toISOString(),
    channels,
    unexplained: channels.reduce((sum, c) => sum + c.unexplained, 0),
    problems: channels.reduce((sum, c) => sum + c.problems.length, 0),
  };
}

export interface PreviewOptions {
  /** How current each channel's served feed is (the feed service's `freshness`). */
  freshnessOf?: FeedFreshnessOf;
  /** Which channels the caller may see (a key limited to locales sees only channels in its locales); all by default. */
  showsChannel?: (channel: Channel) => boolean;
}

/**
 * Maps the product once per channel with export settings, exactly as its feed would, compares the
 * results with the consistency report, and builds the page's model; null for an unknown SKU.
 */
export async function productPreview(catalog: CatalogServices, sku: string, options: PreviewOptions = {}): Promise<ProductPreview | null> {
  const source = await readOneProduct(catalog, sku);
  if (!source) return null;
  const definitions = await catalog.definitions();
  const prepared = await prepareChannels(catalog, definitions, options.freshnessOf);
  const outcomes = new Map<string, ProductOutcome>();
  for (const { channel, run } of prepared) if (run) outcomes.set(channel, await run.mapProduct(source));
  // Over every channel, as the GraphQL report does: which attribute is the product's own depends on all of them.
  const report = await productConsistency(source, prepared, definitions, outcomes);
  const inputs: ChannelPreviewInput[] = [];
  for (const entry of prepared) {
    const channel = definitions.channels.get(entry.channel);
    const consistency = report.channels.find((c) => c.channel === entry.channel);
    if (!channel || !consistency || (options.showsChannel && !options.showsChannel(channel))) continue;
    const outcome = outcomes.get(entry.channel);
    const rendering: ProductRendering =
      entry.run && outcome
        ? renderingOf(entry.run, sku, outcome)
        : {
            sku,
            channel: entry.channel,
            exporter: entry.settings.exporter,
            status: consistency.status,
            excludedBy: null,
            items: [],
            rejectedItems: [],
            fields: [],
            problems: consistency.problems,
          };
    inputs.push({
      channel,
      exporter: entry.settings.exporter,
      locale: entry.settings.locale,
      currency: entry.settings.currency,
      mediaBaseUrl: entry.settings.mediaBaseUrl,
      rendering,
      offer: outcome?.product?.offer ?? null,
      consistency,
    });
  }
  const generatedAt = prepared.find((p) => p.run)?.run?.context.generatedAt ?? new Date();
  return previewOf(sku, inputs, generatedAt);
}
