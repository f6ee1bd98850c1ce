import { DateTimeResolver } from "graphql-scalars";
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { DeliveryStatus } from "../../webhooks/webhook-store.js";

export enum WebhookDeliveryStatusEnum {
  PENDING = "pending",
  DELIVERED = "delivered",
  PARKED = "parked",
}
registerEnumType(WebhookDeliveryStatusEnum, {
  name: "WebhookDeliveryStatus",
  description: "Where a webhook delivery stands",
  valuesConfig: {
    PENDING: { description: "Being retried with backoff" },
    DELIVERED: { description: "The receiver answered 2xx" },
    PARKED: { description: "Every attempt failed; later events went on without it. replayWebhookDelivery sends it again" },
  },
});

@ObjectType("WebhookSubscription", { description: "Where change events are POSTed; docs/webhooks.md describes the deliveries and their signature" })
export class WebhookSubscriptionType {
  @Field(() => ID, { description: "The subscription's id" }) id!: string;
  @Field(() => String, { description: "The receiver's http:// or https:// endpoint; every delivery is a POST to it" }) url!: string;
  @Field(() => [String], { description: "Event types or prefixes like offer.*" }) eventTypes!: string[];
  @Field(() => [String], { description: "Empty: every channel" }) channels!: string[];
  @Field(() => Boolean, { description: "An inactive subscription sends nothing and keeps its cursor, catching up when active again" }) active!: boolean;
  @Field(() => Float, { description: "The last change-event sequence handled (delivered, parked or not wanted)" }) cursor!: number;
  @Field(() => DateTimeResolver, { description: "When the subscription was created" }) createdAt!: Date;
  @Field(() => DateTimeResolver, { description: "When its settings or secret last changed (cursor moves do not count)" }) updatedAt!: Date;
}

@ObjectType("WebhookSubscriptionWithSecret", { description: "A subscription with its signing secret, returned only when the secret is created or rotated" })
export class WebhookSubscriptionWithSecretType {
  @Field(() => WebhookSubscriptionType, { description: "The subscription" }) subscription!: WebhookSubscriptionType;
  @Field(() => String, { description: "Signs every delivery (PIM-Signature); shown only here, so store it now" }) secret!: string;
}

@ObjectType("WebhookDeliveryAttempt", { description: "One attempt to send a delivery" })
export class WebhookDeliveryAttemptType {
  @Field(() => DateTimeResolver, { description: "When the attempt started" }) at!: Date;
  @Field(() => Int, { nullable: true, description: "The receiver's status; null when no response came" }) httpStatus!: number | null;
  @Field(() => String, { nullable: true, description: "Why the attempt failed; null when it succeeded" }) error!: string | null;
  @Field(() => Int, { description: "How long the attempt took, in milliseconds" }) durationMs!: number;
  @Field(() => Boolean, { description: "Sent by replayWebhookDelivery" }) replay!: boolean;
}

@ObjectType("WebhookDelivery", { description: "One POST of up to 100 events, with every attempt to send it" })
export class WebhookDeliveryType {
  @Field(() => ID, { description: "Also the body's deliveryId and the PIM-Delivery-Id header" }) id!: string;
  @Field(() => ID, { description: "The subscription's id" }) subscription!: string;
  @Field(() => WebhookDeliveryStatusEnum, { description: "Where the delivery stands" }) status!: DeliveryStatus;
  @Field(() => [String], { description: "The ids of the events it carries" }) eventIds!: string[];
  @Field(() => Float, { description: "The change-event sequence of its first event" }) firstSequence!: number;
  @Field(() => Float, { description: "The change-event sequence of its last event" }) lastSequence!: number;
  @Field(() => [WebhookDeliveryAttemptType], { description: "Every attempt, oldest first" }) attempts!: WebhookDeliveryAttemptType[];
  @Field(() => DateTimeResolver, { nullable: true, description: "While pending: when the next attempt is due" }) nextAttemptAt!: Date | null;
  @Field(() => String, { description: "The exact JSON body sent" }) body!: string;
  @Field(() => DateTimeResolver, { description: "When it was first attempted" }) createdAt!: Date;
  @Field(() => DateTimeResolver, { description: "When its status or attempts last changed" }) updatedAt!: Date;
}

@InputType({ description: "A new webhook subscription; docs/webhooks.md lists the event types" })
export class CreateWebhookSubscriptionInput {
  @Field(() => String, { description: "http:// or https:// URL without user, password or #fragment, at most 2,000 characters; redirects are not followed" })
  url!: string;
  @Field(() => [String], { description: "Exact types (product.changed) or prefixes (offer.*); 1 to 50, each at most 100 characters" }) eventTypes!: string[];
  @Field(() => [String], {
    nullable: true,
    description: "Only events that may change these existing channels (events for every channel always match); at most 200. Empty or omitted: every channel",
  })
  channels?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: "Default true" }) active?: boolean | null;
}

@InputType({ description: "Omitted or null fields keep their value" })
export class UpdateWebhookSubscriptionInput {
  @Field(() => String, { nullable: true, description: "A new receiver URL, with the same rules as on creation" }) url?: string | null;
  @Field(() => [String], { nullable: true, description: "New event types or prefixes, replacing the old list" }) eventTypes?: string[] | null;
  @Field(() => [String], { nullable: true, description: "[] for every channel" }) channels?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: "false pauses the subscription; true resumes it from its cursor" }) active?: boolean | null;
}
