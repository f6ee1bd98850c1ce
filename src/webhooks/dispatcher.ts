import { randomUUID } from "node:crypto";
import type { ChangeEvent } from "../events/change-event.js";
import type { ChangeLog } from "../events/change-log.js";
import type { Logger } from "../logger.js";
import type { Leases } from "../jobs/leases.js";
import { sendDelivery } from "./send-delivery.js";
import { failpoint } from "../events/failpoint.js";
import { retryDelayMs, type WebhookSettings } from "./settings.js";
import { eventMatches } from "./subscription-rules.js";
import type { DeliveryAttempt, DeliveryStatus, WebhookDeliveryDoc, WebhookStore, WebhookSubscriptionDoc } from "./webhook-store.js";

/** Events per POST; receivers get bounded bodies and a subscription far behind still catches up quickly. */
export const eventsPerDelivery = 100;
const readPageSize = 500;

interface PendingDelivery {
  id: string;
  body: string;
  eventIds: string[];
  firstSequence: number;
  lastSequence: number;
  cursorAfter: number;
  attemptsMade: number;
  /** Attempts made but not yet written (the first write inserts the delivery, later ones append). */
  unrecorded: DeliveryAttempt[];
  stored: boolean;
  nextAttemptAt: number;
}

interface Worker {
  subscription: WebhookSubscriptionDoc;
  /** Ahead of the stored cursor while only filtered-out events were passed; stored on the slow poll. */
  cursor: number;
  storedCursor: number;
  pending: PendingDelivery | null;
  running: Promise<void> | null;
  wakeAgain: boolean;
  retryTimer: NodeJS.Timeout | null;
  addedAt: number;
  /** This process holds the subscription's lease: it alone delivers to it, so deliveries stay in order and are not sent twice. */
  owned: boolean;
}

/** A subscription's lease lapses this long after its process died; another process then resumes from the stored cursor. */
const subscriptionLeaseMs = 15_000;
const leaseRenewMs = 5_000;

function leaseOf(worker: Worker): string {
  return `webhook:${worker.subscription._id}`;
}

/** A delivery a process was retrying when it stopped or died continues where it was, with its attempts counted. */
function resumedDelivery(delivery: WebhookDeliveryDoc): PendingDelivery {
  return {
    id: delivery._id,
    body: delivery.body,
    eventIds: delivery.eventIds,
    firstSequence: delivery.firstSequence,
    lastSequence: delivery.lastSequence,
    cursorAfter: delivery.cursorAfter,
    attemptsMade: delivery.attempts.length,
    unrecorded: [],
    stored: true,
    nextAttemptAt: delivery.nextAttemptAt?.getTime() ?? 0,
  };
}

/** The body receivers get: `occurredAt` as an ISO string, fields in a fixed order. */
function wireEvent(event: ChangeEvent) {
  return {
    id: event.id,
    sequence: event.sequence,
    type: event.type,
    subject: event.subject,
    channels: event.channels,
    occurredAt: event.occurredAt,
    data: event.data,
  };
}

/**
 * Delivers the change log to every active subscription, each on its own and in order: one delivery at
 * a time, retried with backoff until it is delivered or parked, then the cursor moves past it. Woken
 * when the change log publishes and by a slow poll; nothing here runs inside a catalog write, and every
 * failure is logged, never thrown back into the write that published.
 */
export class WebhookDispatcher {
  private readonly workers = new Map<string, Worker>();
  private readonly sharedReads = new Map<string, Promise<ChangeEvent[]>>();
  /** Deleted through the API: a poll that read the list just before the deletion must not bring them back. */
  private readonly deletedIds = new Set<string>();
  private pollTimer: NodeJS.Timeout | null = null;
  private leaseTimer: NodeJS.Timeout | null = null;
  private stopController = new AbortController();
  private stopped = true;
  private readonly onPublished = () => this.wakeAll();

  constructor(
    private readonly store: WebhookStore,
    private readonly changeLog: ChangeLog,
    private readonly settings: WebhookSettings,
    private readonly leases: Leases,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    this.stopController = new AbortController();
    await this.reloadSubscriptions();
    this.changeLog.on("published", this.onPublished);
    this.schedulePoll();
    this.leaseTimer = setInterval(() => void this.renewLeases(), leaseRenewMs);
    this.leaseTimer.unref();
    this.wakeAll();
  }

  /** Aborts requests in flight (they are retried on the next start), waits for the workers and stores the cursors. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.changeLog.off("published", this.onPublished);
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.stopController.abort();
    for (const worker of this.workers.values()) if (worker.retryTimer) clearTimeout(worker.retryTimer);
    await Promise.allSettled([...this.workers.values()].map((worker) => worker.running));
    await this.storeCursors().catch((error: unknown) => this.logger.error({ err: error }, "storing webhook cursors at shutdown failed"));
    // Given up only once the cursors are stored, so another process resumes exactly here.
    for (const worker of this.workers.values()) if (worker.owned) await this.leases.release(leaseOf(worker)).catch(() => undefined);
  }

  private async renewLeases(): Promise<void> {
    for (const worker of this.workers.values()) {
      if (!worker.owned) continue;
      worker.owned = await this.leases.acquire(leaseOf(worker), subscriptionLeaseMs).catch(() => false);
    }
  }

  /**
   * Holds the subscription's lease, or leaves it to the process that does. Taking it over (at start, or
   * after its holder died) reads where delivery stands from the database: the stored cursor and the
   * delivery being retried, so the new holder goes on in order (at worst resending the last batch).
   */
  private async own(worker: Worker): Promise<boolean> {
    if (!(await this.leases.acquire(leaseOf(worker), subscriptionLeaseMs))) {
      worker.owned = false;
      // Looks again when the holder's lease would lapse: if it died, this process takes over then.
      const holder = await this.leases.holder(leaseOf(worker));
      this.retryLater(worker, Math.max(100, (holder?.until.getTime() ?? Date.now()) - Date.now() + 100));
      return false;
    }
    if (worker.owned) return true;
    const stored = await this.store.subscriptions.findOne({ _id: worker.subscription._id });
    if (!stored) return false;
    worker.cursor = worker.storedCursor = stored.cursor;
    const delivery = await this.store.deliveries.find({ subscription: stored._id, status: "pending" }).sort({ createdAt: 1 }).limit(1).next();
    worker.pending = delivery ? resumedDelivery(delivery) : null;
    worker.owned = true;
    return true;
  }

  /** A subscription was created or changed through the API; its cursor in memory stays authoritative. */
  subscriptionSaved(subscription: WebhookSubscriptionDoc): void {
    const worker = this.workers.get(subscription._id);
    if (!worker) {
      this.workers.set(subscription._id, this.newWorker(subscription));
    } else {
      worker.subscription = { ...subscription, cursor: worker.cursor };
      if (!subscription.active && worker.retryTimer) clearTimeout(worker.retryTimer);
    }
    this.wake(subscription._id);
  }

  subscriptionDeleted(id: string): void {
    this.deletedIds.add(id);
    this.dropWorker(id);
  }

  private dropWorker(id: string): void {
    const worker = this.workers.get(id);
    if (worker?.retryTimer) clearTimeout(worker.retryTimer);
    this.workers.delete(id);
  }

  private newWorker(subscription: WebhookSubscriptionDoc): Worker {
    return {
      subscription,
      cursor: subscription.cursor,
      storedCursor: subscription.cursor,
      pending: null,
      running: null,
      wakeAgain: false,
      retryTimer: null,
      addedAt: Date.now(),
      owned: false,
    };
  }

  /**
   * Catches changes made outside this process. The list read may be older than a change the API made
   * meanwhile, so it never drops a worker added after the read began nor overwrites a newer copy.
   */
  private async reloadSubscriptions(): Promise<void> {
    const readAt = Date.now();
    const stored = (await this.store.subscriptions.find().toArray()).filter((s) => !this.deletedIds.has(s._id));
    const ids = new Set(stored.map((s) => s._id));
    for (const [id, worker] of this.workers) if (!ids.has(id) && worker.addedAt < readAt) this.dropWorker(id);
    for (const subscription of stored) {
      const worker = this.workers.get(subscription._id);
      if (!worker) this.workers.set(subscription._id, this.newWorker(subscription));
      else if (subscription.updatedAt >= worker.subscription.updatedAt) worker.subscription = { ...subscription, cursor: worker.cursor };
    }
  }

  private schedulePoll(): void {
    this.pollTimer = setTimeout(() => {
      void (async () => {
        try {
          await this.reloadSubscriptions();
          await this.storeCursors();
        } catch (error) {
          this.logger.error({ err: error }, "webhook poll failed; trying again on the next one");
        }
        if (this.stopped) return;
        this.wakeAll();
        this.schedulePoll();
      })();
    }, this.settings.pollIntervalMs);
    this.pollTimer.unref();
  }

  private wakeAll(): void {
    for (const id of this.workers.keys()) this.wake(id);
  }

  private wake(id: string): void {
    const worker = this.workers.get(id);
    if (!worker || this.stopped || !worker.subscription.active) return;
    if (worker.running) {
      worker.wakeAgain = true;
      return;
    }
    worker.running = this.drain(worker)
      .catch((error: unknown) => this.logger.error({ err: error, subscription: id }, "webhook dispatch failed; trying again on the next wake-up"))
      .finally(() => {
        worker.running = null;
        if (worker.wakeAgain) {
          worker.wakeAgain = false;
          this.wake(id);
        }
      });
  }

  private isCurrent(worker: Worker): boolean {
    return !this.stopped && this.workers.get(worker.subscription._id) === worker && worker.subscription.active;
  }

  private async drain(worker: Worker): Promise<void> {
    if (!(await this.own(worker))) return;
    while (this.isCurrent(worker) && worker.owned) {
      const pending = worker.pending;
      if (pending) {
        const wait = pending.nextAttemptAt - Date.now();
        if (wait > 0) {
          this.retryLater(worker, wait);
          return;
        }
        await this.attempt(worker, pending);
        continue;
      }
      worker.wakeAgain = false;
      worker.pending = await this.nextBatch(worker);
      if (!worker.pending) return;
    }
  }

  private retryLater(worker: Worker, wait: number): void {
    if (worker.retryTimer) clearTimeout(worker.retryTimer);
    worker.retryTimer = setTimeout(() => {
      worker.retryTimer = null;
      this.wake(worker.subscription._id);
    }, wait);
    worker.retryTimer.unref();
  }

  /** The next events the subscription wants, up to a batch; filtered-out events only move the cursor. */
  private async nextBatch(worker: Worker): Promise<PendingDelivery | null> {
    const matched: ChangeEvent[] = [];
    let scanned = worker.cursor;
    reading: for (;;) {
      const events = await this.read(scanned);
      for (const event of events) {
        scanned = event.sequence;
        if (!eventMatches(worker.subscription, event)) continue;
        matched.push(event);
        if (matched.length === eventsPerDelivery) break reading;
      }
      if (events.length < readPageSize) break;
    }
    if (matched.length === 0) {
      worker.cursor = scanned;
      return null;
    }
    const id = randomUUID();
    return {
      id,
      body: JSON.stringify({ deliveryId: id, events: matched.map(wireEvent) }),
      eventIds: matched.map((e) => e.id),
      firstSequence: matched[0]!.sequence,
      lastSequence: matched[matched.length - 1]!.sequence,
      cursorAfter: scanned,
      attemptsMade: 0,
      unrecorded: [],
      stored: false,
      nextAttemptAt: 0,
    };
  }

  /** Subscriptions that are level read the same page once; the key holds the safe sequence so no one gets an older view. */
  private async read(after: number): Promise<ChangeEvent[]> {
    const upTo = await this.changeLog.safeSequence();
    const key = `${after}:${upTo}`;
    let shared = this.sharedReads.get(key);
    if (!shared) {
      shared = this.changeLog.read(after, readPageSize, upTo).finally(() => this.sharedReads.delete(key));
      this.sharedReads.set(key, shared);
    }
    return shared;
  }

  private async attempt(worker: Worker, pending: PendingDelivery): Promise<void> {
    const { url, secret, _id: subscriptionId } = worker.subscription;
    const { delivered, ...attempt } = await sendDelivery({
      url,
      secret,
      deliveryId: pending.id,
      body: pending.body,
      timeoutMs: this.settings.timeoutMs,
      stop: this.stopController.signal,
      allowPrivateTargets: this.settings.allowPrivateTargets,
    });
    // Cut short by shutdown, or the subscription went away meanwhile: not the receiver's failure, and nothing to record.
    if ((this.stopController.signal.aborted && !delivered) || this.workers.get(subscriptionId) !== worker) return;
    // Between the receiver's answer and the record: the delivery is sent again by whoever resumes.
    if (delivered) failpoint("after-webhook-delivered", subscriptionId);
    pending.attemptsMade += 1;
    pending.unrecorded.push(attempt);
    const status: DeliveryStatus = delivered ? "delivered" : pending.attemptsMade >= this.settings.maxAttempts ? "parked" : "pending";
    pending.nextAttemptAt = status === "pending" ? Date.now() + retryDelayMs(pending.attemptsMade, this.settings) : 0;
    await this.record(subscriptionId, pending, status);
    if (status === "pending") {
      this.logger.info(
        { subscription: subscriptionId, delivery: pending.id, attempt: pending.attemptsMade, error: attempt.error },
        "webhook delivery failed; retrying",
      );
      return;
    }
    if (status === "parked") {
      this.logger.warn(
        { subscription: subscriptionId, delivery: pending.id, attempts: pending.attemptsMade, error: attempt.error },
        "webhook delivery parked after its last attempt; replay it with replayWebhookDelivery",
      );
    }
    worker.pending = null;
    worker.cursor = pending.cursorAfter;
    await this.storeCursor(worker);
  }

  /** One write per attempt: the first inserts the delivery, each later one appends its attempt. */
  private async record(subscription: string, pending: PendingDelivery, status: DeliveryStatus): Promise<void> {
    const now = new Date();
    const nextAttemptAt = status === "pending" ? new Date(pending.nextAttemptAt) : null;
    if (!pending.stored) {
      const delivery: WebhookDeliveryDoc = {
        _id: pending.id,
        subscription,
        status,
        body: pending.body,
        eventIds: pending.eventIds,
        firstSequence: pending.firstSequence,
        lastSequence: pending.lastSequence,
        cursorAfter: pending.cursorAfter,
        attempts: pending.unrecorded,
        nextAttemptAt,
        createdAt: pending.unrecorded[0]!.at,
        updatedAt: now,
      };
      await this.store.deliveries.insertOne(delivery);
      pending.stored = true;
    } else {
      await this.store.deliveries.updateOne(
        { _id: pending.id },
        { $push: { attempts: { $each: pending.unrecorded } }, $set: { status, nextAttemptAt, updatedAt: now } },
      );
    }
    pending.unrecorded = [];
  }

  private async storeCursor(worker: Worker): Promise<void> {
    const cursor = worker.cursor;
    if (cursor === worker.storedCursor) return;
    await this.store.subscriptions.updateOne({ _id: worker.subscription._id }, { $set: { cursor } });
    worker.storedCursor = cursor;
  }

  private async storeCursors(): Promise<void> {
    for (const worker of this.workers.values()) await this.storeCursor(worker);
  }
}
