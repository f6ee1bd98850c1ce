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

const firstRetryMs = 1_000;
const maxRetryMs = 60_000;

/**
 * Completeness refreshes after a change to reference data (a family's requirements, a channel's locales
 * or currencies), which can touch every product: too long for the request that made the change. Each is
 * stored first, then run in the background outside any request, retried with backoff, and picked up
 * again after a restart, so a save never answers late for it and no refresh is forgotten.
 */
export class CompletenessQueue {
  private draining: Promise<void> | null = null;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly connection: Connection,
    private readonly refresh: (filter: Record<string, unknown>) => Promise<number>,
    private readonly logger: Logger,
  ) {}

  private get queue() {
    return this.connection.collection<QueuedRefresh>("completeness_refreshes");
  }

  /** Refreshes what earlier runs left queued. */
  start(): void {
    this.stopped = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.draining;
  }

  /** Stores the refresh, then starts it in the background; resolves once it is stored. */
  async request(filter: Record<string, unknown>): Promise<void> {
    await this.queue.insertOne({ _id: randomUUID(), filter: JSON.stringify(filter), requestedAt: new Date(), attempts: 0, lastError: null });
    this.kick();
  }

  /** Resolves once nothing is queued (tests, and the seed before it closes the database). */
  async settled(): Promise<void> {
    while ((await this.queue.countDocuments()) > 0) {
      this.kick();
      await this.draining;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async state(): Promise<CompletenessQueueState> {
    const [pending, oldest] = await Promise.all([this.queue.countDocuments(), this.queue.find().sort({ requestedAt: 1 }).limit(1).next()]);
    return { pending, oldestRequestedAt: oldest?.requestedAt ?? null, attempts: oldest?.attempts ?? 0, lastError: oldest?.lastError ?? null };
  }

  private kick(): void {
    if (this.stopped || this.draining) return;
    clearTimeout(this.retry);
    this.draining = outsideRequest(() => this.drain()).finally(() => {
      this.draining = null;
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const next = await this.queue.find().sort({ requestedAt: 1 }).limit(1).next();
      if (!next) return;
      const startedAt = new Date();
      try {
        const updated = await this.refresh(JSON.parse(next.filter) as Record<string, unknown>);
        // Requests for the same products made before this run began are answered by it.
        await this.queue.deleteMany({ filter: next.filter, requestedAt: { $lte: startedAt } });
        this.logger.info({ filter: next.filter, updated }, "completeness refreshed");
      } catch (error) {
        const attempts = next.attempts + 1;
        const retryMs = Math.min(maxRetryMs, firstRetryMs * 2 ** (attempts - 1));
        await this.queue
          .updateOne({ _id: next._id }, { $set: { attempts, lastError: boundedText((error as Error).message ?? String(error)) } })
          .catch(() => undefined);
        this.logger.error({ err: error, filter: next.filter, attempts, retryMs }, "completeness refresh failed; retrying");
        if (!this.stopped) {
          this.retry = setTimeout(() => this.kick(), retryMs);
          this.retry.unref();
        }
        return;
      }
    }
  }
}
