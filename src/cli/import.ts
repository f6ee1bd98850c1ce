import { basename, extname, resolve } from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { loadConfig } from "../config/config.js";
import { createLogger } from "../logger.js";
import { withConfiguredDatabase } from "./configured-database.js";
import { createCatalogServices } from "../catalog/services.js";
import { MediaService } from "../media/media-service.js";
import { imageUrlResolver } from "../media/image-urls.js";
import { openStorageAreas } from "../storage/storage-areas.js";
import { BulkJobs, type BulkJob } from "../bulk/jobs/bulk-jobs.js";
import { formatOfFileName } from "../bulk/table/table.js";
import { describeRowProblems } from "../bulk/import/run-import.js";

const usage =
  "usage: npm run import -- <file> [--kind products|product_models|categories|attributes|attribute_options|families] [--dry-run] [--mapping <name>] [--format csv|xlsx|jsonl] [--delimiter <char>] [--encoding utf-8|windows-1250|windows-1251] [--rejected <file>] [--chunk-size <rows>]";

/** `npm run import -- <file>`: imports products (or another --kind) as a job (the same lock, report and rejected-rows file as over HTTP), with a progress bar. */
async function importFile(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      "dry-run": { type: "boolean" },
      kind: { type: "string" },
      mapping: { type: "string" },
      format: { type: "string" },
      delimiter: { type: "string" },
      encoding: { type: "string" },
      rejected: { type: "string" },
      "chunk-size": { type: "string" },
      help: { type: "boolean" },
    },
  });
  const [file] = positionals;
  const chunkSize = values["chunk-size"] === undefined ? undefined : Number(values["chunk-size"]);
  if (values.help || !file || positionals.length > 1 || (chunkSize !== undefined && !(Number.isInteger(chunkSize) && chunkSize > 0))) throw new Error(usage);
  const filePath = resolve(file);
  const format = values.format ?? formatOfFileName(file);
  const rejectedPath = resolve(values.rejected ?? `${filePath.slice(0, filePath.length - extname(filePath).length)}.rejected.${format ?? "csv"}`);

  const config = loadConfig();
  const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel, config.logFormat);
  return withConfiguredDatabase(config, logger, async (connection) => {
    const catalog = createCatalogServices(connection, logger);
    await catalog.ensureIndexes();
    // Publishes the change events a crashed earlier run journaled, before this run writes.
    await catalog.changeLog.start();
    // Renditions of fetched images are made on first request by the service; this process only stores originals.
    const media = MediaService.onStorage(connection, openStorageAreas(config.storage, connection, config.dataDir).media, config.media, logger, null);
    const jobs = new BulkJobs(connection, catalog, resolve(config.dataDir, "bulk"), config.bulk, logger, {
      imageUrls: () => imageUrlResolver(media, { allowPrivateTargets: config.bulk?.allowPrivateImageUrls ?? false }),
    });
    const local = { input: filePath, rejected: rejectedPath };
    const prepared = await jobs.prepareImport({
      fileName: basename(file),
      format,
      delimiter: values.delimiter ?? null,
      encoding: values.encoding ?? null,
      dryRun: values["dry-run"] ?? false,
      kind: values.kind ?? null,
      mapping: values.mapping ?? null,
      actor: "cli",
      origin: "command line",
    });
    const job = await jobs.recordImport(prepared, local);
    const bar = new cliProgress.SingleBar(
      { format: `${basename(file)} [{bar}] {value}/{total} rows | {rate} rows/s | ETA {eta_formatted}`, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1, 0, { rate: 0 });
    const finished = await jobs.runImport(job._id, {
      local,
      ...(chunkSize ? { chunkSize } : {}),
      onProgress: (progress) => {
        bar.setTotal(Math.max(progress.rowsTotal ?? progress.rowsDone, 1));
        bar.update(progress.rowsDone, { rate: progress.rowsPerSecond ?? 0 });
      },
    });
    bar.stop();
    await catalog.changeLog.settled();
    catalog.changeLog.stop();
    process.stdout.write(summary(finished, rejectedPath));
    return finished.status === "failed" ? 1 : 0;
  });
}

function summary(job: BulkJob, rejectedPath: string): string {
  const report = job.report;
  if (!report) return `Import ${job.status}: ${job.error ?? ""}\n`;
  const lines = [
    `Import ${job.status}${report.dryRun ? " (dry run: nothing was saved)" : ""} in ${(report.durationMs / 1000).toFixed(1)} s`,
    `  rows read ${report.rowsRead}, created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejected}, warnings ${report.warnings}`,
  ];
  const byRow = new Map<number, typeof report.problems>();
  for (const problem of report.problems) byRow.set(problem.row, [...(byRow.get(problem.row) ?? []), problem]);
  for (const [row, problems] of byRow) lines.push(`  row ${row}${problems[0]?.sku ? ` (${problems[0].sku})` : ""}: ${describeRowProblems(problems)}`);
  for (const warning of report.warningDetails) lines.push(`  warning, row ${warning.row} (${warning.sku}): ${warning.message}`);
  if (report.detailsTruncated) lines.push("  (only the first problems are listed)");
  if (report.rejected > 0) lines.push(`  rejected rows, with an error column, ready to fix and import again: ${rejectedPath}`);
  return `${lines.join("\n")}\n`;
}

importFile()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
