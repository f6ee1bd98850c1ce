import { boundedText } from "../bounded.js";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ExportRun, FeedProblem } from "./export-run.js";
import type { CatalogReader } from "../catalog/read/catalog-reader.js";
import type { PartOpener } from "./feed-snapshots.js";
import type { FeedPartLimits } from "../../channel-exporters/types.js";

export interface FeedReport {
  channel: string;
  exporter: string;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  productsRead: number;
  /** Disabled products: never sent to a channel. */
  productsDisabled: number;
  /** Products a channel rule excluded. */
  productsExcluded: number;
  itemsWritten: number;
  itemsRejected: number;
  warnings: number;
  /** The first problems found; the counts above cover them all. */
  problems: FeedProblem[];
  problemsTruncated: boolean;
  bytes: number;
  /** Files (or request bodies) the feed was cut into, for a channel with limits per file; 1 otherwise. */
  parts: number;
}

/** Stored per report; a feed with millions of bad items must not hold them all in memory. */
export const maxReportedProblems = 1000;

export interface WriteFeedOptions {
  onProgress?: (productsRead: number) => void;
  /** Stops the run (the pipeline is destroyed, nothing more is read or written) when it aborts. */
  signal?: AbortSignal;
}

/**
 * Streams every product through the channel's exporter into the sinks `open` gives: a lean cursor feeds
 * map and check, the exporter renders, and the pipeline waits whenever a sink is full, so memory stays
 * flat. A channel with limits per file gets one render per part, each into a sink of its own.
 */
export async function writeFeed(
  run: ExportRun,
  catalog: Pick<CatalogReader, "sourceProducts">,
  open: PartOpener,
  options: WriteFeedOptions = {},
): Promise<FeedReport> {
  const startedAt = new Date();
  const report: FeedReport = {
    channel: run.context.channel,
    exporter: run.exporter.code,
    startedAt,
    finishedAt: startedAt,
    durationMs: 0,
    productsRead: 0,
    productsDisabled: 0,
    productsExcluded: 0,
    itemsWritten: 0,
    itemsRejected: 0,
    warnings: 0,
    problems: [],
    problemsTruncated: false,
    bytes: 0,
    parts: 0,
  };
  const record = (problem: FeedProblem) => {
    if (problem.severity === "warning") report.warnings += 1;
    if (report.problems.length < maxReportedProblems)
      report.problems.push({
        ...problem,
        sku: boundedText(problem.sku, 255),
        field: boundedText(problem.field, 255),
        reason: boundedText(problem.reason, 500),
      });
    else report.problemsTruncated = true;
  };

  const limits = partLimits(run);
  async function* items(): AsyncGenerator<unknown> {
    // Parts that keep a group together need the group's items to come one after another.
    for await (const source of catalog.sourceProducts({ modelsTogether: limits?.groupOf !== undefined })) {
      report.productsRead += 1;
      if (report.productsRead % 1000 === 0) options.onProgress?.(report.productsRead);
      const outcome = await run.mapProduct(source);
      if (outcome.status === "disabled") report.productsDisabled += 1;
      else if (outcome.status === "excluded") report.productsExcluded += 1;
      else if (outcome.status === "rejected") {
        outcome.problems.forEach(record);
        report.itemsRejected += 1;
      } else {
        outcome.problems.forEach(record);
        report.itemsRejected += outcome.rejected.length;
        for (const item of outcome.items) {
          report.itemsWritten += 1;
          yield item;
        }
      }
    }
    options.onProgress?.(report.productsRead);
  }

  async function* counted(chunks: AsyncIterable<string>): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      const buffer = Buffer.from(chunk, "utf8");
      report.bytes += buffer.length;
      yield buffer;
    }
  }

  const oversized = (item: unknown, bytes: number) => {
    const itemId = run.exporter.itemId(item);
    record({
      sku: itemId,
      itemId,
      severity: "warning",
      field: "(part)",
      reason: `the item alone is ${bytes} bytes, over the ${limits?.maxBytes} a part of this channel may hold: it goes in a part of its own, which the channel may refuse`,
    });
  };
  const parts = limits ? cutIntoParts(items(), limits, oversized) : single(items());
  for await (const part of parts) {
    await pipeline(Readable.from(counted(run.exporter.render(part, run.context))), open(report.parts), options.signal ? { signal: options.signal } : {});
    report.parts += 1;
  }
  report.finishedAt = new Date();
  report.durationMs = report.finishedAt.getTime() - startedAt.getTime();
  return report;
}

/** The exporter's limits per part, with the channel's own smaller item count where it sets one. */
function partLimits({ exporter, context }: ExportRun): FeedPartLimits | null {
  if (!exporter.parts) return null;
  const { itemsPerPart } = context.settings;
  return itemsPerPart ? { ...exporter.parts, maxItems: Math.min(exporter.parts.maxItems, itemsPerPart) } : exporter.parts;
}

async function* single<T>(items: AsyncIterable<T>): AsyncGenerator<AsyncIterable<T>> {
  yield items;
}

/** The size an item adds to a part: its JSON, which is what every parted channel's body is made of. */
const itemBytes = (item: unknown) => Buffer.byteLength(JSON.stringify(item) ?? "", "utf8") + 1;

/**
 * Cuts a stream of items into parts of at most `maxItems` items and `maxBytes` of item JSON, each a
 * stream of its own read only after the one before it ends. Following items of one group (`groupOf`)
 * go into a part together when they fit in one, so only the group's items are held at a time. An empty
 * feed is one empty part; an item over `maxBytes` by itself gets a part of its own, and `oversized`
 * hears of it.
 */
export async function* cutIntoParts<T>(
  items: AsyncIterable<T>,
  limits: FeedPartLimits<T>,
  oversized: (item: T, bytes: number) => void = () => undefined,
): AsyncGenerator<AsyncIterable<T>> {
  const source = items[Symbol.asyncIterator]();
  let lookahead = await source.next();
  /** The next items that go together: one item, or it and the following items of its group, at most a part's worth. */
  const nextRun = async (): Promise<T[]> => {
    const run: T[] = [];
    if (lookahead.done) return run;
    const group = limits.groupOf?.(lookahead.value);
    do {
      run.push(lookahead.value);
      lookahead = await source.next();
    } while (group !== undefined && !lookahead.done && run.length < limits.maxItems && limits.groupOf?.(lookahead.value) === group);
    return run;
  };
  // A part whose render fails ends the run: the source (a database cursor) is closed then too.
  try {
    let run = await nextRun();
    let first = true;
    while (first || run.length > 0) {
      first = false;
      yield (async function* part() {
        let count = 0;
        let bytes = 0;
        while (run.length > 0) {
          const runBytes = run.reduce((total, item) => total + itemBytes(item), 0);
          // A group that does not fit where this part stands starts the next one.
          if (count > 0 && (count + run.length > limits.maxItems || bytes + runBytes > limits.maxBytes)) return;
          while (run.length > 0) {
            const [item] = run as [T, ...T[]];
            const size = itemBytes(item);
            if (count > 0 && (count >= limits.maxItems || bytes + size > limits.maxBytes)) return;
            if (size > limits.maxBytes) oversized(item, size);
            yield item;
            run.shift();
            count += 1;
            bytes += size;
          }
          run = await nextRun();
        }
      })();
    }
  } finally {
    await source.return?.();
  }
}
