import type { CatalogServices } from "../catalog/services.js";
import type { CatalogChange } from "../catalog/catalog-events.js";
import type { Logger } from "../logger.js";
import { outsideRequest } from "../protection/request-deadline.js";
import { boundedText } from "../bounded.js";
import type { FeedFreshness } from "./consistency.js";
import { ExportRun } from "./export-run.js";
import { registerFeedModels, type FeedModels } from "./feed-models.js";
import { FeedSnapshots, type SnapshotInfo } from "./feed-snapshots.js";
import { writeFeed, type FeedReport } from "./write-feed.js";

/** Quiet time after the last change before a run, so a burst of writes shares one run. */
const defaultDebounceSeconds = 1;
/**
 * The longest a run waits for quiet after the first change of a burst: a steady stream of stock updates
 * must not postpone the feed forever, and a change should be served within seconds.
 */
const maxWaitMs = 3_000;
/** A failed run is tried again after 1 s, 2 s, 4 s … up to a minute, for as long as it fails. */
const firstRetryMs = 1_000;
const maxRetryMs = 60_000;
/** A feed further behind the catalog than this is stale: consistency reports flag it. */
export const staleAfterSeconds = 30;

export type FeedState = "idle" | "waiting" | "running" | "retrying";

export interface FeedStatus {
  channel: string;
  state: FeedState;
  /** The change sequence the served snapshot reflects; null before the first snapshot. */
  sequence: number | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** Runs that failed in a row; 0 once one succeeds. */
  failedAttempts: number;
  nextRunAt: Date | null;
  /** Change events published after the snapshot's sequence that may concern the channel, and the age of the oldest. */
  behindBy: { events: number; seconds: number };
  /** Behind by more than `staleAfterSeconds`: what the channel serves no longer shows the catalog. */
  stale: boolean;
}

interface ChannelRuns {
  timer?: NodeJS.Timeout;
  /** When the current wait for quiet began; a run is due at most `maxWaitMs` after it. */
  waitingSince?: number;
  dueAt?: number;
  running?: Promise<FeedReport>;
  /** A change arrived while a run was under way: the run may have read before it, so one more follows. */
  rerun: boolean;
  failedAttempts: number;
  lastError: string | null;
  lastErrorAt: Date | null;
}

/**
 * Keeps every channel's feed snapshot current: generated on demand, and again shortly after the catalog
 * changes (after a short quiet period, one run at a time per channel, one more after a run that a change
 * overlapped, retried with backoff when it fails). Runs never belong to the request that caused them, so
 * a request's deadline cannot cut them short.
 */
export class FeedService {
  readonly models: FeedModels;
  private readonly channels = new Map<string, ChannelRuns>();
  private stopped = false;
  private generating = false;
  private readonly onChange = (change: CatalogChange) => void outsideRequest(() => this.catalogChanged(change));

  constructor(
    readonly catalog: CatalogServices,
    readonly snapshots: FeedSnapshots,
    private readonly logger: Logger,
  ) {
    this.models = registerFeedModels(catalog.context.connection);
  }

  /** Regenerates after catalog writes, and produces the feeds that were never generated or fell behind while the service was down. */
  async start(): Promise<void> {
    this.generating = true;
    this.catalog.events.on("change", this.onChange);
    const published = this.catalog.changeLog.safeSequence();
    for (const channel of await this.exportChannels()) {
      const snapshot = await this.snapshots.current(channel);
      if (!snapshot || snapshot.sequence < published) this.schedule(channel, 0);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.catalog.events.off("change", this.onChange);
    for (const runs of this.channels.values()) clearTimeout(runs.timer);
    await Promise.allSettled([...this.channels.values()].map((runs) => runs.running));
  }

  /** Generates a channel's snapshot now; joins the run already under way rather than starting a second. */
  generate(channel: string): Promise<FeedReport> {
    const runs = this.runsOf(channel);
    if (runs.running) return runs.running;
    this.disarm(runs);
    return outsideRequest(() => {
      const run = this.generateOnce(channel);
      runs.running = run;
      run.then(
        () => {
          runs.failedAttempts = 0;
          runs.lastError = null;
        },
        (error: unknown) => {
          runs.failedAttempts += 1;
          runs.lastError = boundedText((error as Error).message ?? String(error));
          runs.lastErrorAt = new Date();
          const retryMs = Math.min(maxRetryMs, firstRetryMs * 2 ** (runs.failedAttempts - 1));
          this.logger.error({ channel, err: error, attempts: runs.failedAttempts, retryMs }, "feed generation failed; the previous snapshot stays until a retry succeeds");
          runs.rerun = false;
          if (!this.stopped) this.arm(channel, runs, retryMs);
        },
      ).finally(() => {
        runs.running = undefined;
        if (runs.rerun && !this.stopped) {
          runs.rerun = false;
          this.schedule(channel, 0);
        }
      });
      return run;
    });
  }

  async lastReport(channel: string): Promise<FeedReport | null> {
    return this.models.reports.findById(channel).lean<FeedReport>();
  }

  snapshot(channel: string): Promise<SnapshotInfo | null> {
    return this.snapshots.current(channel);
  }

  /** Where the channel's feed stands against the change log. */
  async status(channel: string): Promise<FeedStatus> {
    const runs = this.channels.get(channel);
    // A snapshot that cannot be read counts as none; the failing runs say why in lastError.
    const snapshot = await this.snapshots.current(channel).catch(() => null);
    const lag = await this.catalog.changeLog.lagAfter(snapshot?.sequence ?? 0, channel);
    const seconds = lag.oldest ? Math.max(0, Math.round((Date.now() - lag.oldest.getTime()) / 1000)) : 0;
    const state: FeedState = runs?.running ? "running" : runs?.timer ? (runs.failedAttempts > 0 ? "retrying" : "waiting") : "idle";
    return {
      channel,
      state,
      sequence: snapshot?.sequence ?? null,
      lastSuccessAt: snapshot ? new Date(snapshot.generatedAt) : null,
      lastError: runs?.lastError ?? null,
      lastErrorAt: runs?.lastErrorAt ?? null,
      failedAttempts: runs?.failedAttempts ?? 0,
      nextRunAt: runs?.timer && runs.dueAt ? new Date(runs.dueAt) : null,
      behindBy: { events: lag.events, seconds },
      stale: seconds > staleAfterSeconds || (!snapshot && (runs?.failedAttempts ?? 0) > 0),
    };
  }

  /** The lag consistency reports judge a channel by; null when this process does not keep feeds current. */
  readonly freshness = async (channel: string): Promise<FeedFreshness | null> => {
    if (!this.generating) return null;
    const { stale, behindBy } = await this.status(channel);
    return { stale, behindByEvents: behindBy.events, behindBySeconds: behindBy.seconds };
  };

  async statuses(): Promise<FeedStatus[]> {
    return Promise.all((await this.exportChannels()).map((channel) => this.status(channel)));
  }

  private async generateOnce(channel: string): Promise<FeedReport> {
    const sequence = this.catalog.changeLog.safeSequence();
    const run = await ExportRun.prepare(channel, this.catalog);
    const { result: report } = await this.snapshots.publish(channel, run.exporter.fileExtension, run.exporter.contentType, sequence, (sink) =>
      writeFeed(run, this.catalog.models, sink),
    );
    await this.models.reports.replaceOne({ _id: channel }, { ...report }, { upsert: true });
    this.logger.info(
      { channel, items: report.itemsWritten, rejected: report.itemsRejected, warnings: report.warnings, ms: report.durationMs },
      "feed snapshot published",
    );
    return report;
  }

  private async catalogChanged(change: CatalogChange): Promise<void> {
    try {
      const definitions = await this.catalog.definitions();
      const channels = change.type === "channel" ? change.codes : [...definitions.channels.keys()];
      for (const channel of channels) {
        const settings = definitions.channels.get(channel)?.export;
        if (settings) this.schedule(channel, settings.debounceSeconds ?? defaultDebounceSeconds);
      }
    } catch (error) {
      // Without the definitions no channel can be told; the next change, or a restart, catches up.
      this.logger.error({ err: error }, "could not schedule feed runs after a catalog change");
    }
  }

  /** Waits for `quietSeconds` without changes (at most `maxWaitMs` since the first), then runs. */
  private schedule(channel: string, quietSeconds: number): void {
    if (this.stopped) return;
    const runs = this.runsOf(channel);
    if (runs.running) {
      runs.rerun = true;
      return;
    }
    const now = Date.now();
    runs.waitingSince ??= now;
    const quietMs = quietSeconds * 1000;
    const due = Math.min(now + quietMs, runs.waitingSince + Math.max(quietMs, maxWaitMs));
    // A retry already waiting keeps its backoff unless a change makes the run due sooner.
    if (runs.timer && runs.failedAttempts > 0 && runs.dueAt !== undefined && runs.dueAt <= due) return;
    this.arm(channel, runs, due - now);
  }

  private arm(channel: string, runs: ChannelRuns, delayMs: number): void {
    clearTimeout(runs.timer);
    runs.dueAt = Date.now() + delayMs;
    runs.timer = outsideRequest(() =>
      setTimeout(() => {
        this.disarm(runs);
        this.generate(channel).catch(() => undefined); // logged and retried by generate
      }, delayMs),
    );
    runs.timer.unref();
  }

  private disarm(runs: ChannelRuns): void {
    clearTimeout(runs.timer);
    runs.timer = undefined;
    runs.waitingSince = undefined;
    runs.dueAt = undefined;
  }

  private runsOf(channel: string): ChannelRuns {
    let runs = this.channels.get(channel);
    if (!runs) {
      runs = { rerun: false, failedAttempts: 0, lastError: null, lastErrorAt: null };
      this.channels.set(channel, runs);
    }
    return runs;
  }

  private async exportChannels(): Promise<string[]> {
    const definitions = await this.catalog.definitions();
    return [...definitions.channels.values()].filter((c) => c.export).map((c) => c.code);
  }
}
