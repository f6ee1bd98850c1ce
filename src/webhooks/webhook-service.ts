import { randomBytes, randomUUID } from "node:crypto";
import type { Connection } from "mongoose";
import type { CatalogServices } from "../catalog/services.js";
import { PimError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { BackgroundJobs, JobState } from "../jobs/background-jobs.js";
import { WebhookDispatcher } from "./dispatcher.js";
import { sendDelivery } from "./send-delivery.js";
import { targetProblem } from "../protection/outbound-address.js";
import type { WebhookSettings } from "./settings.js";
import { assertValidSubscription, type SubscriptionInput } from "./subscription-rules.js";
import {
  deliveryStatuses,
  webhookCollections,
  type DeliveryStatus,
  type WebhookDeliveryDoc,
  type WebhookStore,
  type WebhookSubscriptionDoc,
} from "./webhook-store.js";

export type SubscriptionChanges = Partial<{ [K in keyof SubscriptionInput]: SubscriptionInput[K] | null }>;

export interface SubscriptionWithSecret {
  subscription: WebhookSubscriptionDoc;
  /** Shown here only; the receiver needs it to verify signatures. */
  secret: string;
}

export const maxDeliveriesListed = 100;
/** The job that replays a subscription's parked deliveries, oldest first. */
export const replayJob = "webhook.replay";
/** A replay sends parked deliveries one after another, each bounded by the delivery timeout. */
const replayTimeLimitMs = 30 * 60_000;
/** Parked deliveries a replay job reads at a time. */
const replayPage = 100;

function newSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** Webhook subscriptions and their delivery log, as the API uses them; the dispatcher is told of every change. */
export class WebhookService {
  readonly store: WebhookStore;
  private readonly dispatcher: WebhookDispatcher;

  constructor(
    connection: Connection,
    private readonly catalog: CatalogServices,
    private readonly settings: WebhookSettings,
    private readonly jobs: BackgroundJobs,
    logger: Logger,
  ) {
    this.store = webhookCollections(connection);
    this.dispatcher = new WebhookDispatcher(this.store, catalog.changeLog, settings, jobs.leases, logger);
    jobs.work<{ subscription: string }>(replayJob, { concurrency: 1, leaseMs: 60_000, timeLimitMs: replayTimeLimitMs }, ({ subscription }, signal) =>
      this.replayParked(subscription, signal),
    );
  }

  /**
   * Replays every parked delivery of the subscription in the background, oldest first, as a job (one
   * per subscription; asking again while it runs makes it run once more). A delivery the receiver still
   * refuses stops the job, so later ones never overtake it; the job is retried with backoff.
   */
  async replayParkedInBackground(subscription: string): Promise<JobState> {
    await this.get(subscription, "subscription");
    await this.jobs.runWithin(replayJob, { subscription }, 0);
    return (await this.jobs.find(replayJob, { subscription })) as JobState;
  }

  /** Stops between deliveries once the job's time is up; what is left stays parked for the retry. */
  private async replayParked(subscription: string, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const parked = await this.store.deliveries.find({ subscription, status: "parked" }).sort({ createdAt: 1 }).limit(replayPage).toArray();
      if (parked.length === 0) return;
      for (const delivery of parked) {
        if (signal.aborted) return;
        const replayed = await this.replay(delivery._id);
        if (replayed.status !== "delivered") throw new Error(`delivery ${delivery._id} is still refused: ${replayed.attempts.at(-1)?.error ?? "no answer"}`);
      }
    }
  }

  start(): Promise<void> {
    return this.dispatcher.start();
  }

  stop(): Promise<void> {
    return this.dispatcher.stop();
  }

  list(): Promise<WebhookSubscriptionDoc[]> {
    return this.store.subscriptions.find().sort({ createdAt: 1 }).toArray();
  }

  /** `field` names the argument that carried the id, for the error. */
  async get(id: string, field = "id"): Promise<WebhookSubscriptionDoc> {
    const subscription = await this.store.subscriptions.findOne({ _id: id });
    if (!subscription)
      throw new PimError("NOT_FOUND", `Webhook subscription ${id} does not exist`, [{ path: [field], message: `webhook subscription ${id} does not exist` }]);
    return subscription;
  }

  /** Starts at the change log's current end: a new receiver gets what happens from now on, not the history. */
  async create(input: unknown): Promise<SubscriptionWithSecret> {
    assertValidSubscription(input, await this.channelCodes());
    await this.assertAllowedTarget(input.url);
    const now = new Date();
    const subscription: WebhookSubscriptionDoc = {
      _id: randomUUID(),
      url: input.url,
      secret: newSecret(),
      eventTypes: input.eventTypes,
      channels: input.channels ?? [],
      active: input.active ?? true,
      cursor: await this.catalog.changeLog.safeSequence(),
      createdAt: now,
      updatedAt: now,
    };
    await this.store.subscriptions.insertOne(subscription);
    this.dispatcher.subscriptionSaved(subscription);
    return { subscription, secret: subscription.secret };
  }

  /** Absent or null fields keep their value; the result is validated as a whole. */
  async update(id: string, changes: SubscriptionChanges): Promise<WebhookSubscriptionDoc> {
    const current = await this.get(id);
    const merged: SubscriptionInput = {
      url: changes.url ?? current.url,
      eventTypes: changes.eventTypes ?? current.eventTypes,
      channels: changes.channels ?? current.channels,
      active: changes.active ?? current.active,
    };
    assertValidSubscription(merged, await this.channelCodes());
    await this.assertAllowedTarget(merged.url);
    const updatedAt = new Date();
    await this.store.subscriptions.updateOne({ _id: id }, { $set: { ...merged, updatedAt } });
    const subscription = { ...current, ...merged, channels: merged.channels ?? [], updatedAt };
    this.dispatcher.subscriptionSaved(subscription);
    return subscription;
  }

  private async assertAllowedTarget(url: string): Promise<void> {
    if (this.settings.allowPrivateTargets) return;
    const problem = await targetProblem(url);
    if (problem) throw new PimError("BAD_USER_INPUT", `Invalid webhook subscription: url ${problem}`, [{ path: ["url"], message: `url ${problem}` }]);
  }

  /** Its deliveries go with it: they could not be replayed without it. */
  async delete(id: string): Promise<void> {
    await this.get(id);
    this.dispatcher.subscriptionDeleted(id);
    await this.store.subscriptions.deleteOne({ _id: id });
    await this.store.deliveries.deleteMany({ subscription: id });
  }

  /** The old secret stops signing at once; receivers must switch to the new one. */
  async rotateSecret(id: string): Promise<SubscriptionWithSecret> {
    const current = await this.get(id);
    const secret = newSecret();
    const updatedAt = new Date();
    await this.store.subscriptions.updateOne({ _id: id }, { $set: { secret, updatedAt } });
    const subscription = { ...current, secret, updatedAt };
    this.dispatcher.subscriptionSaved(subscription);
    return { subscription, secret };
  }

  /** Newest first. */
  async deliveries(subscription: string, status: DeliveryStatus | null | undefined, first: number): Promise<WebhookDeliveryDoc[]> {
    if (!Number.isInteger(first) || first < 1 || first > maxDeliveriesListed) {
      throw new PimError("BAD_USER_INPUT", `first must be a whole number from 1 to ${maxDeliveriesListed}, got ${first}`, [
        { path: ["first"], message: `must be a whole number from 1 to ${maxDeliveriesListed}` },
      ]);
    }
    if (status && !deliveryStatuses.includes(status))
      throw new PimError("BAD_USER_INPUT", `status must be one of ${deliveryStatuses.join(", ")}`, [
        { path: ["status"], message: `must be one of ${deliveryStatuses.join(", ")}` },
      ]);
    await this.get(subscription, "subscription");
    return this.store.deliveries
      .find({ subscription, ...(status ? { status } : {}) })
      .sort({ createdAt: -1 })
      .limit(first)
      .toArray();
  }

  /**
   * Sends a stored delivery again, byte for byte, under a fresh timestamp and signature with the current
   * secret. A parked delivery that gets through becomes delivered; one still being retried is refused,
   * since the dispatcher owns it until it is delivered or parked.
   */
  async replay(id: string): Promise<WebhookDeliveryDoc> {
    const delivery = await this.store.deliveries.findOne({ _id: id });
    if (!delivery)
      throw new PimError("NOT_FOUND", `Webhook delivery ${id} does not exist`, [{ path: ["id"], message: `webhook delivery ${id} does not exist` }]);
    if (delivery.status === "pending") {
      throw new PimError("CONFLICT", `Webhook delivery ${id} is still being retried; replay it once it is delivered or parked`, [
        { path: ["id"], message: "the delivery is still pending" },
      ]);
    }
    const subscription = await this.get(delivery.subscription);
    const { delivered, ...attempt } = await sendDelivery({
      url: subscription.url,
      secret: subscription.secret,
      deliveryId: delivery._id,
      body: delivery.body,
      timeoutMs: this.settings.timeoutMs,
      replay: true,
      allowPrivateTargets: this.settings.allowPrivateTargets,
    });
    const status: DeliveryStatus = delivered ? "delivered" : delivery.status;
    const updatedAt = new Date();
    await this.store.deliveries.updateOne({ _id: id }, { $push: { attempts: attempt }, $set: { status, updatedAt } });
    return { ...delivery, status, updatedAt, attempts: [...delivery.attempts, attempt] };
  }

  private async channelCodes(): Promise<Set<string>> {
    return new Set((await this.catalog.definitions()).channels.keys());
  }
}
