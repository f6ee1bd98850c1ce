import { createHash } from "node:crypto";
import { hostname } from "node:os";
import { Agenda, exponential, type Job, type JobWithId } from "agenda";
import { MongoBackend } from "@agendajs/mongo-backend";
import { Types, type Connection } from "mongoose";
import type { Logger } from "../logger.js";
import { boundedText } from "../bounded.js";
import { outsideRequest } from "../protection/request-deadline.js";
import { Leases } from "./leases.js";

/** Where jobs are kept: one document per job, shared by every service process on the database. */
const collection = "background_jobs";
/** How often a working process looks for due jobs: the delay a debounced job can add on top of its quiet time. */
const processEveryMs = 250;

export interface JobOptions {
  /** Jobs of this name one process runs at once. */
  concurrency: number;
  /**
   * A running job's lease: renewed while it runs; when its process dies, another process takes the job
   * over once this much time has passed without a renewal.
   */
  leaseMs: number;
  /**
   * How long one run may take: then its signal aborts and the run fails with that reason and is retried
   * with backoff. Work that can stop early listens to the signal; the job fails at the limit either way.
   */
  timeLimitMs: number;
  /**
   * Jobs that run once for their key (an upload's renditions, one import): their document is removed a
   * week after they last succeeded, so the collection does not grow with every upload.
   */
  oneOff?: boolean;
}

/** How long a finished one-off job stays visible in backgroundJobs. */
const oneOffKeptMs = 7 * 24 * 3_600_000;
const pruneEveryMs = 3_600_000;

function describeDuration(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** The id of the one job document for a name and key: the first 12 bytes of a hash of both, as an ObjectId. */
function jobIdOf(name: string, key: Record<string, string>): Types.ObjectId {
  return new Types.ObjectId(
    createHash("sha256")
      .update(JSON.stringify([name, Object.entries(key).sort()]))
      .digest("hex")
      .slice(0, 24),
  );
}

/** The job of a name for a key, as stored: the key's fields are the job's data. */
function filterOf(name: string, key: Record<string, string>): Record<string, unknown> {
  return { name, ...Object.fromEntries(Object.entries(key).map(([field, value]) => [`data.${field}`, value])) };
}

/** A job as operators see it (GraphQL `backgroundJobs`, `GET /status`). */
export interface JobState {
  id: string;
  name: string;
  data: Record<string, unknown>;
  state: "waiting" | "running" | "retrying" | "idle";
  nextRunAt: Date | null;
  lastRunAt: Date | null;
  lastFinishedAt: Date | null;
  /** Attempts that failed in a row; 0 once one succeeds. */
  failedAttempts: number;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** The process holding the job's lease while it runs. */
  runningOn: string | null;
}

interface StoredJob {
  _id: { toString(): string };
  name: string;
  data: Record<string, unknown> | null;
  nextRunAt: Date | null;
  lockedAt: Date | null;
  lastRunAt: Date | null;
  lastFinishedAt: Date | null;
  failCount: number | null;
  failReason: string | null;
  failedAt: Date | null;
  lastModifiedBy: string | null;
}

/**
 * Work that must outlive the request that asked for it, kept in MongoDB with Agenda 6: debounced per key
 * in the database (so a burst from any process shares one run and a restart forgets nothing), leased
 * while it runs (one process per job at a time; a dead process's job is taken over when its lease lapses),
 * retried with exponential backoff, and visible with its state, attempts and last error. Every process
 * can enqueue; only processes that `work` on a job name run it.
 */
export class BackgroundJobs {
  /** Mutual exclusion across processes: Agenda's own job lock is cleared when a debounced job is asked for again while it runs. */
  readonly leases: Leases;
  private readonly agenda: Agenda;
  private started = false;
  private readonly oneOffNames = new Set<string>();
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly logger: Logger,
  ) {
    this.leases = new Leases(connection);
    this.agenda = new Agenda({
      name: `${hostname()}:${process.pid}`,
      backend: new MongoBackend({ mongo: connection.db as never, collection }),
      processEvery: processEveryMs,
    });
    // A failing job is retried by its backoff and reported in its state; it never reaches the process.
    this.agenda.on("error", (error: unknown) => this.logger.error({ err: error }, "background job queue error"));
  }

  /** Runs jobs of this name in this process, renewing each one's lease while it runs; failures are retried with backoff (1 s doubling up to a minute). */
  work<Data extends Record<string, unknown>>(name: string, options: JobOptions, run: (data: Data, signal: AbortSignal) => Promise<unknown>): void {
    if (options.oneOff) this.oneOffNames.add(name);
    this.agenda.define(
      name,
      async (job: Job<Data>) => {
        const renew = setInterval(() => void job.touch().catch(() => undefined), Math.max(1000, options.leaseMs / 3));
        const limit = new AbortController();
        let limitTimer: NodeJS.Timeout | undefined;
        // Settles only if the limit is reached: cleared once the run ends, it never rejects unheard (which would end the process).
        const timedOut = new Promise<never>((_, reject) => {
          limitTimer = setTimeout(() => {
            limit.abort();
            reject(new Error(`stopped after its time limit of ${describeDuration(options.timeLimitMs)}`));
          }, options.timeLimitMs);
        });
        try {
          await Promise.race([run(job.attrs.data, limit.signal), timedOut]);
        } catch (error) {
          this.logger.error({ job: name, data: job.attrs.data, err: error }, "background job failed; it will be retried");
          throw new Error(boundedText((error as Error).message ?? String(error)));
        } finally {
          clearTimeout(limitTimer);
          clearInterval(renew);
        }
      },
      { concurrency: options.concurrency, lockLifetime: options.leaseMs, backoff: exponential({ delay: 1000, maxDelay: 60_000, maxRetries: 100_000 }) },
    );
  }

  /**
   * Called after each successful run of a job of this name is stored. Agenda stores a finished job's
   * next run time as the run knew it, so a request to run again made during the run (by another
   * process, or by this one) can be overwritten; the listener is where to ask again.
   */
  afterSuccess<Data extends Record<string, unknown>>(name: string, listener: (data: Data) => Promise<void>): void {
    this.agenda.on(`complete:${name}`, (job: JobWithId, remote?: false) => {
      if (remote || (job.attrs.failCount ?? 0) > 0) return;
      void outsideRequest(() => listener(job.attrs.data as Data)).catch((error: unknown) =>
        this.logger.error({ job: name, err: error }, "after-run check failed"),
      );
    });
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await outsideRequest(() => this.agenda.start());
    this.pruneTimer = setInterval(
      () =>
        void outsideRequest(() => this.pruneFinishedOneOffs(oneOffKeptMs)).catch((error: unknown) =>
          this.logger.warn({ err: error }, "pruning finished jobs failed"),
        ),
      pruneEveryMs,
    );
    this.pruneTimer.unref();
  }

  /** Stops taking jobs and gives up the leases of those running here, so another process can take them at once. */
  async stop(): Promise<void> {
    clearInterval(this.pruneTimer);
    if (this.started) await this.agenda.stop(false);
    this.started = false;
  }

  /** Removes one-off jobs that succeeded and have had nothing to do for `olderThanMs`; failing or due ones stay. */
  async pruneFinishedOneOffs(olderThanMs: number): Promise<number> {
    if (this.oneOffNames.size === 0) return 0;
    const { deletedCount } = await this.jobs.deleteMany({
      name: { $in: [...this.oneOffNames] },
      nextRunAt: null,
      lockedAt: null,
      failCount: { $in: [null, 0] },
      lastFinishedAt: { $lt: new Date(Date.now() - olderThanMs) },
    } as never);
    return deletedCount;
  }

  /**
   * Runs the job for `key` within `delayMs`: the first request of a burst sets the time, later ones
   * only ever bring it closer, so requests during the wait share the run and a steady stream of them
   * cannot postpone it (Agenda's own debounce can: each request pushes the run back, and one that
   * finds it due resets it). One job document per key, created with an id derived from the key, so
   * processes asking at once cannot create two.
   */
  async runWithin(name: string, key: Record<string, string>, delayMs: number): Promise<void> {
    const due = new Date(Date.now() + delayMs);
    const filter = filterOf(name, key);
    const inserted = await this.jobs
      .insertOne({
        _id: jobIdOf(name, key),
        name,
        data: key,
        type: "normal",
        priority: 0,
        nextRunAt: due,
        lockedAt: null,
        lastRunAt: null,
        lastFinishedAt: null,
        failCount: null,
        failReason: null,
        failedAt: null,
        lastModifiedBy: null,
        disabled: false,
      } as never)
      .then(
        () => true,
        (error: { code?: number }) => {
          if (error.code === 11000) return false;
          throw error;
        },
      );
    if (inserted) return;
    // $min alone would keep a null (no run asked for), which orders below every date.
    const set = await this.jobs.updateOne({ ...filter, nextRunAt: null }, { $set: { nextRunAt: due } });
    if (set.matchedCount === 0) await this.jobs.updateOne(filter, { $min: { nextRunAt: due } });
  }

  async find(name: string, key: Record<string, string>): Promise<JobState | null> {
    const stored = await this.jobs.findOne(filterOf(name, key));
    return stored ? this.stateOf(stored) : null;
  }

  /** Every job, oldest first by name; failing and running ones are what operators look for. */
  async list(name?: string): Promise<JobState[]> {
    const stored = await this.jobs
      .find(name ? { name } : {})
      .limit(1000)
      .toArray();
    return stored.map((job) => this.stateOf(job)).sort((a, b) => a.name.localeCompare(b.name) || JSON.stringify(a.data).localeCompare(JSON.stringify(b.data)));
  }

  private get jobs() {
    return this.connection.collection<StoredJob>(collection);
  }

  private stateOf(job: StoredJob): JobState {
    const failedAttempts = job.failCount ?? 0;
    const running = job.lockedAt !== null && job.lockedAt !== undefined;
    return {
      id: job._id.toString(),
      name: job.name,
      data: job.data ?? {},
      state: running ? "running" : job.nextRunAt ? (failedAttempts > 0 ? "retrying" : "waiting") : "idle",
      nextRunAt: job.nextRunAt ?? null,
      lastRunAt: job.lastRunAt ?? null,
      lastFinishedAt: job.lastFinishedAt ?? null,
      failedAttempts,
      lastError: failedAttempts > 0 ? (job.failReason ?? null) : null,
      lastErrorAt: failedAttempts > 0 ? (job.failedAt ?? null) : null,
      runningOn: running ? (job.lastModifiedBy ?? null) : null,
    };
  }
}
