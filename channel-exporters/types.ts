import type { ChannelExportSettings } from "../src/feeds/channel-export-settings.js";
import type { Availability, ChannelProduct, EconomicOperator, ImageAsset, Money } from "../src/feeds/channel-product.js";

export type { Availability, ChannelProduct, EconomicOperator, ImageAsset, Money };

/** One preset's picture of an asset: where it is served and the size it comes out at. */
export interface ImageRendition {
  url: string;
  width: number;
  height: number;
  format: "jpeg" | "png" | "webp" | "avif";
}

export interface FeedPartLimits<Item = unknown> {
  maxItems: number;
  /**
   * The JSON of the items of one part, each counted with a separator: the channel's file or request
   * limit minus what the exporter's render adds around them (a header, message numbers).
   */
  maxBytes: number;
  /**
   * Items of one group that follow each other stay in one part (a model's variants, which a channel
   * merges only within one request); a group larger than a part is still cut.
   */
  groupOf?(item: Item): string;
}

/** What every exporter is given for one feed run. */
export interface ExportContext {
  channel: string;
  /** The catalog locale, e.g. pl_PL. */
  locale: string;
  /** The same locale as a BCP 47 tag, e.g. pl-PL. */
  languageTag: string;
  currency: string;
  settings: ChannelExportSettings;
  /** The exporter's own options, already checked against its optionsSchema. */
  options: Record<string, unknown>;
  generatedAt: Date;
  /** URL of an asset's rendition; sizes come only from named presets (src/media/media-presets.json). */
  mediaUrl(asset: string, preset: string): string;
  /** The presets this channel lists per image (e.g. an app's widths and formats), with each one's URL and size. */
  renditions(asset: ImageAsset): ImageRendition[];
  /** The rendition the images field links for an asset at this position (the first is the main image), with its size; null without presets. */
  imageRendition(asset: ImageAsset, position: number): ImageRendition | null;
  /** The channel's category tree below its root, parents first, with the channel's own ids where mapped. */
  categories: ChannelCategory[];
  /** Every GPSR economic operator of the catalog by code, for a file that lists them once ahead of the items naming them (Ceneo). */
  economicOperators: ReadonlyMap<string, EconomicOperator>;
}

export interface ChannelCategory {
  code: string;
  parent: string | null;
  label: string;
  channelId: string | null;
}

/** Lets map() report a fixable problem it fixed the channel's way; the item is still written. */
export interface MapContext extends ExportContext {
  warn(field: string, reason: string): void;
  /**
   * Refuses the product for a reason its item schema cannot see (a rule across fields, or data the item
   * does not carry): nothing of it is written, and the report names the field and the reason.
   */
  refuse(field: string, reason: string): void;
  /** True the first time a key is seen in this run: for items shared by several products (a variant parent). */
  firstTime(key: string): boolean;
}

/** The values a customer sees, for the consistency report; money and availability in the PIM's terms. */
export interface CustomerView {
  title: string | null;
  description: string | null;
  price: Money | null;
  salePrice: Money | null;
  availability: Availability | null;
  image: string | null;
  /**
   * Values the channel's items never carry because another of its APIs sets them (Ozon's and
   * Wildberries' stock, Wildberries' discounts and media): the report leaves them out instead of
   * flagging each product's as missing.
   */
  notCarried?: ReadonlyArray<Exclude<keyof CustomerView, "notCarried">>;
}

/**
 * A channel: map each product to zero or more items of the channel's shape, then render a stream of
 * items as the channel's file. Exporters do no I/O: loading, checking against `itemSchema`, files and
 * reports belong to src/feeds.
 */
export interface ChannelExporter<Item = unknown> {
  code: string;
  label: string;
  contentType: string;
  fileExtension: string;
  /** File under schema/channels/ that every item must satisfy before it is written. */
  itemSchema: string;
  /** JSON Schema of the channel's `export.options`. */
  optionsSchema?: object;
  /** Asks the loader to fill `ChannelProduct.group` (costs a query per variant group). */
  needsVariantGroups?: boolean;
  /** Asks for `ChannelProduct.translations`: the product in every other locale of the channel's `locales`, for a document that carries them all. */
  needsTranslations?: boolean;
  /** Its items stand alone, so a client can apply a page of upserts and deletes (`GET /feeds/{channel}?since=`). */
  deltaPulls?: boolean;
  /**
   * A channel that takes at most so many items or bytes per file or request (Amazon's feed documents,
   * a push API's request bodies): the run cuts the items into parts within both limits and calls
   * render() once per part, so each part is a whole file or request body of its own.
   */
  parts?: FeedPartLimits<Item>;
  /** The SKU (or parent SKU) an item stands for, for the report. */
  itemId(item: Item): string;
  map(product: ChannelProduct, context: MapContext): Item[];
  render(items: AsyncIterable<Item>, context: ExportContext): AsyncIterable<string>;
  customerView(item: Item): CustomerView | null;
}
