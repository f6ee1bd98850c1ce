import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { access, mkdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Connection } from "mongoose";
import type { CatalogServices } from "../../catalog/services.js";
import { PimError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import { ColumnMappings } from "../import/column-mapping.js";
import { importKinds, isImportKind, type ImportKind } from "../import/entity-rows.js";
import { checkImportHeader, importTable, type ImportCounts, type ImportReport } from "../import/run-import.js";
import { isTableEncoding, type TableEncoding } from "../table/encoding.js";
import { defaultTableLimits, type TableLimits } from "../table/limits.js";
import { openTableOffThread } from "../table/read-off-thread.js";
import type { ReadOptions } from "../table/readers.js";
import { boundedText } from "../../bounded.js";
import { textProblem } from "../../validation/text.js";
import type { Principal } from "../../auth/principal.js";
import type { ImageResolution } from "../../media/image-urls.js";
import type { Writer, WriteGuard } from "../../catalog/write-guard.js";
import { formatOfFileName, tableFormats, type TableFormat, type TableLayout } from "../table/table.js";
import { JobLock } from "./job-lock.js";
import { failpoint } from "../../events/failpoint.js";
import type { ProductFilter } from "../../catalog/products/product-query.js";
import { exportKinds, exportProductModels, exportProducts, type ExportHooks } from "../export/run-export.js";
import type { BackgroundJobs } from "../../jobs/background-jobs.js";
import { isDatabaseUnavailable } from "../../database/connection.js";
import { LocalDiskStorage } from "../../storage/local-disk-storage.js";
import type { ObjectStorage } from "../../storage/object-storage.js";

export type JobKind = "import" | "export";
export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export interface BulkJob {
  _id: string;
  kind: JobKind;
  status: JobStatus;
  actor: string;
  /** The key that started the job, whose limits the job's writes keep to; null for the command line. */
  principal?: Principal | null;
  /** Jobs of the command line read and write files of the caller's, which the HTTP API never serves. */
  origin: JobOrigin;
  fileName: string;
  format: TableFormat;
  dryRun: boolean;
  /** What the file's rows are (products, product_models, categories...); absent on jobs recorded before kinds existed. */
  fileKind?: ImportKind;
  mapping: string | null;
  delimiter: string | null;
  encoding: TableEncoding | null;
  /** Exports: which products. */
  exportFilter: ProductFilter | null;
  /** Exports: images as URLs under this base (another installation's import fetches them) instead of asset ids. */
  mediaBaseUrl?: string | null;
  rowsTotal: number | null;
  rowsDone: number;
  rowsPerSecond: number | null;
  etaSeconds: number | null;
  counts: ImportCounts;
  report: ImportReport | null;
  error: string | null;
  cancelRequested: boolean;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  heartbeatAt: Date | null;
}

export type JobOrigin = "service" | "command line";

/** The files of a job: an import's upload and rejected rows, an export's output. */
export type JobFile = "input" | "rejected" | "export";

export interface ExportRequest {
  format: TableFormat;
  /** products (the default) or product_models. */
  kind?: string | null;
  filter: ProductFilter;
  delimiter?: string;
  /** Images as `<base>/media/<asset>` URLs, for an import into another installation. */
  mediaBaseUrl?: string | null;
  actor: string;
  origin?: JobOrigin;
}

export interface ImportRequest {
  /** The name the uploader gave the file, for people and for its format; never part of a path. */
  fileName: string;
  format?: string | null;
  delimiter?: string | null;
  encoding?: string | null;
  dryRun: boolean;
  /** Products when absent. */
  kind?: string | null;
  mapping: string | null;
  actor: string;
  /** The key that asks, whose limits every row is held to. */
  principal?: Principal | null;
  origin?: JobOrigin;
}

/** An import request that passed its checks, with the id and place its file is to be written to. */
export interface PreparedImport {
  job: BulkJob;
  /** Where the uploaded file goes before recordImport. */
  inputPath: string;
}

/** Files of the command line, read and written where the caller says instead of in the job's folder. */
export interface LocalFiles {
  input?: string;
  rejected?: string | null;
  export?: string;
}

export interface BulkLimits extends TableLimits {
  /** Largest file an import may upload. */
  maxUploadBytes: number;
  /** Whether image URLs in an import may point at loopback or private addresses. */
  allowPrivateImageUrls: boolean;
}

export const defaultBulkLimits: BulkLimits = { ...defaultTableLimits, maxUploadBytes: 256 * 1024 * 1024, allowPrivateImageUrls: false };

const jobIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const emptyCounts = (): ImportCounts => ({ rowsRead: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, warnings: 0 });

/** Prices and stock are the admin's and the ERP integration's, as setPrices and setStock are; the command line runs as the operator. */
function mayWriteOffers(principal: Principal | null | undefined): boolean {
  return !principal || principal.role === "admin" || principal.role === "integration";
}

/** The progress and outcome fields of a job nobody has run yet. */
function notStarted(): Pick<
  BulkJob,
  | "rowsTotal"
  | "rowsDone"
  | "rowsPerSecond"
  | "etaSeconds"
  | "counts"
  | "report"
  | "error"
  | "cancelRequested"
  | "createdAt"
  | "startedAt"
  | "finishedAt"
  | "heartbeatAt"
> {
  return {
    rowsTotal: null,
    rowsDone: 0,
    rowsPerSecond: null,
    etaSeconds: null,
    counts: emptyCounts(),
    report: null,
    error: null,
    cancelRequested: false,
    createdAt: new Date(),
    startedAt: null,
    finishedAt: null,
    heartbeatAt: null,
  };
}

/** Runs an import or export recorded in `bulk_jobs`, in whichever process of the fleet is free. */
export const bulkRunJob = "bulk.run";
/** A million rows take about half an hour; a run still going after three hours is stopped and reported. */
const bulkRunTimeLimitMs = 3 * 60 * 60_000;

export interface BulkJobOptions {
  /** The limits on writes of the key that started a job. */
  guardFor?: (principal: Principal) => WriteGuard | undefined;
  /** Where job files are kept for every process (uploads, rejected rows, exports); the work folder by default. */
  files?: ObjectStorage;
  /** The service runs jobs as background jobs; command-line tools run them in their own process and pass none. */
  jobs?: BackgroundJobs;
  /** For each import, what turns image URLs in media cells into assets (a fresh cache per import); none: URLs are refused as unknown assets. */
  imageUrls?: () => (url: string) => Promise<ImageResolution>;
}

/** The job's run stopped short and is to run again from its start (shutdown, database unreachable): the background job is retried. */
class RunAgain extends Error {}

/**
 * Import and export jobs: recorded in `bulk_jobs` (followed and cancelled through the record), run as
 * background jobs by any process of the fleet, their files kept in shared storage. A run cut short by a
 * crash, a shutdown or an unreachable database runs again from the start of the file: rows already
 * saved then count as unchanged.
 */
export class BulkJobs {
  readonly mappings: ColumnMappings;
  readonly limits: BulkLimits;
  private readonly importLock: JobLock;
  private readonly guardFor: (principal: Principal) => WriteGuard | undefined;
  private readonly files: ObjectStorage;
  private readonly background: BackgroundJobs | null;
  private readonly imageUrls: BulkJobOptions["imageUrls"];
  private readonly running = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    private readonly connection: Connection,
    private readonly catalog: CatalogServices,
    private readonly workDir: string,
    limits: Partial<BulkLimits> | undefined,
    private readonly logger: Logger,
    options: BulkJobOptions = {},
  ) {
    this.limits = { ...defaultBulkLimits, ...limits };
    this.mappings = new ColumnMappings(connection);
    this.importLock = new JobLock(connection, "product-import");
    this.guardFor = options.guardFor ?? (() => undefined);
    this.files = options.files ?? new LocalDiskStorage(workDir);
    this.background = options.jobs ?? null;
    this.imageUrls = options.imageUrls;
    this.background?.work<{ job: string }>(bulkRunJob, { concurrency: 2, leaseMs: 15_000, timeLimitMs: bulkRunTimeLimitMs, oneOff: true }, ({ job }, signal) =>
      this.track(this.runQueued(job, signal)),
    );
  }

  private get jobs() {
    return this.connection.collection<BulkJob>("bulk_jobs");
  }

  /**
   * Where a file of a job lives: built only from the job's id and format, which the service generated and
   * checked, never from a name a client sent, so no request can make the service write outside its folder.
   */
  fileOf(job: Pick<BulkJob, "_id" | "format">, file: JobFile): string {
    if (!jobIdPattern.test(job._id) || !tableFormats.includes(job.format))
      throw new Error(`refusing a file path for job ${JSON.stringify(job._id)} in format ${JSON.stringify(job.format)}`);
    return join(this.workDir, job._id, `${file}.${job.format}`);
  }

  private keyOf(job: Pick<BulkJob, "_id" | "format">, file: JobFile): string {
    return `${job._id}/${file}.${job.format}`;
  }

  /** Puts a job's file where every process can read it; on disk storage it is there already. */
  private async share(job: BulkJob, file: JobFile): Promise<void> {
    const path = this.fileOf(job, file);
    if ((await this.files.stat(this.keyOf(job, file))) || !(await exists(path))) return;
    await pipeline(createReadStream(path), this.files.writer(this.keyOf(job, file)));
  }

  /** Brings a job's shared file into this process's work folder, for a run started elsewhere. */
  private async fetch(job: BulkJob, file: JobFile): Promise<void> {
    const path = this.fileOf(job, file);
    if (await exists(path)) return;
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.part`;
    await pipeline(this.files.stream(this.keyOf(job, file)), createWriteStream(temporary));
    await rename(temporary, path);
  }

  /** A finished job's file, to download: from shared storage, so any process serves it. */
  async openFile(job: BulkJob, file: JobFile): Promise<{ stream: Readable; bytes: number } | null> {
    const stored = await this.files.stat(this.keyOf(job, file));
    return stored ? { stream: this.files.stream(this.keyOf(job, file)), bytes: stored.bytes } : null;
  }

  /** Checks an import request before anything touches the disk, and gives it an id and the path its file goes to. */
  async prepareImport(request: ImportRequest): Promise<PreparedImport> {
    const format = (request.format ?? formatOfFileName(request.fileName)) as TableFormat | null;
    const problems = [];
    if (!format || !tableFormats.includes(format))
      problems.push({
        path: ["format"],
        message: `the format is ${request.format ? `"${boundedText(request.format, 50)}", not one of` : "not told by the file name; give one of"} ${tableFormats.join(", ")}`,
      });
    if (request.encoding && !isTableEncoding(request.encoding))
      problems.push({ path: ["encoding"], message: `encoding "${boundedText(request.encoding, 50)}" is not one of utf-8, windows-1250, windows-1251` });
    if (request.kind && !isImportKind(request.kind))
      problems.push({ path: ["kind"], message: `kind "${boundedText(request.kind, 50)}" is not one of ${importKinds.join(", ")}` });
    if (request.delimiter && request.delimiter.length !== 1) problems.push({ path: ["delimiter"], message: "the delimiter is a single character" });
    const nameProblem = request.fileName.length > 255 ? "is longer than 255 characters" : textProblem(request.fileName);
    if (nameProblem) problems.push({ path: ["fileName"], message: `the file name ${nameProblem}` });
    if (problems.length > 0) throw new PimError("BAD_USER_INPUT", "the import cannot start", problems);
    if (request.mapping) await this.mappings.get(request.mapping);
    const job: BulkJob = {
      _id: randomUUID(),
      kind: "import",
      status: "queued",
      actor: request.actor,
      principal: request.principal ?? null,
      origin: request.origin ?? "service",
      fileName: request.fileName,
      format: format as TableFormat,
      dryRun: request.dryRun,
      fileKind: (request.kind as ImportKind | null | undefined) ?? "products",
      mapping: request.mapping,
      delimiter: request.delimiter ?? null,
      encoding: (request.encoding as TableEncoding | undefined) ?? null,
      exportFilter: null,
      ...notStarted(),
    };
    const inputPath = this.fileOf(job, "input");
    if (job.origin === "service") await mkdir(join(this.workDir, job._id), { recursive: true });
    return { job, inputPath };
  }

  /**
   * Records a prepared import once its file is in place, after reading the file's header: a file the
   * import could not read at all is refused now (INVALID_FILE, with the reason) and its upload removed.
   */
  async recordImport(prepared: PreparedImport, local: LocalFiles = {}): Promise<BulkJob> {
    const { job } = prepared;
    try {
      const table = await openTableOffThread(local.input ?? prepared.inputPath, this.readOptions(job), this.limits);
      await table.close();
      await checkImportHeader(table.header, { kind: job.fileKind, mapping: job.mapping ? await this.mappings.get(job.mapping) : null }, this.catalog);
    } catch (error) {
      await this.discardFiles(job);
      throw error;
    }
    await this.share(job, "input");
    await this.jobs.insertOne(job);
    return job;
  }

  /** Removes what a refused upload left in its job's folder. */
  async discardFiles(job: Pick<BulkJob, "_id">): Promise<void> {
    if (jobIdPattern.test(job._id)) await rm(join(this.workDir, job._id), { recursive: true, force: true });
  }

  /** The job's author, held to the limits of the key that started it. */
  private writerOf(job: BulkJob): Writer {
    return { actor: job.actor, ...(job.principal ? { guard: this.guardFor(job.principal) } : {}) };
  }

  private readOptions(job: BulkJob): ReadOptions {
    return { format: job.format, ...(job.delimiter ? { delimiter: job.delimiter } : {}), ...(job.encoding ? { encoding: job.encoding } : {}) };
  }

  /** Records an export of the products matching the filter; run it with runExport or runInBackground. */
  async createExport(request: ExportRequest): Promise<BulkJob> {
    const problems = [];
    if (!tableFormats.includes(request.format)) problems.push({ path: ["format"], message: `the format is one of ${tableFormats.join(", ")}` });
    const kind = request.kind ?? "products";
    if (!(exportKinds as readonly string[]).includes(kind))
      problems.push({ path: ["kind"], message: `kind "${kind}" is not one of ${exportKinds.join(", ")}` });
    if (kind === "product_models" && Object.keys(request.filter).length > 0)
      problems.push({ path: ["kind"], message: "a product model export writes every model: the filters are for products" });
    if (request.mediaBaseUrl && !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(request.mediaBaseUrl))
      problems.push({ path: ["mediaBaseUrl"], message: "is an http or https URL such as https://pim.example.com" });
    if (problems.length > 0) throw new PimError("BAD_USER_INPUT", "the export cannot start", problems);
    // Checks the filter (unknown attributes, locales...) now rather than in the background.
    await this.catalog.read.checkProductFilter(request.filter);
    const id = randomUUID();
    const fileName = `${kind.replace("_", "-")}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-")}.${request.format}`;
    const job: BulkJob = {
      _id: id,
      kind: "export",
      status: "queued",
      actor: request.actor,
      origin: request.origin ?? "service",
      fileName,
      format: request.format,
      dryRun: false,
      fileKind: kind as ImportKind,
      mapping: null,
      delimiter: request.format === "csv" ? (request.delimiter ?? ",") : null,
      encoding: request.format === "csv" ? "utf-8" : null,
      exportFilter: request.filter,
      mediaBaseUrl: request.mediaBaseUrl?.replace(/\/+$/, "") || null,
      ...notStarted(),
    };
    if (job.origin === "service") await mkdir(join(this.workDir, id), { recursive: true });
    await this.jobs.insertOne(job);
    return job;
  }

  async runExport(id: string, options: { onProgress?: (job: BulkJob) => void; local?: LocalFiles; signal?: AbortSignal } = {}): Promise<BulkJob> {
    const job = await this.get(id);
    try {
      const startedAt = new Date();
      const filter = job.exportFilter ?? {};
      const empty = Object.keys(filter).length === 0;
      const models = job.fileKind === "product_models";
      const rowsTotal = models
        ? (await this.catalog.read.estimatedCounts()).productModels
        : empty
          ? (await this.catalog.read.estimatedCounts()).products
          : await this.catalog.countProducts(filter);
      await this.jobs.updateOne({ _id: id }, { $set: { status: "running", startedAt, heartbeatAt: startedAt, rowsTotal } });
      const layout: TableLayout = { format: job.format, ...(job.delimiter ? { delimiter: job.delimiter } : {}) };
      const output = options.local?.export ?? this.fileOf(job, "export");
      const hooks: ExportHooks = {
        onProgress: async (rowsWritten) => {
          const updated = await this.jobs.findOneAndUpdate(
            { _id: id },
            { $set: { heartbeatAt: new Date(), ...progressOf(rowsWritten, rowsTotal, startedAt) } },
            { returnDocument: "after" },
          );
          if (updated) options.onProgress?.(updated);
          return this.stopping || (options.signal?.aborted ?? false) || (updated?.cancelRequested ?? false);
        },
      };
      const result = await (models
        ? exportProductModels(layout, output, this.catalog, hooks)
        : exportProducts(filter, layout, output, this.catalog, hooks, job.mediaBaseUrl ?? null));
      if (result.cancelled && this.background && (this.stopping || options.signal?.aborted)) return await this.endEarly(id, options.signal, null);
      // Shared before the job says it succeeded, so whoever sees that can download the file from any process.
      await this.share(job, "export");
      return await this.finish(id, {
        status: result.cancelled ? "cancelled" : "succeeded",
        rowsDone: result.rowsWritten,
        rowsTotal: result.cancelled ? rowsTotal : result.rowsWritten,
        etaSeconds: 0,
      });
    } catch (error) {
      if (error instanceof RunAgain) throw error;
      if (this.runsAgain(error)) return this.endEarly(id, options.signal, error);
      if (!(error instanceof PimError)) this.logger.error({ err: error, job: id }, "export failed");
      return this.finish(id, { status: "failed", error: boundedText(error instanceof Error ? error.message : String(error)) });
    }
  }

  /** Queues the job's run as a background job: outside the request that asked for it, retried, and taken over if its process dies. */
  async runInBackground(id: string): Promise<void> {
    if (!this.background) throw new Error("bulk jobs run in the background only in the service");
    await this.background.runWithin(bulkRunJob, { job: id }, 0);
  }

  private track<T>(run: Promise<T>): Promise<T> {
    this.running.add(run);
    return run.finally(() => this.running.delete(run));
  }

  /** One background run of a job that has not finished yet; a finished or cancelled one is left alone. */
  private async runQueued(id: string, signal: AbortSignal): Promise<void> {
    // A job removed meanwhile (its database dropped, say) has nothing left to run.
    const job = await this.jobs.findOne({ _id: id });
    if (!job || (job.status !== "queued" && job.status !== "running")) return;
    if (job.cancelRequested) {
      await this.finish(id, { status: "cancelled" });
      return;
    }
    if (job.kind === "import") {
      await this.fetch(job, "input");
      await this.runImport(id, { signal });
    } else {
      await this.runExport(id, { signal });
    }
  }

  /**
   * How a run that stopped short ends: at a shutdown or with the database unreachable it is queued
   * again and the background job retried; past its time limit it fails with the reason.
   */
  private async endEarly(id: string, signal: AbortSignal | undefined, error: unknown): Promise<BulkJob> {
    if (signal?.aborted)
      return this.finish(id, { status: "failed", error: `stopped after its time limit of ${bulkRunTimeLimitMs / 3_600_000} hours; what it saved stays saved` });
    const reason = this.stopping
      ? "the service process stopped"
      : `the database could not be reached (${boundedText(error instanceof Error ? error.message : String(error), 200)})`;
    await this.jobs
      .updateOne({ _id: id }, { $set: { status: "queued", error: `interrupted: ${reason}; it runs again from the start of the file` } })
      .catch(() => undefined);
    throw new RunAgain(reason);
  }

  /** Whether a run stopped short is to run again rather than end: only jobs the background runs, stopped by a shutdown or an unreachable database. */
  private runsAgain(error: unknown): boolean {
    return this.background !== null && (this.stopping || isDatabaseUnavailable(error));
  }

  /**
   * Runs a queued import to its end. It waits for the import lock (dry runs write nothing and skip
   * it), refreshes it after every chunk, and stops between chunks once a cancel is asked for.
   */
  async runImport(
    id: string,
    options: { onProgress?: (job: BulkJob) => void; chunkSize?: number; local?: LocalFiles; signal?: AbortSignal } = {},
  ): Promise<BulkJob> {
    const { onProgress, chunkSize, local = {}, signal } = options;
    const job = await this.get(id);
    const writes = !job.dryRun;
    const stillWanted = async () => !this.stopping && !(await this.get(id)).cancelRequested;
    // A background job left by a dead process runs again by itself; a command-line one would stay "running" forever.
    const interrupted = async (crashed: string) => {
      await this.jobs.updateOne(
        { _id: crashed, origin: "command line", status: { $in: ["queued", "running"] } },
        { $set: { status: "failed", error: "interrupted: the process running it stopped; import the file again to complete it", finishedAt: new Date() } },
      );
    };
    if (writes && !(await this.importLock.acquire(id, stillWanted, interrupted))) return this.finish(id, { status: "cancelled" });
    let source: Awaited<ReturnType<typeof openTableOffThread>> | null = null;
    try {
      const startedAt = new Date();
      const table = await openTableOffThread(local.input ?? this.fileOf(job, "input"), this.readOptions(job), this.limits);
      source = table;
      const layout: TableLayout = table.layout;
      await this.jobs.updateOne(
        { _id: id },
        {
          $set: {
            status: "running",
            startedAt,
            heartbeatAt: startedAt,
            rowsTotal: table.estimatedRows,
            delimiter: layout.delimiter ?? null,
            encoding: layout.encoding ?? null,
          },
        },
      );
      const mapping = job.mapping ? await this.mappings.get(job.mapping) : null;
      const report = await importTable(
        table,
        {
          dryRun: job.dryRun,
          writer: this.writerOf(job),
          mayWriteOffers: mayWriteOffers(job.principal),
          ...(this.imageUrls ? { resolveImageUrl: this.imageUrls() } : {}),
          kind: job.fileKind ?? "products",
          mapping,
          rejectedPath: local.rejected === undefined ? this.fileOf(job, "rejected") : local.rejected,
          ...(chunkSize ? { chunkSize } : {}),
        },
        this.catalog,
        {
          afterChunk: async (counts) => {
            failpoint("during-import", job.fileKind ?? "products");
            if (writes) await this.importLock.refresh(id);
            const progress = progressOf(counts.rowsRead, table.estimatedRows, startedAt);
            const updated = await this.jobs.findOneAndUpdate(
              { _id: id },
              { $set: { counts: { ...counts }, heartbeatAt: new Date(), ...progress } },
              { returnDocument: "after" },
            );
            if (updated) onProgress?.(updated);
            return this.stopping || (signal?.aborted ?? false) || (updated?.cancelRequested ?? false);
          },
        },
      );
      if (report.cancelled && this.background && (this.stopping || signal?.aborted)) return await this.endEarly(id, signal, null);
      // Shared before the job says it finished, so whoever sees that can download the rejected rows from any process.
      await this.share(job, "rejected");
      return await this.finish(id, {
        status: report.cancelled ? "cancelled" : "succeeded",
        report,
        counts: countsOf(report),
        rowsDone: report.rowsRead,
        rowsTotal: report.cancelled ? table.estimatedRows : report.rowsRead,
        etaSeconds: 0,
      });
    } catch (error) {
      if (error instanceof RunAgain) throw error;
      if (this.runsAgain(error)) return this.endEarly(id, signal, error);
      const message = boundedText(error instanceof Error ? error.message : String(error));
      if (!(error instanceof PimError)) this.logger.error({ err: error, job: id }, "import failed");
      return this.finish(id, { status: "failed", error: message });
    } finally {
      await source?.close();
      if (writes) await this.importLock.release(id);
    }
  }

  private async finish(id: string, changes: Partial<BulkJob>): Promise<BulkJob> {
    const finished = await this.jobs.findOneAndUpdate({ _id: id }, { $set: { ...changes, finishedAt: new Date() } }, { returnDocument: "after" });
    return finished as BulkJob;
  }

  async get(id: string): Promise<BulkJob> {
    const job = await this.jobs.findOne({ _id: id });
    if (!job) throw new PimError("NOT_FOUND", `bulk job ${id} does not exist`, [{ path: ["id"], message: `no job has id ${id}` }]);
    return job;
  }

  /** The newest jobs first. */
  async list(kind: JobKind | null, limit: number): Promise<BulkJob[]> {
    return this.jobs
      .find(kind ? { kind } : {})
      .sort({ createdAt: -1 })
      .limit(Math.min(Math.max(limit, 1), 200))
      .toArray();
  }

  /** Asks a job to stop after its current chunk; what it saved so far stays saved. */
  async cancel(id: string): Promise<BulkJob> {
    const job = await this.get(id);
    if (job.status === "queued" || job.status === "running") await this.jobs.updateOne({ _id: id }, { $set: { cancelRequested: true } });
    return this.get(id);
  }

  /** Stops the jobs this process runs after their current chunk (queued again, for the next process to run) and waits for them. */
  async stop(): Promise<void> {
    this.stopping = true;
    // A run that fails is the job queue's to retry; shutting down must not fail for it.
    await Promise.allSettled([...this.running]);
  }
}

function countsOf(report: ImportReport): ImportCounts {
  const { rowsRead, created, updated, unchanged, rejected, warnings } = report;
  return { rowsRead, created, updated, unchanged, rejected, warnings };
}

function progressOf(rowsDone: number, rowsTotal: number | null, startedAt: Date): Pick<BulkJob, "rowsDone" | "rowsPerSecond" | "etaSeconds" | "rowsTotal"> {
  const seconds = Math.max((Date.now() - startedAt.getTime()) / 1000, 0.001);
  const rate = rowsDone / seconds;
  const total = rowsTotal === null ? null : Math.max(rowsTotal, rowsDone);
  return {
    rowsDone,
    rowsTotal: total,
    rowsPerSecond: Math.round(rate),
    etaSeconds: total === null || rate === 0 ? null : Math.round((total - rowsDone) / rate),
  };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
