import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { extname } from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { loadConfig } from "../config/config.js";
import { createLogger } from "../logger.js";
import { withConfiguredDatabase } from "./configured-database.js";
import { createCatalogServices } from "../catalog/services.js";
import { ExportRun } from "../feeds/export-run.js";
import { writeFeed, type FeedReport } from "../feeds/write-feed.js";

const usage = "usage: npm run export -- <channel> [--out <file>]";

/** `npm run export -- <channel> [--out <file>]`: one channel's feed to a file, with progress and the report. */
async function exportFeed(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { out: { type: "string" }, help: { type: "boolean" } } });
  const [channel] = positionals;
  if (values.help || !channel || positionals.length > 1) throw new Error(usage);
  const config = loadConfig();
  const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel, config.logFormat);
  return withConfiguredDatabase(config, logger, async (connection) => {
    const catalog = createCatalogServices(connection, logger);
    const run = await ExportRun.prepare(channel, catalog);
    const out = values.out ?? `${channel}.${run.exporter.fileExtension}`;
    // A channel with limits per file gets out, then out-part2… beside it, as many as its feed needs.
    const extension = extname(out);
    const fileOf = (index: number) => (index === 0 ? out : `${out.slice(0, out.length - extension.length)}-part${index + 1}${extension}`);
    const written: string[] = [];
    const open = (index: number) => {
      written.push(fileOf(index));
      return createWriteStream(`${fileOf(index)}.partial`);
    };
    const bar = new cliProgress.SingleBar(
      { format: `${channel} [{bar}] {percentage}% | {value}/{total} products | {duration}s`, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar.start((await catalog.read.estimatedCounts()).products, 0);
    try {
      const report = await writeFeed(run, catalog.read, open, { onProgress: (read) => bar.update(read) });
      bar.stop();
      for (const file of written) await rename(`${file}.partial`, file);
      process.stderr.write(summary(report, written));
    } catch (error) {
      bar.stop();
      for (const file of written) await rm(`${file}.partial`, { force: true });
      throw error;
    }
  });
}

function summary(report: FeedReport, files: string[]): string {
  const lines = [
    `\n${report.channel} (${report.exporter}) → ${files.join(", ")}, ${report.bytes} bytes in ${(report.durationMs / 1000).toFixed(1)} s`,
    `products read ${report.productsRead} · disabled ${report.productsDisabled} · excluded by rules ${report.productsExcluded}`,
    `items written ${report.itemsWritten} · rejected ${report.itemsRejected} · warnings ${report.warnings}`,
    ...report.problems.map((p) => `  ${p.severity.padEnd(7)} ${p.itemId} ${p.field}: ${p.reason}`),
    ...(report.problemsTruncated ? ["  … more problems than the report keeps"] : []),
  ];
  return `${lines.join("\n")}\n`;
}

exportFeed().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
