import type { CatalogServices } from "../catalog/services.js";
import type { CatalogChange } from "../catalog/catalog-events.js";
import type { Logger } from "../logger.js";
import { ExportRun } from "./export-run.js";
import { registerFeedModels, type FeedModels } from "./feed-models.js";
import { FeedSnapshots, type SnapshotInfo } from "./feed-snapshots.js";
import { writeFeed, type FeedReport } from "./write-feed.js";

/** Short, so a price or stock change reaches the pulled feeds within seconds; changes in the window share one run. */
const defaultDebounceSeconds = 1;

/**
 * Keeps every channel's feed snapshot current: generated on demand, and again shortly after the catalog
 * changes (gathered per channel for a short window, one run at a time per channel, a change during a run queues one more).
 */
export class FeedService {
  readonly models: FeedModels;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<FeedReport>>();
  private readonly queued = new Set<string>();
  private stopped = false;
  private readonly onChange = (change: CatalogChange) => void this.catalogChanged(change);

  constructor(
    readonly catalog: CatalogServices,
    readonly snapshots: FeedSnapshots,
    private readonly logger: Logger,
  ) {
    this.models = registerFeedModels(catalog.context.connection);
  }

  /** Regenerates after catalog writes, and produces the feeds that have never been generated. */
  async start(): Promise<void> {
    this.catalog.events.on("change", this.onChange);
    for (const channel of await this.exportChannels()) {
      if (!(await this.snapshots.current(channel))) this.schedule(channel, 0);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.catalog.events.off("change", this.onChange);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled(this.running.values());
  }

  /** Generates a channel's snapshot now; joins the run already under way rather than starting a second. */
  generate(channel: string): Promise<FeedReport> {
    const current = this.running.get(channel);
    if (current) return current;
    const run = this.generateOnce(channel).finally(() => {
      this.running.delete(channel);
      if (this.queued.delete(channel) && !this.stopped) this.schedule(channel, 0);
    });
    this.running.set(channel, run);
    return run;
  }

  async lastReport(channel: string): Promise<FeedReport | null> {
    return this.models.reports.findById(channel).lean<FeedReport>();
  }

  snapshot(channel: string): Promise<SnapshotInfo | null> {
    return this.snapshots.current(channel);
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
    const definitions = await this.catalog.definitions();
    const channels = change.type === "channel" ? change.codes : [...definitions.channels.keys()];
    for (const channel of channels) {
      const settings = definitions.channels.get(channel)?.export;
      if (settings) this.schedule(channel, settings.debounceSeconds ?? defaultDebounceSeconds);
    }
  }

  private schedule(channel: string, delaySeconds: number): void {
    if (this.stopped) return;
    if (this.running.has(channel)) {
      this.queued.add(channel);
      return;
    }
    // A run already waiting takes this change along; resetting its timer would let a steady stream of stock
    // updates postpone the feed forever.
    if (this.timers.has(channel) && delaySeconds > 0) return;
    clearTimeout(this.timers.get(channel));
    const timer = setTimeout(() => {
      this.timers.delete(channel);
      this.generate(channel).catch((error: unknown) => this.logger.error({ channel, err: error }, "feed generation failed; the previous snapshot stays"));
    }, delaySeconds * 1000);
    timer.unref();
    this.timers.set(channel, timer);
  }

  private async exportChannels(): Promise<string[]> {
    const definitions = await this.catalog.definitions();
    return [...definitions.channels.values()].filter((c) => c.export).map((c) => c.code);
  }
}
