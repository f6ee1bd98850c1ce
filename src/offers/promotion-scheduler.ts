import type { CatalogServices } from "../catalog/services.js";
import type { Promotion } from "../catalog/definitions.js";
import type { CatalogChange } from "../catalog/catalog-events.js";
import type { Logger } from "../logger.js";
import { outsideRequest } from "../protection/request-deadline.js";
import type { Leases } from "../jobs/leases.js";

/** Even with no boundary ahead, the scheduler looks again this often (promotions saved by another instance). */
const maxSleepMs = 60_000;
/** After a failed pass (the database away), or one another process was making, the next one comes this soon. */
const retryMs = 2_000;
const passLeaseMs = 30_000;

export interface PromotionBoundary {
  promotion: Promotion;
  kind: "started" | "ended";
  at: number;
}

/** The starts and ends of enabled promotions that fall in (from, to], in time order. */
export function boundariesBetween(promotions: Iterable<Promotion>, from: number, to: number): PromotionBoundary[] {
  const found: PromotionBoundary[] = [];
  for (const promotion of promotions) {
    if (!promotion.enabled) continue;
    const startsAt = Date.parse(promotion.startsAt);
    const endsAt = Date.parse(promotion.endsAt);
    if (startsAt > from && startsAt <= to) found.push({ promotion, kind: "started", at: startsAt });
    if (endsAt > from && endsAt <= to) found.push({ promotion, kind: "ended", at: endsAt });
  }
  return found.sort((a, b) => a.at - b.at || a.promotion.code.localeCompare(b.promotion.code));
}

function nextBoundaryAfter(promotions: Iterable<Promotion>, after: number): number | null {
  let next: number | null = null;
  for (const promotion of promotions) {
    if (!promotion.enabled) continue;
    for (const at of [Date.parse(promotion.startsAt), Date.parse(promotion.endsAt)]) {
      if (at > after && (next === null || at < next)) next = at;
    }
  }
  return next;
}

/**
 * Turns promotion starts and ends into change events when they happen. How far it got is stored, so a
 * restart catches up on every boundary it slept through; a boundary is journaled before the mark moves,
 * so a crash in between repeats its event rather than losing it.
 */
export class PromotionScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly onChange = (change: CatalogChange) => {
    if (change.type === "promotion") this.wake();
  };

  constructor(
    private readonly catalog: CatalogServices,
    private readonly leases: Leases,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  private get state() {
    return this.catalog.connection.collection<{ _id: string; processedUntil: Date }>("scheduler_state");
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.catalog.events.on("change", this.onChange);
    await this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.catalog.events.off("change", this.onChange);
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Runs a pass now (after any pass under way). Outside any request: a promotion saved by a request wakes
   * the scheduler, and every later pass and timer would otherwise carry that request's deadline and fail.
   */
  tick(): Promise<void> {
    return outsideRequest(() => {
      this.running = this.running
        .then(() => this.pass())
        .catch((error: unknown) => {
          this.logger.error({ err: error, retryMs }, "promotion scheduler pass failed; retrying");
          this.sleep(retryMs);
        });
      return this.running;
    });
  }

  private wake(): void {
    if (!this.stopped) void this.tick();
  }

  private sleep(ms: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => this.wake(), ms);
    this.timer.unref();
  }

  /**
   * One pass at a time across every service process, under a lease: two passes at once would both see
   * the old mark and write each boundary's event twice. A process that finds the lease held looks again shortly.
   */
  private async pass(): Promise<void> {
    clearTimeout(this.timer);
    const passed = await this.leases.holding("promotion-boundaries", passLeaseMs, () => this.passHoldingLease());
    if (passed === null) this.sleep(retryMs);
  }

  private async passHoldingLease(): Promise<true> {
    const now = this.now();
    const state = await this.state.findOne({ _id: "promotions" });
    const definitions = await this.catalog.definitions();
    if (state) {
      for (const boundary of boundariesBetween(definitions.promotions.values(), state.processedUntil.getTime(), now)) {
        const { promotion, kind } = boundary;
        await this.catalog.changeLog.around(
          {
            type: kind === "started" ? "promotion.started" : "promotion.ended",
            subjects: [promotion.code],
            channels: promotion.channels,
            data: { promotion, at: new Date(boundary.at).toISOString() },
          },
          async () => undefined,
        );
        this.catalog.events.emit("change", { type: "offer", codes: [] });
        this.logger.info({ promotion: promotion.code, kind, at: new Date(boundary.at).toISOString() }, "promotion boundary reached");
      }
    }
    await this.state.updateOne({ _id: "promotions" }, { $set: { processedUntil: new Date(now) } }, { upsert: true });
    const next = nextBoundaryAfter(definitions.promotions.values(), now);
    this.sleep(Math.min(maxSleepMs, next === null ? maxSleepMs : Math.max(0, next - this.now()) + 1));
    return true;
  }
}
