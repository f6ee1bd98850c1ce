import { boundedText } from "../bounded.js";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ExportRun, FeedProblem } from "./export-run.js";
import type { CatalogReader } from "../catalog/read/catalog-reader.js";

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
}

/** Stored per report; a feed with millions of bad items must not hold them all in memory. */
export const maxReportedProblems = 1000;

export interface WriteFeedOptions {
  onProgress?: (productsRead: number) => void;
  /** Stops the run (the pipeline is destroyed, nothing more is read or written) when it aborts. */
  signal?: AbortSignal;
}

/**
 * Streams every product through the channel's exporter into `sink`: a lean cursor feeds map and check,
 * the exporter renders, and the pipeline waits whenever the sink is full, so memory stays flat.
 */
export async function writeFeed(
  run: ExportRun,
  catalog: Pick<CatalogReader, "sourceProducts">,
  sink: Writable,
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

  async function* items(): AsyncGenerator<unknown> {
    for await (const source of catalog.sourceProducts()) {
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

  await pipeline(Readable.from(counted(run.exporter.render(items(), run.context))), sink, options.signal ? { signal: options.signal } : {});
  report.finishedAt = new Date();
  report.durationMs = report.finishedAt.getTime() - startedAt.getTime();
  return report;
}
