import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { CatalogReader } from "../catalog/read/catalog-reader.js";
import type { Promotion } from "../catalog/definitions.js";
import type { ChangeEvent } from "../events/change-event.js";
import type { ChangeLog } from "../events/change-log.js";
import { jsonDocument } from "../../channel-exporters/shared/json-stream.js";
import type { ExportRun, FeedProblem, ProductOutcome } from "./export-run.js";
import type { SourceProduct } from "../catalog/read/source-products.js";
import { maxReportedProblems } from "./write-feed.js";

/** Why a client must drop an item: the product is gone, disabled, excluded by a channel rule, or no longer valid for the channel. */
export type TombstoneReason = "deleted" | "disabled" | "excluded" | "rejected";

/** One entry of a change feed; a client applies them in order. */
export type Change = { op: "upsert"; id: string; item: unknown } | { op: "delete"; id: string; reason: TombstoneReason; at: string };

export interface ChangesReport {
  channel: string;
  since: number;
  nextSince: number;
  /** The client must pull the whole feed again (reference data changed, or it fell behind the kept events). */
  resync: boolean;
  /** More events wait after nextSince; ask again at once. */
  more: boolean;
  productsRead: number;
  upserts: number;
  deletes: number;
  problems: FeedProblem[];
  problemsTruncated: boolean;
}

/** Events one answer covers; a client far behind gets several pages. */
export const eventsPerPage = 5_000;
const batchSize = 500;

/** What a page of events asks to resend. */
interface AffectedProducts {
  skus: Set<string>;
  deleted: Map<string, { at: string; parent: string | null }>;
  models: Set<string>;
  promotions: Promotion[];
  resync: boolean;
}

function affectedBy(events: ChangeEvent[], channel: string): AffectedProducts {
  const affected: AffectedProducts = { skus: new Set(), deleted: new Map(), models: new Set(), promotions: [], resync: false };
  for (const event of events) {
    if (event.channels.length > 0 && !event.channels.includes(channel)) continue;
    switch (event.type) {
      case "product.changed":
      case "offer.stock_changed":
      case "offer.price_changed":
        affected.skus.add(event.subject);
        affected.deleted.delete(event.subject);
        break;
      case "product.deleted":
        affected.skus.delete(event.subject);
        affected.deleted.set(event.subject, { at: event.occurredAt.toISOString(), parent: (event.data.parent as string | null) ?? null });
        break;
      case "product_model.changed":
      case "product_model.deleted":
        affected.models.add(event.subject);
        break;
      case "promotion.changed":
        for (const promotion of [event.data.before, event.data.after]) if (promotion) affected.promotions.push(promotion as Promotion);
        break;
      case "promotion.started":
      case "promotion.ended":
        affected.promotions.push(event.data.promotion as Promotion);
        break;
      case "definitions.changed":
        affected.resync = true;
        break;
    }
  }
  return affected;
}

/**
 * Streams into `sink` the JSON document
 * `{"channel", "since", "nextSince", "resync", "more", "changes": [{"op": "upsert", "id", "item"} | {"op": "delete", "id", "reason", "at"}]}`
 * for the change events after `since`: deleted products as tombstones, then every product a product,
 * model, price, stock or promotion event touched, mapped through the run (disabled, excluded or rejected
 * ones as tombstones). For exporters whose items embed their variant group, every member of a touched
 * group is resent. Reference data changes (attributes, channels, locations…) answer `resync: true`:
 * the client pulls the whole feed and continues from the sequence it carries.
 */
export async function writeChangesSince(run: ExportRun, catalog: CatalogReader, changeLog: ChangeLog, since: number, sink: Writable): Promise<ChangesReport> {
  const channel = run.context.channel;
  const pruned = await changeLog.prunedThrough();
  const events = await changeLog.read(since, eventsPerPage);
  const more = events.length === eventsPerPage;
  const nextSince = events.at(-1)?.sequence ?? Math.max(since, 0);
  const affected = affectedBy(events, channel);
  const safe = await changeLog.safeSequence();
  const resync = affected.resync || since < pruned || since > safe;
  const report: ChangesReport = {
    channel,
    since,
    nextSince: resync && !more ? safe : nextSince,
    resync,
    more: more && !resync,
    productsRead: 0,
    upserts: 0,
    deletes: 0,
    problems: [],
    problemsTruncated: false,
  };
  const embedsGroups = run.exporter.needsVariantGroups === true;
  const sent = new Set<string>();

  const record = (problems: FeedProblem[]) => {
    for (const problem of problems) {
      if (report.problems.length < maxReportedProblems) report.problems.push(problem);
      else report.problemsTruncated = true;
    }
  };

  function* changesOf(source: SourceProduct, outcome: ProductOutcome): Generator<Change> {
    const at = source.updatedAt.toISOString();
    switch (outcome.status) {
      case "disabled":
      case "excluded":
        yield { op: "delete", id: source.sku, reason: outcome.status, at };
        return;
      case "rejected":
        record(outcome.problems);
        yield { op: "delete", id: source.sku, reason: "rejected", at };
        return;
      case "mapped":
        record(outcome.problems);
        for (const item of outcome.items) yield { op: "upsert", id: run.exporter.itemId(item), item };
        for (const item of outcome.rejected) yield { op: "delete", id: run.exporter.itemId(item), reason: "rejected", at };
    }
  }

  async function* mapped(skus: string[]): AsyncGenerator<Change> {
    for (let start = 0; start < skus.length; start += batchSize) {
      for await (const source of catalog.sourceProducts({ skus: skus.slice(start, start + batchSize), batchSize })) {
        report.productsRead += 1;
        sent.add(source.sku);
        yield* changesOf(source, await run.mapProduct(source));
      }
    }
  }

  async function* changes(): AsyncGenerator<Change> {
    if (resync) return;
    const deletedSkus = [...affected.deleted.keys()];
    const alive = new Set<string>();
    for (let start = 0; start < deletedSkus.length; start += batchSize) {
      for (const sku of await catalog.existingSkus(deletedSkus.slice(start, start + batchSize))) alive.add(sku);
    }
    const parents = new Set<string>(affected.models);
    for (const [sku, { at, parent }] of affected.deleted) {
      if (alive.has(sku)) {
        affected.skus.add(sku);
        continue;
      }
      if (embedsGroups && parent) parents.add(parent);
      yield { op: "delete", id: sku, reason: "deleted", at };
    }
    for (const sku of await catalog.promotedSkus(affected.promotions)) affected.skus.add(sku);
    const direct = [...affected.skus].sort();
    const roots = new Set(await catalog.rootModelsOf([...parents]));
    if (embedsGroups) for (const root of await catalog.rootModelsOfProducts(direct)) roots.add(root);
    yield* mapped(direct);
    const below = (await catalog.skusBelow([...roots])).filter((sku) => !sent.has(sku));
    yield* mapped(below);
  }

  async function* counted(entries: AsyncIterable<Change>): AsyncGenerator<Change> {
    for await (const change of entries) {
      if (change.op === "upsert") report.upserts += 1;
      else report.deletes += 1;
      yield change;
    }
  }

  const head = { channel, since, nextSince: report.nextSince, resync: report.resync, more: report.more };
  await pipeline(Readable.from(jsonDocument(head, "changes", counted(changes()))), sink);
  return report;
}
