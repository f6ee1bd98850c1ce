import type { CatalogServices } from "../catalog/services.js";
import { fieldNames } from "./channel-export-settings.js";
import type { ChannelProduct, FieldChange, FieldValue } from "./channel-product.js";
import { ExportRun, type FeedProblem, type ProductOutcome } from "./export-run.js";
import type { SourceProduct } from "../catalog/read/source-products.js";

/** What a channel does with one product, in the words of a feed report. */
export type RenderStatus = "written" | "rejected" | "excluded" | "disabled" | "no-items" | "not-found";

/** One field the channel product carries, with where it came from and what changed it on the way. */
export interface ChannelFieldView extends FieldValue {
  field: string;
}

export interface ProductRendering {
  sku: string;
  channel: string;
  exporter: string;
  status: RenderStatus;
  excludedBy: string | null;
  /** The items as the exporter produced them and the feed would carry them. */
  items: unknown[];
  /** Items the channel's item schema refused; `problems` says why. */
  rejectedItems: unknown[];
  fields: ChannelFieldView[];
  problems: FeedProblem[];
}

/** Exactly what one channel gets for one product: the same preparation, mapping and item check as its feed. */
export async function renderProduct(catalog: CatalogServices, sku: string, channel: string): Promise<ProductRendering> {
  const run = await ExportRun.prepare(channel, catalog);
  const source = await readOneProduct(catalog, sku);
  if (!source) return { ...emptyRendering(run, sku), status: "not-found" };
  return renderingOf(run, sku, await run.mapProduct(source));
}

export async function readOneProduct(catalog: CatalogServices, sku: string): Promise<SourceProduct | null> {
  for await (const source of catalog.read.sourceProducts({ skus: [sku] })) return source;
  return null;
}

export function renderingOf(run: ExportRun, sku: string, outcome: ProductOutcome): ProductRendering {
  const warnings = outcome.status === "mapped" ? outcome.problems.filter((p) => p.severity === "warning") : [];
  const rendering: ProductRendering = {
    ...emptyRendering(run, sku),
    status: statusOf(outcome),
    fields: outcome.product ? fieldViews(outcome.product, warnings) : [],
  };
  switch (outcome.status) {
    case "disabled":
      return rendering;
    case "excluded":
      return { ...rendering, excludedBy: outcome.rule };
    case "rejected":
      return { ...rendering, problems: outcome.problems };
    case "mapped":
      return { ...rendering, items: outcome.items, rejectedItems: outcome.rejected, problems: outcome.problems };
  }
}

function statusOf(outcome: ProductOutcome): RenderStatus {
  if (outcome.status !== "mapped") return outcome.status;
  if (outcome.items.length) return "written";
  return outcome.rejected.length ? "rejected" : "no-items";
}

/** The item that stands for this SKU in the channel: its own, else the first (a variant parent's). */
export function itemFor(run: ExportRun, sku: string, items: readonly unknown[]): unknown {
  return items.find((item) => run.exporter.itemId(item) === sku) ?? items[0];
}

function emptyRendering(run: ExportRun, sku: string): ProductRendering {
  return {
    sku,
    channel: run.context.channel,
    exporter: run.exporter.code,
    status: "written",
    excludedBy: null,
    items: [],
    rejectedItems: [],
    fields: [],
    problems: [],
  };
}

const squeezed = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * The exporter shortens or trims its item, not the channel product, and says so in a warning under the
 * channel's own spelling of the field (title, sale_price, custom_label_0); shown here on the field it concerns.
 */
function limitChanges(name: string, warnings: readonly FeedProblem[]): FieldChange[] {
  return warnings.filter((w) => squeezed(w.field) === squeezed(name)).map((w) => ({ by: "channel-limit", reason: w.reason }));
}

function fieldViews(product: ChannelProduct, warnings: readonly FeedProblem[]): ChannelFieldView[] {
  const views: ChannelFieldView[] = fieldNames.flatMap((name) => {
    const field = product.fields[name];
    return field ? [{ field: name, ...field, changes: [...field.changes, ...limitChanges(name, warnings)] }] : [];
  });
  if (product.channelCategory) views.push({ field: "category", ...product.channelCategory });
  return views;
}
