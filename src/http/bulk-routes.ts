import type { Readable } from "node:stream";
import express, { type Request, type Response } from "express";
import { PimError } from "../errors.js";
import type { BulkJob, BulkJobs } from "../bulk/jobs/bulk-jobs.js";
import type { TableFormat } from "../bulk/table/table.js";
import { httpRoute } from "../auth/http-access.js";
import { principalOf } from "../auth/authentication.js";
import { actorOf } from "../auth/principal.js";
import { assertMayImport } from "../auth/bulk-access.js";
import { receiveUpload } from "./receive-upload.js";

const contentTypes: Record<TableFormat, string> = {
  csv: "text/csv",
  jsonl: "application/x-ndjson",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** What an HTTP caller sees of a job: its state and where its files are. */
/** The name GraphQL gives a stored enum value ("product_models" → PRODUCT_MODELS), so both APIs say the same. */
const enumName = (value: string | undefined) => value?.toUpperCase();

export function publicJob(job: BulkJob) {
  const { _id, principal: _principal, ...rest } = job;
  return {
    id: _id,
    ...rest,
    kind: enumName(job.kind),
    status: enumName(job.status),
    format: enumName(job.format),
    ...(job.fileKind ? { fileKind: enumName(job.fileKind) } : {}),
    links: {
      self: `/${job.kind}s/${_id}`,
      ...(job.kind === "import" ? { rejected: `/imports/${_id}/rejected` } : { file: `/exports/${_id}/file` }),
    },
  };
}

const query = (req: Request, name: string): string | null => (typeof req.query[name] === "string" ? (req.query[name] as string) : null);

/** Streams a job's stored file as a download; the file comes from shared storage, so any process can serve it. */
async function sendJobFile(res: Response, file: { stream: Readable; bytes: number } | null, contentType: string, downloadName: string): Promise<void> {
  if (!file) throw new PimError("NOT_FOUND", "the job's file is not stored (it was removed, or the job wrote none)");
  res.type(contentType).attachment(downloadName).setHeader("Content-Length", String(file.bytes));
  file.stream.on("error", (error) => res.destroy(error));
  file.stream.pipe(res);
}

/** A command-line job's files are where its command put them, on the machine that ran it. */
function refuseCommandLineFiles(job: BulkJob): void {
  if (job.origin === "command line") throw new PimError("CONFLICT", `job ${job._id} ran from the command line: its files are where that command wrote them`);
}

/**
 * POST /imports takes the file as the raw request body (query: fileName or format, kind, dryRun, mapping,
 * delimiter, encoding), checked before anything is written, streamed to disk within the upload limit and
 * refused at once (422) when its header cannot be imported; it answers 202 with the job.
 * GET /imports/{id}/rejected and GET /exports/{id}/file download a job's file.
 */
export function bulkRoutes(jobs: BulkJobs): express.Router {
  const router = express.Router();
  router.post(httpRoute("POST", "/imports", ["editor"]), async (req, res) => {
    try {
      const principal = principalOf(res);
      if (!principal) throw new PimError("UNAUTHENTICATED", "an API key is required");
      assertMayImport(principal, query(req, "kind"));
      const format = query(req, "format");
      const prepared = await jobs.prepareImport({
        fileName: query(req, "fileName") ?? `upload.${format ?? "csv"}`,
        format,
        delimiter: query(req, "delimiter"),
        encoding: query(req, "encoding"),
        dryRun: query(req, "dryRun") === "true",
        kind: query(req, "kind"),
        mapping: query(req, "mapping"),
        actor: actorOf(principal),
        principal,
      });
      try {
        await receiveUpload(req, prepared.inputPath, jobs.limits.maxUploadBytes);
      } catch (error) {
        res.setHeader("Connection", "close");
        await jobs.discardFiles(prepared.job);
        throw error;
      }
      const job = await jobs.recordImport(prepared);
      await jobs.runInBackground(job._id);
      res.status(202).location(`/imports/${job._id}`).json(publicJob(job));
    } catch (error) {
      // A body refused before it was read is dropped, not left on the connection.
      req.resume();
      throw error;
    }
  });
  router.get(httpRoute("GET", "/imports/:id", ["editor"]), async (req, res) => {
    res.json(publicJob(await jobs.get(req.params.id)));
  });
  router.get(httpRoute("GET", "/imports/:id/rejected", ["editor"]), async (req, res) => {
    const job = await jobs.get(req.params.id);
    if (job.kind !== "import" || job.status === "queued" || job.status === "running") {
      throw new PimError("CONFLICT", `the rejected rows of job ${job._id} are ready once it has finished (it is ${job.status})`);
    }
    refuseCommandLineFiles(job);
    await sendJobFile(res, await jobs.openFile(job, "rejected"), contentTypes[job.format], `rejected-${job.fileName.replace(/\.[^.]*$/, "")}.${job.format}`);
  });
  router.get(httpRoute("GET", "/exports/:id/file", ["editor"]), async (req, res) => {
    const job = await jobs.get(req.params.id);
    if (job.kind !== "export" || job.status !== "succeeded") {
      throw new PimError("CONFLICT", `job ${job._id} has no export file to download (it is a ${job.kind} job, ${job.status})`);
    }
    refuseCommandLineFiles(job);
    await sendJobFile(res, await jobs.openFile(job, "export"), contentTypes[job.format], job.fileName);
  });
  return router;
}
