import { resolve } from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { loadConfig } from "../config/config.js";
import { createLogger } from "../logger.js";
import { withConfiguredDatabase } from "./configured-database.js";
import { createCatalogServices } from "../catalog/services.js";
import { BulkJobs } from "../bulk/jobs/bulk-jobs.js";
import { exportFilterOf } from "../bulk/export/export-filter.js";
import { formatOfFileName, type TableFormat } from "../bulk/table/table.js";

const usage =
  "usage: npm run catalog-export -- --out <file.csv|file.xlsx|file.jsonl> [--kind products|product_models] [--format csv|xlsx|jsonl] [--delimiter <char>] [--category <code>]... [--family <code>]... [--complete-on <channel>:<locale>] [--updated-since <ISO date>] [--media-base-url <this service's public URL>]";

/** `npm run catalog-export -- --out products.csv`: the catalog (or a part) in the flat layout the import reads. */
async function exportCatalog(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: "string" },
      kind: { type: "string" },
      format: { type: "string" },
      delimiter: { type: "string" },
      category: { type: "string", multiple: true },
      family: { type: "string", multiple: true },
      "complete-on": { type: "string" },
      "updated-since": { type: "string" },
      "media-base-url": { type: "string" },
      help: { type: "boolean" },
    },
  });
  const format = (values.format ?? (values.out ? formatOfFileName(values.out) : null)) as TableFormat | null;
  const updatedSince = values["updated-since"] ? new Date(values["updated-since"]) : null;
  const [completeOnChannel, completeLocale] = values["complete-on"]?.split(":") ?? [];
  if (
    values.help ||
    positionals.length > 0 ||
    !values.out ||
    !format ||
    (updatedSince && Number.isNaN(updatedSince.getTime())) ||
    (values["complete-on"] && !completeLocale)
  )
    throw new Error(usage);

  const out = resolve(values.out);
  const config = loadConfig();
  const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel, config.logFormat);
  return withConfiguredDatabase(config, logger, async (connection) => {
    const catalog = createCatalogServices(connection, logger);
    const jobs = new BulkJobs(connection, catalog, resolve(config.dataDir, "bulk"), config.bulk, logger);
    const filter = exportFilterOf({ categories: values.category, families: values.family, completeOnChannel, completeLocale, updatedSince });
    const job = await jobs.createExport({
      format,
      kind: values.kind ?? null,
      filter,
      mediaBaseUrl: values["media-base-url"] ?? null,
      actor: "cli",
      origin: "command line",
      ...(values.delimiter ? { delimiter: values.delimiter } : {}),
    });
    const bar = new cliProgress.SingleBar(
      { format: "export [{bar}] {value}/{total} rows | ETA {eta_formatted}", stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1, 0);
    const finished = await jobs.runExport(job._id, {
      local: { export: out },
      onProgress: (progress) => {
        bar.setTotal(Math.max(progress.rowsTotal ?? progress.rowsDone, 1));
        bar.update(progress.rowsDone);
      },
    });
    bar.stop();
    if (finished.status !== "succeeded") {
      process.stdout.write(`Export ${finished.status}: ${finished.error ?? ""}\n`);
      return 1;
    }
    const seconds = ((finished.finishedAt?.getTime() ?? 0) - (finished.startedAt?.getTime() ?? 0)) / 1000;
    process.stdout.write(`Exported ${finished.rowsDone} ${(values.kind ?? "products").replace("_", " ")} to ${out} in ${seconds.toFixed(1)} s\n`);
    return 0;
  });
}

exportCatalog()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
