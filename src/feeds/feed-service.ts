import type { CatalogServices } from "../catalog/services.js";
import type { CatalogChange } from "../catalog/catalog-events.js";
import type { Logger } from "../logger.js";
import { PimError } from "../errors.js";
import { outsideRequest } from "../protection/request-deadline.js";
import type { BackgroundJobs, JobState } from "../jobs/background-jobs.js";
import { failpoint } from "../events/failpoint.js";
import type { FeedFreshness } from "./consistency.js";
import { ExportRun } from "./export-run.js";
import { registerFeedModels, type FeedDeliveryDoc, type FeedModels } from "./feed-models.js";
import { partsOf, type FeedSnapshots, type SnapshotFile, type SnapshotInfo } from "./feed-snapshots.js";
import type { PushDelivery } from "./push-delivery.js";
import { writeFeed, type FeedReport } from "./write-feed.js";

/** How soon after the first change of a burst the feed is regenerated; the burst's other changes share the run. */
const defaultDebounceSeconds = 1;
/** The job that regenerates one channel's feed; its lease is renewed while it runs. */
const feedJob = "feed.generate";
/** The job that hands a push channel's latest snapshot to its delivery, part by part. */
const deliverJob = "feed.deliver";
/** One delivery's time limit: a marketplace that takes longer over a whole feed is not answering. */
const deliverTimeLimitMs = 30 * 60_000;
const feedLeaseMs = 15_000;
/** Channels one process generates at once: runs are I/O-bound streams, and more would only share the CPU. */
const feedConcurrency = 2;
/**
 * A run's own time limit: a million products take about 90 s on the development machine, so one that
 * runs this long is stuck (a hung database, a pathological rule). It is stopped, fails, and is retried.
 */
const feedRunTimeLimitMs = 15 * 60_000;
/** A feed further behind the catalog than this is stale: consistency reports flag it. */
export const staleAfterSeconds = 30;

export type FeedState = JobState["state"];

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
  /** How far the push of the latest snapshot got, for a channel with a push delivery. */
  delivery: { partsDelivered: number; parts: number; at: Date } | null;
}

/**
 * Keeps every channel's feed snapshot current. A catalog change asks for a run of each channel's
 * `feed.generate` job (a background job: debounced in the database, one process at a time per channel,
 * retried with backoff, taken over by another process if this one dies); processes that generate feeds
 * run those jobs. `generate` runs one now, joining a run already under way here.
 */
export class FeedService {
  readonly models: FeedModels;
  /** Runs under way in this process; null: another process held the channel's lease. */
  private readonly running = new Map<string, Promise<FeedReport | null>>();
  private generating = false;
  private readonly onChange = (change: CatalogChange) => void outsideRequest(() => this.catalogChanged(change));

  constructor(
    readonly catalog: CatalogServices,
    readonly snapshots: FeedSnapshots,
    private readonly jobs: BackgroundJobs,
    private readonly logger: Logger,
    private readonly pushDeliveries: ReadonlyMap<string, PushDelivery> = new Map(),
  ) {
    this.models = registerFeedModels(catalog.connection);
  }

  /**
   * Asks for runs after catalog writes. With `generate`, this process also runs the feed jobs, and asks
   * for the feeds that were never generated or fell behind while no process generated them.
   */
  async start({ generate }: { generate: boolean }): Promise<void> {
    this.catalog.events.on("change", this.onChange);
    if (!generate) return;
    this.generating = true;
    // A run skipped because another process holds the channel is asked for again by runAgainIfChanged.
    this.jobs.work<{ channel: string }>(
      feedJob,
      { concurrency: feedConcurrency, leaseMs: feedLeaseMs, timeLimitMs: feedRunTimeLimitMs },
      ({ channel }, signal) => this.runLeased(channel, signal),
    );
    this.jobs.afterSuccess<{ channel: string }>(feedJob, ({ channel }) => this.runAgainIfChanged(channel));
    this.jobs.work<{ channel: string }>(deliverJob, { concurrency: 1, leaseMs: feedLeaseMs, timeLimitMs: deliverTimeLimitMs }, ({ channel }, signal) =>
      this.deliverLatest(channel, signal),
    );
    this.jobs.afterSuccess<{ channel: string }>(deliverJob, ({ channel }) => this.deliverAgainIfBehind(channel));
    const published = await this.catalog.changeLog.safeSequence();
    for (const channel of await this.exportChannels()) {
      const snapshot = await this.snapshots.current(channel).catch(() => null);
      if (!snapshot || snapshot.sequence < published) await this.schedule(channel, 0);
    }
  }

  async stop(): Promise<void> {
    this.catalog.events.off("change", this.onChange);
    await Promise.allSettled(this.running.values());
  }

  /** Generates a channel's snapshot now; joins the run already under way here, and refuses while another process generates it. */
  async generate(channel: string): Promise<FeedReport> {
    const report = await this.runLeased(channel, AbortSignal.timeout(feedRunTimeLimitMs));
    if (!report)
      throw new PimError(
        "CONFLICT",
        `Another service process is generating the feed of ${channel} right now; its report will be in feedReport once it finishes`,
      );
    return report;
  }

  /** One run at a time per channel across every process: the channel's lease is held while it runs. */
  private runLeased(channel: string, signal: AbortSignal): Promise<FeedReport | null> {
    const current = this.running.get(channel);
    if (current) return current;
    const run = outsideRequest(() => this.jobs.leases.holding(`feed:${channel}`, feedLeaseMs, () => this.generateOnce(channel, signal))).finally(() =>
      this.running.delete(channel),
    );
    this.running.set(channel, run);
    return run;
  }

  async lastReport(channel: string): Promise<FeedReport | null> {
    return this.models.reports.findById(channel).lean<FeedReport>();
  }

  snapshot(channel: string): Promise<SnapshotInfo | null> {
    return this.snapshots.current(channel);
  }

  /** Where the channel's feed stands against the change log. */
  async status(channel: string): Promise<FeedStatus> {
    // A snapshot that cannot be read counts as none; the failing runs say why in lastError.
    const [snapshot, job, progress] = await Promise.all([
      this.snapshots.current(channel).catch(() => null),
      this.jobs.find(feedJob, { channel }),
      this.storedDeliveryProgress(channel),
    ]);
    const lag = await this.catalog.changeLog.lagAfter(snapshot?.sequence ?? 0, channel);
    const seconds = lag.oldest ? Math.max(0, Math.round((Date.now() - lag.oldest.getTime()) / 1000)) : 0;
    const failedAttempts = job?.failedAttempts ?? 0;
    return {
      channel,
      state: this.running.has(channel) ? "running" : (job?.state ?? "idle"),
      sequence: snapshot?.sequence ?? null,
      lastSuccessAt: snapshot ? new Date(snapshot.generatedAt) : null,
      lastError: job?.lastError ?? null,
      lastErrorAt: job?.lastErrorAt ?? null,
      failedAttempts,
      nextRunAt: job?.nextRunAt ?? null,
      behindBy: { events: lag.events, seconds },
      stale: seconds > staleAfterSeconds || (!snapshot && failedAttempts > 0),
      delivery: deliveryOf(progress, snapshot),
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

  private async generateOnce(channel: string, signal: AbortSignal): Promise<FeedReport> {
    const sequence = await this.catalog.changeLog.safeSequence();
    const run = await ExportRun.prepare(channel, this.catalog);
    failpoint("during-feed-run", channel);
    const keep = await this.generationBeingDelivered(channel);
    const { result: report } = await this.snapshots
      .publish(channel, run.exporter.fileExtension, run.exporter.contentType, sequence, (open) => writeFeed(run, this.catalog.read, open, { signal }), keep)
      .catch((error: unknown) => {
        if (signal.aborted) throw new Error(`the run took longer than ${feedRunTimeLimitMs / 60_000} minutes and was stopped; the previous snapshot stays`);
        throw error;
      });
    await this.models.reports.replaceOne({ _id: channel }, { ...report }, { upsert: true });
    if (this.pushDeliveries.has(channel)) await this.jobs.runWithin(deliverJob, { channel }, 0);
    this.logger.info(
      {
        channel,
        startedAt: report.startedAt,
        finishedAt: report.finishedAt,
        sequence,
        items: report.itemsWritten,
        rejected: report.itemsRejected,
        warnings: report.warnings,
        ms: report.durationMs,
      },
      "feed snapshot published",
    );
    return report;
  }

  /**
   * Hands the channel's snapshots to its push delivery, part by part, under the channel's delivery lease
   * (one process at a time). The generation under way is finished before a newer one starts, and its
   * files are kept until then: restarting at every new snapshot would never finish on a catalog that
   * changes faster than the marketplace takes bodies. Progress is stored after each accepted part, so a
   * retry, or another process after a crash, resumes there instead of sending accepted bodies again.
   */
  private async deliverLatest(channel: string, signal: AbortSignal): Promise<void> {
    const delivery = this.pushDeliveries.get(channel);
    if (!delivery) return;
    const done = await this.jobs.leases.holding(`feed-delivery:${channel}`, feedLeaseMs, async () => {
      for (;;) {
        const progress = await this.deliveryToContinue(channel);
        if (!progress) return true;
        await this.deliverParts(channel, progress, delivery, signal);
      }
    });
    if (done === null) throw new Error(`another process is delivering the feed of ${channel}; this run waits for its turn`);
  }

  /** The generation to deliver next: the one under way, else the current snapshot if it is not delivered yet. */
  private async deliveryToContinue(channel: string): Promise<FeedDeliveryDoc | null> {
    const [progress, snapshot] = await Promise.all([this.models.deliveries.findById(channel).lean(), this.snapshots.current(channel)]);
    if (progress && progress.partsDelivered < progress.parts && (await this.snapshots.exists(channel, progress.files))) return progress;
    if (!snapshot || progress?.generation === snapshot.file) return null;
    // An empty feed has nothing a marketplace could take; its one empty body would only be refused, again and again.
    const report = await this.lastReport(channel);
    const files = report?.itemsWritten === 0 ? [] : partsOf(snapshot);
    const started: FeedDeliveryDoc = {
      _id: channel,
      generation: snapshot.file,
      contentType: snapshot.contentType,
      files,
      partsDelivered: 0,
      parts: files.length,
      at: new Date(),
    };
    await this.models.deliveries.replaceOne({ _id: channel }, started, { upsert: true });
    return started;
  }

  private async deliverParts(channel: string, progress: FeedDeliveryDoc, delivery: PushDelivery, signal: AbortSignal): Promise<void> {
    for (let index = progress.partsDelivered; index < progress.parts; index++) {
      const part = progress.files[index] as SnapshotFile;
      signal.throwIfAborted();
      await delivery.deliver(
        {
          channel,
          generation: progress.generation,
          part: index + 1,
          parts: progress.parts,
          contentType: progress.contentType,
          bytes: part.bytes,
          etag: part.etag,
          body: () => this.snapshots.open(channel, part.file),
        },
        signal,
      );
      await this.models.deliveries.updateOne({ _id: channel, generation: progress.generation }, { $set: { partsDelivered: index + 1, at: new Date() } });
    }
  }

  /** After a delivery: a snapshot published while it ran asked for a run that the finishing one may have overwritten, so ask again. */
  private async deliverAgainIfBehind(channel: string): Promise<void> {
    const [progress, snapshot] = await Promise.all([this.models.deliveries.findById(channel).lean(), this.snapshots.current(channel).catch(() => null)]);
    if (snapshot && (progress?.generation !== snapshot.file || progress.partsDelivered < progress.parts)) await this.jobs.runWithin(deliverJob, { channel }, 0);
  }

  /** The generation the push delivery still needs, so publishing a newer one keeps its files. */
  private async generationBeingDelivered(channel: string): Promise<string[]> {
    if (!this.pushDeliveries.has(channel)) return [];
    const progress = await this.models.deliveries.findById(channel).lean();
    return progress && progress.partsDelivered < progress.parts ? [progress.generation] : [];
  }

  /** How far the push of the channel's current snapshot got; null for a channel nothing pushes to. */
  async deliveryProgress(channel: string): Promise<FeedStatus["delivery"]> {
    const [progress, snapshot] = await Promise.all([this.storedDeliveryProgress(channel), this.snapshots.current(channel).catch(() => null)]);
    return deliveryOf(progress, snapshot);
  }

  private async storedDeliveryProgress(channel: string): Promise<FeedDeliveryDoc | null> {
    return this.pushDeliveries.has(channel) ? this.models.deliveries.findById(channel).lean() : null;
  }

  /**
   * After a run: if any change was reserved in the change log past what the snapshot reflects, the run
   * may have missed it (and the request for another run may have been lost with the job's state), so
   * ask again. This is what makes the last change of a burst always reach the feed.
   */
  private async runAgainIfChanged(channel: string): Promise<void> {
    const [snapshot, reserved] = await Promise.all([this.snapshots.current(channel).catch(() => null), this.catalog.changeLog.lastReserved()]);
    if (snapshot && snapshot.sequence >= reserved) return;
    const settings = (await this.catalog.definitions()).channels.get(channel)?.export;
    if (settings) await this.schedule(channel, settings.debounceSeconds ?? defaultDebounceSeconds);
  }

  private async catalogChanged(change: CatalogChange): Promise<void> {
    try {
      const definitions = await this.catalog.definitions();
      const channels = change.type === "channel" ? change.codes : [...definitions.channels.keys()];
      for (const channel of channels) {
        const settings = definitions.channels.get(channel)?.export;
        if (settings) await this.schedule(channel, settings.debounceSeconds ?? defaultDebounceSeconds);
      }
    } catch (error) {
      // The change is in the change log: the next change, or the catch-up at the next start, regenerates.
      this.logger.error({ err: error }, "could not ask for feed runs after a catalog change");
    }
  }

  /** Runs the channel's feed job within `seconds` (changes meanwhile share the run). */
  private schedule(channel: string, seconds: number): Promise<void> {
    return this.jobs.runWithin(feedJob, { channel }, seconds * 1000);
  }

  private async exportChannels(): Promise<string[]> {
    const definitions = await this.catalog.definitions();
    return [...definitions.channels.values()].filter((c) => c.export).map((c) => c.code);
  }
}

/** A push channel's stored progress as it stands against the current snapshot: a newer snapshot has none of its parts delivered yet. */
function deliveryOf(progress: FeedDeliveryDoc | null, snapshot: SnapshotInfo | null): FeedStatus["delivery"] {
  if (!progress || !snapshot) return null;
  if (progress.generation !== snapshot.file) return { partsDelivered: 0, parts: partsOf(snapshot).length, at: progress.at };
  return { partsDelivered: progress.partsDelivered, parts: progress.parts, at: progress.at };
}
