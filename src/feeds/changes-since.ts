import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { idFilter } from "../database/id-filter.js";
import type { CatalogModels } from "../catalog/models.js";
import { tombstonesSince } from "../catalog/products/tombstones.js";
import { jsonDocument } from "../../channel-exporters/shared/json-stream.js";
import type { ExportRun, FeedProblem, ProductOutcome } from "./export-run.js";
import { readSourceProducts, type SourceProduct } from "./source-products.js";
import { maxReportedProblems } from "./write-feed.js";

/** Why a client must drop an item: the product is gone, disabled, excluded by a channel rule, or no longer valid for the channel. */
export type TombstoneReason = "deleted" | "disabled" | "excluded" | "rejected";

/** One entry of a change feed; a client applies them in order. */
export type Change =
  | { op: "upsert"; id: string; item: unknown }
  | { op: "delete"; id: string; reason: TombstoneReason; at: string };

export interface ChangesReport {
  channel: string;
  since: Date;
  nextSince: Date;
  productsRead: number;
  upserts: number;
  deletes: number;
  problems: FeedProblem[];
  problemsTruncated: boolean;
}

export interface ChangesOptions {
  /** How far `nextSince` stays behind the start of the read; see `defaultSettleMs`. */
  settleMs?: number;
}

/**
 * A save stamps `updatedAt` before its write lands, so a read can miss a write stamped just before the
 * read began. `nextSince` stays this far behind the read's start: the next call sends such changes
 * again rather than never.
 */
export const defaultSettleMs = 60_000;

const batchSize = 500;

/**
 * Streams into `sink` the JSON document
 * `{"channel", "since", "nextSince", "changes": [{"op": "upsert", "id", "item"} | {"op": "delete", "id", "reason", "at"}]}`:
 * tombstones of products deleted after `since`, then every product updated after `since` mapped
 * through the run (disabled, excluded or rejected ones as tombstones), then the unchanged products
 * whose items still changed: variants below a product model edited after `since` and, for exporters
 * whose items embed their variant group, every member of a group that gained, changed or lost one.
 */
export async function writeChangesSince(run: ExportRun, models: CatalogModels, since: Date, sink: Writable, options: ChangesOptions = {}): Promise<ChangesReport> {
  const startedAt = new Date();
  const nextSince = new Date(Math.max(since.getTime(), startedAt.getTime() - (options.settleMs ?? defaultSettleMs)));
  const report: ChangesReport = { channel: run.context.channel, since, nextSince, productsRead: 0, upserts: 0, deletes: 0, problems: [], problemsTruncated: false };
  const embedsGroups = run.exporter.needsVariantGroups === true;
  const roots = new Set<string>();
  const modelsToResolve = new Set<string>();

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

  /** `resent`: products unchanged themselves; a disabled one among them was already reported when it was disabled. */
  async function* mapped(sources: AsyncIterable<SourceProduct>, resent: boolean): AsyncGenerator<Change> {
    for await (const source of sources) {
      report.productsRead += 1;
      const root = source.ancestry[0]?.code;
      if (embedsGroups && root) roots.add(root);
      if (resent && !source.enabled) continue;
      yield* changesOf(source, await run.mapProduct(source));
    }
  }

  async function* changes(): AsyncGenerator<Change> {
    for await (const batch of batches(tombstonesSince(models, since))) {
      // A SKU created again after its tombstone was written is a product, whatever the tombstone says.
      const alive = new Set((await models.products.find(idFilter(batch.map((t) => t.sku)), { _id: 1 }).lean<Array<{ _id: string }>>()).map((p) => p._id));
      for (const tombstone of batch) {
        if (alive.has(tombstone.sku)) continue;
        if (embedsGroups && tombstone.parent) modelsToResolve.add(tombstone.parent);
        yield { op: "delete", id: tombstone.sku, reason: "deleted", at: tombstone.deletedAt.toISOString() };
      }
    }
    yield* mapped(readSourceProducts(models, { updatedSince: since, batchSize }), false);
    for (const model of await models.productModels.find({ updatedAt: { $gt: since } }, { _id: 1 }).lean<Array<{ _id: string }>>()) modelsToResolve.add(model._id);
    for (const root of await rootsOf([...modelsToResolve], models)) roots.add(root);
    for await (const skus of batches(unchangedSkusBelow([...roots], since, models))) yield* mapped(readSourceProducts(models, { skus, batchSize }), true);
  }

  async function* counted(entries: AsyncIterable<Change>): AsyncGenerator<Change> {
    for await (const change of entries) {
      if (change.op === "upsert") report.upserts += 1;
      else report.deletes += 1;
      yield change;
    }
  }

  const head = { channel: run.context.channel, since: since.toISOString(), nextSince: nextSince.toISOString() };
  await pipeline(Readable.from(jsonDocument(head, "changes", counted(changes()))), sink);
  return report;
}

/** The root model of each model code (a sub-model's parent, or the model itself); deleted models drop out. */
async function rootsOf(codes: string[], models: CatalogModels): Promise<string[]> {
  const roots: string[] = [];
  for (let i = 0; i < codes.length; i += batchSize) {
    const found = await models.productModels.find(idFilter(codes.slice(i, i + batchSize)), { parent: 1 }).lean<Array<{ _id: string; parent: string | null }>>();
    roots.push(...found.map((m) => m.parent ?? m._id));
  }
  return roots;
}

/** SKUs of the products below these root models that were not updated after `since` (those were sent already). */
async function* unchangedSkusBelow(roots: string[], since: Date, models: CatalogModels): AsyncGenerator<string> {
  for (let i = 0; i < roots.length; i += batchSize) {
    const batch = roots.slice(i, i + batchSize);
    const subModels = await models.productModels.find({ parent: { $in: batch } }, { _id: 1 }).lean<Array<{ _id: string }>>();
    const parents = [...batch, ...subModels.map((m) => m._id)];
    const cursor = models.products
      .find({ parent: { $in: parents }, updatedAt: { $lte: since } }, { _id: 1 })
      .sort({ _id: 1 })
      .lean<{ _id: string }>()
      .cursor({ batchSize });
    try {
      for await (const product of cursor) yield product._id;
    } finally {
      await cursor.close();
    }
  }
}

async function* batches<T>(items: AsyncIterable<T>): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length < batchSize) continue;
    yield batch;
    batch = [];
  }
  if (batch.length) yield batch;
}
