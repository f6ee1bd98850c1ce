import { randomUUID } from "node:crypto";
import type { Connection } from "mongoose";
import type { Logger } from "../../logger.js";
import { boundedText } from "../../bounded.js";
import { outsideRequest } from "../../protection/request-deadline.js";

interface QueuedRefresh {
  _id: string;
  /** The products to recompute, as a MongoDB filter in JSON: stored as text because a filter's keys may start with `$`. */
  filter: string;
  requestedAt: Date;
  attempts: number;
  lastError: string | null;
}

export interface CompletenessQueueState {
  pending: number;
  oldestRequestedAt: Date | null;
  attempts: number;
  lastError: string | null;
}

/**
 * Completeness refreshes after a change to reference data (a family's requirements, a channel's locales
 * or currencies), which can touch every product: too long for the request that made the change. Each is
 * stored first, then run outside any request: by the service's background job (`completeness.refresh`,
 * retried with backoff, run by one process of the fleet at a time, picked up after a restart), or, in a
 * command-line tool, by this process. A save never answers late for it and no refresh is forgotten.
 */
export class CompletenessQueue {
  private draining: Promise<void> | null = null;
  /** Asks the background job to drain the queue; unset, this process drains it itself. */
  private wake: (() => Promise<void>) | null = null;

  constructor(
    private readonly connection: Connection,
    private readonly refresh: (filter: Record<string, unknown>) => Promise<number>,
    private readonly logger: Logger,
  ) {}

  private get queue() {
    return this.connection.collection<QueuedRefresh>("completeness_refreshes");
  }

  /** Hands draining to a background job from now on, and asks it to run for what earlier runs left queued. */
  async drainBy(wake: () => Promise<void>): Promise<void> {
    this.wake = wake;
    if ((await this.queue.countDocuments()) > 0) await wake();
  }

  /** Stores the refresh, then asks for it to run; resolves once it is stored. */
  async request(filter: Record<string, unknown>): Promise<void> {
    await this.queue.insertOne({ _id: randomUUID(), filter: JSON.stringify(filter), requestedAt: new Date(), attempts: 0, lastError: null });
    if (this.wake) await this.wake();
    else this.drainHere();
  }

  /** Resolves once nothing is queued (tests, and the seed before it closes the database). */
  async settled(): Promise<void> {
    while ((await this.queue.countDocuments()) > 0) {
      if (!this.wake) this.drainHere();
      await this.draining?.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async state(): Promise<CompletenessQueueState> {
    const [pending, oldest] = await Promise.all([this.queue.countDocuments(), this.queue.find().sort({ requestedAt: 1 }).limit(1).next()]);
    return { pending, oldestRequestedAt: oldest?.requestedAt ?? null, attempts: oldest?.attempts ?? 0, lastError: oldest?.lastError ?? null };
  }

  private drainHere(): void {
    if (this.draining) return;
    this.draining = outsideRequest(() => this.drain())
      .catch(() => undefined)
      .finally(() => {
        this.draining = null;
      });
  }

  /**
   * Runs the queued refreshes, oldest first, until none is left or `signal` says the time is up. A
   * failure is recorded on the refresh (for GET /status) and thrown, so the job is retried.
   */
  async drain(signal?: AbortSignal): Promise<void> {
    while (!signal?.aborted) {
      const next = await this.queue.find().sort({ requestedAt: 1 }).limit(1).next();
      if (!next) return;
      const startedAt = new Date();
      try {
        const updated = await this.refresh(JSON.parse(next.filter) as Record<string, unknown>);
        // Requests for the same products made before this run began are answered by it.
        await this.queue.deleteMany({ filter: next.filter, requestedAt: { $lte: startedAt } });
        this.logger.info({ filter: next.filter, updated }, "completeness refreshed");
      } catch (error) {
        await this.queue
          .updateOne({ _id: next._id }, { $inc: { attempts: 1 }, $set: { lastError: boundedText((error as Error).message ?? String(error)) } })
          .catch(() => undefined);
        this.logger.error({ err: error, filter: next.filter }, "completeness refresh failed; retrying");
        throw error;
      }
    }
  }
}
