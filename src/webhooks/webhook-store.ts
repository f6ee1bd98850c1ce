import type { Connection } from "mongoose";

export interface WebhookSubscriptionDoc {
  _id: string;
  url: string;
  /** Signs every delivery; kept readable because we must sign with it, shown to the user only on create and rotate. */
  secret: string;
  /** Exact event types or prefixes like "offer.*". */
  eventTypes: string[];
  /** Empty: every channel. */
  channels: string[];
  active: boolean;
  /** The last change-log sequence this subscription has handled (delivered, parked or filtered out). */
  cursor: number;
  createdAt: Date;
  updatedAt: Date;
}

export const deliveryStatuses = ["pending", "delivered", "parked"] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export interface DeliveryAttempt {
  at: Date;
  /** The receiver's status code; null when no response came (refused, timed out, reset). */
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  /** Sent by replayWebhookDelivery rather than by the dispatcher. */
  replay: boolean;
}

export interface WebhookDeliveryDoc {
  /** Also the body's deliveryId and the PIM-Delivery-Id header. */
  _id: string;
  subscription: string;
  status: DeliveryStatus;
  /** The exact JSON sent, so a replay sends the same bytes under a fresh signature. */
  body: string;
  eventIds: string[];
  firstSequence: number;
  lastSequence: number;
  /** Where the subscription's cursor goes once this delivery is delivered or parked. */
  cursorAfter: number;
  attempts: DeliveryAttempt[];
  /** While pending: when the next attempt is due. */
  nextAttemptAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Plain driver collections: every write here is one statement by `_id`. */
export function webhookCollections(connection: Connection) {
  return {
    subscriptions: connection.collection<WebhookSubscriptionDoc>("webhook_subscriptions"),
    deliveries: connection.collection<WebhookDeliveryDoc>("webhook_deliveries"),
  };
}

export type WebhookStore = ReturnType<typeof webhookCollections>;
